/**
 * Config primitives shared by every config file (run spec, compare, simulate, risk): dates, finite numbers, price
 * ranges, the zod-issue → ConfigError mapping that names the dotted path in the file, and the YAML/JSON reader.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { dirname, resolve, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { type ZodIssue, z } from "zod";
import { checkInputPath, isInputDir, readInputText } from "../data/inputPath.js";
import { formatValue, truncateText } from "../errors/base.js";
import { ConfigError } from "../errors/config.js";
import { requireArray, requireObject, requireString } from "../errors/guards.js";
import { PathError } from "../errors/io.js";
import { durationTextMs } from "../forecast/halfLife.js";

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns whether `YYYY-MM-DD` names a real day of the proleptic Gregorian calendar (2022-02-30 does not). */
export function isCalendarDay(text: string): boolean {
  const m = DAY_RE.exec(text);
  if (m === null) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

/** A `YYYY-MM-DD` date string naming a real calendar day (`2022-02-30` and `2022-13-01` are rejected). */
export const day = z
  .string({ invalid_type_error: "expected a date YYYY-MM-DD" })
  .regex(DAY_RE, { message: "expected a date YYYY-MM-DD" })
  .refine(isCalendarDay, { message: "is not a calendar date (month 01..12, day within the month)" });

/**
 * Largest magnitude of a config number. Far beyond any deposit, price or raw liquidity (1e18 in the examples),
 * it keeps 1e308-style values out of the math, where products and squares would overflow to Infinity.
 */
export const MAX_CONFIG_NUMBER = 1e30;

/** A finite number of magnitude at most MAX_CONFIG_NUMBER; zod's message names the expectation. */
export const num = () =>
  z
    .number({ invalid_type_error: "expected a number" })
    .finite()
    .gte(-MAX_CONFIG_NUMBER)
    .lte(MAX_CONFIG_NUMBER);

/**
 * A duration such as "3d", "12h", "90m", "30s" or "1w" (as the library's parseDurationMs reads it), > 0 and at most
 * 100 years; the parsed config keeps the text.
 */
export const duration = () =>
  z.string({ invalid_type_error: 'expected a duration such as "3d" or "12h"' }).refine(
    (t) => {
      const ms = durationTextMs(t);
      return ms > 0 && ms <= 100 * 365 * 86_400_000;
    },
    {
      message:
        'expected a duration > 0 such as "3d", "12h", "90m" (units ms, s, m, h, d, w), at most 100 years',
    },
  );

/**
 * The check of an EWMA decay object `{halfLife?, lambdaPerBar?, lambda?}`: the per-bar `lambda` is refused naming both
 * forms (`example` is the half-life shown), and halfLife with lambdaPerBar is one decay too many.
 */
export function ewmaDecayRefine(example: string) {
  return (
    f: { halfLife?: unknown; lambdaPerBar?: unknown; lambda?: unknown },
    ctx: z.RefinementCtx,
  ): void => {
    if (f.lambda !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["lambda"],
        message: `is a decay per bar: give the half-life in time (halfLife: "${example}") or the per-bar decay as lambdaPerBar`,
      });
    if (f.halfLife !== undefined && f.lambdaPerBar !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["lambdaPerBar"],
        message: "give halfLife or lambdaPerBar, not both",
      });
  };
}

/** Smallest money amount (quote units) a config may deposit; smaller ones round the position to nothing. */
export const MIN_AMOUNT = 1e-6;
/** Largest money amount (quote units) a config may deposit. */
export const MAX_AMOUNT = 1e15;

/** A money amount in quote units (a deposit): in [MIN_AMOUNT, MAX_AMOUNT] = [1e-6, 1e15]. */
export const amount = () =>
  z.number({ invalid_type_error: "expected a number" }).finite().positive().gte(MIN_AMOUNT).lte(MAX_AMOUNT);

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
  requireObject(issue, "issue");
  requireArray(issue.path, "issue.path");
  if (file !== undefined) requireString(file, "file");
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

/** A config file read during a CLI run: its path and raw (parsed, unvalidated) content. */
export type ConfigRead = { file: string; raw: unknown };
const configReads = new AsyncLocalStorage<ConfigRead[]>();

/** Runs `fn` recording in `reads` every config file `readConfigFile` reads (the CLI uses it to name paths). */
export function withConfigReads<T>(reads: ConfigRead[], fn: () => Promise<T>): Promise<T> {
  return configReads.run(reads, fn);
}

/**
 * Returns the dotted config path and value of the string in one of `reads` that names `path` (resolved against
 * its config file's folder; a file inside a named folder counts), or undefined. Lets an input error raised deep in
 * a loader name `venues.perp.funding.file` instead of a bare path.
 */
export function findConfigPathOf(
  reads: readonly ConfigRead[],
  path: string,
): { file: string; path: string; value: string } | undefined {
  for (const { file, raw } of reads) {
    const base = dirname(file);
    const stack: [unknown, string][] = [[raw, ""]];
    while (stack.length > 0) {
      const [v, p] = stack.pop() as [unknown, string];
      if (typeof v === "string" && v !== "") {
        const abs = resolve(base, v);
        if (abs === path || path.startsWith(abs + sep)) return { file, path: p, value: v };
      } else if (v !== null && typeof v === "object")
        for (const [k, x] of Object.entries(v as Record<string, unknown>))
          stack.push([x, p === "" ? k : Array.isArray(v) ? `${p}[${k}]` : `${p}.${k}`]);
    }
  }
  return undefined;
}

/**
 * Returns the dotted path of the one leaf of `reads` whose key is `key` and whose value equals `value` (same
 * number, or same string), or undefined when there is none or more than one. Lets an argument error raised inside
 * a library function (`to "2022-07-18" is invalid`) name the config path the user wrote (`data.to`).
 */
export function findConfigKeyValue(
  reads: readonly ConfigRead[],
  key: string,
  value: unknown,
): { file: string; path: string } | undefined {
  const hits: { file: string; path: string }[] = [];
  const seen = new Set<string>();
  for (const { file, raw } of reads) {
    if (seen.has(file)) continue; // a file read twice (a command may peek at it first) counts once
    seen.add(file);
    const stack: [unknown, string][] = [[raw, ""]];
    while (stack.length > 0) {
      const [v, p] = stack.pop() as [unknown, string];
      if (v === null || typeof v !== "object") continue;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const path = p === "" ? k : `${p}.${k}`;
        if (k === key && (x === value || (typeof x === "number" && Object.is(x, value))))
          hits.push({ file, path });
        else if (x !== null && typeof x === "object") stack.push([x, path]);
      }
    }
  }
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * The config keys that name input files or folders, by the end of their dotted path, and what they must be:
 * `any` is a file or a folder (a pool's day files).
 */
export const CONFIG_INPUT_PATHS: readonly { suffix: string; kind: "file" | "dir" | "any" }[] = [
  { suffix: "data.pool", kind: "any" },
  { suffix: "data.prices", kind: "file" },
  { suffix: "data.correlateWith", kind: "file" },
  { suffix: "model.prices", kind: "file" },
  { suffix: "funding.file", kind: "file" },
  { suffix: "vol.file", kind: "file" },
  { suffix: "rates.folder", kind: "dir" },
  { suffix: "stripPricing.chain", kind: "file" },
];

/**
 * Checks every input path a raw config names (CONFIG_INPUT_PATHS; relative to the config file's folder). Call it
 * after the schema accepted the config (so a bad field is reported first) and before any work starts: missing, a folder where a file is expected, a FIFO or unreadable is a PathError naming the file and
 * the dotted path. Non-string values are left to the schema.
 */
export function checkConfigInputPaths(raw: unknown, file: string): void {
  const base = dirname(file);
  const stack: [unknown, string][] = [[raw, ""]];
  while (stack.length > 0) {
    const [v, p] = stack.pop() as [unknown, string];
    if (v === null || typeof v !== "object") continue;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const path = p === "" ? k : `${p}.${k}`;
      if (typeof x === "string" && x !== "") {
        const spec = CONFIG_INPUT_PATHS.find((c) => path === c.suffix || path.endsWith(`.${c.suffix}`));
        if (spec === undefined) continue;
        const abs = resolve(base, x);
        try {
          if (spec.kind === "any") isInputDir(abs, path);
          else checkInputPath(abs, { field: path, kind: spec.kind });
        } catch (err) {
          if (!(err instanceof PathError)) throw err;
          throw new PathError({ field: `${file}: ${path}`, path: x, reason: err.reason, code: err.code });
        }
      } else stack.push([x, path]);
    }
  }
}

/**
 * Returns the parsed (not yet validated) content of a YAML or JSON config file. An unusable path (missing, a
 * folder, a FIFO, unreadable) is a PathError naming `--config`; bad YAML is a ConfigError with its line and column.
 * YAML warnings never print (`logLevel: "error"`): a warning is either harmless or a validation error later.
 * Drivers call `checkConfigInputPaths(raw, file)` once the schema accepted the config, before any work starts.
 */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readInputText(file, "--config");
  } catch (err) {
    if (!(err instanceof PathError)) throw err;
    const reason = err.shortMessage.slice(err.shortMessage.indexOf(": ") + 2).replace(/\.$/, "");
    throw new PathError({ field: "--config", path: file, reason: `cannot be read: ${reason}`, cause: err });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { logLevel: "error", prettyErrors: true });
  } catch (cause) {
    const linePos = (cause as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = linePos ? `line ${linePos.line}, column ${linePos.col}` : "(file)";
    throw new ConfigError({
      path: where,
      file,
      reason: `is not valid YAML/JSON: ${truncateText((cause as Error).message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""), 160)}`,
    });
  }
  configReads.getStore()?.push({ file, raw });
  return raw;
}
