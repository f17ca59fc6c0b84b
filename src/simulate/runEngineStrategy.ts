import type { DataCache } from "../backtest/hedgeSetup.js";
import { runBacktest } from "../backtest/runBacktest.js";
import type { BacktestConfig } from "../config/index.js";
import { KNOWN_POOLS } from "../data/pools.js";
import type { RangeConfig } from "../risk/configFile.js";
import type { PathModel } from "../sim/pathModel.js";
import type { Rng } from "../sim/rng.js";
import type { SimulationEngineConfig, SyntheticPoolConfig } from "./config.js";
import { createSyntheticPoolSeries } from "./syntheticSeries.js";

/** Columns of the rows `runEngineStrategyPaths` writes, one row per path. */
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

export type RunEngineStrategyPathsParameters = {
  engine: SimulationEngineConfig;
  /** The passive strategy's range (the simulation strategy's range or the position's). */
  range: RangeConfig;
  deposit: number;
  pool: SyntheticPoolConfig;
  model: PathModel;
  initialPrice: number;
  steps: number;
  horizonYears: number;
  horizonDays: number;
  /** Returns the rng of path i (the same as the kernels', so path i is the same price path). */
  rngOfPath: (i: number) => Rng;
  paths: number;
  /** Folder that data files of the hedge venues resolve against. */
  baseDir: string;
  /** Called after every path with the number of paths done. */
  onPath?: (done: number) => void;
};

/**
 * Returns one row of ENGINE_PATH_COLUMNS per path (row-major Float64Array, quote units): for path i, the price path
 * of `model` from `rngOfPath(i)` becomes a synthetic PoolSeries (`createSyntheticPoolSeries`, the volume factors
 * drawn from the same rng after the path), and the backtest's own strategy and hedges (`runBacktest` →
 * `createStrategyFromConfig` + `createHedgeSetup` → `runEngine`) run over it. Columns: total PnL (value change of
 * deposit + hedge reserves), fees, LVR, hedge PnL (hedge + funding + premium attribution), costs (all of them),
 * hedge trades, mean in-range fraction and pool re-centrings.
 *
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al. 2022, LVR)
 */
export function runEngineStrategyPaths(p: RunEngineStrategyPathsParameters): Float64Array {
  const meta = KNOWN_POOLS[p.pool.pool];
  const stepMs = (p.horizonDays * 86_400_000) / p.steps;
  const stepDays = p.horizonDays / p.steps;
  const builder = createSyntheticPoolSeries({
    meta,
    rows: p.steps + 1,
    stepMs,
    liquidity: p.pool.liquidity,
    volumeQuotePerStep: p.pool.dailyTurnover * p.pool.tvl * stepDays,
    volumeSigma: p.pool.volumeSigma,
    lowHigh: p.pool.lowHigh,
  });
  const e = p.engine;
  const config: BacktestConfig = {
    data: { pool: "(synthetic)" },
    position: { deposit: p.deposit, range: p.range, entry: "close" },
    strategy: e.strategy,
    costs: e.costs,
    latencyMinutes: e.latencyMinutes,
    inRangeMode: e.inRangeMode,
    hedge: e.hedge,
    hedges: e.hedges,
    venues: e.venues,
  };
  const cache: DataCache = new Map();
  const prices = new Float64Array(p.steps + 1);
  const dt = p.horizonYears / p.steps;
  const cols = ENGINE_PATH_COLUMNS.length;
  const rows = new Float64Array(p.paths * cols);
  for (let i = 0; i < p.paths; i++) {
    const rng = p.rngOfPath(i);
    prices[0] = p.initialPrice;
    p.model.fillPath(rng, prices, dt);
    builder.fill(prices, rng);
    const r = runBacktest({ config, baseDir: p.baseDir, series: builder.series, cache, record: false });
    const a = r.totals.attribution;
    const o = i * cols;
    rows[o] = r.totals.pnl;
    rows[o + 1] = a.fees;
    rows[o + 2] = a.lvr;
    rows[o + 3] = a.hedge + a.funding + a.premium;
    rows[o + 4] = a.costs;
    rows[o + 5] = r.hedgeTrades;
    rows[o + 6] = r.totals.timeInRange;
    rows[o + 7] = r.totals.rebalances;
    p.onPath?.(i + 1);
  }
  return rows;
}
