import { requireArrayLike, requireObject } from "../errors/guards.js";
import { assertFinite, InvalidInputError } from "../errors/math.js";
import { olsFit } from "./ols.js";

export type FitHarOptions = {
  /** Periods per year for annualised outputs (default 365). */
  periodsPerYear?: number;
};

export type FitHarReturnType = {
  /** β0 + βd RV_t + βw RV^(w)_t + βm RV^(m)_t predicts RV_{t+1}. */
  intercept: number;
  daily: number;
  weekly: number;
  monthly: number;
  rSquared: number;
  /** Regression rows used (n − 22). */
  count: number;
  /** The last 22 daily RVs (oldest first), the state needed to forecast from the end of the sample. */
  tail: Float64Array;
};
export type FitHarErrorType = InvalidInputError;

/**
 * Returns the HAR-RV regression of next-day realised variance on the daily, weekly (5-day) and monthly (22-day)
 * averages of past realised variance, fitted by OLS (Householder QR).
 *
 * Model: RV_{t+1} = β0 + βd RV_t + βw (1/5) Σ_{i=0}^{4} RV_{t−i} + βm (1/22) Σ_{i=0}^{21} RV_{t−i} + ε_{t+1},
 * for t = 21 … n − 2. `rv` is a daily realised variance (per-day units), e.g. the sum of a day's squared hourly
 * log returns (see {@link aggregateDaily}), as crypto trades 24 h a day.
 *
 * @example
 * import { fitHar } from "lpguard/forecast";
 * const fit = fitHar(daily.rv); // { intercept, daily, weekly, monthly, rSquared, ... }
 * @see Corsi, F. (2009) "A simple approximate long-memory model of realized volatility", J. Financial Econometrics 7(2), eq. (8)
 */
export function fitHar(rv: ArrayLike<number>, _options: FitHarOptions = {}): FitHarReturnType {
  requireArrayLike(rv, "rv");
  requireObject(_options, "_options");
  const n = rv.length;
  if (n < 22 + 10) throw new InvalidInputError({ field: "rv.length", value: n, expected: ">= 32 days" });
  for (let i = 0; i < n; i++)
    if (!(rv[i] >= 0 && rv[i] < Number.POSITIVE_INFINITY))
      throw new InvalidInputError({ field: `rv[${i}]`, value: rv[i], expected: "a finite variance >= 0" });
  const rows = n - 22;
  const x = new Float64Array(rows * 4);
  const y = new Float64Array(rows);
  let w5 = 0;
  let w22 = 0;
  for (let i = 0; i < 22; i++) {
    w22 += rv[i];
    if (i >= 17) w5 += rv[i];
  }
  for (let t = 21, r = 0; t <= n - 2; t++, r++) {
    if (t > 21) {
      w22 += rv[t] - rv[t - 22];
      w5 += rv[t] - rv[t - 5];
    }
    x[r * 4] = 1;
    x[r * 4 + 1] = rv[t];
    x[r * 4 + 2] = w5 / 5;
    x[r * 4 + 3] = w22 / 22;
    y[r] = rv[t + 1];
  }
  const fit = olsFit(x, y, rows, 4);
  const [intercept, daily, weekly, monthly] = fit.coefficients;
  assertFinite("rSquared", fit.rSquared);
  const tail = new Float64Array(22);
  for (let i = 0; i < 22; i++) tail[i] = rv[n - 22 + i];
  return { intercept, daily, weekly, monthly, rSquared: fit.rSquared, count: rows, tail };
}

/**
 * Returns the HAR-RV forecast of the total variance over the next h days, iterating the one-day model on its own
 * forecasts: f_k = β0 + βd x_{k−1} + βw mean5 + βm mean22 over the extended series, summed over k = 1..h. Each
 * daily forecast is floored at 1 % of the last 22-day mean RV, so a negative fitted value never leaves.
 *
 * @param history the most recent daily RVs, oldest first (at least 22; only the last 22 are used).
 * @see Corsi, F. (2009) J. Financial Econometrics 7(2), §3
 */
export function harForecastVariance(
  fit: Pick<FitHarReturnType, "intercept" | "daily" | "weekly" | "monthly">,
  history: ArrayLike<number>,
  h: number,
): number {
  if (!(Number.isInteger(h) && h >= 1))
    throw new InvalidInputError({ field: "h", value: h, expected: "an integer >= 1 day" });
  const m = history.length;
  if (m < 22) throw new InvalidInputError({ field: "history.length", value: m, expected: ">= 22 days" });
  const buf = new Float64Array(22 + h);
  let mean22 = 0;
  for (let i = 0; i < 22; i++) {
    buf[i] = history[m - 22 + i];
    mean22 += buf[i];
  }
  const floor = (0.01 * mean22) / 22;
  let total = 0;
  for (let k = 0; k < h; k++) {
    const e = 22 + k; // index being forecast
    let s5 = 0;
    let s22 = 0;
    for (let i = e - 22; i < e; i++) {
      s22 += buf[i];
      if (i >= e - 5) s5 += buf[i];
    }
    const f = Math.max(
      floor,
      fit.intercept + fit.daily * buf[e - 1] + (fit.weekly * s5) / 5 + (fit.monthly * s22) / 22,
    );
    buf[e] = f;
    total += f;
  }
  assertFinite("forecastVariance", total);
  return total;
}
