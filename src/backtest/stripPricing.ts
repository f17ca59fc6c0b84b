/**
 * One-shot static-strip pricing on a recorded option chain (the "strip" section of `lpguard compare`). There is no
 * pool data for the chain's date (2025-11-22), so no backtest runs: the LP position is sized at the chain's own
 * underlying price and its replicating strip is priced from the snapshot.
 *
 * ```yaml
 * stripPricing:
 *   chain: ../data/options/deribit-eth-option-chain-2025-11-22T0215Z.csv
 *   deposit: 10000
 *   range: { belowPct: 10, abovePct: 10 }
 *   expiry: "2025-12-26"       # a listed expiry (options expire 08:00 UTC)
 *   method: mid                # black76 | mark | mid
 * ```
 */
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { amount, issueToConfigError, num } from "../config/index.js";
import { loadOptionChain, optionChainExpiries } from "../data/index.js";
import { ConfigError } from "../errors/config.js";
import { requireObject, requireString } from "../errors/guards.js";
import {
  lpPayoff,
  type PriceStripReturnType,
  priceStrip,
  replicateLpPayoff,
  replicationError,
  type Strip,
} from "../math/replication/index.js";

export const stripPricingSchema = z
  .object({
    stripPricing: z
      .object({
        /** Option chain snapshot (Deribit format), relative to the config file. */
        chain: z.string({ invalid_type_error: "expected a path" }).min(1),
        /** LP deposit in quote units, valued at the chain's underlying index price. */
        deposit: amount(),
        range: z.object({ belowPct: num().gt(0).lt(100), abovePct: num().gt(0) }).strict(),
        /** Expiry day YYYY-MM-DD (must be listed); default: the first expiry at least 28 days out. */
        expiry: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected a date YYYY-MM-DD" })
          .optional(),
        method: z.enum(["black76", "mark", "mid"]).default("mid"),
      })
      .strict(),
  })
  .strict();

export type StripPricingConfig = z.infer<typeof stripPricingSchema>;

/** Returns the validated strip-pricing config; ConfigError naming the path of the first problem. */
export function parseStripPricingConfig(raw: unknown, file?: string): StripPricingConfig {
  if (file !== undefined) requireString(file, "file");
  const r = stripPricingSchema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

export type StripPricingReturnType = {
  snapshotTime: number;
  /** Index price the position is sized at (quote per base), and the expiry's forward. */
  indexPrice: number;
  forward: number;
  expiry: number;
  timeToExpiry: number;
  /** The LP position: liquidity in √(base·quote) human units and its price range. */
  liquidity: number;
  lower: number;
  upper: number;
  /** LP value today (= deposit) and its payoff at the forward. */
  lpValue: number;
  strip: Strip;
  priced: PriceStripReturnType;
  /** Realised replication error of the strip on a grid over [0.5·A, 1.5·B]: max |g − f| and RMS, quote units. */
  maxAbsError: number;
  rmsError: number;
};

/**
 * Returns the static replication of a ±range LP position worth `deposit` at the chain's index price, on the listed
 * strikes of one expiry, priced from the snapshot (priceStrip, `method`), with its replication error.
 * L = deposit / (2√P − √A − P/√B) (the v3 value per unit of liquidity at P inside [A, B]).
 */
export function runStripPricing(config: StripPricingConfig, baseDir: string): StripPricingReturnType {
  requireObject(config, "config");
  requireString(baseDir, "baseDir");
  const c = config.stripPricing;
  const path = isAbsolute(c.chain) ? c.chain : resolve(baseDir, c.chain);
  const chain = loadOptionChain(path);
  const expiries = optionChainExpiries(chain);
  const day = (t: number) => {
    const d = new Date(t);
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
  };
  const e =
    c.expiry !== undefined
      ? expiries.find((x) => day(x.expiry) === c.expiry)
      : (expiries.find((x) => x.timeToExpiry >= 28 / 365) ?? expiries[expiries.length - 1]);
  if (e === undefined)
    throw new ConfigError({
      path: "stripPricing.expiry",
      value: c.expiry,
      reason: `is not listed (expiries: ${expiries.map((x) => day(x.expiry)).join(", ")})`,
    });
  const P = chain.indexPrice;
  const lower = P * (1 - c.range.belowPct / 100);
  const upper = P * (1 + c.range.abovePct / 100);
  const liquidity = c.deposit / (2 * Math.sqrt(P) - Math.sqrt(lower) - P / Math.sqrt(upper));
  const strip = replicateLpPayoff({ liquidity, lower, upper, forward: e.forward, strikes: e.strikes });
  const priced = priceStrip({ strip, quotes: chain.quotes, expiry: e.expiry, method: c.method });
  const grid = Float64Array.from(
    { length: 2001 },
    (_, i) => 0.5 * lower + ((1.5 * upper - 0.5 * lower) * i) / 2000,
  );
  const err = replicationError({ liquidity, lower, upper, strip, grid });
  return {
    snapshotTime: chain.snapshotTime,
    indexPrice: P,
    forward: e.forward,
    expiry: e.expiry,
    timeToExpiry: e.timeToExpiry,
    liquidity,
    lower,
    upper,
    lpValue: lpPayoff({ liquidity, lower, upper, price: P }),
    strip,
    priced,
    maxAbsError: err.maxAbsError,
    rmsError: err.rmsError,
  };
}
