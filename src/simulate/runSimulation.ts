import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { BacktestConfig } from "../config/index.js";
import { loadOhlcv } from "../data/ohlcv.js";
import { KNOWN_POOLS } from "../data/pools.js";
import { formatDate, parseDateMs } from "../data/timestamp.js";
import { ConfigError, checkMemoryBudget } from "../errors/config.js";
import { requireFinite, requireObject } from "../errors/guards.js";
import { analyzePosition } from "../math/position/index.js";
import { logReturns, MS_PER_YEAR } from "../math/stats/index.js";
import { tickToPrice } from "../math/units.js";
import { type RangeConfig, resolveRange } from "../risk/configFile.js";
import type { LpHedgeHedgeConfig } from "../sim/kernels/index.js";
import {
  createWorkerPool,
  type RunPathsReturnType,
  runPaths,
  type WorkerPool,
} from "../sim/parallel/index.js";
import type { PriceModelConfig } from "../sim/priceModel.js";
import { createRng } from "../sim/rng.js";
import { column, type Summary, summarize } from "../sim/summarize.js";
import type { PoolMeta } from "../types/series.js";
import {
  DEFAULT_SYNTHETIC_POOL,
  engineSchema,
  type SimulationConfig,
  type SimulationEngineConfig,
  type SimulationStrategyConfig,
} from "./config.js";
import {
  createEnginePathKernel,
  ENGINE_PATH_COLUMNS,
  type EnginePathConfig,
  engineKernel,
} from "./engineKernel.js";

const DAY_MS = 86_400_000;

/**
 * Paths per batch. Path i runs in batch b = ⌊i / BATCH_PATHS⌋ with `createRng(batchSeed(seed, b), i mod
 * BATCH_PATHS)`: batches let the CLI report progress, and since the split depends on neither the worker count nor
 * the total, the same seed gives the same path i in every run.
 */
export const BATCH_PATHS = 1000;

/** Returns the runner seed of batch `b`: seed + b·2³² (createRng mixes the high word in). */
export function batchSeed(seed: number, b: number): number {
  requireFinite(seed, "seed");
  requireFinite(b, "batch");
  return seed + b * 2 ** 32;
}

export type RunSimulationOptions = {
  /** Number of paths, ≥ 1 (every strategy runs on the same paths). */
  paths: number;
  /** Integer seed in [0, 2³²). */
  seed: number;
  /** Worker threads (default 1 = this thread). The results do not depend on it. */
  workers?: number;
  /** Folder that relative data paths in the config resolve against (default the CWD). */
  baseDir?: string;
  /** Paths whose per-step values are recorded for the fan charts (default min(200, paths)). */
  tracePaths?: number;
  /** Called after every batch with paths done and total (over all strategies). */
  onProgress?: (done: number, total: number) => void;
};

/** Distribution summaries of one strategy over all paths (quote units). */
export type StrategyResult = {
  name: string;
  lower: number;
  upper: number;
  hedge: (Required<Omit<LpHedgeHedgeConfig, "mode">> & { mode: "interval" | "band" }) | null;
  /** What ran it: always the engine on a synthetic pool series (the kernels are only an analytic oracle now). */
  kernel: "engine";
  /** The engine strategy kind, its hedge kinds and the mean pool re-centrings per path. */
  engine: { strategy: string; hedges: string[]; meanPoolRebalances: number };
  totalPnl: Summary;
  fees: Summary;
  lvr: Summary;
  hedgePnl: Summary;
  /** Hedge trading costs. */
  costs: Summary;
  /** Hedge trades per path (kernels: hedge rebalances; engine: fills on the hedge venues). */
  hedgeTrades: Summary;
  /** Mean realised LVR per year: mean(lvr) / horizonYears. */
  lvrPerYear: number;
  /** Monte Carlo standard error of lvrPerYear. */
  lvrPerYearStdError: number;
  /** LVR rate of the position at S0 and the model's volatility (σ²L√P/4 inside the range), quote per year. */
  theoreticalLvrPerYear: number;
  meanInRangeFraction: number;
  /** Mean hedge trades per path (= hedgeTrades.mean). */
  meanRebalances: number;
};

/** The JSON report of a simulation (every field camelCase). */
export type SimulationReport = {
  model: Record<string, unknown> & { kind: string; volatility: number };
  initialPrice: number;
  horizonDays: number;
  steps: number;
  paths: number;
  seed: number;
  pool: { feeRate: number; noise: { turnoverPerYear: number; volumeSigma: number } | null };
  /** The synthetic pool every strategy runs on (derived: built from `pool`, see resolvePool). */
  syntheticPool: {
    pool: string;
    fee: number;
    liquidity: number;
    tvl: number;
    dailyTurnover: number;
    volumeSigma: number;
    lowHigh: "close" | "endpoints";
    derived?: boolean;
  };
  deposit: number;
  strategies: StrategyResult[];
};

/** Per-step quantiles of the strategy value over the traced paths (for fan charts). */
export type FanData = {
  strategy: string;
  /** Time of each point, days from the start. */
  timeDays: Float64Array;
  p5: Float64Array;
  p25: Float64Array;
  p50: Float64Array;
  p75: Float64Array;
  p95: Float64Array;
  /** Number of traced paths. */
  paths: number;
};

/** The report plus the data behind the charts. */
export type SimulationRun = {
  report: SimulationReport;
  fans: FanData[];
  /** Total PnL of every path, per strategy (same order as report.strategies). */
  totalPnl: Float64Array[];
};

export type ResolvedModel = {
  kernelModel: PriceModelConfig;
  initialPrice: number;
  steps: number;
  horizonYears: number;
  volatility: number;
  info: Record<string, unknown>;
};

function resolveModel(config: SimulationConfig, baseDir: string): ResolvedModel {
  const m = config.model;
  const horizonYears = (config.horizonDays * DAY_MS) / MS_PER_YEAR;
  if (m.kind === "bootstrap") {
    const file = resolve(baseDir, m.prices);
    if (!existsSync(file))
      throw new ConfigError({ path: "model.prices", value: m.prices, reason: `file not found (${file})` });
    const s = loadOhlcv(file, { dropLast: !m.keepLast });
    const fromMs = m.from === undefined ? Number.NEGATIVE_INFINITY : parseDateMs(m.from);
    const toMs = m.to === undefined ? Number.POSITIVE_INFINITY : parseDateMs(m.to) + DAY_MS;
    let start = 0;
    while (start < s.length && s.time[start] < fromMs) start++;
    let end = start;
    while (end < s.length && s.time[end] < toMs) end++;
    if (end - start < 3)
      throw new ConfigError({
        path: "model.from",
        value: m.from ?? null,
        reason: `the window holds ${end - start} bars of ${s.symbol}: need at least 3`,
      });
    const returns = logReturns(s.close.subarray(start, end));
    const steps = Math.max(1, Math.round((config.horizonDays * DAY_MS) / s.barMs));
    if (config.steps !== undefined && config.steps !== steps)
      throw new ConfigError({
        path: "steps",
        value: config.steps,
        reason: `must be ${steps} (or omitted): bootstrap steps are the file's ${s.barMs / 3_600_000} h bars`,
      });
    let sum = 0;
    let sumSq = 0;
    for (const r of returns) {
      sum += r;
      sumSq += r * r;
    }
    const n = returns.length;
    const varPerBar = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
    return {
      kernelModel: { kind: "bootstrap", logReturns: returns, blockLength: m.blockLength, blocks: m.blocks },
      initialPrice: config.initialPrice ?? s.close[end - 1],
      steps,
      horizonYears: (steps * s.barMs) / MS_PER_YEAR,
      volatility: Math.sqrt((varPerBar * MS_PER_YEAR) / s.barMs),
      info: {
        kind: "bootstrap",
        symbol: s.symbol,
        from: formatDate(s.time[start]),
        to: formatDate(s.time[end - 1]),
        returns: n,
        blockLength: m.blockLength,
        blocks: m.blocks,
      },
    };
  }
  const steps = config.steps ?? Math.max(1, Math.round(config.horizonDays * 24));
  const dt = horizonYears / steps;
  const initialPrice = config.initialPrice!;
  switch (m.kind) {
    case "gbm":
      return { kernelModel: m, initialPrice, steps, horizonYears, volatility: m.sigma, info: { ...m } };
    case "merton":
      return {
        kernelModel: m,
        initialPrice,
        steps,
        horizonYears,
        volatility: Math.sqrt(m.sigma ** 2 + m.lambda * (m.jumpMean ** 2 + m.jumpStd ** 2)),
        info: { ...m },
      };
    case "garch": {
      const h = m.volatility ** 2 * dt;
      return {
        kernelModel: {
          kind: "garch",
          omega: h * (1 - m.alpha - m.beta),
          alpha: m.alpha,
          beta: m.beta,
          meanLogReturn: m.mu * dt,
        },
        initialPrice,
        steps,
        horizonYears,
        volatility: m.volatility,
        info: { ...m },
      };
    }
    case "regime": {
      const pi1 = m.p01 / (m.p01 + m.p10);
      return {
        kernelModel: { kind: "regime", mu: m.mu, sigma: m.sigma, p01: m.p01, p10: m.p10 },
        initialPrice,
        steps,
        horizonYears,
        volatility: Math.sqrt((1 - pi1) * m.sigma[0] ** 2 + pi1 * m.sigma[1] ** 2),
        info: { ...m },
      };
    }
  }
}

/** One strategy to run: its engine path config and the range at S0 for the report. */
export type Plan = {
  name: string;
  lower: number;
  upper: number;
  hedge: StrategyResult["hedge"];
  engine: SimulationEngineConfig;
  path: EnginePathConfig;
  /** Range of the theoretical LVR (undefined: [lower, upper]; null: none, e.g. hold). */
  theoryRange?: { lower: number; upper: number } | null;
};

/** The synthetic pool every strategy runs on, resolved from `syntheticPool` or derived from `pool`. */
export type ResolvedPool = {
  meta: PoolMeta;
  liquidity: number;
  volumeQuotePerStep: number;
  volumeSigma: number;
  lowHigh: "close" | "endpoints";
  report: NonNullable<SimulationReport["syntheticPool"]> & { derived: boolean };
};

/** The synthetic pool's liquidity as a multiple of the position's (a derived pool): the position holds 0.1 %. */
const DERIVED_POOL_MULTIPLE = 999;

/**
 * Returns the synthetic pool of a config. Without `syntheticPool` it is derived from `pool` so that the position of
 * `position.range` earns at S0 what the old noise model paid, feeRate × turnoverPerYear × deposit per year: the
 * default pool's tokens with fee = feeRate, L = 999 × the position's L (its share 0.1 %) and a noise volume per day
 * of 1000 × deposit × turnoverPerYear / 365.25. Away from S0 the fee follows the v3 rule (volume × fee × share
 * while in range), not the position's value.
 */
function resolvePool(config: SimulationConfig, initialPrice: number, stepDays: number): ResolvedPool {
  const sp = config.syntheticPool;
  if (sp !== undefined) {
    const meta = KNOWN_POOLS[sp.pool];
    return {
      meta,
      liquidity: sp.liquidity,
      volumeQuotePerStep: sp.dailyTurnover * sp.tvl * stepDays,
      volumeSigma: sp.volumeSigma,
      lowHigh: sp.lowHigh,
      report: { ...sp, fee: meta.fee, derived: false },
    };
  }
  const address = DEFAULT_SYNTHETIC_POOL;
  const known = KNOWN_POOLS[address];
  const feeRate = config.pool.feeRate;
  const meta: PoolMeta = { ...known, fee: feeRate, feePips: Math.round(feeRate * 1e6) };
  const deposit = config.position.deposit;
  const { lower, upper } = resolveRange(config.position.range, initialPrice);
  // L in price units (√(quote·base)), then raw: L_raw = L · √(10^(dec0 + dec1))
  const lHuman = rangeLiquidity(deposit, lower, upper, initialPrice);
  const lRaw = lHuman * Math.sqrt(10 ** (meta.token0.decimals + meta.token1.decimals));
  const tvl = (DERIVED_POOL_MULTIPLE + 1) * deposit;
  const dailyTurnover = ((config.pool.noise?.turnoverPerYear ?? 0) * DAY_MS) / MS_PER_YEAR;
  const volumeSigma = config.pool.noise?.volumeSigma ?? 0;
  const liquidity = DERIVED_POOL_MULTIPLE * lRaw;
  return {
    meta,
    liquidity,
    volumeQuotePerStep: dailyTurnover * tvl * stepDays,
    volumeSigma,
    lowHigh: "close",
    report: {
      pool: address,
      fee: feeRate,
      liquidity,
      tvl,
      dailyTurnover,
      volumeSigma,
      lowHigh: "close",
      derived: true,
    },
  };
}

/** Returns the liquidity (√(quote·base) units) that `deposit` quote units buy on [lower, upper] at `price`. */
function rangeLiquidity(deposit: number, lower: number, upper: number, price: number): number {
  const sa = Math.sqrt(lower);
  const sb = Math.sqrt(upper);
  const sc = Math.min(Math.max(Math.sqrt(price), sa), sb);
  return deposit / ((1 / sc - 1 / sb) * price + (sc - sa));
}

/** Returns the token amounts (human units) of `deposit` quote units in a v3 position on [lower, upper] at `price`. */
function rangeAmounts(
  deposit: number,
  lower: number,
  upper: number,
  price: number,
): { base: number; quote: number } {
  const sa = Math.sqrt(lower);
  const sb = Math.sqrt(upper);
  const sc = Math.min(Math.max(Math.sqrt(price), sa), sb);
  const l = rangeLiquidity(deposit, lower, upper, price);
  return { base: l * (1 / sc - 1 / sb), quote: l * (sc - sa) };
}

/**
 * Returns the engine form of a kernel-style strategy (`hedge: {mode, every, band, ratio, costRate}` or none): a
 * passive range and, if hedged, a delta hedge on a perp whose only cost is the taker fee costRate (no spread, no
 * impact, no funding), filled at once (latency 0) with a trigger of `time` every `every` steps (interval) or an
 * absolute band of band × deposit / S0 base units (band); no gas and no price impact on the pool.
 */
function kernelStyleEngine(
  hedge: StrategyResult["hedge"],
  stepMinutes: number,
  deposit: number,
  initialPrice: number,
): SimulationEngineConfig {
  return engineSchema.parse({
    strategy: { kind: "passive" },
    ...(hedge !== null
      ? {
          hedge: {
            kind: "delta",
            venue: "perp",
            hedgeRatio: hedge.ratio,
            reserveFraction: 0.5,
            latencyMs: 0,
            minTrade: 1e-12,
            trigger:
              hedge.mode === "interval"
                ? { kind: "time", intervalMinutes: hedge.every * stepMinutes }
                : { kind: "absolute", band: (hedge.band * deposit) / initialPrice },
          },
          venues: {
            perp: {
              takerFee: hedge.costRate,
              makerFee: 0,
              halfSpreadBps: 0,
              impactModel: "none",
              impactCoefficient: 0,
            },
          },
        }
      : {}),
    costs: { gasQuote: 0, swapGasQuote: 0, priceImpact: false },
    latencyMinutes: 0,
    inRangeMode: "close",
  });
}

/**
 * Returns the range at S0 of an engine strategy for the report: [lower, upper] of passive, ±widthPct of recenter,
 * the pool's full-range prices of fullRange and hold (hold has no theoretical LVR).
 */
function engineRange(
  range: RangeConfig,
  engine: SimulationEngineConfig,
  initialPrice: number,
  meta: PoolMeta,
): { lower: number; upper: number; theoryRange?: null } {
  const st = engine.strategy;
  if (st.kind === "passive") return resolveRange(range, initialPrice);
  if (st.kind === "recenter") {
    const w = st.params.widthPct / 100;
    return { lower: initialPrice * (1 - w), upper: initialPrice * (1 + w) };
  }
  const full = 887_272 - (887_272 % meta.tickSpacing);
  const at = (tick: number) =>
    tickToPrice({
      tick,
      decimals0: meta.token0.decimals,
      decimals1: meta.token1.decimals,
      baseToken: meta.baseToken,
    });
  const a = at(-full);
  const b = at(full);
  return {
    lower: Math.min(a, b),
    upper: Math.max(a, b),
    ...(st.kind === "hold" ? { theoryRange: null } : {}),
  };
}

/** Type-7 quantile of a sorted array. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Returns `count` evenly spaced indices in [0, length), first and last included. */
function spacedIndices(length: number, count: number): Int32Array {
  if (length <= count) return Int32Array.from({ length }, (_, i) => i);
  const out = new Int32Array(count);
  for (let j = 0; j < count; j++) out[j] = Math.round((j * (length - 1)) / (count - 1));
  return out;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

/** Returns the per-step quantiles (p5, p25, p50, p75, p95) at `idx` of `traced` value traces (row-major). */
function fanOf(strategy: string, values: Float64Array, traced: number, timeDays: Float64Array): FanData {
  const m = timeDays.length;
  const fan: FanData = {
    strategy,
    timeDays,
    p5: new Float64Array(m),
    p25: new Float64Array(m),
    p50: new Float64Array(m),
    p75: new Float64Array(m),
    p95: new Float64Array(m),
    paths: traced,
  };
  const colValues = new Float64Array(traced);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < traced; i++) colValues[i] = values[i * m + j];
    colValues.sort();
    fan.p5[j] = quantileSorted(colValues, 0.05);
    fan.p25[j] = quantileSorted(colValues, 0.25);
    fan.p50[j] = quantileSorted(colValues, 0.5);
    fan.p75[j] = quantileSorted(colValues, 0.75);
    fan.p95[j] = quantileSorted(colValues, 0.95);
  }
  return fan;
}

/** The strategies of a simulation as the engine runs them, with the resolved price model and synthetic pool. */
export type SimulationPlan = {
  model: ResolvedModel;
  plans: Plan[];
  pool: ResolvedPool;
  horizonDays: number;
};

/**
 * Returns the plan of a simulation: the resolved price model, the synthetic pool (`resolvePool`) and per strategy
 * its engine path config (`EnginePathConfig`; kernel-style strategies translated by `kernelStyleEngine`).
 *
 * @throws {ConfigError} for a missing bootstrap file, inconsistent steps or a passive range without S0.
 */
export function planSimulation(config: SimulationConfig, baseDir: string): SimulationPlan {
  const model = resolveModel(config, baseDir);
  const { initialPrice, steps, horizonYears } = model;
  const deposit = config.position.deposit;
  const horizonDays = (horizonYears * MS_PER_YEAR) / DAY_MS;
  const pool = resolvePool(config, initialPrice, horizonDays / steps);
  const stepMinutes = (horizonDays * 1440) / steps;

  const plans: Plan[] = config.strategies.map((s: SimulationStrategyConfig, k) => {
    const range = s.range ?? config.position.range;
    const hedge: StrategyResult["hedge"] = s.hedge
      ? {
          mode: s.hedge.mode,
          every: s.hedge.every,
          band: s.hedge.band,
          ratio: s.hedge.ratio,
          costRate: s.hedge.costRate,
        }
      : null;
    const engine = s.engine ?? kernelStyleEngine(hedge, stepMinutes, deposit, initialPrice);
    const { lower, upper, theoryRange } = engineRange(range, engine, initialPrice, pool.meta);
    if (engine.strategy.kind === "passive" && !(lower < initialPrice && initialPrice < upper))
      throw new ConfigError({
        path: s.range !== undefined ? `strategies.${k}.range` : "position.range",
        value: [lower, upper],
        reason: `must contain the initial price ${initialPrice}`,
      });
    const backtest: BacktestConfig = {
      data: { pool: "(synthetic)" },
      // kernel-style: the deposit as the tokens a v3 position on [lower, upper] holds at S0, minted without a swap
      position: {
        deposit,
        range,
        entry: "close",
        ...(s.engine === undefined ? { amounts: rangeAmounts(deposit, lower, upper, initialPrice) } : {}),
      },
      strategy: engine.strategy,
      costs: engine.costs,
      latencyMinutes: engine.latencyMinutes,
      inRangeMode: engine.inRangeMode,
      hedge: engine.hedge,
      hedges: engine.hedges,
      venues: engine.venues,
    };
    const path: EnginePathConfig = {
      backtest,
      baseDir,
      meta: pool.meta,
      liquidity: pool.liquidity,
      volumeQuotePerStep: pool.volumeQuotePerStep,
      volumeSigma: pool.volumeSigma,
      lowHigh: pool.lowHigh,
      model: model.kernelModel,
      initialPrice,
      steps,
      horizonYears,
      horizonDays,
    };
    return { name: s.name, lower, upper, hedge, engine, path, theoryRange };
  });

  return { model, plans, pool, horizonDays };
}

/** File URL of the engine kernel module for the worker threads (the .ts source under vitest/tsx, else dist). */
export const ENGINE_KERNEL_URL = new URL(
  `./engineKernel.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`,
  import.meta.url,
).href;

/**
 * Returns the simulation of every strategy of `config` on the same `paths` price paths: per strategy the
 * distributions (mean, std, p1…p99, probability of loss, 5 % expected shortfall via `summarize`) of total PnL,
 * fees, LVR, hedge PnL and costs, the realised and theoretical LVR per year, and per-step value quantiles of the
 * first paths for fan charts (one per strategy).
 *
 * Every strategy runs on the engine (`engineKernel`): path i's price path (the model drawn from path i's rng)
 * becomes a synthetic pool series (`createSyntheticPoolSeries`: one volume and fee model for all strategies), and
 * the backtest's strategy and hedges run over it. Kernel-style strategies (`hedge: {mode: interval | band}` or
 * none) are translated by `kernelStyleEngine`; without `syntheticPool` the pool is derived from `pool` (see
 * `resolvePool`). Paths run in batches of BATCH_PATHS (see `batchSeed`) on `workers` threads; the result is
 * bit-identical for any worker count.
 *
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al. 2022, LVR)
 * @throws {ConfigError} for a missing bootstrap file, inconsistent steps or a range without S0.
 */
export async function runSimulation(
  config: SimulationConfig,
  options: RunSimulationOptions,
): Promise<SimulationRun> {
  requireObject(config, "config");
  requireObject(options, "options");
  const { paths, seed } = options;
  if (!(Number.isInteger(paths) && paths >= 1 && paths <= 100_000_000))
    throw new ConfigError({ path: "--paths", value: paths, reason: "must be an integer in [1, 100000000]" });
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32))
    throw new ConfigError({ path: "--seed", value: seed, reason: "must be an integer in [0, 4294967295]" });
  const workers = options.workers ?? 1;
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 256))
    throw new ConfigError({ path: "--workers", value: workers, reason: "must be an integer in [1, 256]" });
  const { model, plans, pool, horizonDays } = planSimulation(config, options.baseDir ?? process.cwd());
  const { initialPrice, steps, horizonYears } = model;
  const deposit = config.position.deposit;
  const noise = config.pool.noise;
  // Refused up front when over the memory budget: every strategy keeps a row of results per path (plus a copy per
  // summarised column); each running path builds a pool series of steps + 1 bars (~32 float64s each).
  const resultColumns = ENGINE_PATH_COLUMNS.length + 2;
  const engineSeriesBytes = (steps + 1) * 32 * 8 * workers;
  checkMemoryBudget({
    path: "--paths",
    value: paths,
    estimateBytes: paths * plans.length * resultColumns * 8 + engineSeriesBytes,
    what: `${paths} paths × ${plans.length} strategies × ${resultColumns} results (+ ${steps} steps per path)`,
  });
  const total = paths * plans.length;
  const cols = ENGINE_PATH_COLUMNS.length;
  let done = 0;
  let workerPool: WorkerPool | undefined;
  const rowsByStrategy: Float64Array[] = [];
  try {
    if (workers > 1) workerPool = createWorkerPool({ workers });
    for (const plan of plans) {
      const rows = new Float64Array(paths * cols);
      for (let b = 0; b * BATCH_PATHS < paths; b++) {
        const n = Math.min(BATCH_PATHS, paths - b * BATCH_PATHS);
        const params = {
          kernel: engineKernel.name,
          module: { url: ENGINE_KERNEL_URL, definition: engineKernel },
          config: plan.path,
          paths: n,
          seed: batchSeed(seed, b),
          // one path a chunk: an engine path (~0.15 ms a day of minutes) is slow enough that the hand-off (an atomic
          // add) costs nothing, and the batch's tail (a worker idle while the other ends its last chunk) is one path
          chunkSize: 1,
        };
        const r: RunPathsReturnType = workerPool
          ? await workerPool.run(params)
          : await runPaths({ ...params, workers: 1 });
        rows.set(r.rows, b * BATCH_PATHS * cols);
        done += n;
        options.onProgress?.(done, total);
      }
      rowsByStrategy.push(rows);
    }
  } finally {
    await workerPool?.close();
  }

  const strategies: StrategyResult[] = [];
  const totalPnl: Float64Array[] = [];
  plans.forEach((plan, k) => {
    const rows = rowsByStrategy[k];
    const col = (name: (typeof ENGINE_PATH_COLUMNS)[number]) =>
      column(rows, cols, ENGINE_PATH_COLUMNS.indexOf(name));
    const pnl = col("totalPnl");
    const lvrSummary = summarize(col("lvr"));
    const trades = col("hedgeTrades");
    totalPnl.push(pnl);
    const theoryRange = plan.theoryRange ?? { lower: plan.lower, upper: plan.upper };
    strategies.push({
      name: plan.name,
      lower: plan.lower,
      upper: plan.upper,
      hedge: plan.hedge,
      kernel: "engine",
      engine: {
        strategy: plan.engine.strategy.kind,
        hedges: [...(plan.engine.hedge ? [plan.engine.hedge] : []), ...(plan.engine.hedges ?? [])].map(
          (h) => h.kind,
        ),
        meanPoolRebalances: mean(col("poolRebalances")),
      },
      totalPnl: summarize(pnl),
      fees: summarize(col("fees")),
      lvr: lvrSummary,
      hedgePnl: summarize(col("hedgePnl")),
      costs: summarize(col("costs")),
      hedgeTrades: summarize(trades),
      lvrPerYear: lvrSummary.mean / horizonYears,
      lvrPerYearStdError: lvrSummary.std / Math.sqrt(paths) / horizonYears,
      theoreticalLvrPerYear:
        model.volatility > 0 && theoryRange !== null
          ? analyzePosition({
              kind: "v3",
              price: initialPrice,
              entryPrice: initialPrice,
              deposit,
              lower: theoryRange.lower,
              upper: theoryRange.upper,
              vol: model.volatility,
            }).lvrPerYear!
          : 0,
      meanInRangeFraction: mean(col("inRangeFraction")),
      meanRebalances: mean(trades),
    });
  });
  const traced = Math.min(options.tracePaths ?? 200, paths);
  const fans: FanData[] = [];
  if (traced > 0) {
    const idx = spacedIndices(steps + 1, 150);
    const m = idx.length;
    const timeDays = Float64Array.from(idx, (i) => (i / steps) * horizonDays);
    const trace = new Float64Array(steps + 1);
    const row = new Float64Array(cols);
    for (const plan of plans) {
      const kernel = createEnginePathKernel(plan.path);
      const values = new Float64Array(traced * m);
      for (let i = 0; i < traced; i++) {
        const b = Math.floor(i / BATCH_PATHS);
        kernel.runPathTrace(createRng(batchSeed(seed, b), i - b * BATCH_PATHS), row, 0, trace);
        for (let j = 0; j < m; j++) values[i * m + j] = trace[idx[j]];
      }
      fans.push(fanOf(plan.name, values, traced, timeDays));
    }
  }

  return {
    report: {
      model: { ...model.info, kind: model.info.kind as string, volatility: model.volatility },
      initialPrice,
      horizonDays: config.horizonDays,
      steps,
      paths,
      seed,
      pool: {
        feeRate: pool.meta.fee,
        noise: noise ? { turnoverPerYear: noise.turnoverPerYear, volumeSigma: noise.volumeSigma } : null,
      },
      deposit,
      syntheticPool: pool.report,
      strategies,
    },
    fans,
    totalPnl,
  };
}
