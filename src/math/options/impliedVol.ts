import { requireObject } from "../../errors/guards.js";
import { assertFinite, assertPositive, type InvalidInputError, NoSolutionError } from "../../errors/math.js";
import { assertFiniteOutput, assertNonNegative } from "./_assert.js";
import { type OptionKind, optionSign } from "./optionKind.js";
import { standardNormalCdf } from "./standardNormalCdf.js";

export type ImpliedVolParameters = {
  /** Option premium paid today (discounted), quote units per option on one unit of base, ≥ 0. */
  price: number;
  /** Forward price for the expiry, quote per base, > 0. */
  forward: number;
  /** Strike, > 0. */
  strike: number;
  /** Time to expiry in years, > 0. */
  timeToExpiry: number;
  /** Continuously compounded discount rate per year; default 0. */
  rate?: number;
  kind: OptionKind;
};

export type ImpliedVolErrorType = InvalidInputError | NoSolutionError;

const INV_SQRT_2PI = 0.3989422804014327;
/** σ√T above this is treated as "no solution": the normalised price equals its bound in double precision. */
const MAX_STD_DEV = 100;
const MAX_ITERATIONS = 200;
/** Relative step (2⁻⁵⁰) at which the iteration stops. */
const TOLERANCE = 8.881784197001252e-16;

/**
 * Returns the Black-76 implied volatility (decimal, per √year) of a European option premium.
 *
 * Method. The premium is undiscounted (p = price·e^{rT}) and converted to the OUT-of-the-money option of the same
 * strike by put–call parity (p_otm = p − max(ω(F − K), 0)), then normalised: β = p_otm/√(FK), x = −|ln(F/K)|, so
 * that β = b(x, s) = e^{x/2}Φ(x/s + s/2) − e^{−x/2}Φ(x/s − s/2) with s = σ√T, an increasing function of s from 0 to
 * e^{x/2}. b′(s) = exp(−x²/(2s²) − s²/8)/√(2π) and b″/b′ = x²/s³ − s/4. The root is found by Halley steps inside a
 * bracket [lo, hi] that every evaluation shrinks (b is monotone); a step that leaves the bracket, or any non-finite
 * step, is replaced by bisection (geometric while hi/lo > 4). The objective is b(s) − β above the inflection point
 * s_c = √(2|x|) (b is concave there, so Newton from s_c converges monotonically, Manaster and Koehler 1982) and
 * ln b(s) − ln β below it, where b is exponentially small and the plain objective converges slowly (the choice of
 * objective by region follows Jäckel 2015). Starting point: s_c, or √(2π)·β at the money.
 * Iteration stops when a step changes s by less than 2⁻⁵⁰·s or the bracket is that narrow.
 *
 * Accuracy: for quotes whose vega is not negligible, σ is recovered to ~1e-12 relative; deep in the money the
 * parity conversion loses digits (the time value is a small difference of large numbers) and the answer is as good
 * as the premium's time value allows. A premium exactly at intrinsic value returns 0.
 *
 * Throws NoSolutionError when the premium is below the intrinsic value e^{−rT}·max(ω(F − K), 0) or at/above the
 * no-arbitrage upper bound (e^{−rT}·F for a call, e^{−rT}·K for a put); never returns NaN.
 *
 * @example
 * import { black76 } from "./black76.js";
 * import { impliedVol } from "./impliedVol.js";
 * const { price } = black76({ forward: 2766, strike: 3000, timeToExpiry: 0.0929, vol: 0.75, kind: "call" });
 * impliedVol({ price, forward: 2766, strike: 3000, timeToExpiry: 0.0929, kind: "call" }); // 0.75 (to ~1e-15)
 * @see Jäckel, P. (2015) "Let's be rational", Wilmott 2015(75), 40–53 (normalised Black function, objective choice)
 * @see Manaster, S. and Koehler, G. (1982) "The calculation of implied variances from the Black–Scholes model", J. Finance 37, 227–230
 */
export function impliedVol(params: ImpliedVolParameters): number {
  requireObject(params, "options");
  const { price, forward, strike, timeToExpiry, rate = 0, kind } = params;
  assertNonNegative("price", price);
  assertPositive("forward", forward);
  assertPositive("strike", strike);
  assertPositive("timeToExpiry", timeToExpiry);
  assertFinite("rate", rate);
  const w = optionSign(kind);
  const undiscounted = price * Math.exp(rate * timeToExpiry);
  const intrinsic = Math.max(w * (forward - strike), 0);
  const upper = w === 1 ? forward : strike;
  if (undiscounted < intrinsic)
    throw new NoSolutionError({
      operation: "impliedVol",
      reason: `price ${price} is below the intrinsic value ${intrinsic * Math.exp(-rate * timeToExpiry)} (${kind}, forward ${forward}, strike ${strike})`,
    });
  if (!(undiscounted < upper))
    throw new NoSolutionError({
      operation: "impliedVol",
      reason: `price ${price} is at or above the upper bound ${upper * Math.exp(-rate * timeToExpiry)} (${kind}, forward ${forward}, strike ${strike})`,
    });
  const otm = undiscounted - intrinsic;
  if (otm === 0) return 0;
  const x = -Math.abs(Math.log(forward / strike));
  const beta = otm / Math.sqrt(forward * strike);
  const s = solveNormalised(x, beta, price, kind);
  const vol = s / Math.sqrt(timeToExpiry);
  assertFiniteOutput("impliedVol", vol);
  return vol;
}

/** Normalised OTM call price b(x, s) for x ≤ 0. */
function normalisedCall(x: number, s: number): number {
  const h = x / s;
  const t = s / 2;
  const e = Math.exp(x / 2);
  const b = e * standardNormalCdf(h + t) - standardNormalCdf(h - t) / e;
  return b > 0 ? b : 0;
}

/** Solves b(x, s) = β for s > 0 (x ≤ 0, 0 < β < e^{x/2}). */
function solveNormalised(x: number, beta: number, price: number, kind: string): number {
  const x2 = x * x;
  const sc = Math.sqrt(-2 * x);
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  // Region: above the inflection point use b − β, below it ln b − ln β.
  let useLog: boolean;
  let s: number;
  if (x === 0) {
    s = Math.sqrt(2 * Math.PI) * beta;
    useLog = false;
  } else {
    const bc = normalisedCall(x, sc);
    useLog = beta < bc;
    if (useLog) hi = sc;
    else lo = sc;
    s = sc;
    if (beta === bc) return sc;
  }
  const logBeta = Math.log(beta);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const b = normalisedCall(x, s);
    // Update the bracket (b is increasing in s).
    if (b < beta) lo = s;
    else if (b > beta) hi = s;
    else return s;
    let next = Number.NaN;
    const db = INV_SQRT_2PI * Math.exp(-0.5 * (x2 / (s * s)) - (s * s) / 8);
    const curvature = x2 / (s * s * s) - s / 4; // b″/b′
    if (b > 0 && db > 0) {
      let h: number;
      let dh: number;
      let d2h: number;
      if (useLog) {
        h = Math.log(b) - logBeta;
        dh = db / b;
        d2h = dh * curvature - dh * dh;
      } else {
        h = b - beta;
        dh = db;
        d2h = db * curvature;
      }
      const newton = -h / dh;
      const denom = 1 + (newton * d2h) / (2 * dh);
      const step = denom > 0.5 ? newton / denom : newton;
      if (Math.abs(step) <= TOLERANCE * s) return s + step;
      next = s + step;
    }
    if (!(next > lo && next < hi)) {
      if (hi === Number.POSITIVE_INFINITY) next = Math.max(2 * s, 2 * lo);
      else if (lo === 0) next = hi / 8;
      else next = hi > 4 * lo ? Math.sqrt(lo * hi) : lo + (hi - lo) / 2;
    }
    if (next > MAX_STD_DEV)
      throw new NoSolutionError({
        operation: "impliedVol",
        reason: `price ${price} (${kind}) equals its upper bound within floating-point rounding`,
      });
    if (hi < Number.POSITIVE_INFINITY && hi - lo <= TOLERANCE * hi) return lo + (hi - lo) / 2;
    s = next;
  }
  return lo === 0 || hi === Number.POSITIVE_INFINITY ? s : lo + (hi - lo) / 2;
}
