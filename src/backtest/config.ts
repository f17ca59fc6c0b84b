/**
 * The backtest config file (YAML or JSON), validated with zod. Errors name the dotted path in the file.
 *
 * ```yaml
 * data: { pool: ../data/polygon-weth-usdc-005, from: 2022-07-19, to: 2022-08-22 }
 * position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } }
 * strategy: { kind: passive }            # passive | fullRange | recenter | hold
 * costs: { gasQuote: 0.05, swapGasQuote: 0, priceImpact: true }
 * latencyMinutes: 0
 * inRangeMode: close                     # close | prorate
 * ```
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { type ZodIssue, z } from "zod";
import { formatValue } from "../errors/base.js";
import { ConfigError } from "../errors/config.js";

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string({ invalid_type_error: "expected a date YYYY-MM-DD" })
  .regex(DAY_RE, { message: "expected a date YYYY-MM-DD" });
const num = () => z.number({ invalid_type_error: "expected a number" }).finite();

const rangeSchema = z
  .object({
    lower: num().positive().optional(),
    upper: num().positive().optional(),
    belowPct: num().min(0).lt(100).optional(),
    abovePct: num().min(0).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const prices = r.lower !== undefined || r.upper !== undefined;
    const pcts = r.belowPct !== undefined || r.abovePct !== undefined;
    if (prices && pcts)
      ctx.addIssue({
        code: "custom",
        message: "give either {lower, upper} or {belowPct, abovePct}, not both",
      });
    else if (prices) {
      if (r.lower === undefined)
        ctx.addIssue({ code: "custom", path: ["lower"], message: "is required with upper" });
      else if (r.upper === undefined)
        ctx.addIssue({ code: "custom", path: ["upper"], message: "is required with lower" });
      else if (!(r.upper > r.lower))
        ctx.addIssue({ code: "custom", path: ["upper"], message: `must be greater than lower (${r.lower})` });
    } else if (pcts) {
      if (r.belowPct === undefined)
        ctx.addIssue({ code: "custom", path: ["belowPct"], message: "is required with abovePct" });
      else if (r.abovePct === undefined)
        ctx.addIssue({ code: "custom", path: ["abovePct"], message: "is required with belowPct" });
    } else ctx.addIssue({ code: "custom", message: "give {lower, upper} prices or {belowPct, abovePct}" });
  });

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

export const backtestConfigSchema = z
  .object({
    data: z
      .object({
        /** Folder of pool minute files (or one file), relative to the config file's folder. */
        pool: z.string({ invalid_type_error: "expected a path" }).min(1),
        from: day.optional(),
        to: day.optional(),
      })
      .strict(),
    position: z
      .object({
        /** Deposit in quote units (e.g. USDC). */
        deposit: num().positive(),
        range: rangeSchema.optional(),
      })
      .strict(),
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
    latencyMinutes: z.number({ invalid_type_error: "expected a number" }).int().min(0).default(0),
    inRangeMode: z.enum(["close", "prorate"]).default("close"),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.strategy.kind === "passive" && c.position.range === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["position", "range"],
        message: "is required for strategy passive",
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

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  return formatValue(value);
}

/** Returns a ConfigError for the first zod issue, naming its dotted path and the value found there. */
export function issueToConfigError(issue: ZodIssue, raw: unknown, file?: string): ConfigError {
  const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
  const value = valueAt(raw, issue.path);
  let reason: string;
  switch (issue.code) {
    case "invalid_type":
      reason =
        issue.received === "undefined"
          ? "is required"
          : `${issue.message.startsWith("expected") ? issue.message : `expected ${issue.expected}`}, got ${describe(value)}`;
      break;
    case "unrecognized_keys":
      reason = `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
      break;
    case "too_small":
    case "too_big":
      reason = `${issue.message.replace(/^Number must be /, "must be ")}, got ${describe(value)}`;
      break;
    case "invalid_union_discriminator":
    case "invalid_enum_value":
    case "invalid_literal":
      reason = `${issue.message}, got ${describe(value)}`;
      break;
    default:
      reason =
        value === undefined || typeof value === "object"
          ? issue.message
          : `${issue.message}, got ${describe(value)}`;
  }
  return new ConfigError({ path, reason, file });
}

/** Returns the validated config from a parsed object; throws ConfigError naming the path of the first problem. */
export function parseBacktestConfig(raw: unknown, file?: string): BacktestConfig {
  const r = backtestConfigSchema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

/** Returns the validated config read from a YAML or JSON file (JSON is YAML). */
export function loadBacktestConfig(file: string): BacktestConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ConfigError({
      path: "--config",
      value: file,
      reason: `cannot be read (${(cause as Error).message})`,
    });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new ConfigError({
      path: "(file)",
      file,
      reason: `is not valid YAML/JSON: ${(cause as Error).message.split("\n")[0]}`,
    });
  }
  return parseBacktestConfig(raw, file);
}
