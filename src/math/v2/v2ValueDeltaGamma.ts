import { requireFloat64Array } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";

/**
 * Writes value, delta and gamma of a constant-product position for every price in `prices` into the
 * caller's preallocated `outValue`, `outDelta`, `outGamma` (no allocation; one sqrt and one division per price).
 *
 * Formulas: value = 2L√P, delta = L/√P, gamma = −L/(2P^{3/2}) = −delta/(2P). Units: prices in quote per base,
 * value in quote, delta in base, gamma in base per (quote per base).
 *
 * @example
 * import { v2ValueDeltaGamma } from "./v2ValueDeltaGamma.js";
 * const prices = Float64Array.of(4), v = new Float64Array(1), d = new Float64Array(1), g = new Float64Array(1);
 * v2ValueDeltaGamma(100, prices, v, d, g); // v = [400], d = [50], g = [-6.25]
 * @see https://arxiv.org/abs/2208.06046
 * @throws {InvalidInputError} when `liquidity` is not finite and ≥ 0, an output is shorter than `prices`,
 *   or a price is not a finite number > 0 (field `prices[i]`).
 */
export function v2ValueDeltaGamma(
  liquidity: number,
  prices: Float64Array,
  outValue: Float64Array,
  outDelta: Float64Array,
  outGamma: Float64Array,
): void {
  requireFloat64Array(prices, "prices");
  requireFloat64Array(outValue, "outValue");
  requireFloat64Array(outDelta, "outDelta");
  requireFloat64Array(outGamma, "outGamma");
  if (!(liquidity >= 0 && liquidity < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({ field: "liquidity", value: liquidity, expected: "a finite number >= 0" });
  const n = prices.length;
  checkLength("outValue", outValue, n);
  checkLength("outDelta", outDelta, n);
  checkLength("outGamma", outGamma, n);
  const twoL = 2 * liquidity;
  for (let i = 0; i < n; i++) {
    const p = prices[i];
    if (!(p > 0 && p < Number.POSITIVE_INFINITY))
      throw new InvalidInputError({ field: `prices[${i}]`, value: p, expected: "a finite number > 0" });
    const s = Math.sqrt(p);
    const inv = 1 / s;
    const delta = liquidity * inv;
    outValue[i] = twoL * s;
    outDelta[i] = delta;
    outGamma[i] = -0.5 * delta * inv * inv;
  }
}

function checkLength(field: string, out: Float64Array, n: number): void {
  if (out.length < n)
    throw new InvalidInputError({ field: `${field}.length`, value: out.length, expected: `>= ${n}` });
}
