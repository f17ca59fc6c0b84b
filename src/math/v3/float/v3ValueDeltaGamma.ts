import { InvalidInputError } from "../../../errors/math.js";

/**
 * Writes value, delta and gamma of a concentrated-liquidity position on [A, B] for every price in `prices`
 * into the caller's preallocated `outValue`, `outDelta`, `outGamma`. No allocation; one sqrt and at most one
 * division per price (√A, √B, 1/√A, 1/√B are computed once).
 *
 * Formulas (A ≤ P < B): value = L(2√P − √A − P/√B), delta = L(1/√P − 1/√B), gamma = −L/(2P^{3/2});
 * below A: value = L(1/√A − 1/√B)·P, delta = L(1/√A − 1/√B), gamma = 0; at or above B: value = L(√B − √A),
 * delta = gamma = 0. Units: prices in quote per base, value in quote, delta in base.
 *
 * @example
 * import { v3ValueDeltaGamma } from "./v3ValueDeltaGamma.js";
 * const prices = Float64Array.of(4), v = new Float64Array(1), d = new Float64Array(1), g = new Float64Array(1);
 * v3ValueDeltaGamma(100, 1, 4, prices, v, d, g); // v = [200], d = [25], g = [-6.25]
 * @see https://uniswap.org/whitepaper-v3.pdf
 * @throws {InvalidInputError} when `liquidity` is not finite and ≥ 0, the range is not 0 < √A < √B finite,
 *   an output is shorter than `prices`, or a price is not a finite number > 0 (field `prices[i]`).
 */
export function v3ValueDeltaGamma(
  liquidity: number,
  sqrtLower: number,
  sqrtUpper: number,
  prices: Float64Array,
  outValue: Float64Array,
  outDelta: Float64Array,
  outGamma: Float64Array,
): void {
  if (!(liquidity >= 0 && liquidity < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({ field: "liquidity", value: liquidity, expected: "a finite number >= 0" });
  if (!(sqrtLower > 0 && sqrtLower < sqrtUpper && sqrtUpper < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({
      field: "sqrtLower",
      value: sqrtLower,
      expected: `a finite number in (0, sqrtUpper ${sqrtUpper})`,
    });
  const n = prices.length;
  checkLength("outValue", outValue, n);
  checkLength("outDelta", outDelta, n);
  checkLength("outGamma", outGamma, n);
  const invSqrtUpper = 1 / sqrtUpper;
  const deltaBelow = liquidity * (1 / sqrtLower - invSqrtUpper);
  const valueAbove = liquidity * (sqrtUpper - sqrtLower);
  const lInvB = liquidity * invSqrtUpper;
  const halfL = -0.5 * liquidity;
  for (let i = 0; i < n; i++) {
    const p = prices[i];
    if (!(p > 0 && p < Number.POSITIVE_INFINITY))
      throw new InvalidInputError({ field: `prices[${i}]`, value: p, expected: "a finite number > 0" });
    const s = Math.sqrt(p);
    if (s < sqrtLower) {
      outValue[i] = deltaBelow * p;
      outDelta[i] = deltaBelow;
      outGamma[i] = 0;
    } else if (s >= sqrtUpper) {
      outValue[i] = valueAbove;
      outDelta[i] = 0;
      outGamma[i] = 0;
    } else {
      // delta = L(√B − √P)/(√P√B) and value = delta·P + L(√P − √A): differences of square roots only, so
      // no cancellation in narrow ranges.
      const inv = 1 / s;
      const delta = lInvB * (sqrtUpper - s) * inv;
      outValue[i] = delta * p + liquidity * (s - sqrtLower);
      outDelta[i] = delta;
      outGamma[i] = halfL * inv * inv * inv;
    }
  }
}

function checkLength(field: string, out: Float64Array, n: number): void {
  if (out.length < n)
    throw new InvalidInputError({ field: `${field}.length`, value: out.length, expected: `>= ${n}` });
}
