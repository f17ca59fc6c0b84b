/**
 * Config helpers for the risk and simulate commands. The schemas and file reading are the backtest config's
 * (`src/config/`), so every command validates ranges and dates the same way and names the dotted path
 * of a bad field the same way.
 */
import { z } from "zod";
import {
  amount,
  day as dateSchema,
  issueToConfigError,
  num,
  rangeSchema,
  readConfigFile,
} from "../config/index.js";
import { requireFinite, requireObject } from "../errors/guards.js";

/** A `YYYY-MM-DD` date string. */
export const day = () => dateSchema;

/** A file path (relative to the config file's folder). */
export const filePath = () => z.string({ invalid_type_error: "expected a path" }).min(1);

export { amount, num, rangeSchema, readConfigFile };

/** A validated range config. */
export type RangeConfig = z.infer<typeof rangeSchema>;

/** Returns the range [lower, upper] in prices for the current price `price`. */
export function resolveRange(range: RangeConfig, price: number): { lower: number; upper: number } {
  requireObject(range, "range");
  requireFinite(price, "price");
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
