import { requireObject } from "../../errors/guards.js";
import { assertFinite, type InvalidInputError } from "../../errors/math.js";
import { annualisationFactor } from "./annualisationFactor.js";
import { checkOhlc, type OhlcVolatilityParameters, type OhlcVolatilityReturnType } from "./ohlcInput.js";

export type RogersSatchellVolatilityParameters = OhlcVolatilityParameters;
export type RogersSatchellVolatilityReturnType = OhlcVolatilityReturnType;
export type RogersSatchellVolatilityErrorType = InvalidInputError;

/**
 * Returns the Rogers–Satchell realised volatility, annualised.
 *
 * Formula: σ²_bar = (1/n) Σ [ln(H/C)·ln(H/O) + ln(L/C)·ln(L/O)]; volatility = √(σ²_bar · barsPerYear).
 * Unbiased for Brownian motion with any drift (drift-independent), unlike Parkinson and Garman–Klass.
 *
 * @example
 * import { rogersSatchellVolatility } from "./rogersSatchellVolatility.js";
 * rogersSatchellVolatility({ open: [100], high: [102], low: [99], close: [101], barsPerYear: 365 }).volatility;
 * @see Rogers, L.C.G. and Satchell, S.E. (1991) "Estimating variance from high, low and closing prices", Ann. Appl. Probab. 1(4)
 */
export function rogersSatchellVolatility(
  p: RogersSatchellVolatilityParameters,
): RogersSatchellVolatilityReturnType {
  requireObject(p, "options");
  const bpy = annualisationFactor(p);
  const n = checkOhlc(p, 1);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const h = Math.log(p.high[i]);
    const l = Math.log(p.low[i]);
    const o = Math.log(p.open[i]);
    const c = Math.log(p.close[i]);
    s += (h - c) * (h - o) + (l - c) * (l - o);
  }
  const variancePerBar = Math.max(0, s / n);
  const volatility = Math.sqrt(variancePerBar * bpy);
  assertFinite("volatility", volatility);
  return { volatility, variancePerBar, count: n };
}
