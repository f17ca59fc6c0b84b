import { requireObject } from "../../errors/guards.js";
import { assertFinite, assertPositive, InvalidInputError } from "../../errors/math.js";
import { type VarEs, varEsFromPnl } from "./varEsFromPnl.js";

/** The only thing Monte Carlo needs from a random generator (e.g. `createRng(seed)` from `sim/rng`). */
export type NormalSource = { nextNormal(): number };

export type MonteCarloVarEsParameters = {
  /** Current price (quote per base). */
  price: number;
  /** Position value in quote units as a function of price. */
  value: (price: number) => number;
  /** Optional hedge value as a function of price, added to `value`. */
  hedge?: (price: number) => number;
  /** Annualised GBM volatility (decimal fraction). */
  volatility: number;
  /** Annualised GBM drift μ of the price (default 0). */
  drift?: number;
  /** Horizon in years. */
  horizonYears: number;
  /** Number of simulated paths (default 10,000). */
  paths?: number;
  rng: NormalSource;
  /** Confidence level, default 0.99. */
  confidence?: number;
};
export type MonteCarloVarEsReturnType = VarEs & { value: number };
export type MonteCarloVarEsErrorType = InvalidInputError;

/**
 * Returns the Monte Carlo VaR and ES (quote units, positive = loss) of a position plus optional hedge under GBM.
 *
 * Formula: P_T = P · exp((μ − σ²/2) T + σ √T Z), sampled exactly in one step (the valuation depends on the
 * horizon price only); P&L_j = V(P_T,j) + H(P_T,j) − V(P) − H(P), fully revalued; VaR/ES from
 * {@link varEsFromPnl}. Sampling error of VaR ≈ √(α(1−α)/N) / f(VaR) where f is the loss density.
 * Randomness comes from the caller's `rng`, so the function is pure and reproducible.
 *
 * @example
 * import { monteCarloVarEs } from "./monteCarloVarEs.js";
 * import { createRng } from "../../sim/rng.js";
 * monteCarloVarEs({ price: 100, value: (p) => p, volatility: 0.5, horizonYears: 1 / 365, rng: createRng(1) });
 * @see Glasserman, P. (2003) Monte Carlo Methods in Financial Engineering, §9.1
 */
export function monteCarloVarEs(options: MonteCarloVarEsParameters): MonteCarloVarEsReturnType {
  const {
    price,
    value,
    hedge,
    volatility,
    drift = 0,
    horizonYears,
    paths = 10_000,
    rng,
    confidence = 0.99,
  } = requireObject(options, "options");
  assertPositive("price", price);
  assertPositive("volatility", volatility);
  assertPositive("horizonYears", horizonYears);
  assertFinite("drift", drift);
  if (!(Number.isInteger(paths) && paths >= 1))
    throw new InvalidInputError({ field: "paths", value: paths, expected: "an integer >= 1" });
  const v0 = value(price) + (hedge ? hedge(price) : 0);
  if (!Number.isFinite(v0))
    throw new InvalidInputError({ field: "value(price)", value: v0, expected: "a finite value" });
  const m = (drift - 0.5 * volatility * volatility) * horizonYears;
  const s = volatility * Math.sqrt(horizonYears);
  const pnl = new Float64Array(paths);
  for (let j = 0; j < paths; j++) {
    const p = price * Math.exp(m + s * rng.nextNormal());
    pnl[j] = value(p) + (hedge ? hedge(p) : 0) - v0;
  }
  return { ...varEsFromPnl(pnl, confidence), value: v0 };
}
