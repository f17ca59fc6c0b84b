import { dirname, resolve } from "node:path";
import { type BacktestConfig, loadBacktestConfig } from "../config/index.js";
import type { Engine, EngineSeries, EngineTotals } from "../engine/index.js";
import type { EngineEvent, VenueModel } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import { assemble } from "../run/assemble.js";
import type { PoolMeta, PoolSeries } from "../types/series.js";
import type { DataCache } from "./hedgeSetup.js";
import { latencyNotices } from "./latencyNotices.js";

export { createStrategyFromConfig } from "./strategyFromConfig.js";

export type RunBacktestParameters = {
  config: BacktestConfig;
  /** Folder that relative data paths in the config resolve against (the config file's folder). */
  baseDir: string;
  /** Preloaded series (skips loading; for tests and benchmarks). */
  series?: PoolSeries;
  onProgress?: (bar: number, total: number) => void;
  /** Cache of loaded funding / lending files shared between runs (compare). */
  cache?: DataCache;
  /** Record the per-bar series (default true). */
  record?: boolean;
  /**
   * Also record the per-bar delta (base units) of the LP book and of the hedge venues after each bar's settlement
   * (`RunBacktestReturnType.delta`; default false). The run steps bar by bar then; its numbers are the same.
   */
  recordDelta?: boolean;
};

/** Per-bar delta of a run (base units, after the bar's settlement); `net[i] = lp[i] + hedge[i]`. */
export type BacktestDeltaSeries = {
  /** LP book: open positions (amounts and owed fees in base) plus idle base cash. */
  lp: Float64Array;
  /** Σ of the hedge venues' deltas (perp position, −borrowed base, option deltas). */
  hedge: Float64Array;
  net: Float64Array;
};

export type RunBacktestReturnType = {
  config: BacktestConfig;
  meta: PoolMeta;
  strategy: string;
  totals: EngineTotals;
  series: EngineSeries;
  /** Time spent loading data, ms (0 when preloaded). */
  loadMs: number;
  /** The run's event log: pool intents, hedge fills, funding, liquidations, governor decisions. */
  events: EngineEvent[];
  /** Fills on hedge venues (perp trades, borrow/repay swaps). */
  hedgeTrades: number;
  /** Liquidations of hedge positions. */
  liquidations: number;
  /** Net lending interest booked into the premium attribution (quote; 0 without a lending hedge). */
  lendingInterest: number;
  /** Option premium paid (bought − sold, at model prices; quote; 0 without options). */
  optionPremiumPaid: number;
  /** Notices about the config as run (a latency rounded up to the data's bar: see latencyNotices). */
  notices: string[];
  /** The per-bar deltas, when `recordDelta` was asked for. */
  delta?: BacktestDeltaSeries;
};

/**
 * Returns a backtest run: loads the pool minute series named by the config (relative to `baseDir`), builds the
 * strategy and runs the engine over every row.
 */
export function runBacktest(options: RunBacktestParameters): RunBacktestReturnType {
  const {
    config,
    baseDir,
    series,
    onProgress,
    cache,
    record = true,
    recordDelta = false,
  } = requireObject(options, "options");
  requireObject(options.config, "options.config");
  let total = series?.length ?? 0;
  const a = assemble({
    config,
    baseDir,
    series,
    cache,
    record,
    onProgress: onProgress ? (bar) => onProgress(bar, total) : undefined,
    progressEvery: 16_384,
  });
  total = a.series.length;
  const { engine, setup, events } = a;
  const delta = recordDelta ? stepRecordingDelta(engine, setup.venues, total) : undefined;
  if (delta === undefined) engine.advance();
  const hedgeTrades = (setup.perp?.trades ?? 0) + (setup.lending?.trades ?? 0) + (setup.options?.trades ?? 0);
  const liquidations =
    (setup.perp?.market.liquidationCount ?? 0) + (setup.lending?.market.liquidationCount ?? 0);
  return {
    config,
    meta: a.series.meta,
    strategy: setup.strategy.name,
    totals: engine.totals(),
    series: engine.series() as EngineSeries,
    loadMs: a.loadMs,
    events,
    hedgeTrades,
    liquidations,
    lendingInterest: setup.lending?.interest ?? 0,
    optionPremiumPaid: setup.options?.premiumPaid ?? 0,
    notices: latencyNotices(config, a.series),
    ...(delta !== undefined ? { delta } : {}),
  };
}

/** Steps `engine` to the end of its market, reading the LP and hedge deltas after every bar. */
function stepRecordingDelta(
  engine: Engine,
  venues: readonly VenueModel[],
  rows: number,
): BacktestDeltaSeries {
  const lp = new Float64Array(rows);
  const hedge = new Float64Array(rows);
  const net = new Float64Array(rows);
  let i = 0;
  while (i < rows && engine.step()) {
    const price = engine.price;
    let h = 0;
    for (let v = 0; v < venues.length; v++) h += venues[v].delta(price);
    const l = engine.pool.delta(price) + engine.ledger.cashBase;
    lp[i] = l;
    hedge[i] = h;
    net[i] = l + h;
    i++;
  }
  return { lp, hedge, net };
}

/** Returns a backtest run from a config file; data paths resolve relative to the file's folder. */
export function runBacktestFile(
  file: string,
  onProgress?: (bar: number, total: number) => void,
  options: { recordDelta?: boolean } = {},
): RunBacktestReturnType {
  const config = loadBacktestConfig(file);
  return runBacktest({
    config,
    baseDir: dirname(resolve(file)),
    onProgress,
    recordDelta: options.recordDelta,
  });
}
