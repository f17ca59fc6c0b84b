import { requireObject } from "../../errors/guards.js";
import { assertFinite, assertPositive, InvalidInputError } from "../../errors/math.js";
import { normalCdf } from "./normalCdf.js";

export type BarrierHitProbabilityParameters = {
  /** Current price P (quote per base), > 0. */
  price: number;
  /** Barrier price: above P for an up barrier, below for a down barrier (0 or +∞ are never hit). */
  barrier: number;
  /** Annualised GBM volatility σ (decimal fraction). */
  volatility: number;
  /** Annualised GBM drift μ of the price (default 0); the log price drifts at ν = μ − σ²/2. */
  drift?: number;
  /** Horizon T in years. */
  horizonYears: number;
};
export type BarrierHitProbabilityErrorType = InvalidInputError;

/**
 * Returns the probability that a GBM price touches a single barrier before the horizon (continuous monitoring).
 *
 * Formula (first passage of Brownian motion with drift, ν = μ − σ²/2, s = σ √T):
 * up barrier B > P, m = ln(B/P): p = Φ((−m + νT)/s) + e^{2νm/σ²} Φ((−m − νT)/s);
 * down barrier A < P, m = ln(P/A): p = Φ((−m − νT)/s) + e^{−2νm/σ²} Φ((−m + νT)/s).
 * A barrier at the price gives 1; a barrier at 0 or +∞ gives 0.
 *
 * @example
 * import { barrierHitProbability } from "./barrierHitProbability.js";
 * barrierHitProbability({ price: 100, barrier: 120, volatility: 0.8, horizonYears: 30 / 365 });
 * @see Borodin, A. and Salminen, P. (2002) Handbook of Brownian Motion, part II, 2.1.1.4; Shreve, S. (2004) Stochastic Calculus for Finance II, §7.2
 */
export function barrierHitProbability(options: BarrierHitProbabilityParameters): number {
  const { price, barrier, volatility, drift = 0, horizonYears } = requireObject(options, "options");
  assertPositive("price", price);
  assertPositive("volatility", volatility);
  assertPositive("horizonYears", horizonYears);
  assertFinite("drift", drift);
  if (!(barrier >= 0) || Number.isNaN(barrier))
    throw new InvalidInputError({ field: "barrier", value: barrier, expected: "a price >= 0 (or Infinity)" });
  if (barrier === 0 || barrier === Number.POSITIVE_INFINITY) return 0;
  if (barrier === price) return 1;
  const nu = drift - 0.5 * volatility * volatility;
  const s = volatility * Math.sqrt(horizonYears);
  const nt = nu * horizonYears;
  const up = barrier > price;
  const m = up ? Math.log(barrier / price) : Math.log(price / barrier);
  const sign = up ? 1 : -1; // drift toward the barrier is +nu for up, −nu for down
  const first = normalCdf((-m + sign * nt) / s);
  const phi2 = normalCdf((-m - sign * nt) / s);
  const second = phi2 > 0 ? Math.exp((2 * sign * nu * m) / (volatility * volatility) + Math.log(phi2)) : 0;
  const p = Math.min(1, Math.max(0, first + second));
  assertFinite("probability", p);
  return p;
}
