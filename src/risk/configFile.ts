/**
 * Reading of the risk and simulate config files (YAML or JSON). Validation goes through zod and the backtest
 * config's `issueToConfigError`, so every command names the dotted path of a bad field the same way.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { issueToConfigError } from "../backtest/config.js";
import { ConfigError } from "../errors/config.js";

/** A finite number; zod's message names the expectation. */
export const num = () => z.number({ invalid_type_error: "expected a number" }).finite();

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A `YYYY-MM-DD` date string. */
export const day = () =>
  z
    .string({ invalid_type_error: "expected a date YYYY-MM-DD" })
    .regex(DAY_RE, { message: "expected a date YYYY-MM-DD" });

/** A file path (relative to the config file's folder). */
export const filePath = () => z.string({ invalid_type_error: "expected a path" }).min(1);

/**
 * A price range: absolute `{lower, upper}` prices or `{belowPct, abovePct}` percentages of the current price
 * (lower = P·(1 − belowPct/100), upper = P·(1 + abovePct/100)).
 */
export const rangeSchema = z
  .object({
    lower: num().positive().optional(),
    upper: num().positive().optional(),
    belowPct: num().gt(0).lt(100).optional(),
    abovePct: num().gt(0).optional(),
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

/** A validated range config. */
export type RangeConfig = z.infer<typeof rangeSchema>;

/** Returns the range [lower, upper] in prices for the current price `price`. */
export function resolveRange(range: RangeConfig, price: number): { lower: number; upper: number } {
  if (range.lower !== undefined && range.upper !== undefined)
    return { lower: range.lower, upper: range.upper };
  return { lower: price * (1 - range.belowPct! / 100), upper: price * (1 + range.abovePct! / 100) };
}

/** Returns `raw` validated by `schema`; throws ConfigError naming the dotted path of the first problem. */
export function parseConfig<S extends z.ZodTypeAny>(schema: S, raw: unknown, file?: string): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

/** Returns the parsed YAML/JSON content of a config file; ConfigError when it cannot be read or parsed. */
export function readConfigFile(file: string): unknown {
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
  try {
    return parseYaml(text);
  } catch (cause) {
    throw new ConfigError({
      path: "(file)",
      file,
      reason: `is not valid YAML/JSON: ${(cause as Error).message.split("\n")[0]}`,
    });
  }
}
