import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { expPrimary } from "./exp.js";
import type { PathModel } from "./pathModel.js";
import type { Rng } from "./rng.js";
import { checkNumber, checkPathBuffer } from "./validate.js";

export type CreateGbmModelParameters = {
  /** Drift μ per year (arithmetic: E[S_t] = S0·e^{μt}). */
  mu: number;
  /** Volatility σ per √year, ≥ 0. */
  sigma: number;
};

/**
 * Returns a geometric Brownian motion path model with the exact log-normal step
 * S_{t+Δ} = S_t · exp((μ − σ²/2)Δ + σ√Δ·Z), Z ~ N(0, 1), so E[S_T] = S0·e^{μT} and Var[ln S_T/S0] = σ²T.
 *
 * The drift and volatility terms are precomputed per `dtYears`; normals are drawn in one batch per path.
 *
 * @example
 * const out = new Float64Array(253); out[0] = 3000;
 * createGbmModel({ mu: 0, sigma: 0.8 }).fillPath(createRng(1), out, 1 / 252);
 * @see https://doi.org/10.1007/978-0-387-21617-1 (Glasserman 2004, §3.2)
 */
export function createGbmModel(options: CreateGbmModelParameters): PathModel {
  const { mu, sigma } = requireObject(options, "options");
  checkNumber("mu", mu);
  checkNumber("sigma", sigma, 0);
  let z = new Float64Array(0);
  /** The path, and with `logs` also the running sum of the log steps (the same x, so the same prices bit for bit). */
  const fill = (rng: Rng, out: Float64Array, dtYears: number, logs: Float64Array | undefined): void => {
    checkPathBuffer(out, dtYears);
    const n = out.length - 1;
    if (z.length !== n) z = new Float64Array(n);
    const zs = z;
    rng.fillNormal(zs);
    const drift = (mu - 0.5 * sigma * sigma) * dtYears;
    const vol = sigma * Math.sqrt(dtYears);
    let s = out[0];
    // expPrimary: Math.exp's bits without its C call (which spills the loop's doubles) for a step's |x| < ½ ln 2
    if (logs === undefined)
      for (let i = 0; i < n; i++) {
        s *= expPrimary(drift + vol * zs[i]);
        out[i + 1] = s;
      }
    else {
      let l = Math.log(s);
      logs[0] = l;
      for (let i = 0; i < n; i++) {
        const x = drift + vol * zs[i];
        s *= expPrimary(x);
        l += x;
        out[i + 1] = s;
        logs[i + 1] = l;
      }
    }
  };
  return {
    name: "gbm",
    fillPath(rng: Rng, out: Float64Array, dtYears: number) {
      fill(rng, out, dtYears, undefined);
    },
    fillPathLog(rng: Rng, out: Float64Array, dtYears: number, logs: Float64Array) {
      if (logs.length !== out.length)
        throw new InvalidInputError({ field: "logs.length", value: logs.length, expected: `${out.length}` });
      fill(rng, out, dtYears, logs);
    },
  };
}
