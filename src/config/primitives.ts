/**
 * Config primitives shared by every config file (run spec, compare, simulate, risk): dates, finite numbers, price
 * ranges, the zod-issue → ConfigError mapping that names the dotted path in the file, and the YAML/JSON reader.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { type ZodIssue, z } from "zod";
import { formatValue } from "../errors/base.js";
import { ConfigError } from "../errors/config.js";

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A `YYYY-MM-DD` date string. */
export const day = z
  .string({ invalid_type_error: "expected a date YYYY-MM-DD" })
  .regex(DAY_RE, { message: "expected a date YYYY-MM-DD" });
/** A finite number; zod's message names the expectation. */
export const num = () => z.number({ invalid_type_error: "expected a number" }).finite();

/**
 * A price range: absolute `{lower, upper}` prices or `{belowPct, abovePct}` percentages of the current price
 * (lower = P·(1 − belowPct/100), upper = P·(1 + abovePct/100)). Shared by every config that names a range.
 */
export const rangeSchema = z
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

/** Returns the parsed (not yet validated) content of a YAML or JSON config file; ConfigError if unreadable. */
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
  return raw;
}
