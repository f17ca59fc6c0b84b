import { requireArrayLike, requireObject } from "../errors/guards.js";
import { assertFinite, InvalidInputError } from "../errors/math.js";
import type { VarianceForecaster } from "./types.js";

/** Parameters of a two-state Gaussian HMM; state 1 is the turbulent (higher-variance) regime. */
export type GaussianHmm2Parameters = {
  /** Mean return per period in state 0 (calm) and 1 (turbulent). */
  means: [number, number];
  /** Variance per period in each state (variances[1] ≥ variances[0]). */
  variances: [number, number];
  /** transition[i][j] = P(s_{t+1} = j | s_t = i). */
  transition: [[number, number], [number, number]];
  /** P(s_0 = j). */
  initial: [number, number];
};

export type FitGaussianHmm2Options = { maxIterations?: number; tolerance?: number };

export type FitGaussianHmm2ReturnType = GaussianHmm2Parameters & {
  /** √variances, per period. */
  vols: [number, number];
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** Filtered P(s_t = 1 | r_1..r_t) for every t. */
  filtered: Float64Array;
  /** Most likely state path (Viterbi), 0 = calm, 1 = turbulent. */
  viterbi: Uint8Array;
  /** Filtered probabilities after the last return, [P(calm), P(turbulent)]. */
  current: [number, number];
};
export type FitGaussianHmm2ErrorType = InvalidInputError;

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Returns a two-state Gaussian hidden Markov model of returns fitted by Baum–Welch (EM), with filtered regime
 * probabilities and the Viterbi path. States are ordered so state 1 is turbulent (higher variance).
 *
 * Model: s_t Markov with matrix A, r_t | s_t = j ~ N(μ_j, σ²_j). E-step: forward–backward with per-step scaling
 * (α̂_t = α_t / c_t, log L = Σ ln c_t); M-step: π = γ_1, A_ij = Σ ξ_t(i,j) / Σ γ_t(i), μ_j and σ²_j the
 * γ-weighted mean and variance (floored at 1e-4 of the sample variance to avoid a collapsing state). Returns are
 * standardised internally. Start: means 0, variances ½ and 2 × the sample variance, A = [[.95, .05], [.05, .95]].
 * Stops when log L improves by less than `tolerance` (default 1e-8 relative) or after `maxIterations` (500).
 *
 * @example
 * import { fitGaussianHmm2 } from "lpguard/forecast";
 * const hmm = fitGaussianHmm2(dailyReturns); // hmm.current[1] = probability that today is turbulent
 * @see Rabiner, L. (1989) "A tutorial on hidden Markov models and selected applications in speech recognition", Proc. IEEE 77(2), §V.A (scaling); Hamilton, J. (1989) Econometrica 57(2)
 */
export function fitGaussianHmm2(
  returns: ArrayLike<number>,
  options: FitGaussianHmm2Options = {},
): FitGaussianHmm2ReturnType {
  requireArrayLike(returns, "returns");
  const { maxIterations = 500, tolerance = 1e-8 } = requireObject(options, "options");
  const n = returns.length;
  if (n < 20) throw new InvalidInputError({ field: "returns.length", value: n, expected: ">= 20 returns" });
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(returns[i]))
      throw new InvalidInputError({ field: `returns[${i}]`, value: returns[i], expected: "a finite return" });
    mean += returns[i];
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (returns[i] - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  if (!(sd > 0))
    throw new InvalidInputError({ field: "returns", value: "constant", expected: "non-constant returns" });
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = (returns[i] - mean) / sd;

  const mu = [0, 0];
  const v = [0.5, 2];
  const A = [0.95, 0.05, 0.05, 0.95];
  const pi = [0.5, 0.5];
  const floorVar = 1e-4;
  const al = new Float64Array(2 * n);
  const be = new Float64Array(2 * n);
  const b = new Float64Array(2 * n);
  const c = new Float64Array(n);
  let ll = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  let converged = false;
  const emissions = () => {
    for (let j = 0; j < 2; j++) {
      const k = 1 / Math.sqrt(2 * Math.PI * v[j]);
      for (let t = 0; t < n; t++) {
        const d = x[t] - mu[j];
        b[2 * t + j] = k * Math.exp((-0.5 * d * d) / v[j]) + 1e-300;
      }
    }
  };
  const forward = () => {
    let s = 0;
    let a0 = pi[0] * b[0];
    let a1 = pi[1] * b[1];
    let ct = a0 + a1;
    c[0] = ct;
    al[0] = a0 / ct;
    al[1] = a1 / ct;
    s += Math.log(ct);
    for (let t = 1; t < n; t++) {
      const p0 = al[2 * t - 2];
      const p1 = al[2 * t - 1];
      a0 = (p0 * A[0] + p1 * A[2]) * b[2 * t];
      a1 = (p0 * A[1] + p1 * A[3]) * b[2 * t + 1];
      ct = a0 + a1;
      c[t] = ct;
      al[2 * t] = a0 / ct;
      al[2 * t + 1] = a1 / ct;
      s += Math.log(ct);
    }
    return s;
  };
  for (let it = 0; it < maxIterations; it++) {
    emissions();
    const newLl = forward();
    iterations = it + 1;
    if (Math.abs(newLl - ll) <= tolerance * (1 + Math.abs(newLl))) {
      ll = newLl;
      converged = true;
      break;
    }
    ll = newLl;
    // backward
    be[2 * n - 2] = 1;
    be[2 * n - 1] = 1;
    for (let t = n - 2; t >= 0; t--) {
      const w0 = b[2 * t + 2] * be[2 * t + 2];
      const w1 = b[2 * t + 3] * be[2 * t + 3];
      be[2 * t] = (A[0] * w0 + A[1] * w1) / c[t + 1];
      be[2 * t + 1] = (A[2] * w0 + A[3] * w1) / c[t + 1];
    }
    // M-step
    let x00 = 0;
    let x01 = 0;
    let x10 = 0;
    let x11 = 0;
    const g = [0, 0];
    const gx = [0, 0];
    const gxx = [0, 0];
    for (let t = 0; t < n; t++) {
      const g0 = al[2 * t] * be[2 * t];
      const g1 = al[2 * t + 1] * be[2 * t + 1];
      const gs = g0 + g1;
      const q0 = g0 / gs;
      const q1 = g1 / gs;
      if (t === 0) {
        pi[0] = q0;
        pi[1] = q1;
      }
      g[0] += q0;
      g[1] += q1;
      gx[0] += q0 * x[t];
      gx[1] += q1 * x[t];
      gxx[0] += q0 * x[t] * x[t];
      gxx[1] += q1 * x[t] * x[t];
      if (t < n - 1) {
        const k = 1 / c[t + 1];
        const w0 = b[2 * t + 2] * be[2 * t + 2] * k;
        const w1 = b[2 * t + 3] * be[2 * t + 3] * k;
        x00 += al[2 * t] * A[0] * w0;
        x01 += al[2 * t] * A[1] * w1;
        x10 += al[2 * t + 1] * A[2] * w0;
        x11 += al[2 * t + 1] * A[3] * w1;
      }
    }
    const r0 = x00 + x01;
    const r1 = x10 + x11;
    if (r0 > 0) {
      A[0] = x00 / r0;
      A[1] = x01 / r0;
    }
    if (r1 > 0) {
      A[2] = x10 / r1;
      A[3] = x11 / r1;
    }
    for (let j = 0; j < 2; j++) {
      if (g[j] > 1e-12) {
        mu[j] = gx[j] / g[j];
        v[j] = Math.max(floorVar, gxx[j] / g[j] - mu[j] * mu[j]);
      }
    }
  }
  emissions();
  ll = forward();
  // order: state 1 = higher variance
  const swap = v[0] > v[1];
  const o = swap ? [1, 0] : [0, 1];
  const means: [number, number] = [mean + sd * mu[o[0]], mean + sd * mu[o[1]]];
  const variances: [number, number] = [v[o[0]] * sd * sd, v[o[1]] * sd * sd];
  const transition: [[number, number], [number, number]] = [
    [A[o[0] * 2 + o[0]], A[o[0] * 2 + o[1]]],
    [A[o[1] * 2 + o[0]], A[o[1] * 2 + o[1]]],
  ];
  const filtered = new Float64Array(n);
  for (let t = 0; t < n; t++) filtered[t] = al[2 * t + o[1]];
  // Viterbi in log space on the standardised data
  const lb = (j: number, t: number) => Math.log(b[2 * t + j]);
  const lA = A.map((p) => Math.log(Math.max(p, 1e-300)));
  const back = new Uint8Array(2 * n);
  let d0 = Math.log(Math.max(pi[0], 1e-300)) + lb(0, 0);
  let d1 = Math.log(Math.max(pi[1], 1e-300)) + lb(1, 0);
  for (let t = 1; t < n; t++) {
    const a = d0 + lA[0];
    const bb = d1 + lA[2];
    const cc = d0 + lA[1];
    const dd = d1 + lA[3];
    back[2 * t] = a >= bb ? 0 : 1;
    back[2 * t + 1] = cc >= dd ? 0 : 1;
    d0 = Math.max(a, bb) + lb(0, t);
    d1 = Math.max(cc, dd) + lb(1, t);
  }
  const path = new Uint8Array(n);
  let s = d0 >= d1 ? 0 : 1;
  for (let t = n - 1; t >= 0; t--) {
    path[t] = swap ? 1 - s : s;
    if (t > 0) s = back[2 * t + s];
  }
  const logLikelihood = ll - n * Math.log(sd);
  assertFinite("logLikelihood", logLikelihood);
  return {
    means,
    variances,
    vols: [Math.sqrt(variances[0]), Math.sqrt(variances[1])],
    transition,
    initial: [pi[o[0]], pi[o[1]]],
    logLikelihood,
    iterations,
    converged,
    filtered,
    viterbi: path,
    current: [1 - filtered[n - 1], filtered[n - 1]],
  };
}

/**
 * Returns the HMM forecast of the variance of the sum of the next h returns from regime probabilities `probs`.
 *
 * Formula: π_{t+k} = π_t A^k; per-period mixture variance Σ_j π_{t+k}(j)(σ²_j + μ²_j) − (Σ_j π_{t+k}(j) μ_j)²,
 * summed over k = 1..h (the small autocovariance that persistent regime means induce is ignored).
 *
 * @see Hamilton, J. (1994) Time Series Analysis, §22.4 (forecasts from a Markov-switching model)
 */
export function hmmForecastVariance(
  params: GaussianHmm2Parameters,
  probs: readonly [number, number],
  h: number,
): number {
  if (!(Number.isInteger(h) && h >= 1))
    throw new InvalidInputError({ field: "h", value: h, expected: "an integer >= 1" });
  const { means, variances, transition: T } = params;
  let p0 = probs[0];
  let p1 = probs[1];
  let total = 0;
  for (let k = 1; k <= h; k++) {
    const n0 = p0 * T[0][0] + p1 * T[1][0];
    const n1 = p0 * T[0][1] + p1 * T[1][1];
    p0 = n0;
    p1 = n1;
    const m = p0 * means[0] + p1 * means[1];
    total += p0 * (variances[0] + means[0] ** 2) + p1 * (variances[1] + means[1] ** 2) - m * m;
  }
  assertFinite("forecastVariance", total);
  return total;
}

/**
 * Returns a streaming regime filter with fixed HMM parameters: `add(ret)` runs one Hamilton filter step, `probs`
 * holds [P(calm), P(turbulent)] after the last return, and `forecastVariance(h)` uses {@link hmmForecastVariance}.
 */
export function createHmmFilter(
  params: GaussianHmm2Parameters,
  start: readonly [number, number] = params?.initial,
): VarianceForecaster & { readonly probs: [number, number] } {
  requireObject(params, "options");
  requireArrayLike(start, "start");
  let p0 = start[0];
  let p1 = start[1];
  let n = 0;
  const { means, variances, transition: T } = params;
  return {
    add(ret: number) {
      if (!Number.isFinite(ret))
        throw new InvalidInputError({ field: "ret", value: ret, expected: "a finite return" });
      const q0 = p0 * T[0][0] + p1 * T[1][0];
      const q1 = p0 * T[0][1] + p1 * T[1][1];
      const l0 = -0.5 * (LOG_2PI + Math.log(variances[0]) + (ret - means[0]) ** 2 / variances[0]);
      const l1 = -0.5 * (LOG_2PI + Math.log(variances[1]) + (ret - means[1]) ** 2 / variances[1]);
      const mx = Math.max(l0, l1);
      const a0 = q0 * Math.exp(l0 - mx);
      const a1 = q1 * Math.exp(l1 - mx);
      const s = a0 + a1;
      if (s > 0) {
        p0 = a0 / s;
        p1 = a1 / s;
      }
      n++;
    },
    get isStable() {
      return true;
    },
    get count() {
      return n;
    },
    get probs(): [number, number] {
      return [p0, p1];
    },
    forecastVariance(h: number) {
      return hmmForecastVariance(params, [p0, p1], h);
    },
  };
}
