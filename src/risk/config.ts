/**
 * The `lpguard risk` config file (YAML or JSON), validated with zod. Errors name the dotted path in the file.
 *
 * ```yaml
 * position:
 *   kind: v3                      # v2 | v3 | weighted
 *   deposit: 10000                # quote units
 *   range: { belowPct: 10, abovePct: 10 }   # v3 only; or { lower, upper } prices
 *   weight: 0.5                   # weighted only: base weight
 *   hedge: { ratio: 1 }           # short perp of ratio × the position's delta (hedged measures; default 1)
 * data:
 *   prices: ../data/ETHUSDT_1h.csv          # OHLCV, relative to this file
 *   from: "2022-01-01"
 *   to: "2022-12-31"
 *   correlateWith: ../data/BTCUSDT_1h.csv   # optional second asset
 * horizonDays: 7
 * confidence: [0.95, 0.99]
 * volatility: closeToClose        # estimator used for the model-based measures, or a number (annualised)
 * ewmaHalfLife: 11.2h              # EWMA half-life in time (or ewmaLambdaPerBar: 0.94)
 * monteCarlo: { paths: 20000, seed: 1 }
 * varMethods: [historical, monteCarlo]   # full revaluation (default); add deltaGamma for the approximation
 * ```
 */
import { z } from "zod";
import { duration } from "../config/index.js";
import { requireString } from "../errors/guards.js";
import { amount, day, filePath, num, parseConfig, rangeSchema, readConfigFile } from "./configFile.js";

/** Names of the realised-volatility estimators, in report order. */
export const VOLATILITY_ESTIMATORS = [
  "closeToClose",
  "parkinson",
  "garmanKlass",
  "rogersSatchell",
  "yangZhang",
  "ewma",
] as const;
export type VolatilityEstimator = (typeof VOLATILITY_ESTIMATORS)[number];

const estimatorSchema = z.enum(VOLATILITY_ESTIMATORS, {
  errorMap: () => ({ message: `expected a number or one of ${VOLATILITY_ESTIMATORS.join(", ")}` }),
});

/** VaR/ES methods: "historical" and "monteCarlo" revalue the position in full; "deltaGamma" approximates it. */
export const VAR_METHODS = ["historical", "deltaGamma", "monteCarlo"] as const;
export type VarMethod = (typeof VAR_METHODS)[number];

export const riskConfigSchema = z
  .object({
    position: z
      .object({
        kind: z.enum(["v2", "v3", "weighted"], {
          errorMap: () => ({ message: 'expected one of "v2", "v3", "weighted"' }),
        }),
        /** Deposit in quote units at the current price. */
        deposit: amount(),
        range: rangeSchema.optional(),
        /** Base weight of a weighted pool, in (0, 1). */
        weight: num().gt(0).lt(1).optional(),
        /** Short perp hedge for the hedged measures: size = ratio × the position's delta at the current price. */
        hedge: z
          .object({ ratio: num().min(0).default(1) })
          .strict()
          .default({}),
      })
      .strict()
      .superRefine((p, ctx) => {
        if (p.kind === "v3" && p.range === undefined)
          ctx.addIssue({ code: "custom", path: ["range"], message: "is required for kind v3" });
        if (p.kind !== "v3" && p.range !== undefined)
          ctx.addIssue({ code: "custom", path: ["range"], message: `is only for kind v3, not ${p.kind}` });
        if (p.kind === "weighted" && p.weight === undefined)
          ctx.addIssue({ code: "custom", path: ["weight"], message: "is required for kind weighted" });
        if (p.kind !== "weighted" && p.weight !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["weight"],
            message: `is only for kind weighted, not ${p.kind}`,
          });
      }),
    data: z
      .object({
        /** OHLCV file of the pair (relative to the config file). */
        prices: filePath(),
        from: day().optional(),
        to: day().optional(),
        /** OHLCV file of a second asset, for the correlation. */
        correlateWith: filePath().optional(),
        /** Keep the file's last row (Binance files end with a partial candle, dropped by default). */
        keepLast: z.boolean({ invalid_type_error: "expected true or false" }).default(false),
      })
      .strict()
      .superRefine((d, ctx) => {
        if (d.from !== undefined && d.to !== undefined && d.to < d.from)
          ctx.addIssue({ code: "custom", path: ["to"], message: `must not be before from (${d.from})` });
      }),
    horizonDays: num()
      .gte(1 / 24)
      .max(3650),
    confidence: z
      .array(num().gt(0.5).lt(1), { invalid_type_error: "expected a list of levels such as [0.95, 0.99]" })
      .min(1)
      .default([0.95, 0.99]),
    /** Volatility for the model-based measures: an estimator's name or an annualised number. */
    volatility: z
      .union([estimatorSchema, num().positive()], {
        errorMap: (issue, ctx) => ({
          message:
            issue.code === "invalid_union"
              ? `expected a number > 0 or one of ${VOLATILITY_ESTIMATORS.join(", ")}`
              : ctx.defaultError,
        }),
      })
      .default("closeToClose"),
    /**
     * EWMA half-life in time of the EWMA volatility and correlation (default "11.2h": λ ≈ 0.94 per hourly bar), or
     * the decay per bar as ewmaLambdaPerBar.
     */
    ewmaHalfLife: duration().optional(),
    ewmaLambdaPerBar: num().gt(0).lt(1).optional(),
    /** The old per-bar form under an ambiguous name: refused with the two ways to say it. */
    ewmaLambda: z.unknown().optional(),
    /**
     * VaR/ES methods to report, in report order. Default: the full-revaluation ones; "deltaGamma" (a quadratic
     * approximation, with its caveat in the report) only when listed.
     */
    varMethods: z
      .array(
        z.enum(VAR_METHODS, {
          errorMap: () => ({ message: `expected one of ${VAR_METHODS.join(", ")}` }),
        }),
        { invalid_type_error: "expected a list such as [historical, monteCarlo]" },
      )
      .min(1)
      .default(["historical", "monteCarlo"]),
    monteCarlo: z
      .object({
        paths: z
          .number({ invalid_type_error: "expected a number" })
          .int()
          .min(100)
          .max(10_000_000)
          .default(20_000),
        seed: z
          .number({ invalid_type_error: "expected a number" })
          .int()
          .min(0)
          .max(2 ** 32 - 1)
          .default(1),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.ewmaLambda !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["ewmaLambda"],
        message:
          'is a decay per bar: give the half-life in time (ewmaHalfLife: "11.2h") or the per-bar decay as ewmaLambdaPerBar',
      });
    if (c.ewmaHalfLife !== undefined && c.ewmaLambdaPerBar !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["ewmaLambdaPerBar"],
        message: "give ewmaHalfLife or ewmaLambdaPerBar, not both",
      });
  });

/** A validated risk config. */
export type RiskConfig = z.infer<typeof riskConfigSchema>;

/** Returns the validated risk config from a parsed object; ConfigError names the path of the first problem. */
export function parseRiskConfig(raw: unknown, file?: string): RiskConfig {
  if (file !== undefined) requireString(file, "file");
  return parseConfig(riskConfigSchema, raw, file);
}

/** Returns the validated risk config read from a YAML or JSON file. */
export function loadRiskConfig(file: string): RiskConfig {
  return parseRiskConfig(readConfigFile(file), file);
}
