import type { Rng } from "./rng.js";

/**
 * A generator of price paths that writes into a caller-owned buffer.
 *
 * `fillPath(rng, out, dtYears)` reads `out[0]` as the start price S0 (quote per base, > 0) and overwrites
 * `out[1..n-1]` with the next n − 1 prices, one every `dtYears` years. It allocates nothing per step (a model
 * may grow one scratch buffer the first time it sees a longer path) and draws all randomness from `rng`,
 * so the same seed and stream give the same path.
 *
 * @see https://doi.org/10.1007/978-0-387-21617-1 (Glasserman, Monte Carlo Methods in Financial Engineering)
 */
export type PathModel = {
  /** Model name, e.g. "gbm". */
  readonly name: string;
  /** Fills out[1..] from out[0] (the start price) with steps of `dtYears` years. */
  fillPath(rng: Rng, out: Float64Array, dtYears: number): void;
  /**
   * Optional (GBM only): `fillPath` with the same draws and prices, also writing the path's running log sum to
   * `logs` (same length as `out`): logs[0] = Math.log(out[0]), logs[i + 1] = logs[i] + x_i, where the model computed
   * out[i + 1] = out[i] · Math.exp(x_i). So |logs[i] − ln out[i]| ≤ (i + 1) · (3.4e-16 + max_j |logs[j]| · 1.2e-16)
   * (one ulp per `Math.exp`, half an ulp per product and per sum); the synthetic pool series reads its ticks from it.
   */
  fillPathLog?(rng: Rng, out: Float64Array, dtYears: number, logs: Float64Array): void;
};
