import { requireObject } from "../errors/guards.js";
import type { PathModel } from "./pathModel.js";
import type { Rng } from "./rng.js";
import { checkNumber, checkPathBuffer } from "./validate.js";

export type CreateMertonModelParameters = {
  /** Drift μ per year. With `compensated` (default) E[S_T] = S0·e^{μT}; else μ is the diffusion's drift. */
  mu: number;
  /** Diffusion volatility σ per √year, ≥ 0. */
  sigma: number;
  /** Jump intensity λ, jumps per year, ≥ 0. */
  lambda: number;
  /** Mean μ_J of the log jump size. */
  jumpMean: number;
  /** Standard deviation σ_J ≥ 0 of the log jump size. */
  jumpStd: number;
  /** Subtract λκ, κ = e^{μ_J + σ_J²/2} − 1, from the drift so jumps do not change E[S_T]. Default true. */
  compensated?: boolean;
};

/**
 * Returns a Merton (1976) jump-diffusion path model: per step
 * ln S_{t+Δ}/S_t = (μ − λκ − σ²/2)Δ + σ√Δ·Z + Σ_{k=1}^{N} Y_k, N ~ Poisson(λΔ), Y_k ~ N(μ_J, σ_J²),
 * so Var[ln S_T/S0] = σ²T + λT(μ_J² + σ_J²). The jump count uses inverse-transform sampling (one uniform per
 * step) and the jump sum one extra normal only when N > 0 (Σ Y_k ~ N(Nμ_J, Nσ_J²)).
 *
 * @see https://doi.org/10.1016/0304-405X(76)90022-2 (Merton 1976, Option pricing when underlying stock returns are discontinuous)
 */
export function createMertonModel(params: CreateMertonModelParameters): PathModel {
  requireObject(params, "options");
  const mu = checkNumber("mu", params.mu);
  const sigma = checkNumber("sigma", params.sigma, 0);
  const lambda = checkNumber("lambda", params.lambda, 0);
  const jumpMean = checkNumber("jumpMean", params.jumpMean);
  const jumpStd = checkNumber("jumpStd", params.jumpStd, 0);
  const kappa = Math.exp(jumpMean + 0.5 * jumpStd * jumpStd) - 1;
  const compensation = params.compensated === false ? 0 : lambda * kappa;
  let z = new Float64Array(0);
  return {
    name: "merton",
    fillPath(rng: Rng, out: Float64Array, dtYears: number) {
      checkPathBuffer(out, dtYears);
      const n = out.length - 1;
      if (z.length !== n) z = new Float64Array(n);
      rng.fillNormal(z);
      const drift = (mu - compensation - 0.5 * sigma * sigma) * dtYears;
      const vol = sigma * Math.sqrt(dtYears);
      const lam = lambda * dtYears;
      const p0 = Math.exp(-lam);
      let s = out[0];
      for (let i = 0; i < n; i++) {
        let logStep = drift + vol * z[i];
        if (lam > 0) {
          const u = rng.nextFloat();
          if (u >= p0) {
            let k = 1;
            let p = p0 * lam;
            let cum = p0 + p;
            while (u >= cum && k < 1000) {
              k++;
              p *= lam / k;
              cum += p;
            }
            logStep += k * jumpMean + jumpStd * Math.sqrt(k) * rng.nextNormal();
          }
        }
        s *= Math.exp(logStep);
        out[i + 1] = s;
      }
    },
  };
}
