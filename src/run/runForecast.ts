/**
 * `runForecast`: fits one volatility / regime model to an OHLCV file and forecasts its vol (what `lpguard forecast`
 * prints). Reads the file, so it lives in run/ rather than the pure forecast/ layer.
 */
import { loadOhlcv } from "../data/ohlcv.js";
import { ConfigError } from "../errors/config.js";
import { requireObject, requireString } from "../errors/guards.js";
import {
  aggregateDaily,
  createEwmaForecaster,
  decayPerStep,
  fitGarch11,
  fitGaussianHmm2,
  fitHar,
  garchForecastVariance,
  harForecastVariance,
  hmmForecastVariance,
} from "../forecast/index.js";

export const FIT_MODELS = ["ewma", "garch", "har", "hmm"] as const;
export type FitModel = (typeof FIT_MODELS)[number];
const DAYS_PER_YEAR = 365;
/** Annualised figures from less data than this many days are labelled as such (as the backtest's and risk's). */
export const FORECAST_ANNUALIZE_MIN_DAYS = 90;

/** Hourly log returns with the open time of the bar that ends each return. */
export function hourlyReturns(file: string, keepLast: boolean) {
  const s = loadOhlcv(file, { dropLast: !keepLast, field: "--data" });
  if (s.length < 3) throw new ConfigError({ path: "--data", value: file, reason: "has fewer than 3 bars" });
  const n = s.length - 1;
  const time = new Float64Array(n);
  const returns = new Float64Array(n);
  for (let i = 1; i < s.length; i++) {
    time[i - 1] = s.time[i];
    returns[i - 1] = Math.log(s.close[i] / s.close[i - 1]);
  }
  return { series: s, time, returns };
}

/** The fit and forecast of one model; every field camelCase, volatilities annualised (365-day year). */
export function runForecast(opts: {
  file: string;
  model: FitModel;
  horizon: number;
  lambda?: number;
  /** EWMA half-life in ms (λ = 2^(−barMs / halfLife) on the file's bars); exclusive with lambda. */
  halfLifeMs?: number;
  keepLast?: boolean;
}) {
  requireObject(opts, "opts");
  requireString(opts.file, "opts.file");
  const { series, time, returns } = hourlyReturns(opts.file, opts.keepLast ?? false);
  const daily = aggregateDaily(time, returns, { completeOnly: true });
  const windowDays = (series.length * series.barMs) / 86_400_000;
  const base = {
    model: opts.model,
    symbol: series.symbol,
    bars: series.length,
    days: daily.length,
    fromMs: series.time[0],
    toMs: series.time[series.length - 1],
    /** Length of the data, days; under ANNUALIZE_MIN_DAYS (90) the annualised figures are labelled so. */
    windowDays,
    annualizedShortWindow: windowDays < FORECAST_ANNUALIZE_MIN_DAYS,
  };
  const horizons = Array.from({ length: opts.horizon }, (_, i) => i + 1);
  const fc = (variance: (h: number) => number) =>
    horizons.map((h) => {
      const v = variance(h);
      return { horizonDays: h, variance: v, annualisedVol: Math.sqrt((v * DAYS_PER_YEAR) / h) };
    });
  const needDays = (min: number) => {
    if (daily.length < min)
      throw new ConfigError({
        path: "--data",
        value: opts.file,
        reason: `has ${daily.length} complete days, need >= ${min}`,
      });
  };
  switch (opts.model) {
    case "ewma": {
      const lambda =
        opts.halfLifeMs !== undefined ? decayPerStep(opts.halfLifeMs, series.barMs) : (opts.lambda ?? 0.994);
      const f = createEwmaForecaster({ lambda, warmup: Math.min(120, returns.length) });
      for (const r of returns) f.add(r);
      return {
        ...base,
        fittedOn: "hourly returns",
        parameters: {
          lambda,
          hourlyVariance: f.variance,
          annualisedVol: Math.sqrt(f.variance * 24 * DAYS_PER_YEAR),
        },
        forecast: fc((h) => f.forecastVariance(24 * h)),
      };
    }
    case "garch": {
      needDays(60);
      const g = fitGarch11(daily.ret, { periodsPerYear: DAYS_PER_YEAR });
      return {
        ...base,
        fittedOn: "daily returns",
        parameters: {
          omega: g.omega,
          alpha: g.alpha,
          beta: g.beta,
          mu: g.mu,
          persistence: g.persistence,
          logLikelihood: g.logLikelihood,
          longRunVol: g.longRunVol,
          converged: g.converged,
        },
        forecast: fc((h) => garchForecastVariance(g, g.nextVariance, h)),
      };
    }
    case "har": {
      needDays(60);
      const fit = fitHar(daily.rv);
      return {
        ...base,
        fittedOn: "daily realised variance (sum of squared hourly returns)",
        parameters: {
          intercept: fit.intercept,
          daily: fit.daily,
          weekly: fit.weekly,
          monthly: fit.monthly,
          rSquared: fit.rSquared,
          observations: fit.count,
        },
        forecast: fc((h) => harForecastVariance(fit, daily.rv, h)),
      };
    }
    case "hmm": {
      needDays(60);
      const fit = fitGaussianHmm2(daily.ret);
      const annual = (v: number) => Math.sqrt(v * DAYS_PER_YEAR);
      return {
        ...base,
        fittedOn: "daily returns",
        parameters: {
          means: fit.means,
          vols: [annual(fit.variances[0]), annual(fit.variances[1])],
          transition: fit.transition,
          currentRegime: { calm: fit.current[0], turbulent: fit.current[1] },
          logLikelihood: fit.logLikelihood,
          converged: fit.converged,
        },
        forecast: fc((h) => hmmForecastVariance(fit, fit.current, h)),
      };
    }
  }
}
