/**
 * The keeper config file (YAML or JSON): the backtest run spec's position, range strategy and hedge, plus the chain
 * (deployment file from `lpguard chain up`, pools), the wallet key source, the perp venue, limits, loop and alerts.
 *
 * ```yaml
 * vault: local-eth
 * deployment: ./deployment.json          # written by `lpguard chain up`
 * pools: [polygon-weth-usdc-005]
 * key: { env: LPGUARD_KEEPER_KEY }       # or { file: ./keeper.key }; --key-file overrides
 * position: { deposit: 10000, range: { belowPct: 5, abovePct: 5 } }
 * strategy: { kind: recenter, params: { widthPct: 5, bandPct: 3 } }
 * hedge: { kind: delta, venue: perp, trigger: { kind: absolute, band: 0.05 } }
 * perp: { exchange: binanceusdm, baseUrl: http://127.0.0.1:8555, symbol: ETH/USDT:USDT, amountStep: 0.001 }
 * limits: { maxOrderNotional: 20000, maxDailyNotional: 200000 }
 * loop: { intervalMs: 1000, leaseTtlMs: 5000 }
 * alerts: { file: ./alerts.jsonl, webhookUrl: http://127.0.0.1:9000/hook }
 * ```
 */
import { z } from "zod";
import { issueToConfigError, num, rangeSchema, readConfigFile } from "../config/primitives.js";
import { hedgeSchema, rangeStrategySchema } from "../config/runSpec.js";
import { keeperLimitsSchema } from "./limits.js";

export const keeperConfigSchema = z
  .object({
    /** Vault id: the journal's key, the lease's scope, part of every intent id. */
    vault: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9._-]+$/, { message: "expected letters, digits, . _ -" }),
    /** Deployment file (relative to the config file). */
    deployment: z.string().min(1),
    /** Overrides the deployment's rpcUrl. */
    rpcUrl: z.string().url().optional(),
    /** Pool names of the deployment the vault provides liquidity in (one range strategy each). */
    pools: z.array(z.string().min(1)).min(1),
    key: z
      .union([z.object({ env: z.string().min(1) }).strict(), z.object({ file: z.string().min(1) }).strict()])
      .default({ env: "LPGUARD_KEEPER_KEY" }),
    position: z
      .object({
        /** Quote units the vault starts with (raw token amount = deposit · 10^decimals of the quote token). */
        deposit: num().positive(),
        range: rangeSchema.optional(),
      })
      .strict(),
    strategy: rangeStrategySchema,
    hedge: hedgeSchema.optional(),
    perp: z
      .object({
        exchange: z.enum(["binanceusdm", "hyperliquid"]).default("binanceusdm"),
        baseUrl: z.string().url().optional(),
        /** Unified ccxt symbol of the hedge, e.g. ETH/USDT:USDT. */
        symbol: z.string().min(1),
        /** Base asset the symbol hedges (default: the pools' base token symbol). */
        asset: z.string().optional(),
        amountStep: num().positive().default(0.001),
        apiKeyEnv: z.string().default("LPGUARD_PERP_API_KEY"),
        secretEnv: z.string().default("LPGUARD_PERP_SECRET"),
      })
      .strict()
      .optional(),
    limits: keeperLimitsSchema,
    loop: z
      .object({
        intervalMs: num().positive().default(1_000),
        leaseTtlMs: num().positive().default(5_000),
        /** Receipt and fill wait, ms. */
        waitTimeoutMs: num().positive().default(30_000),
      })
      .strict()
      .default({}),
    alerts: z
      .object({ file: z.string().optional(), webhookUrl: z.string().url().optional() })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.strategy.kind === "passive" && c.position.range === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["position", "range"],
        message: "is required by strategy passive",
      });
    if (c.strategy.kind === "hold")
      ctx.addIssue({
        code: "custom",
        path: ["strategy", "kind"],
        message: 'the keeper runs LP strategies, not "hold"',
      });
    const hedges = c.hedge === undefined ? [] : Array.isArray(c.hedge) ? c.hedge : [c.hedge];
    hedges.forEach((h, i) => {
      const path = Array.isArray(c.hedge) ? ["hedge", i] : ["hedge"];
      if (h.kind !== "delta" || h.venue !== "perp")
        ctx.addIssue({
          code: "custom",
          path: [...path, "kind"],
          message: "the keeper hedges with kind delta on venue perp",
        });
      else if (c.perp === undefined)
        ctx.addIssue({ code: "custom", path: ["perp"], message: "is required by a perp hedge" });
    });
  });

export type KeeperConfig = z.infer<typeof keeperConfigSchema>;

/** Validates a parsed keeper config; ConfigError names the path in the file. */
export function parseKeeperConfig(raw: unknown, file?: string): KeeperConfig {
  const r = keeperConfigSchema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

/** Reads and validates a keeper config file. */
export function loadKeeperConfig(file: string): KeeperConfig {
  return parseKeeperConfig(readConfigFile(file), file);
}
