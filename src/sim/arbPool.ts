import { requireFloat64Array, requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { Rng } from "./rng.js";
import { checkNumber, checkPositive } from "./validate.js";

/**
 * Result columns written by `runArbPool`, in order (all in quote units unless stated):
 * - `lpValue`: final position value, amounts at the pool price valued at the final reference price;
 * - `hodlValue`: value of the entry amounts at the final reference price;
 * - `fees`: all fees earned (`arbFees` + `noiseFees`), each valued at the reference price when earned;
 * - `arbFees`: fees paid by arbitrageurs (on the trade input);
 * - `noiseFees`: fees from noise-trader volume;
 * - `lvr`: realised loss versus rebalancing, Σ over arbitrage trades of −(Δbase·P + Δquote) at reference price P,
 *   before fees (≥ 0 per trade);
 * - `arbProfit`: arbitrageurs' profit net of fees, `lvr − arbFees`;
 * - `valueTime`: Σ V_{t−1}·Δt, the time integral of the position value (quote·years), so `lvr / valueTime` is the
 *   realised LVR rate per year as a fraction of value;
 * - `inRangeFraction`: share of steps after which the pool price is strictly inside (A, B);
 * - `finalBase`, `finalQuote`: final amounts (base units, quote units).
 */
export const ARB_POOL_COLUMNS = [
  "lpValue",
  "hodlValue",
  "fees",
  "arbFees",
  "noiseFees",
  "lvr",
  "arbProfit",
  "valueTime",
  "inRangeFraction",
  "finalBase",
  "finalQuote",
] as const;

export type ArbPoolParameters = {
  /** Liquidity L of the position (√(base·quote) human units). */
  liquidity: number;
  /** Lower end A of the range (quote per base); 0 (default) with `upper` = Infinity is a full-range (v2) position. */
  lower?: number;
  /** Upper end B of the range; default Infinity. */
  upper?: number;
  /** Pool fee γ in [0, 1), e.g. 0.003. */
  feeRate: number;
  /** Step length in years (for `valueTime` and noise volume). */
  dtYears: number;
  /**
   * Optional noise-trader volume, which pays fees but does not move the price. Volume per step =
   * turnoverPerYear · value · Δt · exp(σ_v Z − σ_v²/2) (deterministic when volumeSigma = 0), counted only while the
   * pool price is inside the range; `turnoverPerYear` is the pool's volume per year times this position's share of
   * the active liquidity, per unit of position value. Fees = γ · volume.
   */
  noise?: { turnoverPerYear: number; volumeSigma?: number };
};

/** Validated constants of `ArbPoolParameters` for the hot loop (from `prepareArbPool`). */
export type PreparedArbPool = {
  L: number;
  sa: number;
  sb: number;
  invSb: number;
  lower: number;
  upper: number;
  sg: number;
  feeFactor: number;
  feeRate: number;
  dt: number;
  turnover: number;
  volSigma: number;
};

/**
 * Returns the validated loop constants for `runPreparedArbPool`: √A, √B, 1/√B, √(1−γ), γ/(1−γ), noise factors.
 * Validate once, then run many paths without re-checking.
 *
 * @throws {InvalidInputError} naming the bad field (liquidity, lower, upper, feeRate, dtYears, noise.*).
 */
export function prepareArbPool(p: ArbPoolParameters): PreparedArbPool {
  requireObject(p, "options");
  const L = checkPositive("liquidity", p.liquidity);
  const lower = checkNumber("lower", p.lower ?? 0, 0);
  const upper = p.upper ?? Infinity;
  if (!(typeof upper === "number" && upper > lower))
    throw new InvalidInputError({ field: "upper", value: upper, expected: `a number > lower (${lower})` });
  const feeRate = checkNumber("feeRate", p.feeRate, 0, 0.999999);
  const dt = checkPositive("dtYears", p.dtYears);
  const turnover = p.noise ? checkNumber("noise.turnoverPerYear", p.noise.turnoverPerYear, 0) : 0;
  const volSigma = p.noise ? checkNumber("noise.volumeSigma", p.noise.volumeSigma ?? 0, 0) : 0;
  const sb = Math.sqrt(upper);
  return {
    L,
    sa: Math.sqrt(lower),
    sb,
    invSb: 1 / sb,
    lower,
    upper,
    sg: Math.sqrt(1 - feeRate),
    feeFactor: feeRate / (1 - feeRate),
    feeRate,
    dt,
    turnover,
    volSigma,
  };
}

/**
 * Runs a constant-product (v2) or concentrated (v3) position through a reference price path with arbitrage:
 * whenever the reference price P leaves the no-arbitrage band [p(1−γ), p/(1−γ)] around the pool price p, an
 * arbitrageur trades the pool to the band's edge (p → P(1−γ) when P rises above it, p → P/(1−γ) when it falls
 * below), paying the fee γ on the trade input (fee = γ/(1−γ) × net input). Amounts follow the v3 formulas at the
 * clamped pool price c = clamp(√p, √A, √B): base = L(1/c − 1/√B), quote = L(c − √A). Writes the
 * `ARB_POOL_COLUMNS` into `out[offset..]` and, if `baseOut` is given, the position's base amount after each
 * step t into `baseOut[t]` (baseOut[0] = entry amount). No allocation per step.
 *
 * `rng` is needed only for lognormal noise volume (volumeSigma > 0).
 *
 * @see https://arxiv.org/abs/2208.06046 (Milionis, Moallemi, Roughgarden, Zhang 2022, LVR)
 * @see https://arxiv.org/abs/2305.14604 (Milionis, Moallemi, Roughgarden 2023, Arbitrage profits in the presence of fees)
 */
export function runArbPool(
  prices: Float64Array,
  params: ArbPoolParameters,
  out: Float64Array,
  offset = 0,
  rng?: Rng,
  baseOut?: Float64Array,
): void {
  requireFloat64Array(prices, "prices");
  requireObject(params, "options");
  requireFloat64Array(out, "out");
  const c = prepareArbPool(params);
  const n = prices.length;
  if (n < 1) throw new InvalidInputError({ field: "prices.length", value: n, expected: ">= 1" });
  if (out.length < offset + ARB_POOL_COLUMNS.length)
    throw new InvalidInputError({
      field: "out.length",
      value: out.length,
      expected: `>= ${offset + ARB_POOL_COLUMNS.length}`,
    });
  if (baseOut !== undefined && baseOut.length < n)
    throw new InvalidInputError({ field: "baseOut.length", value: baseOut.length, expected: `>= ${n}` });
  if (c.volSigma > 0 && rng === undefined)
    throw new InvalidInputError({
      field: "rng",
      value: undefined,
      expected: "an Rng when noise.volumeSigma > 0",
    });
  runPreparedArbPool(prices, c, out, offset, rng, baseOut);
}

/**
 * Returns nothing; runs `runArbPool` with constants from `prepareArbPool` (same columns, same formulas), checking
 * only the start price. Buffers are trusted to be long enough (the hot path of the Monte Carlo kernels).
 *
 * @see https://arxiv.org/abs/2208.06046
 */
export function runPreparedArbPool(
  prices: Float64Array,
  c: PreparedArbPool,
  out: Float64Array,
  offset: number,
  rng: Rng | undefined,
  baseOut: Float64Array | undefined,
): void {
  requireFloat64Array(prices, "prices");
  requireObject(c, "prepared");
  requireFloat64Array(out, "out");
  const { L, sa, sb, invSb, sg, feeFactor, feeRate, dt, turnover, volSigma } = c;
  const n = prices.length;
  const P0 = prices[0];
  if (!(P0 > 0 && Number.isFinite(P0)))
    throw new InvalidInputError({ field: "prices[0]", value: P0, expected: "a finite number > 0" });
  let sp = Math.sqrt(P0); // pool sqrt price (unclamped)
  const cl = Math.min(Math.max(sp, sa), sb);
  let base = L * (1 / cl - invSb);
  let quote = L * (cl - sa);
  const base0 = base;
  const quote0 = quote;
  if (baseOut !== undefined) baseOut[0] = base;
  const noiseK = feeRate * turnover * dt;
  const noiseDrift = -0.5 * volSigma * volSigma;
  let arbFees = 0;
  let noiseFees = 0;
  let lvr = 0;
  let valueTime = 0;
  let inRange = 0;
  let pPrev = P0;
  for (let t = 1; t < n; t++) {
    const P = prices[t];
    valueTime += (base * pPrev + quote) * dt;
    const sP = Math.sqrt(P);
    // √p ← clamp(√p, √P·√(1−γ), √P/√(1−γ)), branch-free; no trade gives Δbase = Δquote = 0 exactly
    sp = Math.min(Math.max(sp, sP * sg), sP / sg);
    const c1 = Math.min(Math.max(sp, sa), sb);
    const nb = L * (1 / c1 - invSb);
    const nq = L * (c1 - sa);
    const dBase = nb - base;
    const dQuote = nq - quote;
    lvr -= dBase * P + dQuote;
    // the fee is paid on the input: quote when the pool price rises, base (valued at P) when it falls
    arbFees += (Math.max(dQuote, 0) + Math.max(dBase, 0) * P) * feeFactor;
    base = nb;
    quote = nq;
    if (sp > sa && sp < sb) {
      inRange++;
      if (noiseK > 0) {
        const v = base * P + quote;
        noiseFees +=
          volSigma > 0 ? noiseK * v * Math.exp(noiseDrift + volSigma * rng!.nextNormal()) : noiseK * v;
      }
    }
    if (baseOut !== undefined) baseOut[t] = base;
    pPrev = P;
  }
  const PT = prices[n - 1];
  out[offset] = base * PT + quote;
  out[offset + 1] = base0 * PT + quote0;
  out[offset + 2] = arbFees + noiseFees;
  out[offset + 3] = arbFees;
  out[offset + 4] = noiseFees;
  out[offset + 5] = lvr;
  out[offset + 6] = lvr - arbFees;
  out[offset + 7] = valueTime;
  out[offset + 8] = n > 1 ? inRange / (n - 1) : sp > sa && sp < sb ? 1 : 0;
  out[offset + 9] = base;
  out[offset + 10] = quote;
}
