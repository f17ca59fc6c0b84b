import { resolve } from "node:path";
import type { Command } from "commander";
import { checkInputPath } from "../../data/inputPath.js";
import { loadOhlcv } from "../../data/ohlcv.js";
import { loadVolIndex } from "../../data/volIndex.js";
import { ConfigError } from "../../errors/config.js";
import { InvalidInputError } from "../../errors/index.js";
import {
  aggregateDaily,
  createEwmaForecaster,
  decayPerStep,
  evaluateForecasters,
  fitGarch11,
  fitGaussianHmm2,
  fitHar,
  garchForecastVariance,
  harForecastVariance,
  hmmForecastVariance,
  parseDurationMs,
} from "../../forecast/index.js";
import { parseIntFlag, parseNumberFlag, rejectFlags } from "../flags.js";
import { toJsonText } from "../json.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

const MODELS = ["ewma", "garch", "har", "hmm"] as const;
type Model = (typeof MODELS)[number];
const DAYS_PER_YEAR = 365;
/** Annualised figures from less data than this many days are labelled as such (as the backtest's and risk's). */
const FORECAST_ANNUALIZE_MIN_DAYS = 90;

type ForecastOptions = {
  data?: string;
  model?: string;
  horizon?: string;
  lambda?: string;
  halfLife?: string;
  evaluate?: boolean;
  dvol?: string;
  horizons?: string;
  refitEvery?: string;
  keepLast?: boolean;
  json?: boolean;
};

function existingFile(flag: string, path: string | undefined): string {
  if (path === undefined || path === "") throw new ConfigError({ path: flag, reason: "is required" });
  const file = resolve(path);
  checkInputPath(file, { field: flag, kind: "file" });
  return file;
}

/** Hourly log returns with the open time of the bar that ends each return. */
function hourlyReturns(file: string, keepLast: boolean) {
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

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** The fit and forecast of one model; every field camelCase, volatilities annualised (365-day year). */
export function runForecast(opts: {
  file: string;
  model: Model;
  horizon: number;
  lambda?: number;
  /** EWMA half-life in ms (λ = 2^(−barMs / halfLife) on the file's bars); exclusive with lambda. */
  halfLifeMs?: number;
  keepLast?: boolean;
}) {
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

function parseModel(raw: string | undefined): Model {
  if (raw === undefined)
    throw new ConfigError({ path: "--model", reason: `is required (one of ${MODELS.join(", ")})` });
  if (!(MODELS as readonly string[]).includes(raw))
    throw new ConfigError({ path: "--model", value: raw, reason: `must be one of ${MODELS.join(", ")}` });
  return raw as Model;
}

/**
 * `lpguard forecast --data FILE --model ewma|garch|har|hmm [--horizon H] [--json]`: fits a volatility model to an
 * OHLCV file (Binance hourly format; the last, partial bar is dropped unless `--keep-last`) and prints its
 * parameters and the annualised vol forecast for 1..H days. GARCH and HMM fit daily log returns, HAR the daily
 * realised variance from hourly returns, EWMA the hourly returns (λ default 0.994, a ≈ 5-day half-life).
 * `lpguard forecast --evaluate --data FILE [--dvol FILE]` prints the walk-forward table (QLIKE, MSE).
 */
export const registerForecast: RegisterCommand = (program, io) => {
  program
    .command("forecast")
    .description(
      "Fit a volatility / regime model to OHLCV data and forecast vol; or --evaluate them walk-forward.",
    )
    .option("--data <file>", "OHLCV CSV (timestamp,open,high,low,close,volume), e.g. Binance hourly")
    .option("--model <name>", `model: ${MODELS.join(" | ")}`)
    .option("--horizon <days>", "forecast horizons 1..H days", "7")
    .option("--lambda <decay>", "EWMA decay per bar of the file (hourly: default 0.994, a 4.8-day half-life)")
    .option("--half-life <duration>", 'EWMA half-life in time, e.g. "5d" or "36h" (instead of --lambda)')
    .option("--evaluate", "walk-forward evaluation of every model against realised variance")
    .option(
      "--dvol <file>",
      "with --evaluate: Deribit DVOL daily CSV (date,dvol_close) as an implied-vol forecaster",
    )
    .option("--horizons <list>", "with --evaluate: comma-separated horizons in days", "1,5,22")
    .option("--refit-every <days>", "with --evaluate: refit interval in days", "22")
    .option(
      "--keep-last",
      "keep the last bar (by default it is dropped: Binance files end with a partial candle)",
    )
    .option("--json", "print JSON")
    .action((opts: ForecastOptions, cmd: Command) => {
      if (opts.evaluate)
        rejectFlags(cmd, ["model", "horizon", "lambda", "halfLife"], "does not apply with --evaluate");
      else rejectFlags(cmd, ["dvol", "horizons", "refitEvery"], "applies only with --evaluate");
      if (!opts.evaluate && opts.lambda !== undefined && opts.model !== "ewma")
        rejectFlags(cmd, ["lambda"], "applies only to --model ewma");
      if (!opts.evaluate && opts.halfLife !== undefined && opts.model !== "ewma")
        rejectFlags(cmd, ["halfLife"], "applies only to --model ewma");
      if (opts.lambda !== undefined && opts.halfLife !== undefined)
        throw new ConfigError({
          path: "--half-life",
          value: opts.halfLife,
          reason: "give --half-life or --lambda, not both",
        });
      const file = existingFile("--data", opts.data);
      if (opts.evaluate) {
        const horizons = (opts.horizons ?? "1,5,22")
          .split(",")
          .map((h) => parseIntFlag("--horizons", h.trim(), { min: 1, max: 365 }));
        const refitEvery = parseIntFlag("--refit-every", opts.refitEvery ?? "22", { min: 1 });
        const dvol =
          opts.dvol !== undefined
            ? loadVolIndex(existingFile("--dvol", opts.dvol), { field: "--dvol" })
            : undefined;
        const { time, returns } = hourlyReturns(file, opts.keepLast ?? false);
        const ev = evaluateForecasters({ time, returns, dvol, horizons, refitEvery });
        if (opts.json) {
          io.out(toJsonText(ev));
          return;
        }
        io.out(
          `walk-forward: ${ev.origins} daily origins from ${new Date(ev.firstOriginMs).toISOString().slice(0, 10)} to ${new Date(ev.lastOriginMs).toISOString().slice(0, 10)}, ${ev.refits} refits\n`,
        );
        io.out(
          renderTable(
            ["model", "horizon (days)", "QLIKE", "MSE (annual var)"],
            ev.rows.map((r) => [r.model, r.horizon, formatNumber(r.qlike, 4), formatNumber(r.mse, 4)]),
          ),
        );
        io.out(
          renderTable(
            ["horizon (days)", "best QLIKE", "best MSE"],
            ev.winners.map((w) => [w.horizon, w.qlike, w.mse]),
          ),
        );
        return;
      }
      const model = parseModel(opts.model);
      const horizon = parseIntFlag("--horizon", opts.horizon ?? "7", { min: 1, max: 365 });
      const lambda =
        opts.lambda !== undefined
          ? parseNumberFlag("--lambda", opts.lambda, { positive: true, max: 0.999999 })
          : undefined;
      let halfLifeMs: number | undefined;
      if (opts.halfLife !== undefined)
        try {
          halfLifeMs = parseDurationMs(opts.halfLife, "--half-life");
        } catch (e) {
          if (e instanceof InvalidInputError)
            throw new ConfigError({
              path: "--half-life",
              value: opts.halfLife,
              reason: 'expected a duration such as "5d" or "36h"',
            });
          throw e;
        }
      const res = runForecast({ file, model, horizon, lambda, halfLifeMs, keepLast: opts.keepLast });
      if (opts.json) {
        io.out(toJsonText(res));
        return;
      }
      const params: [string, string][] = Object.entries(res.parameters).map(([k, v]) => [
        k,
        typeof v === "number"
          ? formatNumber(v, 6)
          : JSON.stringify(v, (_, x) => (typeof x === "number" ? Number(x.toPrecision(6)) : x)),
      ]);
      io.out(
        `${res.symbol} ${res.model} fitted on ${res.fittedOn} (${res.bars} bars, ${res.days} complete days)\n`,
      );
      io.out(renderKeyValue(params));
      const annual = res.annualizedShortWindow
        ? `annualised vol (from ${res.windowDays.toFixed(1)} d < ${FORECAST_ANNUALIZE_MIN_DAYS} d)`
        : "annualised vol";
      io.out(
        renderTable(
          ["horizon (days)", annual],
          res.forecast.map((f) => [f.horizonDays, pct(f.annualisedVol)]),
        ),
      );
    });
};
