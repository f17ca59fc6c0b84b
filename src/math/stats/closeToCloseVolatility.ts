import { requireObject } from "../../errors/guards.js";
import { assertFinite, InvalidInputError } from "../../errors/math.js";
import { annualisationFactor } from "./annualisationFactor.js";
import type { OhlcVolatilityReturnType } from "./ohlcInput.js";

export type CloseToCloseVolatilityParameters = {
  close: ArrayLike<number>;
  barsPerYear?: number;
  barMs?: number;
  /** Subtract the sample mean return (n − 1 denominator, default) or assume zero mean (n denominator). */
  demean?: boolean;
};
export type CloseToCloseVolatilityReturnType = OhlcVolatilityReturnType;
export type CloseToCloseVolatilityErrorType = InvalidInputError;

/**
 * Returns the close-to-close realised volatility: the sample standard deviation of log returns, annualised.
 *
 * Formula: r_i = ln(C_i / C_{i−1}); σ²_bar = Σ (r_i − r̄)² / (n − 1) (or Σ r_i² / n with `demean: false`);
 * volatility = √(σ²_bar · barsPerYear). Unbiased for the variance of i.i.d. returns; the least efficient of the
 * OHLC estimators (it ignores the range).
 *
 * @example
 * import { closeToCloseVolatility } from "./closeToCloseVolatility.js";
 * closeToCloseVolatility({ close: new Float64Array([100, 101, 100]), barsPerYear: 365 }).volatility; // ≈ 0.27
 * @see Yang, D. and Zhang, Q. (2000) "Drift-independent volatility estimation based on high, low, open and close prices", J. Business 73(3)
 */
export function closeToCloseVolatility(
  options: CloseToCloseVolatilityParameters,
): CloseToCloseVolatilityReturnType {
  const { close, barsPerYear, barMs, demean = true } = requireObject(options, "options");
  const bpy = annualisationFactor({ barsPerYear, barMs });
  const n = close.length - 1;
  if (n < 2)
    throw new InvalidInputError({ field: "close.length", value: close.length, expected: ">= 3 prices" });
  let sum = 0;
  let sumSq = 0;
  for (let i = 1; i <= n; i++) {
    const a = close[i - 1];
    const b = close[i];
    if (!(a > 0 && b > 0 && b < Number.POSITIVE_INFINITY))
      throw new InvalidInputError({ field: `close[${i}]`, value: b, expected: "a finite price > 0" });
    const r = Math.log(b / a);
    sum += r;
    sumSq += r * r;
  }
  const variancePerBar = demean ? Math.max(0, (sumSq - (sum * sum) / n) / (n - 1)) : sumSq / n;
  const volatility = Math.sqrt(variancePerBar * bpy);
  assertFinite("volatility", volatility);
  return { volatility, variancePerBar, count: n };
}
