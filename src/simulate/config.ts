/**
 * The `lpguard simulate` config file (YAML or JSON), validated with zod. Errors name the dotted path in the file.
 *
 * ```yaml
 * model: { kind: gbm, mu: 0, sigma: 0.8 }     # gbm | merton | garch | regime | bootstrap
 * initialPrice: 3000                          # quote per base (bootstrap: default the file's last close)
 * horizonDays: 30
 * steps: 720                                  # default: hourly steps (bootstrap: the file's bar length)
 * pool: { feeRate: 0.003, noise: { turnoverPerYear: 10, volumeSigma: 0.5 } }
 * position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } }
 * strategies:
 *   - name: unhedged
 *   - name: hedgeHourly
 *     hedge: { mode: interval, every: 1, ratio: 1, costRate: 0.0005 }
 *   - name: hedgeBand
 *     hedge: { mode: band, band: 0.05, costRate: 0.0005 }
 *   - name: wide
 *     range: { belowPct: 50, abovePct: 100 }
 *   - name: enginePassive                     # any backtest strategy + hedges, run by the engine on every path
 *     engine: { strategy: { kind: passive }, hedge: { kind: delta, trigger: { kind: absolute, band: 0.1 } } }
 * syntheticPool:                              # the synthetic PoolSeries of the engine strategies
 *   liquidity: 1.0e18                         # constant active liquidity L of the pool (raw v3 units)
 *   tvl: 20000000                             # pool value (quote) that the daily turnover applies to
 *   dailyTurnover: 0.5                        # noise volume per day = dailyTurnover × tvl, half in each token
 *   volumeSigma: 0.5                          # lognormal dispersion of the per-step volume (0 = deterministic)
 * ```
 */
import { z } from "zod";
import {
  backtestConfigObject,
  hedgeSchema as backtestHedgeSchema,
  rangeStrategySchema,
  venuesSchema,
} from "../config/index.js";
import { KNOWN_POOLS } from "../data/pools.js";
import { requireString } from "../errors/guards.js";
import { amount, day, filePath, num, parseConfig, rangeSchema, readConfigFile } from "../risk/configFile.js";

const int = () => z.number({ invalid_type_error: "expected a number" }).int();
const probability = () => num().min(0).max(1);
const pair = () => z.tuple([num(), num()], { invalid_type_error: "expected a list of two numbers" });

const modelSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("gbm"), mu: num().default(0), sigma: num().min(0) }).strict(),
    z
      .object({
        kind: z.literal("merton"),
        mu: num().default(0),
        sigma: num().min(0),
        /** Jumps per year. */
        lambda: num().min(0),
        /** Mean and standard deviation of the log jump size. */
        jumpMean: num(),
        jumpStd: num().min(0),
        compensated: z.boolean({ invalid_type_error: "expected true or false" }).default(true),
      })
      .strict(),
    z
      .object({
        kind: z.literal("garch"),
        /** Long-run (unconditional) volatility, annualised; ω = σ²Δt·(1 − α − β). */
        volatility: num().positive(),
        alpha: num().min(0).lt(1),
        beta: num().min(0).lt(1),
        /** Mean log return per year. */
        mu: num().default(0),
      })
      .strict(),
    z
      .object({
        kind: z.literal("regime"),
        /** Drift and volatility per year in state 0 and state 1. */
        mu: pair().default([0, 0]),
        sigma: pair(),
        /** Switching probabilities per step. */
        p01: probability(),
        p10: probability(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("bootstrap"),
        /** OHLCV file whose close-to-close log returns are resampled (relative to the config file). */
        prices: filePath(),
        from: day().optional(),
        to: day().optional(),
        /** Mean block length (stationary) or block length (fixed), in bars. */
        blockLength: num().min(1).default(24),
        blocks: z.enum(["stationary", "fixed"]).default("stationary"),
        keepLast: z.boolean({ invalid_type_error: "expected true or false" }).default(false),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: 'expected one of "gbm", "merton", "garch", "regime", "bootstrap"' }) },
);

const hedgeSchema = z
  .object({
    /** interval: rebalance every `every` steps; band: when |target − hedge| > band × deposit / S0. */
    mode: z.enum(["interval", "band"]),
    every: int().min(1).default(1),
    band: num().min(0).default(0.05),
    /** The short perp targets ratio × the position's delta. */
    ratio: num().min(0).default(1),
    /** Proportional cost per unit of traded notional. */
    costRate: num().min(0).max(1).default(0),
  })
  .strict();

/**
 * An engine strategy: the backtest's range strategy and hedges (same schemas, same objects via
 * `createHedgeSetup`), run by `runEngine` on a synthetic PoolSeries of every path.
 */
export const engineSchema = z
  .object({
    strategy: rangeStrategySchema,
    hedge: backtestHedgeSchema.optional(),
    hedges: z.array(backtestHedgeSchema, { invalid_type_error: "expected a list of hedges" }).optional(),
    venues: venuesSchema,
    costs: backtestConfigObject.shape.costs,
    latencyMinutes: backtestConfigObject.shape.latencyMinutes,
    inRangeMode: backtestConfigObject.shape.inRangeMode,
  })
  .strict();

const strategySchema = z
  .object({
    name: z
      .string({ invalid_type_error: "expected a name" })
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, { message: "expected 1-40 letters, digits, '_', '.' or '-'" }),
    /** Range of this strategy; default the position's (engine: the passive strategy's range). */
    range: rangeSchema.optional(),
    /** Short-perp delta hedge of a kernel strategy; omitted = unhedged. */
    hedge: hedgeSchema.optional(),
    /** Run this strategy with the engine instead of a kernel. */
    engine: engineSchema.optional(),
  })
  .strict();

/** The pool whose tokens a synthetic series uses by default: Polygon USDC/WETH 0.05 %. */
export const DEFAULT_SYNTHETIC_POOL = "0x45dda9cb7c25131df268515131f647d726f50608";

/** The synthetic pool the engine strategies run on (see `createSyntheticPoolSeries`). */
const syntheticPoolSchema = z
  .object({
    /** Address of a known pool whose meta (tokens, decimals, fee, tick spacing) the series uses. */
    pool: z
      .string({ invalid_type_error: "expected a pool address" })
      .transform((a) => a.toLowerCase())
      .refine((a) => KNOWN_POOLS[a] !== undefined, {
        message: `expected one of ${Object.keys(KNOWN_POOLS).join(", ")}`,
      })
      .default(DEFAULT_SYNTHETIC_POOL),
    /** Constant active liquidity L of the pool (raw v3 units). */
    liquidity: num().positive(),
    /** Pool value in quote units that `dailyTurnover` applies to. */
    tvl: num().positive(),
    /** Noise-trader volume per day as a multiple of tvl, split evenly between the two tokens. */
    dailyTurnover: num().min(0),
    /** Lognormal dispersion of the per-step volume (mean preserved); 0 = deterministic. */
    volumeSigma: num().min(0).default(0),
    /** Low/high tick of a step: the close, or the min/max of the step's two end points. */
    lowHigh: z.enum(["close", "endpoints"]).default("close"),
  })
  .strict();

export const simulationConfigSchema = z
  .object({
    model: modelSchema,
    initialPrice: num().positive().optional(),
    horizonDays: num().positive().max(3650),
    steps: int().min(1).max(1_000_000).optional(),
    pool: z
      .object({
        /** Fee tier as a fraction, e.g. 0.003. */
        feeRate: num().min(0).lt(0.5),
        /** Noise-trader volume: turnover per year of the position's value while in range (lognormal). */
        noise: z
          .object({ turnoverPerYear: num().min(0), volumeSigma: num().min(0).default(0) })
          .strict()
          .optional(),
      })
      .strict(),
    position: z.object({ deposit: amount(), range: rangeSchema }).strict(),
    strategies: z
      .array(strategySchema, { invalid_type_error: "expected a list of strategies" })
      .min(1)
      .max(20),
    syntheticPool: syntheticPoolSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.model.kind !== "bootstrap" && c.initialPrice === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["initialPrice"],
        message: `is required for model ${c.model.kind}`,
      });
    const m = c.model;
    if (m.kind === "garch" && !(m.alpha + m.beta < 1))
      ctx.addIssue({
        code: "custom",
        path: ["model", "beta"],
        message: `alpha + beta must be < 1 (stationary), got ${m.alpha + m.beta}`,
      });
    if (m.kind === "regime") {
      if (m.sigma[0] < 0 || m.sigma[1] < 0)
        ctx.addIssue({ code: "custom", path: ["model", "sigma"], message: "volatilities must be >= 0" });
      if (m.p01 + m.p10 === 0)
        ctx.addIssue({ code: "custom", path: ["model", "p01"], message: "p01 + p10 must be > 0" });
    }
    const seen = new Map<string, number>();
    c.strategies.forEach((s, i) => {
      if (s.engine !== undefined) {
        if (s.hedge !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["strategies", i, "hedge"],
            message: "give the hedge of an engine strategy as engine.hedge",
          });
        if (c.syntheticPool === undefined)
          ctx.addIssue({
            code: "custom",
            path: ["syntheticPool"],
            message: `is required for the engine strategy strategies.${i}`,
          });
        const st = s.engine.strategy;
        if (
          st.kind === "recenter" &&
          st.params.bandPct !== undefined &&
          st.params.bandPct > st.params.widthPct
        )
          ctx.addIssue({
            code: "custom",
            path: ["strategies", i, "engine", "strategy", "params", "bandPct"],
            message: `must be <= widthPct (${st.params.widthPct})`,
          });
      }
      const j = seen.get(s.name);
      if (j !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["strategies", i, "name"],
          message: `duplicates strategies.${j}.name`,
        });
      seen.set(s.name, i);
    });
  });

/** A validated simulation config. */
export type SimulationConfig = z.infer<typeof simulationConfigSchema>;
/** One validated strategy of a simulation config. */
export type SimulationStrategyConfig = SimulationConfig["strategies"][number];
/** The engine part of a strategy of a simulation config. */
export type SimulationEngineConfig = NonNullable<SimulationStrategyConfig["engine"]>;
/** The validated synthetic pool settings. */
export type SyntheticPoolConfig = NonNullable<SimulationConfig["syntheticPool"]>;

/** Returns the validated simulation config from a parsed object; ConfigError names the path of the problem. */
export function parseSimulationConfig(raw: unknown, file?: string): SimulationConfig {
  if (file !== undefined) requireString(file, "file");
  return parseConfig(simulationConfigSchema, raw, file);
}

/** Returns the validated simulation config read from a YAML or JSON file. */
export function loadSimulationConfig(file: string): SimulationConfig {
  return parseSimulationConfig(readConfigFile(file), file);
}
