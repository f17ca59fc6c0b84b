import { resolve } from "node:path";
import type { Command } from "commander";
import { checkInputPath } from "../../data/inputPath.js";
import { loadVolIndex } from "../../data/volIndex.js";
import { ConfigError } from "../../errors/config.js";
import { InvalidInputError } from "../../errors/index.js";
import { evaluateForecasters, parseDurationMs } from "../../forecast/index.js";
import {
  FIT_MODELS,
  type FitModel,
  FORECAST_ANNUALIZE_MIN_DAYS,
  hourlyReturns,
  runForecast,
} from "../../run/runForecast.js";
import { parseIntFlag, parseNumberFlag, rejectFlags } from "../flags.js";
import { toJsonText } from "../json.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

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

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function parseModel(raw: string | undefined): FitModel {
  if (raw === undefined)
    throw new ConfigError({ path: "--model", reason: `is required (one of ${FIT_MODELS.join(", ")})` });
  if (!(FIT_MODELS as readonly string[]).includes(raw))
    throw new ConfigError({
      path: "--model",
      value: raw,
      reason: `must be one of ${FIT_MODELS.join(", ")}`,
    });
  return raw as FitModel;
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
    .option("--model <name>", `model: ${FIT_MODELS.join(" | ")}`)
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
