/**
 * The run spec: the backtest config file (YAML or JSON), validated with zod. Errors name the dotted path in the file.
 *
 * ```yaml
 * data: { pool: ../data/polygon-weth-usdc-005, from: 2022-07-19, to: 2022-08-22 }
 * position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } }
 * strategy: { kind: passive }            # passive | fullRange | recenter | hold
 * costs: { gasQuote: 0.05, swapGasQuote: 0, priceImpact: true }
 * latencyMinutes: 0
 * inRangeMode: close                     # close | prorate | path
 * hedge:                                 # optional; one hedge or a list (combined); omitted = unhedged
 *   kind: delta                          # delta (perp short or borrow hedge)
 *   venue: perp                          # perp | lending
 *   trigger: { kind: absolute, band: 0.1 } # absolute | relative | time | priceMove | volatility | whalleyWilmott
 *   governor: { horizonDays: 7 }         # optional cost governor
 * # kind: proactive: band and ratio from a forecast (forecast: {model, barMinutes, warmupBars, hmm}, mapping: {...})
 * venues:                                # models of the hedge venues (defaults: Binance-like perp, Aave v3)
 *   perp: { takerFee: 0.0005, leverage: 5, funding: { file: ../funding.csv } }
 *   lending: { rates: { supplyRate: 0.03, borrowRate: 0.02 } }
 * poolModel: { kind: v2 }                # optional: v3 (default) | v2 {fee?} | weighted {weight, fee?}
 * ```
 */

import { z } from "zod";
import { requireString } from "../errors/guards.js";
import type { PoolMeta } from "../types/series.js";
import {
  amount,
  day,
  duration,
  ewmaDecayRefine,
  issueToConfigError,
  num,
  rangeSchema,
  readConfigFile,
} from "./primitives.js";

const strategySchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("passive"), params: z.object({}).strict().optional() }).strict(),
    z.object({ kind: z.literal("fullRange"), params: z.object({}).strict().optional() }).strict(),
    z
      .object({
        kind: z.literal("recenter"),
        params: z
          .object({
            widthPct: num().gt(0).lt(100),
            bandPct: num().gt(0).optional(),
            cooldownMinutes: num().min(0).optional(),
          })
          .strict(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("hold"),
        params: z
          .object({ baseFraction: num().min(0).max(1).optional() })
          .strict()
          .optional(),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: 'expected one of "passive", "fullRange", "recenter", "hold"' }) },
);

const nonNeg = () => num().min(0);
const fraction = () => num().min(0).lt(1);

const triggerSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("absolute"), band: nonNeg() }).strict(),
    z.object({ kind: z.literal("relative"), fraction: nonNeg() }).strict(),
    z.object({ kind: z.literal("time"), intervalMinutes: num().positive() }).strict(),
    z.object({ kind: z.literal("priceMove"), threshold: num().positive() }).strict(),
    z.object({ kind: z.literal("volatility"), k: nonNeg(), horizonMinutes: num().positive() }).strict(),
    z
      .object({
        kind: z.literal("whalleyWilmott"),
        riskAversion: num().positive(),
        /** Proportional cost λ per unit of value traded; default: the perp's taker fee + half-spread. */
        proportionalCost: nonNeg().optional(),
      })
      .strict(),
  ],
  {
    errorMap: () => ({
      message: 'expected one of "absolute", "relative", "time", "priceMove", "volatility", "whalleyWilmott"',
    }),
  },
);

const governorSchema = z
  .object({
    horizonDays: num().positive().default(7),
    riskAversion: num().positive().default(1e-4),
    /** Fee APR and LVR per year the estimate starts from, weighted as `priorDays` of realised history. */
    feeAprPrior: num().default(0.2),
    lvrPerYearPrior: num().default(0.05),
    priorDays: nonNeg().default(1),
    /** Once the run is this old, the trailing window of realised fees and LVR the estimate uses (days). */
    feeWindowDays: num().positive().default(7),
    /** A "widen" or "stop" holds this long, then the next hedge is judged afresh (days). */
    reviewDays: num().positive().default(1),
    /** Annual funding rate assumed by the governor (default: the constant perp rate, or 0.1 for a file). */
    fundingRateAnnual: num().optional(),
  })
  .strict();

const deltaHedgeSchema = z
  .object({
    kind: z.literal("delta"),
    venue: z.enum(["perp", "lending"]).default("perp"),
    hedgeRatio: nonNeg().default(1),
    /**
     * Margin / collateral moved to the venue at the start, as a fraction of position.deposit. It is capital added on
     * top of the deposit, so a hedged run holds the same LP position as the unhedged one.
     */
    reserveFraction: fraction().default(0.25),
    /** The hedge fills this long after the decision, at the price then (default: latencyMinutes). */
    latencyMs: nonNeg().optional(),
    minTrade: nonNeg().default(1e-6),
    trigger: triggerSchema,
    volatility: z
      .object({
        initial: nonNeg().default(0.8),
        /** EWMA half-life in time ("1d", "12h"); or halfLifeMinutes; default 1 day. */
        halfLife: duration().optional(),
        halfLifeMinutes: num().positive().optional(),
      })
      .strict()
      .refine((v) => v.halfLife === undefined || v.halfLifeMinutes === undefined, {
        message: "give halfLife or halfLifeMinutes, not both",
        path: ["halfLifeMinutes"],
      })
      .default({}),
    governor: governorSchema.optional(),
  })
  .strict();

const pair = () => z.tuple([num(), num()]);

/**
 * A proactive delta hedge (proactiveHedge): band and hedge ratio set from an online volatility forecast (EWMA or
 * GARCH(1,1)) and a two-state HMM turbulence probability of the pool's own aggregated returns.
 */
const proactiveHedgeSchema = z
  .object({
    kind: z.literal("proactive"),
    venue: z.enum(["perp", "lending"]).default("perp"),
    reserveFraction: fraction().default(0.25),
    latencyMs: nonNeg().optional(),
    minTrade: nonNeg().default(1e-6),
    forecast: z
      .object({
        model: z.enum(["ewma", "garch"]).default("garch"),
        /** EWMA half-life in time ("3d", "11h"), or lambdaPerBar (per aggregated bar); default λ = 0.94 per bar. */
        halfLife: duration().optional(),
        lambdaPerBar: num().gt(0).lt(1).optional(),
        /** The old per-bar form under an ambiguous name: refused with the two ways to say it. */
        lambda: z.unknown().optional(),
        barMinutes: num().positive().default(60),
        /** Aggregated returns before the forecast is used (GARCH / HMM are fitted on them). */
        warmupBars: z.number({ invalid_type_error: "expected a number" }).int().min(20).default(72),
        horizonBars: z.number({ invalid_type_error: "expected a number" }).int().min(1).default(1),
        /** GARCH(1,1) per aggregated bar; omitted: fitted on the warm-up. */
        garch: z
          .object({ omega: num().positive(), alpha: nonNeg(), beta: nonNeg(), mu: num().default(0) })
          .strict()
          .superRefine((g, ctx) => {
            if (!(g.alpha + g.beta < 1))
              ctx.addIssue({
                code: "custom",
                path: ["beta"],
                message: `alpha + beta must be < 1 (alpha ${g.alpha})`,
              });
          })
          .optional(),
        hmm: z
          .object({
            enabled: z.boolean({ invalid_type_error: "expected true or false" }).default(true),
            /** Two-state HMM per aggregated bar (state 1 turbulent); omitted: fitted on the warm-up. */
            params: z
              .object({
                means: pair(),
                variances: z.tuple([num().positive(), num().positive()]),
                transition: z.tuple([pair(), pair()]),
                initial: pair(),
              })
              .strict()
              .optional(),
          })
          .strict()
          .default({}),
      })
      .strict()
      .superRefine(ewmaDecayRefine("11h"))
      .default({}),
    mapping: z
      .object({
        baseBand: nonNeg().default(0.1),
        referenceVol: num().positive().default(0.8),
        turbulenceTightening: num().min(0).max(1).default(0.5),
        minBand: nonNeg().default(0.01),
        maxBand: nonNeg().default(1),
        calmRatio: nonNeg().default(0.7),
        turbulentRatio: nonNeg().default(1),
      })
      .strict()
      .superRefine((m, ctx) => {
        if (m.maxBand < m.minBand)
          ctx.addIssue({ code: "custom", path: ["maxBand"], message: `must be >= minBand (${m.minBand})` });
      })
      .default({}),
    governor: governorSchema.optional(),
  })
  .strict();

const protectivePutSchema = z
  .object({
    kind: z.literal("protectivePut"),
    /** Strike below the price, percent. */
    otmPct: num().min(0).lt(100),
    tenorDays: num().positive(),
    hedgeRatio: nonNeg().default(1),
    /** Roll into a new put at each expiry (false: let it expire). */
    roll: z.boolean({ invalid_type_error: "expected true or false" }).default(true),
    strikeStep: nonNeg().default(0),
    /** Premium budget moved to the option venue at the start, fraction of position.deposit (added on top). */
    reserveFraction: fraction().default(0.05),
  })
  .strict();

const staticStripSchema = z
  .object({
    kind: z.literal("staticStrip"),
    tenorDays: num().positive(),
    /** Strike spacing of the replication grid, quote units. */
    strikeStep: num().positive(),
    strikeSpanPct: num().gt(0).lt(100).default(50),
    /** Short the strip's forward leg on the perp. */
    hedgeForward: z.boolean({ invalid_type_error: "expected true or false" }).default(true),
    /** Premium budget (options) and perp margin, fractions of position.deposit added on top of it. */
    reserveFraction: fraction().default(0.1),
    perpReserveFraction: fraction().default(0.25),
  })
  .strict();

/** One hedge overlay: a delta hedge (perp or borrow; reactive or proactive), protective puts, or a static option strip. */
export const hedgeSchema = z.discriminatedUnion(
  "kind",
  [deltaHedgeSchema, proactiveHedgeSchema, protectivePutSchema, staticStripSchema],
  {
    errorMap: () => ({ message: 'expected one of "delta", "proactive", "protectivePut", "staticStrip"' }),
  },
);

const perpVenueSchema = z
  .object({
    takerFee: nonNeg().default(0.0005),
    makerFee: num().gt(-0.01).lt(1).default(0.0002),
    halfSpreadBps: nonNeg().default(1),
    impactModel: z.enum(["none", "linear", "sqrt"]).default("sqrt"),
    impactCoefficient: nonNeg().default(0.001),
    depth: num().positive().default(1000),
    leverage: num().positive().default(5),
    maintenanceMarginRate: fraction().default(0.005),
    liquidationFee: fraction().default(0.0125),
    /** Top the margin up to initial margin × (1 + marginBuffer) after each fill, from ledger cash. */
    marginBuffer: nonNeg().default(0),
    /** Funding: a file of real rates (relative to the config) or a constant annual rate; omitted = none. */
    funding: z
      .object({
        file: z.string({ invalid_type_error: "expected a path" }).min(1).optional(),
        annualRate: num().optional(),
        intervalHours: num().positive().default(8),
      })
      .strict()
      .superRefine((f, ctx) => {
        if ((f.file === undefined) === (f.annualRate === undefined))
          ctx.addIssue({ code: "custom", message: "give either file or annualRate" });
      })
      .optional(),
  })
  .strict();

const lendingVenueSchema = z
  .object({
    ltv: fraction().default(0.8),
    liquidationThreshold: fraction().default(0.85),
    liquidationBonus: fraction().default(0.05),
    closeFactor: num().gt(0).max(1).default(0.5),
    fullCloseHealthFactor: num().min(0).max(1).default(0.95),
    compounding: z.enum(["aave", "continuous"]).default("aave"),
    /** Cost of selling the borrowed base / buying it back, fraction of notional. */
    swapCost: fraction().default(0.0005),
    /**
     * Rates: a folder of Aave reserve minute files (relative to the config) with the collateral (quote) and debt
     * (base) reserves, or constant annual supply and borrow rates.
     */
    rates: z
      .object({
        folder: z.string({ invalid_type_error: "expected a path" }).min(1).optional(),
        collateralAsset: z.string().default("USDC"),
        debtAsset: z.string().default("WETH"),
        supplyRate: nonNeg().optional(),
        borrowRate: nonNeg().optional(),
      })
      .strict()
      .superRefine((r, ctx) => {
        if (r.folder !== undefined) {
          if (r.supplyRate !== undefined || r.borrowRate !== undefined)
            ctx.addIssue({ code: "custom", message: "give either folder or supplyRate and borrowRate" });
        } else {
          if (r.supplyRate === undefined)
            ctx.addIssue({ code: "custom", path: ["supplyRate"], message: "is required without folder" });
          if (r.borrowRate === undefined)
            ctx.addIssue({ code: "custom", path: ["borrowRate"], message: "is required without folder" });
        }
      })
      .default({ supplyRate: 0.03, borrowRate: 0.02 }),
  })
  .strict();

/**
 * The option venue: European options priced with Black-76 (forward = the pool price, rate 0) at a vol from a
 * constant, the Deribit DVOL index (the previous day's close), or the recorded chain's smile at the same moneyness
 * K/F and tenor (the only real chain is one snapshot, so its smile stands in for other dates).
 */
const optionsVenueSchema = z
  .object({
    spreadFraction: fraction().default(0.02),
    vol: z
      .discriminatedUnion(
        "kind",
        [
          z.object({ kind: z.literal("constant"), vol: num().positive() }).strict(),
          z.object({ kind: z.literal("dvol"), file: z.string().min(1) }).strict(),
          z.object({ kind: z.literal("chainSmile"), file: z.string().min(1) }).strict(),
        ],
        { errorMap: () => ({ message: 'expected one of "constant", "dvol", "chainSmile"' }) },
      )
      .default({ kind: "constant", vol: 0.8 }),
  })
  .strict();

/** Models of the hedge venues; each defaults to typical values (Binance USDⓈ-M, Aave v3 Polygon, Deribit). */
export const venuesSchema = z
  .object({
    perp: perpVenueSchema.default({}),
    lending: lendingVenueSchema.default({}),
    options: optionsVenueSchema.default({}),
  })
  .strict()
  .default({});

/**
 * The pool design the run's position lives in, on the recorded v3 market (price path and volume): `v3` (default,
 * the recorded pool), `v2` (constant product, full range) or `weighted` (two-asset Balancer pool, base weight
 * `weight`). `fee` defaults to the recorded pool's fee. See src/engine/README.md, "v2 and weighted pool models".
 */
export const poolModelSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("v3") }).strict(),
    z.object({ kind: z.literal("v2"), fee: num().min(0).max(0.5).optional() }).strict(),
    z
      .object({
        kind: z.literal("weighted"),
        weight: num().gt(0).lt(1),
        fee: num().min(0).max(0.5).optional(),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: 'expected one of "v3", "v2", "weighted"' }) },
);
/** The deposit-and-range position form (vault pools, which always give a deposit). */
export const depositPositionSchema = z
  .object({
    /** Deposit in quote units (e.g. USDC). */
    deposit: amount(),
    range: rangeSchema.optional(),
  })
  .strict();

const tick = () =>
  z.number({ invalid_type_error: "expected an integer tick" }).int().min(-887272).max(887272);

/**
 * The position: its capital as `deposit` (quote units, swapped to the range's ratio), `amounts` (human units of
 * each token, minted without a swap, L = min(L0, L1) as LiquidityAmounts, the leftover kept as cash) or `liquidity`
 * (raw L, decimal string; the run starts with exactly the tokens the mint takes); its range as `range` (prices or
 * percentages) or `ticks` (raw pool ticks); `entry` mints at the first minute's close tick (default) or open tick.
 */
const positionSchema = z
  .object({
    /** Deposit in quote units (e.g. USDC). */
    deposit: amount().optional(),
    amounts: z
      .object({
        base: num().min(0).lte(1e15),
        quote: num().min(0).lte(1e15),
      })
      .strict()
      .superRefine((a, ctx) => {
        if (!(a.base > 0 || a.quote > 0)) ctx.addIssue({ code: "custom", message: "give base or quote > 0" });
      })
      .optional(),
    liquidity: z
      .string({ invalid_type_error: 'expected raw liquidity as a decimal string, e.g. "123456789"' })
      .regex(/^[1-9][0-9]*$/, { message: "expected a positive integer as a decimal string" })
      .refine((t) => t.length <= 39, { message: "must be below 2^128 (uint128)" })
      .refine((t) => !/^[1-9][0-9]{0,38}$/.test(t) || BigInt(t) < 1n << 128n, {
        message: "must be below 2^128 (uint128)",
      })
      .optional(),
    range: rangeSchema.optional(),
    ticks: z
      .object({ lower: tick(), upper: tick() })
      .strict()
      .superRefine((t, ctx) => {
        if (!(t.lower < t.upper))
          ctx.addIssue({
            code: "custom",
            path: ["upper"],
            message: `must be greater than lower (${t.lower})`,
          });
      })
      .optional(),
    entry: z.enum(["open", "close"]).default("close"),
  })
  .strict()
  .superRefine((p, ctx) => {
    const forms = (["deposit", "amounts", "liquidity"] as const).filter((k) => p[k] !== undefined);
    if (forms.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["deposit"],
        message: "is required (or give amounts or liquidity)",
      });
    else if (forms.length > 1)
      ctx.addIssue({
        code: "custom",
        path: [forms[1]],
        message: `give one of deposit, amounts, liquidity (also given: ${forms[0]})`,
      });
    if (p.liquidity !== undefined && p.ticks === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["ticks"],
        message: "is required with liquidity (raw L is only meaningful on exact ticks)",
      });
    if (p.range !== undefined && p.ticks !== undefined)
      ctx.addIssue({ code: "custom", path: ["ticks"], message: "give either range or ticks, not both" });
  });

const tokenMetaSchema = z
  .object({
    symbol: z.string().min(1).max(32),
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, { message: "expected a 20-byte hex address" }),
    decimals: z.number().int().min(0).max(36),
  })
  .strict();

/**
 * A pool's metadata given in the config (`data.meta`), so a backtest needs no built-in list: chain label, address,
 * fee in pips (500 = 0.05 %), tick spacing, the two tokens in contract order and which one is the base.
 */
export const poolMetaSchema = z
  .object({
    chain: z
      .string()
      .regex(/^[A-Za-z]+$/, { message: "expected letters only (the file names' chain label)" }),
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, { message: "expected a 20-byte hex address" }),
    feePips: z.number().int().min(1).max(999_999),
    tickSpacing: z.number().int().min(1).max(16_384),
    token0: tokenMetaSchema,
    token1: tokenMetaSchema,
    base: z.enum(["token0", "token1"]),
  })
  .strict();

/** The PoolMeta of a config's `data.meta`. */
export function poolMetaFromConfig(m: z.infer<typeof poolMetaSchema>): PoolMeta {
  return {
    chain: m.chain,
    address: m.address.toLowerCase(),
    fee: m.feePips / 1e6,
    feePips: m.feePips,
    tickSpacing: m.tickSpacing,
    token0: { ...m.token0, address: m.token0.address.toLowerCase() },
    token1: { ...m.token1, address: m.token1.address.toLowerCase() },
    baseToken: m.base === "token0" ? 0 : 1,
  };
}

/** The backtest config's object shape before cross-field checks (compare reuses its parts). */
export const backtestConfigObject = z
  .object({
    data: z
      .object({
        /** Folder of pool minute files (or one file), relative to the config file's folder. */
        pool: z.string({ invalid_type_error: "expected a path" }).min(1),
        from: day.optional(),
        to: day.optional(),
        /** The pool's description, for any pool (e.g. minute files made by `lpguard fetch`); default: known pools. */
        meta: poolMetaSchema.optional(),
      })
      .strict(),
    position: positionSchema,
    strategy: strategySchema,
    costs: z
      .object({
        /** Gas per mint and per burn transaction, in quote units. */
        gasQuote: num().min(0).default(0),
        /** Gas per stand-alone swap (the hold baseline's swap), in quote units. */
        swapGasQuote: num().min(0).default(0),
        /** Model the price impact of our own swaps from the pool's active liquidity. */
        priceImpact: z.boolean({ invalid_type_error: "expected true or false" }).default(true),
      })
      .strict()
      .default({}),
    latencyMinutes: z
      .number({ invalid_type_error: "expected a number" })
      .int()
      .min(0)
      .max(5_256_000)
      .default(0),
    inRangeMode: z.enum(["close", "prorate", "path"]).default("prorate"),
    /** One hedge overlay; `hedges` for several at once (combined). Omitted: unhedged. */
    hedge: hedgeSchema.optional(),
    hedges: z.array(hedgeSchema).optional(),
    venues: venuesSchema,
    /** Pool design (default: the recorded v3 pool). */
    poolModel: poolModelSchema.optional(),
  })
  .strict();

/** The range strategy of a config (passive, fullRange, recenter, hold). */
export const rangeStrategySchema = strategySchema;

export const backtestConfigSchema = backtestConfigObject.superRefine((c, ctx) => {
  // The LP gamma / range-based hedges read v3 liquidity (lpGamma, lpBaseAt): a v2 / weighted pool has none.
  if (c.poolModel !== undefined && c.poolModel.kind !== "v3") {
    const all = [...(c.hedge ? [c.hedge] : []), ...(c.hedges ?? [])];
    all.forEach((h, i) => {
      const t = h.kind === "delta" ? h.trigger.kind : undefined;
      const gammaFree = t === "absolute" || t === "relative" || t === "time" || t === "priceMove";
      if (gammaFree && h.kind === "delta" && h.governor === undefined) return;
      ctx.addIssue({
        code: "custom",
        path: c.hedge ? ["hedge"] : ["hedges", i],
        message: `a ${c.poolModel?.kind} pool takes only delta hedges with an absolute, relative, time or priceMove trigger and no governor (this one reads the v3 LP gamma)`,
      });
    });
  }
  const p = c.position;
  if (c.strategy.kind === "passive" && p.range === undefined && p.ticks === undefined)
    ctx.addIssue({
      code: "custom",
      path: ["position", "range"],
      message: "is required for strategy passive (or give position.ticks)",
    });
  if (c.strategy.kind !== "passive")
    for (const k of ["ticks", "amounts", "liquidity"] as const)
      if (p[k] !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["position", k],
          message: `applies to strategy passive only (this config's strategy is ${c.strategy.kind}); use deposit and range`,
        });
  if (p.deposit === undefined && (c.hedge !== undefined || c.hedges !== undefined))
    ctx.addIssue({
      code: "custom",
      path: ["position", p.amounts !== undefined ? "amounts" : "liquidity"],
      message: "a hedged run needs position.deposit (hedge reserves are fractions of it)",
    });
  if (c.strategy.kind === "recenter") {
    const p = c.strategy.params;
    if (p.bandPct !== undefined && p.bandPct > p.widthPct)
      ctx.addIssue({
        code: "custom",
        path: ["strategy", "params", "bandPct"],
        message: `must be <= widthPct (${p.widthPct})`,
      });
  }
});

/** A validated backtest config. */
export type BacktestConfig = z.infer<typeof backtestConfigSchema>;
/** One validated hedge overlay of a config. */
export type HedgeConfig = z.infer<typeof hedgeSchema>;
/** The validated venue models of a config. */
export type VenuesConfig = z.infer<typeof venuesSchema>;

/** Returns the validated config from a parsed object; throws ConfigError naming the path of the first problem. */
export function parseBacktestConfig(raw: unknown, file?: string): BacktestConfig {
  if (file !== undefined) requireString(file, "file");
  const r = backtestConfigSchema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

/** Returns the validated config read from a YAML or JSON file (JSON is YAML). */
export function loadBacktestConfig(file: string): BacktestConfig {
  return parseBacktestConfig(readConfigFile(file), file);
}
