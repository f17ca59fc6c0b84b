/**
 * The engine as a Monte Carlo path kernel: per path a synthetic pool series and one engine run of a backtest
 * config. The config is JSON-serialisable, so the same kernel runs in worker threads (`src/sim/parallel` loads this
 * module by URL); path i always uses the rng the runner gives it, so the rows do not depend on the worker count.
 */
import {
  type CreateHedgeSetupReturnType,
  type DataCache,
  hedgeReserveQuote,
} from "../backtest/hedgeSetup.js";
import type { BacktestConfig } from "../config/index.js";
import type { Engine, EngineSeries, EngineSnapshot } from "../engine/engine.js";
import type { EngineEvent } from "../engine/types.js";
import { ConfigError } from "../errors/config.js";
import { InvalidInputError } from "../errors/math.js";
import { assemble } from "../run/assemble.js";
import type { KernelDefinition, PathKernel } from "../sim/kernels/types.js";
import { createPriceModel, type PriceModelConfig } from "../sim/priceModel.js";
import type { Rng } from "../sim/rng.js";
import type { PoolMeta } from "../types/series.js";
import { createSyntheticPoolSeries } from "./syntheticSeries.js";

/** Columns of the rows the engine kernel writes, one row per path (quote units unless stated). */
export const ENGINE_PATH_COLUMNS = [
  "totalPnl",
  "fees",
  "lvr",
  "hedgePnl",
  "costs",
  "hedgeTrades",
  "inRangeFraction",
  "poolRebalances",
] as const;

/** The JSON-serialisable config of the engine kernel. */
export type EnginePathConfig = {
  /** The backtest run spec of the strategy (data.pool is ignored: the series is synthetic). */
  backtest: BacktestConfig;
  /** Folder that data files of the hedge venues resolve against. */
  baseDir: string;
  /** Pool meta of the synthetic series (tokens, decimals, fee, tick spacing). */
  meta: PoolMeta;
  /** Constant active liquidity L of the pool (raw v3 units). */
  liquidity: number;
  /** Noise volume per step in quote units (before the lognormal factor), half in each token. */
  volumeQuotePerStep: number;
  volumeSigma: number;
  lowHigh: "close" | "endpoints";
  model: PriceModelConfig;
  initialPrice: number;
  steps: number;
  horizonYears: number;
  horizonDays: number;
};

/** An engine path kernel: `runPath` as every kernel, `runPathTrace` also writes deposit + PnL after each step. */
export type EnginePathKernel = PathKernel & {
  runPathTrace(rng: Rng, out: Float64Array, offset: number, trace: Float64Array): void;
};

/**
 * Returns the engine kernel of `raw` (an EnginePathConfig): for each path the price path of `model` from the rng
 * becomes a synthetic PoolSeries (`createSyntheticPoolSeries`, volume factors drawn from the same rng after the
 * path), and the backtest's strategy and hedges run over it: one engine assembled once (`assemble`, as
 * `runBacktest` does) and restored per path to its state after bar 0, with the same rows as a fresh run per path.
 * Row: total PnL (value change of deposit + hedge reserves), fees, LVR, hedge PnL (hedge + funding + premium),
 * costs (all of them), hedge trades, mean in-range fraction and pool re-centrings.
 *
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al. 2022, LVR)
 * @throws {InvalidInputError} for a config that is not an object or a bad series parameter.
 */
export function createEnginePathKernel(raw: unknown): EnginePathKernel {
  if (typeof raw !== "object" || raw === null)
    throw new InvalidInputError({ field: "config", value: raw, expected: "an engine path config object" });
  const p = raw as EnginePathConfig;
  const builder = pathSeriesBuilder(p);
  const model = createPriceModel(p.model);
  const config = p.backtest;
  const reserve = hedgeReserveQuote(config);
  const deposit = config.position.deposit ?? 0;
  const cache: DataCache = new Map();
  const prices = new Float64Array(p.steps + 1);
  // The path's running log sum, for a model that writes one (GBM): the series reads its ticks from it (same ticks).
  const logs = model.fillPathLog === undefined ? undefined : new Float64Array(p.steps + 1);
  const dt = p.horizonYears / p.steps;
  // One assembled run per kernel and recording mode, built on the first path and reset for every later one to its
  // snapshot after bar 0: assembling (config → strategy, venues, engine closures) per path cost more than its steps,
  // fresh closures per path kept V8 from inlining the strategy and venue calls of the engine loop, and bar 0 (the
  // exact BigInt mint, the hedge's margin deposit) cost as much as ~150 later bars. Row 0 of every path is the same
  // (the initial price, no volume) and the engine never reads a later row before stepping to it, so the state after
  // bar 0 is the same for every path. The engine's market is the builder's series, rewritten in place by `fill`.
  // Test: the rows and traces equal a fresh `runBacktest` per path. No row reads the event log, so the hedge venues
  // write none (`log: false`): a perp's hedge event was ~440 bytes and two margin reads per trade.
  const runs: (ReusedRun | undefined)[] = [undefined, undefined];
  const fillPath = (rng: Rng) => {
    prices[0] = p.initialPrice;
    if (logs !== undefined && model.fillPathLog !== undefined) model.fillPathLog(rng, prices, dt, logs);
    else model.fillPath(rng, prices, dt);
    try {
      builder.fill(prices, rng, logs);
    } catch (e) {
      // A path model that drives the price to 0, ∞ or past the tick range is the config's model, not an internal.
      if (e instanceof InvalidInputError)
        throw new ConfigError({
          path: "model",
          reason: `its price path leaves what a pool can represent (${e.shortMessage.replace(/\.$/, "")}); lower the volatility or the horizon`,
        });
      throw e;
    }
  };
  // False once a snapshot failed: a part without state() (proactiveHedge, staticStripOverlay) cannot be reset, so
  // such a run is assembled afresh for every path.
  let resettable = true;
  const run = (rng: Rng, out: Float64Array, offset: number, record: boolean): Engine => {
    fillPath(rng);
    const k = record ? 1 : 0;
    let r = runs[k];
    if (r === undefined || r.start === undefined) {
      // No row reads the return statistics (Sharpe, drawdown): the engine keeps none (two divisions a bar).
      const a = assemble({
        config,
        baseDir: p.baseDir,
        series: builder.series,
        cache,
        record,
        log: false,
        returnStats: false,
      });
      a.engine.advance(1);
      let start: EngineSnapshot | undefined;
      if (resettable)
        try {
          start = a.engine.snapshot();
        } catch (e) {
          if (!(e instanceof InvalidInputError)) throw e;
          resettable = false;
        }
      r = { engine: a.engine, setup: a.setup, events: a.events, start };
      runs[k] = r;
    }
    if (r.start !== undefined) {
      // Every path, the first too, runs from the restored state, so its objects (positions, the queue's arrays) have
      // the same hidden classes on every path. The engine's own event log (pool events) is emptied, not grown.
      r.events.length = 0;
      r.engine.restore(r.start, { rewind: true });
    }
    const { engine, setup } = r;
    engine.advance();
    const t = engine.totals();
    const a = t.attribution;
    out[offset] = t.pnl;
    out[offset + 1] = a.fees;
    out[offset + 2] = a.lvr;
    out[offset + 3] = a.hedge + a.funding + a.premium;
    out[offset + 4] = a.costs;
    out[offset + 5] = (setup.perp?.trades ?? 0) + (setup.lending?.trades ?? 0) + (setup.options?.trades ?? 0);
    out[offset + 6] = t.timeInRange;
    out[offset + 7] = t.rebalances;
    return engine;
  };
  return {
    columns: ENGINE_PATH_COLUMNS,
    runPath(rng, out, offset) {
      run(rng, out, offset, false);
    },
    runPathTrace(rng, out, offset, trace) {
      const value = (run(rng, out, offset, true).series() as EngineSeries).value;
      // value includes the hedge reserve; the trace starts at the deposit (before any cost) like the kernels'
      trace[0] = deposit;
      for (let i = 1; i < trace.length; i++) trace[i] = value[Math.min(i, value.length - 1)] - reserve;
    },
  };
}

/** One assembled engine run the kernel reuses for every path (see `createEnginePathKernel`). */
type ReusedRun = {
  engine: Engine;
  setup: CreateHedgeSetupReturnType;
  events: EngineEvent[];
  /** The engine's state after bar 0 (undefined: a part has no state, so every path assembles anew). */
  start: EngineSnapshot | undefined;
};

/** The synthetic pool series builder of an engine path config (one row per step plus the start; rewritten per path). */
export function pathSeriesBuilder(p: EnginePathConfig): ReturnType<typeof createSyntheticPoolSeries> {
  return createSyntheticPoolSeries({
    meta: p.meta,
    rows: p.steps + 1,
    stepMs: (p.horizonDays * 86_400_000) / p.steps,
    liquidity: p.liquidity,
    volumeQuotePerStep: p.volumeQuotePerStep,
    volumeSigma: p.volumeSigma,
    lowHigh: p.lowHigh,
  });
}

/** The engine kernel for `runPaths` / `createWorkerPool` (loaded by URL in the worker threads). */
export const engineKernel: KernelDefinition = {
  name: "engine",
  columns: ENGINE_PATH_COLUMNS,
  create: createEnginePathKernel,
};

/** The export the worker threads look up (see `RunPathsParameters.module`). */
export const pathKernel = engineKernel;
