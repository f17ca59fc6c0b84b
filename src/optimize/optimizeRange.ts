/**
 * The range optimiser: from a trailing window of the pool it reads the fee income per unit of liquidity and the
 * returns, forecasts the horizon's volatility (EWMA or GARCH(1,1), `src/forecast`), scores every candidate range
 * width (and hedge band) with the model of `rangeModel.ts`, then re-checks the best candidates by backtest on the
 * trailing window and picks the best by the sweep's utility (net PnL − λ · pnlVol² · days).
 */
import { type BacktestConfig, parseBacktestConfig } from "../backtest/config.js";
import { requireArrayLike, requireInteger, requireNumber, requireObject } from "../errors/guards.js";
import {
  createEwmaForecaster,
  decayPerStep,
  fitGarch11,
  garchForecastVariance,
  parseDurationMs,
} from "../forecast/index.js";
import { createSeriesCache, evaluatePoint, type PointMetrics, type SeriesCache } from "../sweep/evaluate.js";
import { setPath } from "../sweep/points.js";
import type { OptimizeSettings } from "./config.js";
import { poolStats } from "./poolStats.js";
import {
  estimateRange,
  type RangeCandidate,
  type RangeEstimate,
  type RangeModelMarket,
} from "./rangeModel.js";

/** Returns the raw run spec of a candidate: ±w % passive range, the hedge template at `band` or no hedge. */
export function candidateRun(
  run: Record<string, unknown>,
  settings: Pick<OptimizeSettings, "hedge">,
  c: RangeCandidate,
  window?: { from: string; to: string },
): Record<string, unknown> {
  requireObject(run, "run");
  requireObject(settings, "settings");
  requireObject(c, "candidate");
  const raw = structuredClone(run);
  setPath(raw, "position.range", { belowPct: c.widthPct, abovePct: c.widthPct });
  setPath(raw, "strategy", { kind: "passive" });
  setPath(raw, "hedge", c.band === null ? null : hedgeAt(settings, c.band));
  delete raw.hedges;
  if (window !== undefined) setPath(raw, "data", window, true);
  return raw;
}

/** Returns the hedge template with its trigger at an absolute band. */
export function hedgeAt(settings: Pick<OptimizeSettings, "hedge">, band: number): Record<string, unknown> {
  requireObject(settings, "settings");
  requireNumber(band, "band");
  return { ...settings.hedge, trigger: { kind: "absolute", band } };
}

/** The forecast the decision used. */
export type OptimizeForecast = {
  model: "ewma" | "garch";
  /** Forecast variance of the log price over the horizon. */
  horizonVariance: number;
  /** The same, annualised: √(horizonVariance / horizon in years). */
  volatility: number;
  /** Close-to-close volatility of the trailing window, annualised. */
  realisedVol: number;
};

/** A candidate re-checked by backtest on the trailing window. */
export type CheckedCandidate = RangeCandidate & { metrics: PointMetrics; utility: number };

export type OptimizeRangeReturnType = {
  window: { from: string | undefined; to: string | undefined };
  price: number;
  horizonDays: number;
  forecast: OptimizeForecast;
  /** Pool fee income per unit of raw liquidity per minute (trailing mean), quote. */
  feePerRawLMinute: number;
  /** Every candidate, best model objective first. */
  candidates: RangeEstimate[];
  checked: CheckedCandidate[];
  /** The model's best candidate. */
  modelChoice: RangeCandidate;
  /** The best checked candidate (the model's best when nothing is checked). */
  choice: RangeCandidate;
};

/** Returns the horizon variance of the log price forecast from bar returns. */
export function forecastHorizonVariance(
  returns: Float64Array,
  bars: number,
  forecast: OptimizeSettings["forecast"],
): number {
  requireArrayLike(returns, "returns");
  requireInteger(bars, "bars");
  requireObject(forecast, "forecast");
  if (forecast.model === "garch" && returns.length >= 30) {
    const fit = fitGarch11(returns, { periodsPerYear: (365 * 1440) / forecast.barMinutes });
    return garchForecastVariance(fit, fit.nextVariance, bars);
  }
  const barMs = forecast.barMinutes * 60_000;
  const lambda =
    forecast.halfLife !== undefined
      ? decayPerStep(parseDurationMs(forecast.halfLife, "optimize.forecast.halfLife"), barMs)
      : (forecast.lambdaPerBar ?? 0.97);
  const f = createEwmaForecaster({
    lambda,
    warmup: Math.min(20, Math.max(1, returns.length)),
  });
  for (const r of returns) f.add(r);
  return f.forecastVariance(bars);
}

/** Utility of backtest metrics: netPnl − λ · pnlVol² · days (the sweep's utility objective). */
export function utilityOf(m: PointMetrics, riskAversion: number): number {
  requireObject(m, "metrics");
  requireNumber(riskAversion, "riskAversion");
  return m.netPnl - riskAversion * m.pnlVol * m.pnlVol * m.days;
}

export type OptimizeRangeParameters = {
  /** The raw run spec (its data window is the trailing window the decision is made on). */
  run: Record<string, unknown>;
  baseDir: string;
  settings: OptimizeSettings;
  /** Loaded windows, shared across calls (default: a new cache). */
  series?: SeriesCache;
};

/** Returns the optimiser's proposal for the trailing window of `run`. */
export function optimizeRange(options: OptimizeRangeParameters): OptimizeRangeReturnType {
  requireObject(options, "options");
  requireObject(options.run, "options.run");
  requireObject(options.settings, "options.settings");
  const { run, baseDir, settings, series = createSeriesCache() } = options;
  const base: BacktestConfig = parseBacktestConfig(candidateRun(run, settings, { widthPct: 10, band: null }));
  const trailing = series.get(base, baseDir);
  const stats = poolStats(trailing, settings.forecast.barMinutes);
  const horizonDays = settings.horizonDays ?? settings.trailingDays;
  const bars = Math.max(1, Math.round((horizonDays * 1440) / settings.forecast.barMinutes));
  const horizonVariance = forecastHorizonVariance(stats.returns, bars, settings.forecast);
  const perp = base.venues.perp;
  const market: RangeModelMarket = {
    price: stats.price,
    horizonVariance,
    horizonDays,
    feePerRawLMinute: stats.feePerRawLMinute,
    rawPerHumanL: stats.rawPerHumanL,
    poolFee: trailing.meta.fee,
    // candidateRun always writes a deposit.
    deposit: base.position.deposit!,
    gasQuote: base.costs.gasQuote,
    hedgeCostRate: perp.takerFee + perp.halfSpreadBps / 10_000,
  };
  const candidates: RangeEstimate[] = [];
  for (const w of settings.widthsPct)
    for (const b of settings.hedgeBands)
      candidates.push(estimateRange(market, { widthPct: w, band: b }, settings.riskAversion));
  candidates.sort((x, y) => y.objective - x.objective);
  const dataCache = new Map();
  const checked: CheckedCandidate[] = candidates.slice(0, settings.check).map((c) => {
    const spec = parseBacktestConfig(candidateRun(run, settings, c));
    const { metrics } = evaluatePoint(spec, baseDir, series, dataCache);
    return {
      widthPct: c.widthPct,
      band: c.band,
      metrics,
      utility: utilityOf(metrics, settings.riskAversion),
    };
  });
  const pick = (c: RangeCandidate): RangeCandidate => ({ widthPct: c.widthPct, band: c.band });
  const bestChecked = [...checked].sort((x, y) => y.utility - x.utility)[0];
  return {
    window: { from: base.data.from, to: base.data.to },
    price: stats.price,
    horizonDays,
    forecast: {
      model: settings.forecast.model,
      horizonVariance,
      volatility: Math.sqrt(horizonVariance / (horizonDays / 365)),
      realisedVol: stats.realisedVol,
    },
    feePerRawLMinute: stats.feePerRawLMinute,
    candidates,
    checked,
    modelChoice: pick(candidates[0]),
    choice: pick(bestChecked ?? candidates[0]),
  };
}
