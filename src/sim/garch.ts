import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { PathModel } from "./pathModel.js";
import type { Rng } from "./rng.js";
import { checkNumber, checkPathBuffer, checkPositive } from "./validate.js";

export type CreateGarchModelParameters = {
  /** ω > 0, per-step variance constant (log-return units squared). */
  omega: number;
  /** α ≥ 0, weight of the last squared shock. */
  alpha: number;
  /** β ≥ 0, weight of the last variance; α + β < 1. */
  beta: number;
  /** Mean log return per step. Default 0. */
  meanLogReturn?: number;
  /** Variance of the first step. Default the unconditional variance ω / (1 − α − β). */
  initialVariance?: number;
};

/**
 * Returns a GARCH(1,1) path model (Bollerslev 1986) with per-step parameters:
 * r_t = m + ε_t, ε_t = √h_t·Z_t, h_{t+1} = ω + α ε_t² + β h_t, S_{t+1} = S_t·e^{r_t}.
 * The unconditional variance of r_t is ω / (1 − α − β). `dtYears` is only validated: the parameters already
 * refer to one step of the path.
 *
 * @see https://doi.org/10.1016/0304-4076(86)90063-1 (Bollerslev 1986, Generalized autoregressive conditional heteroskedasticity)
 */
export function createGarchModel(params: CreateGarchModelParameters): PathModel {
  requireObject(params, "options");
  const omega = checkPositive("omega", params.omega);
  const alpha = checkNumber("alpha", params.alpha, 0);
  const beta = checkNumber("beta", params.beta, 0);
  if (!(alpha + beta < 1))
    throw new InvalidInputError({ field: "alpha + beta", value: alpha + beta, expected: "< 1 (stationary)" });
  const m = checkNumber("meanLogReturn", params.meanLogReturn ?? 0);
  const h0 = checkPositive("initialVariance", params.initialVariance ?? omega / (1 - alpha - beta));
  let z = new Float64Array(0);
  return {
    name: "garch",
    fillPath(rng: Rng, out: Float64Array, dtYears: number) {
      checkPathBuffer(out, dtYears);
      const n = out.length - 1;
      if (z.length !== n) z = new Float64Array(n);
      rng.fillNormal(z);
      let h = h0;
      let s = out[0];
      for (let i = 0; i < n; i++) {
        const eps = Math.sqrt(h) * z[i];
        s *= Math.exp(m + eps);
        out[i + 1] = s;
        h = omega + alpha * eps * eps + beta * h;
      }
    },
  };
}
