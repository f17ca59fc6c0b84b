/**
 * The deployment file: addresses of a local Uniswap v3 deployment, written by `lpguard chain up` and read by
 * `chain replay`, `paper-perp serve` and the keeper. JSON, validated with zod; token and pool entries are keyed by
 * symbol / name. Format (shared contract between helpers):
 *
 * { "chainId": 31337, "rpcUrl": "http://127.0.0.1:8545",
 *   "contracts": { "factory", "positionManager", "swapRouter", "weth9" },
 *   "tokens": { "USDC": { "address", "decimals": 6 }, "WETH": {…18}, "OSQTH": {…18} },
 *   "pools": [ { "name": "polygon-weth-usdc-005", "address", "token0": "USDC", "token1": "WETH", "fee": 500,
 *                "tickSpacing": 10, "base": "WETH", "quote": "USDC" } ] }
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { type Address, getAddress, isAddress } from "viem";
import { z } from "zod";
import { ConfigError } from "../../errors/config.js";

const address = z
  .string()
  .refine((s) => isAddress(s, { strict: false }), { message: "not a 20-byte hex address" })
  .transform((s) => getAddress(s) as Address);

export const TokenEntrySchema = z.object({
  address,
  decimals: z.number().int().min(0).max(36),
});

export const PoolEntrySchema = z.object({
  /** Name of the shared data folder the pool replays (e.g. "polygon-weth-usdc-005"). */
  name: z.string().min(1),
  address,
  /** Symbol keys into `tokens`. */
  token0: z.string().min(1),
  token1: z.string().min(1),
  /** Fee in hundredths of a bip (500 = 0.05 %). */
  fee: z.number().int().positive(),
  tickSpacing: z.number().int().positive(),
  base: z.string().min(1),
  quote: z.string().min(1),
});

export const DeploymentSchema = z
  .object({
    chainId: z.number().int().positive(),
    rpcUrl: z.string().url(),
    contracts: z.object({
      factory: address,
      positionManager: address,
      swapRouter: address,
      weth9: address,
    }),
    tokens: z.record(z.string(), TokenEntrySchema),
    pools: z.array(PoolEntrySchema),
  })
  .superRefine((d, ctx) => {
    d.pools.forEach((p, i) => {
      for (const key of ["token0", "token1", "base", "quote"] as const) {
        if (!(p[key] in d.tokens))
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["pools", i, key],
            message: `token ${JSON.stringify(p[key])} is not in tokens`,
          });
      }
      if (
        ![p.token0, p.token1].includes(p.base) ||
        ![p.token0, p.token1].includes(p.quote) ||
        p.base === p.quote
      )
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["pools", i, "base"],
          message: "base and quote must be the pool's two tokens",
        });
      const t0 = d.tokens[p.token0];
      const t1 = d.tokens[p.token1];
      if (t0 && t1 && BigInt(t0.address) >= BigInt(t1.address))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["pools", i, "token0"],
          message: "token0's address must sort below token1's (Uniswap orders a pool's tokens by address)",
        });
    });
  });

export type Deployment = z.infer<typeof DeploymentSchema>;
export type PoolEntry = z.infer<typeof PoolEntrySchema>;
export type TokenEntry = z.infer<typeof TokenEntrySchema>;

/**
 * Parses and validates a deployment object (e.g. from JSON). Throws ConfigError naming the path in the file and
 * the bad value.
 */
export function parseDeployment(value: unknown, file = "deployment"): Deployment {
  const r = DeploymentSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.join(".") || "(root)";
  let bad: unknown = value;
  for (const k of issue.path) bad = (bad as Record<string | number, unknown> | undefined)?.[k];
  throw new ConfigError({
    file,
    path,
    value: typeof bad === "object" ? undefined : bad,
    reason: issue.message,
  });
}

/** Reads and validates a deployment file. */
export function loadDeployment(file: string): Deployment {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ConfigError({
      path: "--deployment",
      value: file,
      reason: `cannot read the file (${(cause as Error).message})`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError({ file, path: "(root)", reason: `not valid JSON (${(cause as Error).message})` });
  }
  return parseDeployment(json, file);
}

/** Writes a deployment file atomically (temp file in the same folder, then rename). */
export function writeDeployment(file: string, deployment: Deployment): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Returns the pool entry named `name`; ConfigError listing the names if there is none. */
export function findPool(deployment: Deployment, name: string): PoolEntry {
  const p = deployment.pools.find((x) => x.name === name || x.address.toLowerCase() === name.toLowerCase());
  if (!p)
    throw new ConfigError({
      path: "pool",
      value: name,
      reason: `no such pool in the deployment (pools: ${deployment.pools.map((x) => x.name).join(", ") || "none"})`,
    });
  return p;
}
