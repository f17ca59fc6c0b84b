import { dirname, isAbsolute, resolve } from "node:path";
import { type BacktestConfig, loadBacktestConfig } from "../config/index.js";
import { loadPoolSeries } from "../data/index.js";
import { type EngineSeries, type EngineTotals, runEngine } from "../engine/index.js";
import type { EngineEvent, Strategy } from "../engine/types.js";
import { fullRange, holdTokens, passiveRange, recenterRange } from "../strategy/index.js";
import type { PoolMeta, PoolSeries } from "../types/series.js";
import { createHedgeSetup, type DataCache, hedgeReserveQuote } from "./hedgeSetup.js";

/** Returns the range strategy a config describes (its hedges are added by createHedgeSetup). */
export function createStrategyFromConfig(config: BacktestConfig): Strategy {
  const s = config.strategy;
  switch (s.kind) {
    case "passive": {
      const r = config.position.range!;
      return passiveRange({
        range:
          r.lower !== undefined
            ? { lower: r.lower, upper: r.upper! }
            : { belowPct: r.belowPct!, abovePct: r.abovePct! },
      });
    }
    case "fullRange":
      return fullRange();
    case "recenter":
      return recenterRange(s.params);
    case "hold":
      return holdTokens(s.params ?? {});
  }
}

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
};

/**
 * Returns a backtest run: loads the pool minute series named by the config (relative to `baseDir`), builds the
 * strategy and runs the engine over every row.
 */
export function runBacktest({
  config,
  baseDir,
  series,
  onProgress,
  cache,
  record = true,
}: RunBacktestParameters): RunBacktestReturnType {
  let loadMs = 0;
  if (series === undefined) {
    const t0 = performance.now();
    const path = isAbsolute(config.data.pool) ? config.data.pool : resolve(baseDir, config.data.pool);
    series = loadPoolSeries({ path, from: config.data.from, to: config.data.to });
    loadMs = performance.now() - t0;
  }
  const events: EngineEvent[] = [];
  const setup = createHedgeSetup({
    config,
    range: createStrategyFromConfig(config),
    baseDir,
    series,
    events,
    cache,
  });
  const strategy = setup.strategy;
  const total = series.length;
  const r = runEngine({
    series,
    strategy,
    venues: setup.venues,
    gate: setup.gate,
    events,
    record,
    // Margin / collateral of the hedges is capital on top of the LP deposit: every run holds the same position.
    deposit: config.position.deposit + hedgeReserveQuote(config),
    latencyBars: config.latencyMinutes,
    inRangeMode: config.inRangeMode,
    costs: {
      gasQuotePerMint: config.costs.gasQuote,
      gasQuotePerBurn: config.costs.gasQuote,
      gasQuotePerSwap: config.costs.swapGasQuote,
      priceImpact: config.costs.priceImpact,
    },
    onProgress: onProgress ? (bar) => onProgress(bar, total) : undefined,
    progressEvery: 16_384,
  });
  const hedgeTrades = (setup.perp?.trades ?? 0) + (setup.lending?.trades ?? 0) + (setup.options?.trades ?? 0);
  const liquidations =
    (setup.perp?.market.liquidationCount ?? 0) + (setup.lending?.market.liquidationCount ?? 0);
  return {
    config,
    meta: series.meta,
    strategy: strategy.name,
    totals: r.totals,
    series: r.series as EngineSeries,
    loadMs,
    events,
    hedgeTrades,
    liquidations,
    lendingInterest: setup.lending?.interest ?? 0,
    optionPremiumPaid: setup.options?.premiumPaid ?? 0,
  };
}

/** Returns a backtest run from a config file; data paths resolve relative to the file's folder. */
export function runBacktestFile(
  file: string,
  onProgress?: (bar: number, total: number) => void,
): RunBacktestReturnType {
  const config = loadBacktestConfig(file);
  return runBacktest({ config, baseDir: dirname(resolve(file)), onProgress });
}
