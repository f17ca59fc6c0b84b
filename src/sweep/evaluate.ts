/**
 * One sweep point: a backtest of its spec (through `runBacktest`) reduced to a few metrics. A `SeriesCache` keeps
 * the loaded pool series per data window, so a worker loads each window once and reuses it across points (the
 * load is most of the cost of a 35-day passive backtest).
 */
import { isAbsolute, resolve } from "node:path";
import { dailyPnl, sampleVariance } from "../backtest/compare.js";
import type { BacktestConfig } from "../backtest/config.js";
import type { DataCache } from "../backtest/hedgeSetup.js";
import { runBacktest } from "../backtest/runBacktest.js";
import { loadPoolSeries } from "../data/index.js";
import { requireObject, requireString } from "../errors/guards.js";
import type { PoolSeries } from "../types/series.js";

/** Metrics of one point (quote units, cumulative over the window, unless said otherwise). */
export type PointMetrics = {
  /** finalValue − initialValue. */
  netPnl: number;
  fees: number;
  lvr: number;
  hedgePnl: number;
  funding: number;
  costs: number;
  /** Standard deviation of daily (UTC) PnL. */
  pnlVol: number;
  /** UTC days in the window (daily PnL observations). */
  days: number;
  /** Largest peak-to-trough fall of value, fraction. */
  maxDrawdown: number;
  /** Mean in-range fraction over all bars. */
  timeInRange: number;
  rebalances: number;
  hedgeTrades: number;
  /** Bars (minutes) of the window. */
  rows: number;
};

/** What a cache stores for a point: its metrics and the engine's strategy name. */
export type PointResult = { strategy: string; metrics: PointMetrics };

/** Pool series loaded by data window (absolute path, from, to); at most `capacity` kept (oldest dropped). */
export type SeriesCache = {
  get(spec: BacktestConfig, baseDir: string): PoolSeries;
  /** Windows loaded so far (loads, not hits). */
  readonly loads: number;
};

/** Returns an empty series cache. */
export function createSeriesCache(capacity = 4): SeriesCache {
  const map = new Map<string, PoolSeries>();
  let loads = 0;
  return {
    get(spec, baseDir) {
      const path = isAbsolute(spec.data.pool) ? spec.data.pool : resolve(baseDir, spec.data.pool);
      const key = JSON.stringify([path, spec.data.from ?? null, spec.data.to ?? null]);
      let s = map.get(key);
      if (s === undefined) {
        s = loadPoolSeries({ path, from: spec.data.from, to: spec.data.to });
        loads++;
        if (map.size >= capacity) map.delete(map.keys().next().value as string);
        map.set(key, s);
      }
      return s;
    },
    get loads() {
      return loads;
    },
  };
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/**
 * Returns the metrics of one point: runs its backtest on the cached series of its window. Pure given the files:
 * the same spec and data always give the same numbers, so a point may run any number of times anywhere.
 */
export function evaluatePoint(
  spec: BacktestConfig,
  baseDir: string,
  series: SeriesCache,
  dataCache?: DataCache,
): PointResult {
  requireObject(spec, "spec");
  requireString(baseDir, "baseDir");
  requireObject(series, "series");
  const run = runBacktest({
    config: spec,
    baseDir,
    series: series.get(spec, baseDir),
    record: true,
    cache: dataCache,
  });
  const t = run.totals;
  const a = t.attribution;
  const daily = dailyPnl(run.series, t.initialValue);
  return {
    strategy: run.strategy,
    metrics: {
      netPnl: t.pnl,
      fees: a.fees,
      lvr: a.lvr,
      hedgePnl: a.hedge,
      funding: a.funding,
      costs: a.costs,
      pnlVol: Math.sqrt(sampleVariance(daily)),
      days: daily.length,
      maxDrawdown: finite(t.maxDrawdown),
      timeInRange: finite(t.timeInRange),
      rebalances: t.rebalances,
      hedgeTrades: run.hedgeTrades,
      rows: t.rows,
    },
  };
}
