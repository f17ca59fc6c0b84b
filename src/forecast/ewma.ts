import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { decayPerStep, parseDurationMs } from "./halfLife.js";
import type { VarianceForecaster } from "./types.js";

export type CreateEwmaForecasterParameters = {
  /**
   * Half-life of the weights in time ("3d", "12h", or ms), with `barMs` the time between returns: λ =
   * 2^(−barMs / halfLife), so bars of any length give the same weighting in time. Exclusive with lambdaPerBar.
   */
  halfLife?: string | number;
  /** Time between two returns, ms (required with halfLife). */
  barMs?: number;
  /** Decay λ in (0, 1) per return (per bar, whatever its length), default 0.94 (RiskMetrics daily). */
  lambdaPerBar?: number;
  /** The same as lambdaPerBar (kept for existing callers). */
  lambda?: number;
  /** Returns used to seed σ² with their mean square before the recursion starts (default 20); isStable after. */
  warmup?: number;
};

/**
 * Returns a streaming EWMA (RiskMetrics) variance forecaster.
 *
 * Formula: the first `warmup` returns seed σ² = mean(r²); after that σ² ← λ σ² + (1 − λ) r², with λ from `halfLife`
 * and `barMs` (2^(−barMs/halfLife): the same weighting in time for minute or hourly bars) or `lambdaPerBar`. The forecast of the
 * variance of the next h returns is h · σ² (EWMA is a random walk in variance: flat term structure).
 *
 * @example
 * import { createEwmaForecaster } from "lpguard/forecast";
 * const f = createEwmaForecaster({ lambdaPerBar: 0.94, warmup: 1 });
 * createEwmaForecaster({ halfLife: "3d", barMs: 3_600_000 }).lambda; // 2^(−1/72) ≈ 0.99042
 * f.add(0.01); f.add(0.02); f.forecastVariance(1); // 0.94·1e-4 + 0.06·4e-4 = 1.18e-4
 * @see J.P. Morgan/Reuters (1996) RiskMetrics — Technical Document, 4th ed., §5.2
 */
export function createEwmaForecaster(
  params: CreateEwmaForecasterParameters = {},
): VarianceForecaster & { readonly variance: number; readonly lambda: number } {
  requireObject(params, "options");
  const warmup = params.warmup ?? 20;
  const perBar = params.lambdaPerBar ?? params.lambda;
  let lambda = perBar ?? 0.94;
  if (params.halfLife !== undefined) {
    if (perBar !== undefined)
      throw new InvalidInputError({
        field: "lambdaPerBar",
        value: perBar,
        expected: "not given together with halfLife (one decay)",
      });
    const hl = parseDurationMs(params.halfLife, "halfLife");
    const barMs = params.barMs;
    if (!(typeof barMs === "number" && barMs > 0 && Number.isFinite(barMs)))
      throw new InvalidInputError({
        field: "barMs",
        value: barMs,
        expected: "the bar length in ms (> 0) with halfLife",
      });
    lambda = decayPerStep(hl, barMs);
  }
  if (!(lambda > 0 && lambda < 1))
    throw new InvalidInputError({ field: "lambda", value: lambda, expected: "a number in (0, 1)" });
  if (!(Number.isInteger(warmup) && warmup >= 1))
    throw new InvalidInputError({ field: "warmup", value: warmup, expected: "an integer >= 1" });
  let v = 0;
  let n = 0;
  let sumSq = 0;
  return {
    add(ret: number) {
      if (!Number.isFinite(ret))
        throw new InvalidInputError({ field: "ret", value: ret, expected: "a finite return" });
      n++;
      if (n <= warmup) {
        sumSq += ret * ret;
        v = sumSq / n;
      } else v = lambda * v + (1 - lambda) * ret * ret;
    },
    get isStable() {
      return n >= warmup;
    },
    get count() {
      return n;
    },
    get variance() {
      return v;
    },
    lambda,
    forecastVariance(h: number) {
      if (!(h >= 1)) throw new InvalidInputError({ field: "h", value: h, expected: ">= 1 period" });
      return h * v;
    },
  };
}
