/**
 * The optimiser's closed-form-and-quadrature model of a passive ±w % v3 position held over a horizon, with an
 * optional delta hedge on a perp re-balanced when the hedge is more than `band` base units off. Pure.
 *
 * Price: driftless GBM from P0 with total log variance s² over the horizon (the forecast), so at time fraction u
 * the log price is N(−s²u/2, s²u). With Gauss–Legendre nodes in time and Gauss–Hermite nodes in the normal:
 * - fees = L_raw · feePerRawLMinute · minutes · E[in-range time fraction] (the pool's trailing fee income per unit
 *   of in-range liquidity);
 * - LVR = ∫ E[σ² L √P_t / 4 · 1{A ≤ P_t < B}] dt (Milionis et al. 2022), which also equals V0 − E[V(P_T)] for a
 *   martingale price (tested);
 * - variance of the unhedged PnL = Var[V(P_T)]; with a hedge, the residual delta is taken uniform in [−b, b]:
 *   b²/3 · P0² · s², and the hedge costs (ΓPσ)²/b² trades per unit time in range, each b·P·costRate, plus the
 *   initial and final trade of |Δ0|·P0·costRate each;
 * - costs = mint + burn gas + the pool fee on the half of the deposit swapped into base.
 * The range-exit probability before the horizon (continuous monitoring) is reported from `rangeExitProbability`.
 */

import { requireNumber, requireObject } from "../errors/guards.js";
import { rangeExitProbability } from "../math/stats/rangeExitProbability.js";
import { v3AmountBase } from "../math/v3/float/v3AmountBase.js";
import { v3LiquidityForDeposit } from "../math/v3/float/v3LiquidityForDeposit.js";
import { v3Value } from "../math/v3/float/v3Value.js";

/** Inputs shared by every candidate of one decision. */
export type RangeModelMarket = {
  /** Price at the decision, quote per base. */
  price: number;
  /** Forecast variance of the log price over the horizon (s²). */
  horizonVariance: number;
  horizonDays: number;
  /** Pool fee income per unit of raw in-range liquidity per minute, quote (trailing mean). */
  feePerRawLMinute: number;
  /** Raw liquidity units per human unit of √(base·quote): 10^((decimals0 + decimals1)/2). */
  rawPerHumanL: number;
  /** Pool fee tier (fraction), paid on the initial swap. */
  poolFee: number;
  deposit: number;
  /** Gas per mint and per burn, quote. */
  gasQuote: number;
  /** Cost of a hedge trade per unit notional (taker fee + half-spread). */
  hedgeCostRate: number;
};

/** One candidate: a symmetric ±widthPct range, unhedged (band null) or hedged at `band` base units. */
export type RangeCandidate = { widthPct: number; band: number | null };

/** The model's figures for one candidate (quote units over the horizon). */
export type RangeEstimate = RangeCandidate & {
  lower: number;
  upper: number;
  /** Human liquidity of the position. */
  liquidity: number;
  fees: number;
  lvr: number;
  costs: number;
  /** Variance of the PnL over the horizon. */
  variance: number;
  /** fees − lvr − costs − λ·variance. */
  objective: number;
  /** E[fraction of the horizon in range]. */
  inRange: number;
  /** P(the price leaves [lower, upper] before the horizon). */
  exitProbability: number;
  /** Expected hedge trades (0 unhedged). */
  hedgeTrades: number;
};

// Gauss–Legendre on [0, 1] (8 nodes) and probabilists' Gauss–Hermite (weights normalised to 1).
const GL_X: number[] = [];
const GL_W: number[] = [];
{
  const x = [
    -0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498,
    0.525532409916329, 0.7966664774136267, 0.9602898564975363,
  ];
  const w = [
    0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362,
    0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
  ];
  for (let i = 0; i < 8; i++) {
    GL_X.push((x[i] + 1) / 2);
    GL_W.push(w[i] / 2);
  }
}

/** Normal nodes: a fine trapezoid on [−8, 8] weighted by the density (exact enough for indicator integrands). */
const Z_N = 801;
const Z: Float64Array = new Float64Array(Z_N);
const ZW: Float64Array = new Float64Array(Z_N);
{
  let sum = 0;
  for (let i = 0; i < Z_N; i++) {
    const z = -8 + (16 * i) / (Z_N - 1);
    Z[i] = z;
    ZW[i] = Math.exp(-0.5 * z * z);
    sum += ZW[i];
  }
  for (let i = 0; i < Z_N; i++) ZW[i] /= sum;
}

/**
 * Returns the model estimate of one candidate.
 * @param riskAversion λ of the objective (per quote²).
 */
export function estimateRange(m: RangeModelMarket, c: RangeCandidate, riskAversion: number): RangeEstimate {
  requireObject(m, "market");
  requireObject(c, "candidate");
  requireNumber(riskAversion, "riskAversion");
  const P0 = m.price;
  const lower = P0 * (1 - c.widthPct / 100);
  const upper = P0 * (1 + c.widthPct / 100);
  const sa = Math.sqrt(lower);
  const sb = Math.sqrt(upper);
  const L = v3LiquidityForDeposit({ deposit: m.deposit, entryPrice: P0, lower, upper });
  const s2 = m.horizonVariance;
  const years = m.horizonDays / 365;
  const sigma2Year = s2 / years; // annualised variance rate
  // Time integrals: in-range fraction, LVR, and E[(ΓP)² 1{in}] for the hedge.
  let inRange = 0;
  let lvrInt = 0;
  let gammaInt = 0;
  for (let k = 0; k < GL_X.length; k++) {
    const u = GL_X[k];
    const sd = Math.sqrt(s2 * u);
    let pin = 0;
    let sq = 0;
    let g2 = 0;
    for (let i = 0; i < Z_N; i++) {
      const p = P0 * Math.exp(-0.5 * s2 * u + sd * Z[i]);
      if (p >= lower && p < upper) {
        pin += ZW[i];
        const sp = Math.sqrt(p);
        sq += ZW[i] * sp;
        // Γ·P = −L / (2√P): the delta's sensitivity to a relative move
        g2 += (ZW[i] * (L * L)) / (4 * p);
      }
    }
    inRange += GL_W[k] * pin;
    lvrInt += GL_W[k] * sq;
    gammaInt += GL_W[k] * g2;
  }
  const lvr = ((sigma2Year * L) / 4) * lvrInt * years;
  const minutes = m.horizonDays * 1440;
  const fees = L * m.rawPerHumanL * m.feePerRawLMinute * minutes * inRange;
  // Terminal value distribution: variance of V(P_T).
  const sT = Math.sqrt(s2);
  let ev = 0;
  let ev2 = 0;
  for (let i = 0; i < Z_N; i++) {
    const p = P0 * Math.exp(-0.5 * s2 + sT * Z[i]);
    const v = v3Value(L, Math.sqrt(p), sa, sb);
    ev += ZW[i] * v;
    ev2 += ZW[i] * v * v;
  }
  const varUnhedged = Math.max(0, ev2 - ev * ev);
  let variance = varUnhedged;
  let hedgeCosts = 0;
  let hedgeTrades = 0;
  if (c.band !== null) {
    const b = Math.max(c.band, 1e-9);
    const delta0 = v3AmountBase(L, Math.sqrt(P0), sa, sb);
    // quadratic variation of the LP delta per year: σ² · E[(ΓP)²·1{in}]
    hedgeTrades = (sigma2Year * gammaInt * years) / (b * b);
    hedgeCosts = hedgeTrades * b * P0 * m.hedgeCostRate + 2 * Math.abs(delta0) * P0 * m.hedgeCostRate;
    variance = ((b * b) / 3) * P0 * P0 * s2;
  }
  const costs = 2 * m.gasQuote + m.poolFee * m.deposit * 0.5 + hedgeCosts;
  const exitProbability =
    s2 > 0
      ? rangeExitProbability({
          price: P0,
          lower,
          upper,
          volatility: Math.sqrt(sigma2Year),
          horizonYears: years,
        })
      : 0;
  return {
    ...c,
    lower,
    upper,
    liquidity: L,
    fees,
    lvr,
    costs,
    variance,
    objective: fees - lvr - costs - riskAversion * variance,
    inRange,
    exitProbability,
    hedgeTrades,
  };
}
