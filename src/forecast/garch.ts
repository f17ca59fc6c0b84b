import { requireArrayLike, requireInteger, requireNumber, requireObject } from "../errors/guards.js";
import { assertFinite, InvalidInputError } from "../errors/math.js";
import { nelderMead } from "./nelderMead.js";
import type { VarianceForecaster } from "./types.js";

/** GARCH(1,1) parameters in per-period units: σ²_{t+1} = ω + α (r_t − μ)² + β σ²_t. */
export type Garch11Parameters = { omega: number; alpha: number; beta: number; mu: number };

export type FitGarch11Options = {
  /** Estimate the mean as the sample mean (default) or fix μ = 0. */
  demean?: boolean;
  /** Periods per year for `longRunVol` (default 365, daily crypto). */
  periodsPerYear?: number;
  /** Nelder–Mead evaluation budget per round (2 rounds; default 1500). */
  maxEvaluations?: number;
};

export type FitGarch11ReturnType = Garch11Parameters & {
  /** α + β (< 1). */
  persistence: number;
  /** Gaussian log-likelihood at the optimum, in the units of the input returns. */
  logLikelihood: number;
  /** ω / (1 − α − β), per period. */
  longRunVariance: number;
  /** √(longRunVariance · periodsPerYear), annualised. */
  longRunVol: number;
  /** σ²_{n+1}: the conditional variance forecast for the period after the last return. */
  nextVariance: number;
  /** Returns used. */
  count: number;
  evaluations: number;
  converged: boolean;
};
export type FitGarch11ErrorType = InvalidInputError;

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Returns the Gaussian quasi-maximum-likelihood fit of a GARCH(1,1) model to a return series.
 *
 * Model: ε_t = r_t − μ, σ²_{t+1} = ω + α ε_t² + β σ²_t, σ²_1 = sample variance (backcast),
 * log L = −½ Σ_t [ln 2π + ln σ²_t + ε_t²/σ²_t]. Returns are scaled to unit variance internally for conditioning.
 * Optimiser: Nelder–Mead on unconstrained u = (ln ω, logit(α+β), logit(α/(α+β))), which enforces ω > 0,
 * α ≥ 0, β ≥ 0, α + β < 1; started from variance targeting (α = 0.05, β = 0.90, ω = s²(1 − α − β)) and
 * restarted once from the first optimum.
 *
 * @example
 * import { fitGarch11 } from "lpguard/forecast";
 * const fit = fitGarch11(dailyReturns); // { omega, alpha, beta, persistence, logLikelihood, longRunVol, ... }
 * @see Bollerslev, T. (1986) "Generalized autoregressive conditional heteroskedasticity", J. Econometrics 31(3); Engle, R. and Mezrich, J. (1996) "GARCH for groups" (variance targeting)
 */
export function fitGarch11(
  returns: ArrayLike<number>,
  options: FitGarch11Options = {},
): FitGarch11ReturnType {
  requireArrayLike(returns, "returns");
  requireObject(options, "options");
  const { demean = true, periodsPerYear = 365, maxEvaluations = 1500 } = options;
  const n = returns.length;
  if (n < 30) throw new InvalidInputError({ field: "returns.length", value: n, expected: ">= 30 returns" });
  let mu = 0;
  if (demean) {
    for (let i = 0; i < n; i++) mu += returns[i];
    mu /= n;
  }
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    if (!Number.isFinite(r))
      throw new InvalidInputError({ field: `returns[${i}]`, value: r, expected: "a finite return" });
    ss += (r - mu) * (r - mu);
  }
  const sampleVar = ss / n;
  if (!(sampleVar > 0))
    throw new InvalidInputError({ field: "returns", value: "constant", expected: "non-constant returns" });
  const sd = Math.sqrt(sampleVar);
  const z2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = (returns[i] - mu) / sd;
    z2[i] = z * z;
  }
  const decode = (u: ArrayLike<number>) => {
    const omega = Math.exp(u[0]);
    const p = logistic(u[1]);
    const alpha = p * logistic(u[2]);
    return { omega, alpha, beta: p - alpha };
  };
  // negative log-likelihood of scaled returns, without the constant
  const nll = (u: Float64Array) => {
    const { omega, alpha, beta } = decode(u);
    let v = 1;
    let s = 0;
    for (let t = 0; t < n; t++) {
      s += Math.log(v) + z2[t] / v;
      v = omega + alpha * z2[t] + beta * v;
    }
    return 0.5 * s;
  };
  const a0 = 0.05;
  const b0 = 0.9;
  const start = new Float64Array([
    Math.log(1 - a0 - b0),
    Math.log((a0 + b0) / (1 - a0 - b0)),
    Math.log(a0 / b0),
  ]);
  let res = nelderMead(nll, start, { step: 0.5, maxEvaluations, tolerance: 1e-12 });
  const res2 = nelderMead(nll, res.x, { step: 0.2, maxEvaluations, tolerance: 1e-12 });
  const evaluations = res.evaluations + res2.evaluations;
  if (res2.value <= res.value) res = res2;
  const { omega: omegaS, alpha, beta } = decode(res.x);
  const omega = omegaS * sampleVar;
  let v = sampleVar;
  for (let t = 0; t < n; t++) v = omega + alpha * z2[t] * sampleVar + beta * v;
  const persistence = alpha + beta;
  const longRunVariance = omega / (1 - persistence);
  const logLikelihood = -res.value - 0.5 * n * Math.log(2 * Math.PI) - n * Math.log(sd);
  assertFinite("logLikelihood", logLikelihood);
  assertFinite("nextVariance", v);
  return {
    omega,
    alpha,
    beta,
    mu,
    persistence,
    logLikelihood,
    longRunVariance,
    longRunVol: Math.sqrt(longRunVariance * periodsPerYear),
    nextVariance: v,
    count: n,
    evaluations,
    converged: res.converged,
  };
}

/**
 * Returns the GARCH(1,1) forecast of the variance of the sum of the next h returns.
 *
 * Formula: E[σ²_{t+k}] = V_L + p^{k−1} (σ²_{t+1} − V_L), p = α + β, V_L = ω/(1 − p); summed over k = 1..h:
 * h V_L + (σ²_{t+1} − V_L)(1 − p^h)/(1 − p).
 *
 * @see Bollerslev, T. (1986) J. Econometrics 31(3); Hull, J. Options, Futures and Other Derivatives, ch. "Estimating volatilities", eq. for E[σ²_{n+t}]
 */
export function garchForecastVariance(
  options: Pick<Garch11Parameters, "omega" | "alpha" | "beta">,
  nextVariance: number,
  h: number,
): number {
  const { omega, alpha, beta } = requireObject(options, "options");
  requireNumber(nextVariance, "nextVariance");
  requireInteger(h, "h");
  if (!(h >= 1)) throw new InvalidInputError({ field: "h", value: h, expected: ">= 1 period" });
  const p = alpha + beta;
  if (!(p < 1)) return h * nextVariance;
  const vl = omega / (1 - p);
  return h * vl + ((nextVariance - vl) * (1 - p ** h)) / (1 - p);
}

/**
 * Returns a streaming GARCH(1,1) forecaster with fixed parameters (e.g. from {@link fitGarch11}), starting from
 * `initialVariance` as σ²_{next} (default the long-run variance).
 */
export function createGarchForecaster(
  params: Garch11Parameters & { initialVariance?: number },
): VarianceForecaster & { readonly variance: number } {
  requireObject(params, "options");
  const { omega, alpha, beta, mu } = params;
  if (!(omega > 0 && alpha >= 0 && beta >= 0 && alpha + beta < 1))
    throw new InvalidInputError({
      field: "params",
      value: { omega, alpha, beta },
      expected: "omega > 0, alpha >= 0, beta >= 0, alpha + beta < 1",
    });
  let v = params.initialVariance ?? omega / (1 - alpha - beta);
  let n = 0;
  return {
    add(ret: number) {
      if (!Number.isFinite(ret))
        throw new InvalidInputError({ field: "ret", value: ret, expected: "a finite return" });
      const e = ret - mu;
      v = omega + alpha * e * e + beta * v;
      n++;
    },
    get isStable() {
      return true;
    },
    get count() {
      return n;
    },
    get variance() {
      return v;
    },
    forecastVariance(h: number) {
      return garchForecastVariance(params, v, h);
    },
  };
}
