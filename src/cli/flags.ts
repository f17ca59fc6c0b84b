import type { Command } from "commander";
import { ConfigError } from "../errors/config.js";

/** Parses a numeric CLI flag; throws ConfigError naming the flag and the raw value. */
export function parseNumberFlag(
  flag: string,
  raw: unknown,
  opts: { positive?: boolean; min?: number; max?: number } = {},
): number {
  if (raw === undefined || raw === null || raw === "")
    throw new ConfigError({ path: flag, reason: "is required" });
  const text = String(raw).trim();
  const value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value))
    throw new ConfigError({ path: flag, value: text, reason: "is not a finite number" });
  if (opts.positive && !(value > 0))
    throw new ConfigError({ path: flag, value: text, reason: "must be > 0" });
  if (opts.min !== undefined && value < opts.min)
    throw new ConfigError({ path: flag, value: text, reason: `must be >= ${opts.min}` });
  if (opts.max !== undefined && value > opts.max)
    throw new ConfigError({ path: flag, value: text, reason: `must be <= ${opts.max}` });
  return value;
}

/** Parses an optional numeric flag (undefined stays undefined). */
export function parseOptionalNumberFlag(
  flag: string,
  raw: unknown,
  opts: { positive?: boolean; min?: number; max?: number } = {},
): number | undefined {
  return raw === undefined ? undefined : parseNumberFlag(flag, raw, opts);
}

/** Parses an integer flag. */
export function parseIntFlag(flag: string, raw: unknown, opts: { min?: number; max?: number } = {}): number {
  const v = parseNumberFlag(flag, raw, opts);
  if (!Number.isInteger(v))
    throw new ConfigError({ path: flag, value: String(raw), reason: "must be an integer" });
  return v;
}

/**
 * Throws ConfigError for the first of `names` (option attribute names, e.g. `refitEvery`) that the user gave on the
 * command line (defaults do not count): a flag that does not apply to the chosen mode is an error, never ignored.
 */
export function rejectFlags(cmd: Command, names: readonly string[], reason: string): void {
  for (const name of names) {
    if (cmd.getOptionValueSource(name) !== "cli") continue;
    const opt = cmd.options.find((o) => o.attributeName() === name);
    throw new ConfigError({ path: opt?.long ?? `--${name}`, reason });
  }
}
