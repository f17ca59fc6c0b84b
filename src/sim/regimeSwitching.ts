import { requireArrayLike, requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { PathModel } from "./pathModel.js";
import type { Rng } from "./rng.js";
import { checkNumber, checkPathBuffer } from "./validate.js";

export type CreateRegimeSwitchingModelParameters = {
  /** Drift μ per year in state 0 and state 1. */
  mu: readonly [number, number];
  /** Volatility σ per √year in state 0 and state 1. */
  sigma: readonly [number, number];
  /** Probability per step of moving from state 0 to state 1. */
  p01: number;
  /** Probability per step of moving from state 1 to state 0. */
  p10: number;
  /** State of the first step; default drawn from the stationary law (π1 = p01 / (p01 + p10)). */
  initialState?: 0 | 1;
};

/** A regime-switching path model; `fillPath` may also write the state of each step into `states`. */
export type RegimeSwitchingModel = PathModel & {
  /** As PathModel.fillPath; when `states` (length ≥ out.length − 1) is given, states[i] is the state of step i. */
  fillPath(rng: Rng, out: Float64Array, dtYears: number, states?: Uint8Array): void;
};

/**
 * Returns a two-state Markov regime-switching GBM (Hamilton 1989): in state k the step is the exact GBM step
 * exp((μ_k − σ_k²/2)Δ + σ_k√Δ·Z); after each step the state moves 0→1 with probability p01 and 1→0 with
 * probability p10. The stationary occupation of state 1 is π1 = p01 / (p01 + p10).
 *
 * @see https://doi.org/10.2307/1912559 (Hamilton 1989, A new approach to the economic analysis of nonstationary time series)
 */
export function createRegimeSwitchingModel(
  params: CreateRegimeSwitchingModelParameters,
): RegimeSwitchingModel {
  requireObject(params, "options");
  requireArrayLike(params.mu, "options.mu");
  requireArrayLike(params.sigma, "options.sigma");
  const mu0 = checkNumber("mu[0]", params.mu[0]);
  const mu1 = checkNumber("mu[1]", params.mu[1]);
  const sig0 = checkNumber("sigma[0]", params.sigma[0], 0);
  const sig1 = checkNumber("sigma[1]", params.sigma[1], 0);
  const p01 = checkNumber("p01", params.p01, 0, 1);
  const p10 = checkNumber("p10", params.p10, 0, 1);
  if (params.initialState === undefined && p01 + p10 === 0)
    throw new InvalidInputError({
      field: "p01 + p10",
      value: 0,
      expected: "> 0 when initialState is not given",
    });
  const initial = params.initialState;
  if (initial !== undefined && initial !== 0 && initial !== 1)
    throw new InvalidInputError({ field: "initialState", value: initial, expected: "0 or 1" });
  const pi1 = p01 / (p01 + p10);
  let z = new Float64Array(0);
  return {
    name: "regimeSwitching",
    fillPath(rng: Rng, out: Float64Array, dtYears: number, states?: Uint8Array) {
      checkPathBuffer(out, dtYears);
      const n = out.length - 1;
      if (states !== undefined && states.length < n)
        throw new InvalidInputError({ field: "states.length", value: states.length, expected: `>= ${n}` });
      if (z.length !== n) z = new Float64Array(n);
      rng.fillNormal(z);
      const d0 = (mu0 - 0.5 * sig0 * sig0) * dtYears;
      const d1 = (mu1 - 0.5 * sig1 * sig1) * dtYears;
      const v0 = sig0 * Math.sqrt(dtYears);
      const v1 = sig1 * Math.sqrt(dtYears);
      let state = initial ?? (rng.nextFloat() < pi1 ? 1 : 0);
      let s = out[0];
      for (let i = 0; i < n; i++) {
        if (states !== undefined) states[i] = state;
        s *= Math.exp(state === 0 ? d0 + v0 * z[i] : d1 + v1 * z[i]);
        out[i + 1] = s;
        const u = rng.nextFloat();
        if (state === 0) {
          if (u < p01) state = 1;
        } else if (u < p10) state = 0;
      }
    },
  };
}
