/**
 * `compare`: several strategies (range × hedge) on the same data, one row of comparable figures each.
 *
 * ```yaml
 * data: { pool: ../data/polygon-weth-usdc-005, from: 2022-07-19, to: 2022-08-22 }
 * position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } }
 * strategy: { kind: passive }          # default range strategy of every run
 * venues: { perp: { funding: { file: ../funding.csv } } }
 * runs:
 *   - name: unhedged                   # the first run without hedges is the baseline of hedge effectiveness
 *   - name: delta ±0.1 ETH
 *     hedge: { kind: delta, trigger: { kind: absolute, band: 0.1 } }
 * ```
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import {
  type BacktestConfig,
  backtestConfigObject,
  backtestConfigSchema,
  hedgeSchema,
  issueToConfigError,
  poolMetaFromConfig,
  rangeStrategySchema,
  readConfigFile,
} from "../config/index.js";
import { loadPoolSeries } from "../data/index.js";
import type { EngineSeries } from "../engine/index.js";
import {
  requireArray,
  requireArrayLike,
  requireFinite,
  requireFiniteArray,
  requireInteger,
  requireNumber,
  requireObject,
  requireString,
} from "../errors/guards.js";
import type { PoolSeries } from "../types/series.js";
import type { DataCache } from "./hedgeSetup.js";
import { type RunBacktestReturnType, runBacktest } from "./runBacktest.js";

const runSchema = z
  .object({
    name: z.string({ invalid_type_error: "expected a name" }).min(1),
    /** Range strategy of this run (default: the top-level strategy). */
    strategy: rangeStrategySchema.optional(),
    hedge: hedgeSchema.optional(),
    hedges: z.array(hedgeSchema).optional(),
    /**
     * Any other field of the run spec, overriding the top level for this run: `data` (pool, dates), `position`
     * (deposit, range), `costs`, `latencyMinutes`, `inRangeMode`, `venues`, `poolModel` (replaced whole). Objects merge one level deep
     * (`position: { range: … }` replaces the range and keeps the deposit; `venues: { perp: { takerFee } }` keeps the
     * other perp fields); the merged run is validated as a backtest config, errors naming `runs.<i>.<path>`.
     */
    data: z.record(z.unknown()).optional(),
    position: z.record(z.unknown()).optional(),
    costs: z.record(z.unknown()).optional(),
    latencyMinutes: z.unknown().optional(),
    inRangeMode: z.unknown().optional(),
    venues: z.record(z.record(z.unknown())).optional(),
    /** Pool design of this run (v3, v2, weighted), replacing the top level's. */
    poolModel: z.record(z.unknown()).optional(),
  })
  .strict();

const OVERRIDES = [
  "data",
  "position",
  "costs",
  "latencyMinutes",
  "inRangeMode",
  "venues",
  "poolModel",
] as const;

/** Returns the raw backtest config of run `r` over the shared part (objects merged one level, venues two). */
function mergeRun(shared: Record<string, unknown>, r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...shared };
  for (const k of OVERRIDES) {
    const o = r[k];
    if (o === undefined) continue;
    const base = shared[k];
    if (k === "venues" && base !== null && typeof base === "object" && typeof o === "object" && o !== null) {
      const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
      for (const [vk, vv] of Object.entries(o as Record<string, unknown>)) {
        const bv = merged[vk];
        merged[vk] =
          bv !== null && typeof bv === "object" && vv !== null && typeof vv === "object"
            ? { ...bv, ...vv }
            : vv;
      }
      out[k] = merged;
    } else if (base !== null && typeof base === "object" && o !== null && typeof o === "object")
      out[k] = { ...(base as Record<string, unknown>), ...(o as Record<string, unknown>) };
    else out[k] = o;
  }
  out.strategy = r.strategy ?? shared.strategy;
  out.hedge = r.hedge;
  out.hedges = r.hedges;
  return out;
}

export const compareConfigSchema = backtestConfigObject
  .omit({ strategy: true, hedge: true, hedges: true })
  .extend({
    strategy: rangeStrategySchema.default({ kind: "passive" }),
    /** Name of the run whose daily PnL variance is the denominator of hedge effectiveness (default: first unhedged). */
    baseline: z.string().optional(),
    runs: z.array(runSchema).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    c.runs.forEach((r, i) => {
      const s = r.strategy ?? c.strategy;
      if (s.kind === "passive" && c.position.range === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["position", "range"],
          message: `is required for strategy passive (runs.${i})`,
        });
      if (s.kind === "recenter" && s.params.bandPct !== undefined && s.params.bandPct > s.params.widthPct)
        ctx.addIssue({
          code: "custom",
          path: ["runs", i, "strategy", "params", "bandPct"],
          message: `must be <= widthPct (${s.params.widthPct})`,
        });
      if (names.has(r.name))
        ctx.addIssue({ code: "custom", path: ["runs", i, "name"], message: `duplicates "${r.name}"` });
      names.add(r.name);
    });
    if (c.baseline !== undefined && !names.has(c.baseline))
      ctx.addIssue({ code: "custom", path: ["baseline"], message: "names no run" });
    // A run that overrides run-spec fields is validated as a whole backtest config.
    const { runs: _r, baseline: _b, ...shared } = c;
    c.runs.forEach((r, i) => {
      // (Also every run on a shared v2 / weighted pool: its hedges are checked against the pool design.)
      const amm = c.poolModel !== undefined && c.poolModel.kind !== "v3";
      if (!amm && !OVERRIDES.some((k) => r[k] !== undefined)) return;
      const merged = backtestConfigSchema.safeParse(mergeRun(shared, r));
      if (!merged.success)
        for (const issue of merged.error.issues) {
          const k = issue.path[0] as (typeof OVERRIDES)[number] | "hedge" | "hedges";
          const overridden =
            (OVERRIDES.includes(k as (typeof OVERRIDES)[number]) || k === "hedge" || k === "hedges") &&
            r[k] !== undefined;
          ctx.addIssue({ ...issue, path: overridden ? ["runs", i, ...issue.path] : issue.path });
        }
    });
  });

/** A validated compare config. */
export type CompareConfig = z.infer<typeof compareConfigSchema>;

/** Returns the validated compare config; throws ConfigError naming the path of the first problem. */
export function parseCompareConfig(raw: unknown, file?: string): CompareConfig {
  if (file !== undefined) requireString(file, "file");
  const r = compareConfigSchema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

/** Returns the validated compare config read from a YAML or JSON file. */
export function loadCompareConfig(file: string): CompareConfig {
  return parseCompareConfig(readConfigFile(file), file);
}

/** Returns the backtest config of run `i` of a compare config (shared fields plus the run's strategy and hedges). */
export function compareRunConfig(c: CompareConfig, i: number): BacktestConfig {
  requireObject(c, "config");
  requireArray(c.runs, "config.runs");
  requireInteger(i, "index");
  const { runs: _runs, baseline: _baseline, ...shared } = c;
  const r = c.runs[i];
  if (!OVERRIDES.some((k) => r[k] !== undefined))
    return { ...shared, strategy: r.strategy ?? c.strategy, hedge: r.hedge, hedges: r.hedges };
  // Validated in compareConfigSchema's refinement, so this parse succeeds.
  return backtestConfigSchema.parse(mergeRun(shared, r));
}

/**
 * One row of the comparison. Money in quote units (cumulative over the run), fractions as decimals. The engine's
 * columns add up: netPnl = holdPnl + fees + feeRevaluation + il + hedgePnl + funding + optionPremium + interest
 * − costs + rounding (the engine's attribution, regrouped).
 */
export type CompareRow = {
  name: string;
  /** Strategy name (range + hedges). */
  strategy: string;
  /** finalValue − initialValue. */
  netPnl: number;
  /** LP swap fees earned. */
  fees: number;
  /** Price PnL of holding the entry amounts, hodlBase · (P_T − P_entry) (0 if nothing ever filled). */
  holdPnl: number;
  /** Revaluation of uncollected base fee tokens since they accrued (price PnL on fees, not IL). */
  feeRevaluation: number;
  /**
   * Impermanent loss of the LP book in quote: its price PnL (rebalancing − LVR + inventory, less the fee-token
   * revaluation) minus holdPnl. Independent of the hedges.
   */
  il: number;
  /** Loss versus rebalancing (≥ 0). */
  lvr: number;
  /** Price PnL of the hedges (perp, borrow, options). */
  hedgePnl: number;
  /** Perp funding received (+) or paid (−). */
  funding: number;
  /**
   * Option theta: the time value paid away by the option legs, Σ θ·Δt (the premium attribution less lending
   * interest); the rest of the options' value change is in hedgePnl.
   */
  optionPremium: number;
  /** Option premium paid up front (bought − sold, at model prices). */
  premiumPaid: number;
  /** Net lending interest: supply interest on collateral − borrow interest on the debt. */
  interest: number;
  /** Every cost: gas, pool swap fees and impact, hedge fees and slippage, liquidation fees. */
  costs: number;
  /** Exact-vs-float residual at mint/burn (≪ 1e-9 of value). */
  rounding: number;
  /** Standard deviation of daily PnL (UTC days), quote. */
  pnlVol: number;
  /** Largest peak-to-trough fall of value, fraction. */
  maxDrawdown: number;
  /**
   * 1 − var(daily PnL) / var(daily PnL of its baseline run, the unhedged one of the same range); 0 for a baseline;
   * null (with `hedgeEffectivenessNote`) on fewer than MIN_EFFECTIVENESS_DAYS daily observations or a flat baseline.
   */
  hedgeEffectiveness: number | null;
  /** Why hedgeEffectiveness is null (absent when it is a number). */
  hedgeEffectivenessNote?: string;
  /** Number of daily PnL observations hedgeEffectiveness is measured on. */
  days: number;
  /** Fills on hedge venues. */
  hedgeTrades: number;
  /** Liquidations of hedge positions. */
  liquidations: number;
};

/** Fewest daily observations hedge effectiveness is reported on (a variance ratio on fewer days is noise). */
export const MIN_EFFECTIVENESS_DAYS = 20;

/** Returns the PnL of each UTC day (value at the day's last bar − the previous day's, the first from initialValue). */
export function dailyPnl(series: EngineSeries, initialValue: number): Float64Array {
  requireObject(series, "series");
  requireArrayLike(series.time, "series.time");
  requireFinite(initialValue, "initialValue");
  const t = series.time;
  const v = series.value;
  const n = t.length;
  const out: number[] = [];
  let prev = initialValue;
  for (let i = 0; i < n; i++) {
    const lastOfDay = i === n - 1 || Math.floor(t[i + 1] / 86_400_000) !== Math.floor(t[i] / 86_400_000);
    if (lastOfDay) {
      out.push(v[i] - prev);
      prev = v[i];
    }
  }
  return Float64Array.from(out);
}

/** Returns the sample variance (n − 1) of `x`; 0 for fewer than two values. */
export function sampleVariance(x: ArrayLike<number>): number {
  requireFiniteArray(x, "x");
  const n = x.length;
  if (n < 2) return 0;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) * (x[i] - m);
  return s / (n - 1);
}

export type RunCompareParameters = {
  config: CompareConfig;
  /** Folder that relative paths in the config resolve against. */
  baseDir: string;
  /** Preloaded pool series (skips loading). */
  series?: PoolSeries;
  /** Called before each run with its index and the number of runs. */
  onRun?: (index: number, total: number, name: string) => void;
};

export type RunCompareReturnType = {
  rows: CompareRow[];
  runs: RunBacktestReturnType[];
  /** Name of the default baseline run of hedge effectiveness. */
  baseline: string;
  /** Per row, the run its hedge effectiveness is measured against. */
  baselines: string[];
};

/** Returns the row of figures of one backtest run (see CompareRow); `baselineVariance` of daily PnL. */
export function compareRow(
  name: string,
  run: RunBacktestReturnType,
  baselineVariance: number,
  isBaseline: boolean,
): CompareRow {
  requireString(name, "name");
  requireObject(run, "run");
  requireObject(run.totals, "run.totals");
  requireNumber(baselineVariance, "baselineVariance");
  const t = run.totals;
  const a = t.attribution;
  const n = run.series.price.length;
  const lastPrice = run.series.price[n - 1];
  const hodlPnl = Number.isNaN(t.hodlBase) ? 0 : t.hodlBase * (lastPrice - t.entryPrice);
  const daily = dailyPnl(run.series, t.initialValue);
  const v = sampleVariance(daily);
  const interest = run.lendingInterest;
  let he: number | null = isBaseline ? 0 : 1 - v / baselineVariance;
  let note: string | undefined;
  if (daily.length < MIN_EFFECTIVENESS_DAYS) {
    he = null;
    note = `${daily.length} daily observations (< ${MIN_EFFECTIVENESS_DAYS})`;
  } else if (!isBaseline && !(baselineVariance > 0)) {
    he = null;
    note = "the baseline's daily PnL has zero variance";
  }
  return {
    name,
    strategy: run.strategy,
    netPnl: t.pnl,
    holdPnl: hodlPnl,
    fees: a.fees,
    feeRevaluation: a.inventoryFees,
    il: a.rebalancing - a.lvr + a.inventory - a.inventoryFees - hodlPnl,
    lvr: a.lvr,
    hedgePnl: a.hedge,
    funding: a.funding,
    optionPremium: a.premium - interest,
    premiumPaid: run.optionPremiumPaid,
    interest,
    costs: a.costs,
    rounding: a.rounding,
    pnlVol: Math.sqrt(v),
    maxDrawdown: t.maxDrawdown,
    hedgeEffectiveness: he,
    ...(note !== undefined ? { hedgeEffectivenessNote: note } : {}),
    days: daily.length,
    hedgeTrades: run.hedgeTrades,
    liquidations: run.liquidations,
  };
}

/**
 * Returns the comparison of every run of a compare config on the same pool data (loaded once; funding and lending
 * files loaded once and shared): one backtest per run, then one CompareRow each. The baseline of hedge
 * effectiveness is `config.baseline` for every row when given; otherwise, per row, the first unhedged run with the
 * same range strategy and pool design, else the first unhedged run, else the first run.
 */
export function runCompare(options: RunCompareParameters): RunCompareReturnType {
  let { config, baseDir, series, onRun } = requireObject(options, "options");
  requireObject(options.config, "options.config");
  if (series === undefined) {
    const path = isAbsolute(config.data.pool) ? config.data.pool : resolve(baseDir, config.data.pool);
    const meta = config.data.meta !== undefined ? poolMetaFromConfig(config.data.meta) : undefined;
    series = loadPoolSeries({ path, from: config.data.from, to: config.data.to, ...(meta ? { meta } : {}) });
  }
  const cache: DataCache = new Map();
  const runs: RunBacktestReturnType[] = [];
  config.runs.forEach((r, i) => {
    onRun?.(i, config.runs.length, r.name);
    const rc = compareRunConfig(config, i);
    // A run on other pool data (or dates) loads its own series; the rest share the one loaded above.
    const same =
      rc.data.pool === config.data.pool && rc.data.from === config.data.from && rc.data.to === config.data.to;
    runs.push(runBacktest({ config: rc, baseDir, series: same ? series : undefined, cache }));
  });
  const unhedged = (r: CompareConfig["runs"][number]) =>
    r.hedge === undefined && (r.hedges?.length ?? 0) === 0;
  // Runs on another pool design (poolModel) have their own baseline.
  const rangeKey = (r: CompareConfig["runs"][number]) =>
    JSON.stringify([r.strategy ?? config.strategy, r.poolModel ?? config.poolModel]);
  let b = config.baseline !== undefined ? config.runs.findIndex((r) => r.name === config.baseline) : -1;
  if (b < 0) b = config.runs.findIndex(unhedged);
  if (b < 0) b = 0;
  const variance = runs.map((r) => sampleVariance(dailyPnl(r.series, r.totals.initialValue)));
  const baselines: string[] = [];
  const rows = config.runs.map((r, i) => {
    // Without an explicit baseline, each run is compared with the first unhedged run of the same range strategy.
    let own =
      config.baseline === undefined
        ? config.runs.findIndex((u) => unhedged(u) && rangeKey(u) === rangeKey(r))
        : -1;
    if (own < 0) own = b;
    baselines.push(config.runs[own].name);
    return compareRow(r.name, runs[i], variance[own], i === own);
  });
  return { rows, runs, baseline: config.runs[b].name, baselines };
}

/** Returns the comparison described by a config file; paths resolve relative to the file's folder. */
export function runCompareFile(
  file: string,
  onRun?: (index: number, total: number, name: string) => void,
): RunCompareReturnType {
  const config = loadCompareConfig(file);
  return runCompare({ config, baseDir: dirname(resolve(file)), onRun });
}
