import { requireObject } from "../../errors/guards.js";
import { assertFinite, type InvalidInputError } from "../../errors/math.js";
import { annualisationFactor } from "./annualisationFactor.js";
import { checkOhlc, type OhlcVolatilityParameters, type OhlcVolatilityReturnType } from "./ohlcInput.js";

export type GarmanKlassVolatilityParameters = OhlcVolatilityParameters;
export type GarmanKlassVolatilityReturnType = OhlcVolatilityReturnType;
export type GarmanKlassVolatilityErrorType = InvalidInputError;

/**
 * Returns the Garman–Klass realised volatility, annualised.
 *
 * Formula: σ²_bar = (1/n) Σ [½ (ln H/L)² − (2 ln 2 − 1)(ln C/O)²]; volatility = √(σ²_bar · barsPerYear).
 * Unbiased and ≈ 7.4× as efficient as close-to-close for driftless continuous Brownian motion; ignores the
 * open-to-previous-close jump (none for 24/7 crypto bars), biased by drift and by discrete monitoring.
 *
 * @example
 * import { garmanKlassVolatility } from "./garmanKlassVolatility.js";
 * garmanKlassVolatility({ open: [100], high: [101], low: [99], close: [100], barsPerYear: 365 }).volatility;
 * @see Garman, M. and Klass, M. (1980) "On the estimation of security price volatilities from historical data", J. Business 53(1)
 */
export function garmanKlassVolatility(p: GarmanKlassVolatilityParameters): GarmanKlassVolatilityReturnType {
  requireObject(p, "options");
  const bpy = annualisationFactor(p);
  const n = checkOhlc(p, 1);
  const k = 2 * Math.LN2 - 1;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const hl = Math.log(p.high[i] / p.low[i]);
    const co = Math.log(p.close[i] / p.open[i]);
    s += 0.5 * hl * hl - k * co * co;
  }
  const variancePerBar = Math.max(0, s / n);
  const volatility = Math.sqrt(variancePerBar * bpy);
  assertFinite("volatility", volatility);
  return { volatility, variancePerBar, count: n };
}
