import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { aggregateDaily } from "./daily.js";
import { createEwmaForecaster } from "./ewma.js";
import { createGarchForecaster, fitGarch11 } from "./garch.js";
import { fitHar, harForecastVariance } from "./har.js";
import { createHmmFilter, fitGaussianHmm2 } from "./hmm.js";
import type { VarianceForecaster } from "./types.js";

const DAY_MS = 86_400_000;

/** Models of the walk-forward table. */
export const FORECAST_MODELS = ["ewma", "ewmaHourly", "garch", "har", "hmm", "dvol"] as const;
export type ForecastModel = (typeof FORECAST_MODELS)[number];

export type EvaluateForecastersParameters = {
  /** Time of each intraday return (ms), e.g. the open time of the bar that ends it; ascending. */
  time: ArrayLike<number>;
  /** Intraday (hourly) log returns. */
  returns: ArrayLike<number>;
  /** Implied-volatility index (annualised decimal, e.g. DVOL / 100), one value per UTC day; adds the "dvol" model. */
  dvol?: { time: ArrayLike<number>; vol: ArrayLike<number> };
  /** Horizons in days (default [1, 5, 22]). */
  horizons?: number[];
  /** Days of data before the first forecast (default 365). */
  minTrainDays?: number;
  /** Refit GARCH, HAR and HMM every this many days (default 22); in between they update by filtering. */
  refitEvery?: number;
  /** Fit on the last this many days (rolling); default undefined = expanding window from the first day. */
  rollingWindowDays?: number;
  /** EWMA decay on daily returns (default 0.94). */
  lambda?: number;
  /** EWMA decay on hourly returns for "ewmaHourly" (default 0.994, a half-life of ≈ 5 days). */
  lambdaHourly?: number;
};

export type ForecastEvaluationRow = {
  model: ForecastModel;
  horizon: number;
  /** Mean QLIKE loss RV/F − ln(RV/F) − 1 (scale-free, 0 for a perfect forecast). */
  qlike: number;
  /** Mean squared error of annualised variance (F and RV times 365/h). */
  mse: number;
  count: number;
};

export type EvaluateForecastersReturnType = {
  rows: ForecastEvaluationRow[];
  /** Per horizon, the model with the lowest QLIKE and the one with the lowest MSE. */
  winners: { horizon: number; qlike: ForecastModel; mse: ForecastModel }[];
  models: ForecastModel[];
  horizons: number[];
  /** First and last forecast origin (start of UTC day, ms) and the number of origins. */
  firstOriginMs: number;
  lastOriginMs: number;
  origins: number;
  refits: number;
};

/**
 * Returns a walk-forward comparison of variance forecasters against realised variance, per model and horizon.
 *
 * Procedure: intraday returns are aggregated to complete UTC days ({@link aggregateDaily}): daily return and
 * daily RV (sum of squared hourly returns). At the end of each day t ≥ minTrainDays − 1 every model forecasts the
 * variance of the next h days; the target is RV_{t+1} + … + RV_{t+h}. Models:
 * - ewma: RiskMetrics EWMA (λ = 0.94) on daily returns, h·σ²;
 * - ewmaHourly: EWMA on hourly returns (λ = 0.994), 24·h·σ²_hour;
 * - garch: GARCH(1,1) QMLE on daily returns ({@link fitGarch11});
 * - har: HAR-RV on daily RV, iterated forecasts ({@link fitHar});
 * - hmm: two-state Gaussian HMM on daily returns ({@link fitGaussianHmm2});
 * - dvol: implied variance (DVOL of day t)² · h/365 (DVOL is a 30-day implied vol, used flat for every h).
 * GARCH, HMM and HAR are fitted on daily data (an hourly GARCH on a two-year window refitted daily would be far
 * too slow, and intraday seasonality would bias it) and refitted every `refitEvery` days on an expanding (or
 * `rollingWindowDays`) window ending at day t; between refits their state is updated with each day's data using
 * the last parameters. Only origins where every model has a forecast (DVOL present) are scored, so all models
 * are compared on the same days. Losses: QLIKE = RV/F − ln(RV/F) − 1 (robust to the noise in the RV proxy,
 * Patton 2011) and MSE of annualised variance.
 *
 * @see Patton, A. (2011) "Volatility forecast comparison using imperfect volatility proxies", J. Econometrics 160(1)
 */
export function evaluateForecasters(p: EvaluateForecastersParameters): EvaluateForecastersReturnType {
  requireObject(p, "options");
  const {
    horizons = [1, 5, 22],
    minTrainDays = 365,
    refitEvery = 22,
    rollingWindowDays,
    lambda = 0.94,
    lambdaHourly = 0.994,
  } = p;
  for (const h of horizons)
    if (!(Number.isInteger(h) && h >= 1))
      throw new InvalidInputError({ field: "horizons", value: horizons, expected: "integers >= 1 (days)" });
  if (!(Number.isInteger(refitEvery) && refitEvery >= 1))
    throw new InvalidInputError({ field: "refitEvery", value: refitEvery, expected: "an integer >= 1 day" });
  if (!(Number.isInteger(minTrainDays) && minTrainDays >= 60))
    throw new InvalidInputError({
      field: "minTrainDays",
      value: minTrainDays,
      expected: "an integer >= 60 days",
    });
  if (rollingWindowDays !== undefined && !(Number.isInteger(rollingWindowDays) && rollingWindowDays >= 60))
    throw new InvalidInputError({
      field: "rollingWindowDays",
      value: rollingWindowDays,
      expected: "an integer >= 60 days",
    });
  const daily = aggregateDaily(p.time, p.returns, { completeOnly: true });
  const N = daily.length;
  const maxH = Math.max(...horizons);
  if (N < minTrainDays + maxH)
    throw new InvalidInputError({
      field: "returns",
      value: `${N} days`,
      expected: `>= ${minTrainDays + maxH} days of data`,
    });

  const models: ForecastModel[] = ["ewma", "ewmaHourly", "garch", "har", "hmm"];
  const dvolByDay = new Map<number, number>();
  if (p.dvol) {
    models.push("dvol");
    for (let i = 0; i < p.dvol.time.length; i++) {
      const v = p.dvol.vol[i];
      if (v > 0 && Number.isFinite(v)) dvolByDay.set(Math.floor(p.dvol.time[i] / DAY_MS), v);
    }
  }
  const H = horizons.length;
  const M = models.length;
  const sumQ = new Float64Array(M * H);
  const sumE = new Float64Array(M * H);
  let count = 0;

  const ewma = createEwmaForecaster({ lambda, warmup: 20 });
  const ewmaH = createEwmaForecaster({ lambda: lambdaHourly, warmup: 24 * 5 });
  let garch: VarianceForecaster | undefined;
  let hmm: VarianceForecaster | undefined;
  let har: ReturnType<typeof fitHar> | undefined;
  let refits = 0;
  let firstOrigin = -1;
  let lastOrigin = -1;
  let hourIdx = 0;
  const nHours = p.returns.length;
  const forecasts = new Float64Array(M * H);
  const firstT = minTrainDays - 1;

  for (let t = 0; t <= N - 1 - maxH; t++) {
    // feed day t
    ewma.add(daily.ret[t]);
    const dayEnd = daily.dayMs[t] + DAY_MS;
    while (hourIdx < nHours && p.time[hourIdx] < dayEnd) ewmaH.add(p.returns[hourIdx++]);
    if (t < firstT) continue;
    const since = t - firstT;
    if (since % refitEvery === 0) {
      const start = rollingWindowDays === undefined ? 0 : Math.max(0, t + 1 - rollingWindowDays);
      const rets = daily.ret.subarray(start, t + 1);
      const g = fitGarch11(rets);
      garch = createGarchForecaster({ ...g, initialVariance: g.nextVariance });
      const hm = fitGaussianHmm2(rets, { maxIterations: 200, tolerance: 1e-7 });
      hmm = createHmmFilter(hm, hm.current);
      har = fitHar(daily.rv.subarray(start, t + 1));
      refits++;
    } else {
      garch!.add(daily.ret[t]);
      hmm!.add(daily.ret[t]);
    }
    let dv = Number.NaN;
    if (p.dvol) {
      const v = dvolByDay.get(Math.floor(daily.dayMs[t] / DAY_MS));
      if (v === undefined) continue;
      dv = v;
    }
    const rvHist = daily.rv.subarray(t - 21, t + 1);
    for (let k = 0; k < H; k++) {
      const h = horizons[k];
      for (let m = 0; m < M; m++) {
        let f: number;
        switch (models[m]) {
          case "ewma":
            f = ewma.forecastVariance(h);
            break;
          case "ewmaHourly":
            f = ewmaH.forecastVariance(24 * h);
            break;
          case "garch":
            f = garch!.forecastVariance(h);
            break;
          case "har":
            f = harForecastVariance(har!, rvHist, h);
            break;
          case "hmm":
            f = hmm!.forecastVariance(h);
            break;
          default:
            f = (dv * dv * h) / 365;
        }
        forecasts[m * H + k] = f;
      }
    }
    for (let k = 0; k < H; k++) {
      const h = horizons[k];
      let target = 0;
      for (let d = t + 1; d <= t + h; d++) target += daily.rv[d];
      const scale = 365 / h;
      for (let m = 0; m < M; m++) {
        const f = forecasts[m * H + k];
        const ratio = target / f;
        sumQ[m * H + k] += ratio - Math.log(ratio) - 1;
        sumE[m * H + k] += (target * scale - f * scale) ** 2;
      }
    }
    if (firstOrigin < 0) firstOrigin = t;
    lastOrigin = t;
    count++;
  }
  if (count === 0)
    throw new InvalidInputError({
      field: "dvol",
      value: "no overlap",
      expected: "implied vol on the forecast days",
    });
  const rows: ForecastEvaluationRow[] = [];
  for (let m = 0; m < M; m++)
    for (let k = 0; k < H; k++)
      rows.push({
        model: models[m],
        horizon: horizons[k],
        qlike: sumQ[m * H + k] / count,
        mse: sumE[m * H + k] / count,
        count,
      });
  const winners = horizons.map((h) => {
    const rs = rows.filter((r) => r.horizon === h);
    const best = (key: "qlike" | "mse") => rs.reduce((a, b) => (b[key] < a[key] ? b : a)).model;
    return { horizon: h, qlike: best("qlike"), mse: best("mse") };
  });
  return {
    rows,
    winners,
    models,
    horizons: [...horizons],
    firstOriginMs: daily.dayMs[firstOrigin],
    lastOriginMs: daily.dayMs[lastOrigin],
    origins: count,
    refits,
  };
}
