import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadOhlcv } from "../data/ohlcv.js";
import { KNOWN_POOLS } from "../data/pools.js";
import { formatDate, parseDateMs } from "../data/timestamp.js";
import { ConfigError, checkMemoryBudget } from "../errors/config.js";
import { requireFinite, requireObject } from "../errors/guards.js";
import { analyzePosition } from "../math/position/index.js";
import { logReturns, MS_PER_YEAR } from "../math/stats/index.js";
import { tickToPrice } from "../math/units.js";
import { type RangeConfig, resolveRange } from "../risk/configFile.js";
import {
  createLpModelKernel,
  createPriceModel,
  LP_HEDGE_COLUMNS,
  type LpHedgeConfig,
  type LpHedgeHedgeConfig,
  type LpModelConfig,
  type LpModelPriceModel,
} from "../sim/kernels/index.js";
import {
  createWorkerPool,
  type RunPathsReturnType,
  runPaths,
  type WorkerPool,
} from "../sim/parallel/index.js";
import { createRng } from "../sim/rng.js";
import { column, type Summary, summarize } from "../sim/summarize.js";
import type { SimulationConfig, SimulationEngineConfig, SimulationStrategyConfig } from "./config.js";
import { ENGINE_PATH_COLUMNS, runEngineStrategyPaths } from "./runEngineStrategy.js";

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
  /** What ran it: the lpHedge (GBM) or lpModel (any path model) kernel, or the engine on a synthetic series. */
  kernel: "lpHedge" | "lpModel" | "engine";
  /** Engine strategies only: the backtest strategy kind, its hedge kinds and the mean pool re-centrings per path. */
  engine?: { strategy: string; hedges: string[]; meanPoolRebalances: number };
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
  /** The synthetic pool of the engine strategies (absent without them). */
  syntheticPool?: {
    pool: string;
    fee: number;
    liquidity: number;
    tvl: number;
    dailyTurnover: number;
    volumeSigma: number;
    lowHigh: "close" | "endpoints";
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

type ResolvedModel = {
  kernelModel: LpModelPriceModel;
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

type EngineColumn = (typeof ENGINE_PATH_COLUMNS)[number];

/** One strategy to run: a kernel (kernelConfig, modelConfig) or the engine (engine, range). */
type Plan = {
  name: string;
  lower: number;
  upper: number;
  hedge: StrategyResult["hedge"];
  kernel: StrategyResult["kernel"];
  kernelConfig?: LpHedgeConfig | LpModelConfig;
  modelConfig?: LpModelConfig;
  engine: SimulationEngineConfig | undefined;
  /** Passive range of an engine strategy (resolved at the first bar's price by the strategy itself). */
  range?: RangeConfig;
  /** Range of the theoretical LVR (undefined: [lower, upper]; null: none, e.g. hold). */
  theoryRange?: { lower: number; upper: number } | null;
};

/**
 * Returns the plan of an engine strategy: its range at S0 for the report ([lower, upper] of passive, ±widthPct of
 * recenter, the pool's full-range prices of fullRange and hold).
 */
function enginePlan(
  config: SimulationConfig,
  s: SimulationStrategyConfig,
  engine: SimulationEngineConfig,
  k: number,
  initialPrice: number,
): Plan {
  const range = s.range ?? config.position.range;
  const base = { name: s.name, hedge: null, kernel: "engine" as const, engine, range };
  const st = engine.strategy;
  if (st.kind === "passive") {
    const { lower, upper } = resolveRange(range, initialPrice);
    if (!(lower < initialPrice && initialPrice < upper))
      throw new ConfigError({
        path: s.range !== undefined ? `strategies.${k}.range` : "position.range",
        value: [lower, upper],
        reason: `must contain the initial price ${initialPrice}`,
      });
    return { ...base, lower, upper };
  }
  if (st.kind === "recenter") {
    const w = st.params.widthPct / 100;
    return { ...base, lower: initialPrice * (1 - w), upper: initialPrice * (1 + w) };
  }
  const meta = KNOWN_POOLS[config.syntheticPool?.pool ?? ""];
  const full = 887_272 - (887_272 % (meta?.tickSpacing ?? 1));
  const at = (tick: number) =>
    meta === undefined
      ? Number.NaN
      : tickToPrice({
          tick,
          decimals0: meta.token0.decimals,
          decimals1: meta.token1.decimals,
          baseToken: meta.baseToken,
        });
  const a = at(-full);
  const b = at(full);
  return {
    ...base,
    lower: Math.min(a, b),
    upper: Math.max(a, b),
    theoryRange: st.kind === "hold" ? null : undefined,
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

/**
 * Returns the simulation of every strategy of `config` on the same `paths` price paths: per strategy the
 * distributions (mean, std, p1…p99, probability of loss, 5 % expected shortfall via `summarize`) of total PnL,
 * fees, LVR, hedge PnL and costs, the realised and theoretical LVR per year, and per-step value quantiles of the
 * first paths for fan charts.
 *
 * GBM strategies run the `lpHedge` kernel, other models the `lpModel` kernel (same pool and hedge loop on any
 * PathModel). Every strategy uses the same seeds, and each kernel draws the price path first, so path i is the
 * same price path for every strategy. Paths run in batches of BATCH_PATHS (see `batchSeed`); the result is
 * bit-identical for any worker count.
 *
 * Engine strategies (`engine:` in the config) run in-process: path i (the same rng, so the same price path as the
 * kernels' path i) becomes a synthetic PoolSeries of `syntheticPool`, and the backtest's strategy and hedges run
 * over it with `runEngine` (see `runEngineStrategyPaths`). They have no fan chart.
 *
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al. 2022, LVR)
 * @throws {ConfigError} for a missing bootstrap file or inconsistent steps; InvalidInputError for bad options.
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
  const model = resolveModel(config, options.baseDir ?? process.cwd());
  const { initialPrice, steps, horizonYears } = model;
  const deposit = config.position.deposit;
  const noise = config.pool.noise
    ? { turnoverPerYear: config.pool.noise.turnoverPerYear, volumeSigma: config.pool.noise.volumeSigma }
    : undefined;

  const plans: Plan[] = config.strategies.map((s: SimulationStrategyConfig, k) => {
    if (s.engine !== undefined) return enginePlan(config, s, s.engine, k, initialPrice);
    const { lower, upper } = resolveRange(s.range ?? config.position.range, initialPrice);
    if (!(lower < initialPrice && initialPrice < upper))
      throw new ConfigError({
        path: s.range !== undefined ? `strategies.${k}.range` : "position.range",
        value: [lower, upper],
        reason: `must contain the initial price ${initialPrice}`,
      });
    const hedge: StrategyResult["hedge"] = s.hedge
      ? {
          mode: s.hedge.mode,
          every: s.hedge.every,
          band: s.hedge.band,
          ratio: s.hedge.ratio,
          costRate: s.hedge.costRate,
        }
      : null;
    const modelConfig: LpModelConfig = {
      model: model.kernelModel,
      initialPrice,
      horizonYears,
      steps,
      deposit,
      lower,
      upper,
      feeRate: config.pool.feeRate,
      noise,
      hedge: hedge ?? undefined,
    };
    const m = model.kernelModel;
    const kernel = m.kind === "gbm" ? ("lpHedge" as const) : ("lpModel" as const);
    const kernelConfig: LpHedgeConfig | LpModelConfig =
      m.kind === "gbm"
        ? {
            initialPrice,
            mu: m.mu,
            sigma: m.sigma,
            horizonYears,
            steps,
            deposit,
            lower,
            upper,
            feeRate: config.pool.feeRate,
            noise,
            hedge: hedge ?? undefined,
          }
        : modelConfig;
    return { name: s.name, lower, upper, hedge, kernel, kernelConfig, modelConfig, engine: undefined };
  });

  // Refused up front when over the memory budget: every strategy keeps a row of results per path (plus a copy per
  // summarised column); an engine strategy also builds a pool series of steps + 1 bars per path (~32 float64s each).
  const resultColumns = Math.max(LP_HEDGE_COLUMNS.length, ENGINE_PATH_COLUMNS.length) + 2;
  const engineSeriesBytes = plans.some((p) => p.engine !== undefined) ? (steps + 1) * 32 * 8 : 0;
  checkMemoryBudget({
    path: "--paths",
    value: paths,
    estimateBytes: paths * plans.length * resultColumns * 8 + engineSeriesBytes,
    what: `${paths} paths × ${plans.length} strategies × ${resultColumns} results${engineSeriesBytes > 0 ? ` (+ ${steps} steps per engine path)` : ""}`,
  });
  const total = paths * plans.length;
  let done = 0;
  let pool: WorkerPool | undefined;
  const rowsByStrategy: Float64Array[] = [];
  const baseDir = options.baseDir ?? process.cwd();
  const rngOfPath = (i: number) => {
    const b = Math.floor(i / BATCH_PATHS);
    return createRng(batchSeed(seed, b), i - b * BATCH_PATHS);
  };
  try {
    if (workers > 1 && plans.some((p) => p.engine === undefined)) pool = createWorkerPool({ workers });
    for (const plan of plans) {
      if (plan.engine !== undefined) {
        const before = done;
        rowsByStrategy.push(
          runEngineStrategyPaths({
            engine: plan.engine,
            range: plan.range!,
            deposit,
            pool: config.syntheticPool!,
            model: createPriceModel(model.kernelModel),
            initialPrice,
            steps,
            horizonYears,
            horizonDays: (horizonYears * MS_PER_YEAR) / DAY_MS,
            rngOfPath,
            paths,
            baseDir,
            onPath: (n) => {
              done = before + n;
              if (n % 50 === 0 || n === paths) options.onProgress?.(done, total);
            },
          }),
        );
        continue;
      }
      let rows: Float64Array | undefined;
      for (let b = 0; b * BATCH_PATHS < paths; b++) {
        const n = Math.min(BATCH_PATHS, paths - b * BATCH_PATHS);
        const params = { kernel: plan.kernel, config: plan.kernelConfig, paths: n, seed: batchSeed(seed, b) };
        const r: RunPathsReturnType = pool
          ? await pool.run(params)
          : await runPaths({ ...params, workers: 1 });
        rows ??= new Float64Array(paths * LP_HEDGE_COLUMNS.length);
        rows.set(r.rows, b * BATCH_PATHS * LP_HEDGE_COLUMNS.length);
        done += n;
        options.onProgress?.(done, total);
      }
      rowsByStrategy.push(rows!);
    }
  } finally {
    await pool?.close();
  }

  const strategies: StrategyResult[] = [];
  const totalPnl: Float64Array[] = [];
  plans.forEach((plan, k) => {
    const rows = rowsByStrategy[k];
    const isEngine = plan.engine !== undefined;
    const col = (kernelName: (typeof LP_HEDGE_COLUMNS)[number], engineName = kernelName as string) =>
      isEngine
        ? column(rows, ENGINE_PATH_COLUMNS.length, ENGINE_PATH_COLUMNS.indexOf(engineName as EngineColumn))
        : column(rows, LP_HEDGE_COLUMNS.length, LP_HEDGE_COLUMNS.indexOf(kernelName));
    const pnl = col("totalPnl");
    const lvr = col("lvr");
    const lvrSummary = summarize(lvr);
    const trades = col("rebalances", "hedgeTrades");
    totalPnl.push(pnl);
    const theoryRange = plan.theoryRange ?? { lower: plan.lower, upper: plan.upper };
    strategies.push({
      name: plan.name,
      lower: plan.lower,
      upper: plan.upper,
      hedge: plan.hedge,
      kernel: plan.kernel,
      ...(plan.engine !== undefined
        ? {
            engine: {
              strategy: plan.engine.strategy.kind,
              hedges: [...(plan.engine.hedge ? [plan.engine.hedge] : []), ...(plan.engine.hedges ?? [])].map(
                (h) => h.kind,
              ),
              meanPoolRebalances: mean(col("rebalances", "poolRebalances")),
            },
          }
        : {}),
      totalPnl: summarize(pnl),
      fees: summarize(col("fees")),
      lvr: lvrSummary,
      hedgePnl: summarize(col("hedgePnl")),
      costs: summarize(col("hedgeCost", "costs")),
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
    const timeDays = Float64Array.from(idx, (i) => (i / steps) * (horizonYears * 365));
    for (const plan of plans) {
      if (plan.modelConfig === undefined) continue; // engine strategies: no fan chart yet
      const kernel = createLpModelKernel(plan.modelConfig);
      const trace = new Float64Array(steps + 1);
      const row = new Float64Array(LP_HEDGE_COLUMNS.length);
      const values = new Float64Array(traced * m);
      for (let i = 0; i < traced; i++) {
        const b = Math.floor(i / BATCH_PATHS);
        kernel.runPathTrace(createRng(batchSeed(seed, b), i - b * BATCH_PATHS), row, 0, trace);
        for (let j = 0; j < m; j++) values[i * m + j] = trace[idx[j]];
      }
      const fan: FanData = {
        strategy: plan.name,
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
      fans.push(fan);
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
        feeRate: config.pool.feeRate,
        noise: noise ? { turnoverPerYear: noise.turnoverPerYear, volumeSigma: noise.volumeSigma ?? 0 } : null,
      },
      deposit,
      ...(config.syntheticPool !== undefined
        ? {
            syntheticPool: {
              ...config.syntheticPool,
              fee: KNOWN_POOLS[config.syntheticPool.pool].fee,
            },
          }
        : {}),
      strategies,
    },
    fans,
    totalPnl,
  };
}
