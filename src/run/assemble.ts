import { dirname, isAbsolute, resolve } from "node:path";
import {
  type CreateHedgeSetupReturnType,
  createHedgeSetup,
  type DataCache,
  hedgeReserveQuote,
} from "../backtest/hedgeSetup.js";
import { createStrategyFromConfig } from "../backtest/strategyFromConfig.js";
import { type BacktestConfig, poolMetaFromConfig } from "../config/index.js";
import { loadPoolSeries } from "../data/index.js";
import { createAmmPoolVenueModel } from "../engine/ammPoolVenueModel.js";
import { createEngine, type Engine } from "../engine/engine.js";
import type { EngineEvent } from "../engine/types.js";
import { requireObject, requireString } from "../errors/guards.js";
import type { PoolSeries } from "../types/series.js";
import { checkPositionTicks, positionStartingCash, withOpenEntryRow } from "./positionEntry.js";

export type AssembleParameters = {
  config: BacktestConfig;
  /** Folder that relative data paths in the config resolve against (the config file's folder). */
  baseDir: string;
  /** Preloaded series (skips loading). */
  series?: PoolSeries;
  /** Cache of loaded funding / lending / vol files shared between runs (compare, sweeps). */
  cache?: DataCache;
  /** Record the per-bar series (default true). */
  record?: boolean;
  /**
   * False: the hedge venues, policies and governors write no events (`events` then holds the engine's pool events
   * only). For a caller that reads no event log, e.g. the Monte Carlo kernel; the run is otherwise the same.
   */
  log?: boolean;
  /** False: the engine keeps no return statistics (see `CreateEngineParameters.returnStats`). Default true. */
  returnStats?: boolean;
  onProgress?: (bar: number) => void;
  progressEvery?: number;
};

export type AssembleReturnType = {
  engine: Engine;
  /** The strategy, venues and gate built from the config's hedges. */
  setup: CreateHedgeSetupReturnType;
  series: PoolSeries;
  events: EngineEvent[];
  /** Time spent loading the pool series, ms (0 when preloaded). */
  loadMs: number;
};

/** Returns the pool series a config names (its `data.pool` relative to `baseDir`, its dates). */
export function loadConfigSeries(config: BacktestConfig, baseDir: string): PoolSeries {
  requireObject(config, "config");
  requireObject(config.data, "config.data");
  requireString(baseDir, "baseDir");
  const path = isAbsolute(config.data.pool) ? config.data.pool : resolve(baseDir, config.data.pool);
  const meta = config.data.meta !== undefined ? poolMetaFromConfig(config.data.meta) : undefined;
  return loadPoolSeries({ path, from: config.data.from, to: config.data.to, ...(meta ? { meta } : {}) });
}

/**
 * Returns a steppable engine assembled from a run spec: the pool market, the range strategy, the hedge policies,
 * venues and gate (`createHedgeSetup`), costs, latency and the in-range mode. Calling it twice with the same
 * arguments gives two engines in the same state, so one may `restore` the other's snapshot.
 */
export function assemble(options: AssembleParameters): AssembleReturnType {
  requireObject(options, "options");
  requireObject(options.config, "options.config");
  let {
    config,
    baseDir,
    series,
    cache,
    record = true,
    log = true,
    returnStats,
    onProgress,
    progressEvery,
  } = options;
  let loadMs = 0;
  if (series === undefined) {
    const t0 = performance.now();
    series = loadConfigSeries(config, baseDir);
    loadMs = performance.now() - t0;
  }
  checkPositionTicks(config, series.meta);
  if (config.position.entry === "open") series = withOpenEntryRow(series);
  const cash = positionStartingCash(config, series);
  const events: EngineEvent[] = [];
  const setup = createHedgeSetup({
    config,
    range: createStrategyFromConfig(config),
    baseDir,
    series,
    events: log ? events : undefined,
    cache,
  });
  const engine = createEngine({
    market: series,
    strategy: setup.strategy,
    venues: setup.venues,
    gate: setup.gate,
    events,
    record,
    returnStats,
    // Margin / collateral of the hedges is capital on top of the LP deposit: every run holds the same position.
    deposit: cash.quote + hedgeReserveQuote(config),
    depositBase: cash.base,
    latencyMs: config.latencyMinutes * 60_000,
    inRangeMode: config.inRangeMode,
    costs: {
      gasQuotePerMint: config.costs.gasQuote,
      gasQuotePerBurn: config.costs.gasQuote,
      gasQuotePerSwap: config.costs.swapGasQuote,
      priceImpact: config.costs.priceImpact,
    },
    onProgress,
    progressEvery,
    poolModel: ammPoolModel(config),
  });
  return { engine, setup, series, events, loadMs };
}

/** Returns the pool-model factory of a v2 / weighted config (undefined: the v3 model). */
function ammPoolModel(config: BacktestConfig): Parameters<typeof createEngine>[0]["poolModel"] {
  const design = config.poolModel;
  if (design === undefined || design.kind === "v3") return undefined;
  return (p) => createAmmPoolVenueModel({ ...p, design });
}

/** Returns the folder relative paths of a config file resolve against. */
export function configBaseDir(file: string): string {
  requireString(file, "file");
  return dirname(resolve(file));
}
