import { requireObject } from "../../errors/guards.js";
import { assertFinite, type InvalidInputError } from "../../errors/math.js";
import { annualisationFactor } from "./annualisationFactor.js";
import { checkOhlc, type OhlcVolatilityParameters, type OhlcVolatilityReturnType } from "./ohlcInput.js";

export type ParkinsonVolatilityParameters = Omit<OhlcVolatilityParameters, "open" | "close"> & {
  open?: ArrayLike<number>;
  close?: ArrayLike<number>;
};
export type ParkinsonVolatilityReturnType = OhlcVolatilityReturnType;
export type ParkinsonVolatilityErrorType = InvalidInputError;

/**
 * Returns the Parkinson (high–low range) realised volatility, annualised.
 *
 * Formula: σ²_bar = Σ (ln H_i/L_i)² / (4 ln 2 · n); volatility = √(σ²_bar · barsPerYear). Unbiased for
 * driftless Brownian motion monitored continuously (≈ 5× as efficient as close-to-close); biased up by drift and
 * down by discrete monitoring (a sampled high/low understates the true range).
 *
 * @example
 * import { parkinsonVolatility } from "./parkinsonVolatility.js";
 * parkinsonVolatility({ high: [101], low: [99], barsPerYear: 365 }).volatility; // ≈ 0.2297
 * @see Parkinson, M. (1980) "The extreme value method for estimating the variance of the rate of return", J. Business 53(1)
 */
export function parkinsonVolatility(p: ParkinsonVolatilityParameters): ParkinsonVolatilityReturnType {
  requireObject(p, "options");
  const bpy = annualisationFactor(p);
  const n = checkOhlc({ ...p, open: p.open ?? p.low, close: p.close ?? p.low }, 1);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.log(p.high[i] / p.low[i]);
    s += x * x;
  }
  const variancePerBar = s / (4 * Math.LN2 * n);
  const volatility = Math.sqrt(variancePerBar * bpy);
  assertFinite("volatility", volatility);
  return { volatility, variancePerBar, count: n };
}
