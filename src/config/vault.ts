/**
 * The vault form of the run spec: several pools (any chains) and one hedge of the vault's net delta of an asset.
 *
 * ```yaml
 * numeraire: USD                       # the asset values are reported in (stablecoins map to it)
 * assets: { oSQTH: OSQTH }             # token symbol → asset (defaults: WETH/ETH → ETH, USDC/USDC.e/USDT/DAI → USD)
 * pools:
 *   - name: polygon-weth-usdc
 *     data: { pool: ../data/polygon-weth-usdc-005, from: 2023-08-14, to: 2023-08-17 }
 *     position: { deposit: 6000, range: { belowPct: 5, abovePct: 5 } }   # deposit in the numeraire
 *     strategy: { kind: passive }
 * hedge: { kind: delta, venue: perp, trigger: { kind: absolute, band: 0.1 } }   # optional governor: { ... } as
 *                                      # in a single-pool delta hedge (it weighs the pools' fees and LVR)
 * hedgeAsset: ETH                      # the asset whose net delta the hedge offsets
 * perpPrice: { file: ../prices/ETHUSDT-1h.csv }   # optional: the perp's own mark (basis to the pools' price)
 * venues: { perp: { funding: { file: ../funding.csv } } }
 * ```
 */
import { z } from "zod";
import { requireObject, requireString } from "../errors/guards.js";
import { issueToConfigError, readConfigFile } from "./primitives.js";
import { backtestConfigObject, depositPositionSchema, hedgeSchema, venuesSchema } from "./runSpec.js";

const shape = backtestConfigObject.shape;

const vaultPoolSchema = z
  .object({
    name: z.string({ invalid_type_error: "expected a name" }).min(1),
    data: shape.data,
    position: depositPositionSchema,
    strategy: shape.strategy,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.strategy.kind === "passive" && p.position.range === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["position", "range"],
        message: "is required for strategy passive",
      });
  });

export const vaultConfigSchema = z
  .object({
    numeraire: z.string().min(1).default("USD"),
    assets: z.record(z.string().min(1)).default({}),
    pools: z.array(vaultPoolSchema).min(1, { message: "give at least one pool" }),
    costs: shape.costs,
    latencyMinutes: shape.latencyMinutes,
    inRangeMode: shape.inRangeMode,
    hedge: hedgeSchema.optional(),
    hedgeAsset: z.string().min(1).default("ETH"),
    perpPrice: z
      .object({ file: z.string({ invalid_type_error: "expected a path" }).min(1) })
      .strict()
      .optional(),
    venues: venuesSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    c.pools.forEach((p, j) => {
      if (names.has(p.name))
        ctx.addIssue({ code: "custom", path: ["pools", j, "name"], message: `is used twice (${p.name})` });
      names.add(p.name);
    });
    if (c.hedge !== undefined && !(c.hedge.kind === "delta" && c.hedge.venue === "perp"))
      ctx.addIssue({
        code: "custom",
        path: ["hedge", "kind"],
        message: "a vault hedge is a delta hedge on the perp (kind: delta, venue: perp)",
      });
  });

/** A validated vault config. */
export type VaultConfig = z.infer<typeof vaultConfigSchema>;

/** Returns true when a parsed config file is in the vault form (it has `pools`). */
export function isVaultConfig(raw: unknown): boolean {
  return raw !== null && typeof raw === "object" && "pools" in (raw as object);
}

/** Returns the validated vault config from a parsed object; ConfigError naming the path of the first problem. */
export function parseVaultConfig(raw: unknown, file?: string): VaultConfig {
  if (file !== undefined) requireString(file, "file");
  const r = vaultConfigSchema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

/** Returns the validated vault config read from a YAML or JSON file. */
export function loadVaultConfig(file: string): VaultConfig {
  return parseVaultConfig(readConfigFile(file), file);
}

/** Default asset of a token symbol: WETH/ETH → ETH, USD stablecoins → the numeraire, else the symbol upper-cased. */
export function assetOfToken(
  symbol: string,
  numeraire: string,
  overrides: Record<string, string> = {},
): string {
  requireString(symbol, "symbol");
  requireString(numeraire, "numeraire");
  requireObject(overrides, "overrides");
  if (overrides[symbol] !== undefined) return overrides[symbol];
  const s = symbol.toUpperCase();
  if (s === "WETH" || s === "ETH") return "ETH";
  if (s === "USDC" || s === "USDC.E" || s === "USDT" || s === "DAI") return numeraire;
  return s;
}
