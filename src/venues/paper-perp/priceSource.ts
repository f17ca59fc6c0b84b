/**
 * Reference prices for the paper exchange: the local chain pool's `slot0()` (the deployment file written by
 * `lpguard chain up`), a price file re-read on every call, or a fixed number.
 *
 * The deployment file's shape is the one agreed in interfaces.md ("Deployment file"); only the fields read here
 * are validated (rpcUrl, chainId, tokens, pools).
 */
import { readFileSync } from "node:fs";
import { createPublicClient, getAddress, http, type PublicClient } from "viem";
import { z } from "zod";
import { ConfigError } from "../../errors/config.js";
import { DataFormatError } from "../../errors/data.js";
import { sqrtPriceX96ToPrice } from "../../math/units.js";

const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address");

/** The part of the deployment file the paper exchange reads. */
export const DeploymentPriceSchema = z.object({
  chainId: z.number().int().positive(),
  rpcUrl: z.string().url(),
  tokens: z.record(z.object({ address: Address, decimals: z.number().int().min(0).max(255) })),
  pools: z
    .array(
      z.object({
        name: z.string().min(1),
        address: Address,
        token0: z.string(),
        token1: z.string(),
        base: z.string(),
        quote: z.string(),
      }),
    )
    .min(1),
});
export type DeploymentPrice = z.infer<typeof DeploymentPriceSchema>;

/** Minimal ABI of UniswapV3Pool.slot0(). */
export const SLOT0_ABI = [
  {
    type: "function",
    name: "slot0",
    stateMutability: "view",
    inputs: [],
    outputs: [
      { name: "sqrtPriceX96", type: "uint160" },
      { name: "tick", type: "int24" },
      { name: "observationIndex", type: "uint16" },
      { name: "observationCardinality", type: "uint16" },
      { name: "observationCardinalityNext", type: "uint16" },
      { name: "feeProtocol", type: "uint8" },
      { name: "unlocked", type: "bool" },
    ],
  },
] as const;

export type PriceSource = { priceSource: () => Promise<number>; describe: string };

/** Reads and validates a deployment file. @throws {ConfigError} naming the file and the bad field. */
export function readDeploymentPrice(file: string): DeploymentPrice {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError({
      path: "--deployment",
      value: file,
      reason: `cannot be read as JSON (${(e as Error).message})`,
    });
  }
  const r = DeploymentPriceSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.join(".") || "(root)";
    let value: unknown = raw;
    for (const k of issue.path) value = (value as Record<string | number, unknown> | undefined)?.[k];
    throw new ConfigError({ file, path, value, reason: issue.message });
  }
  return r.data;
}

/**
 * Returns the price source of a pool of the deployment (the one named `pool`, or the first): quote per base from
 * `slot0().sqrtPriceX96` with the tokens' decimals (`sqrtPriceX96ToPrice`), read through viem at the file's RPC.
 * @throws {ConfigError} for an unknown pool name or a token missing from `tokens`.
 */
export function poolPriceSource(p: {
  deploymentFile: string;
  pool?: string;
  client?: PublicClient;
}): PriceSource & {
  pool: DeploymentPrice["pools"][number];
} {
  const d = readDeploymentPrice(p.deploymentFile);
  const pool = p.pool === undefined ? d.pools[0] : d.pools.find((x) => x.name === p.pool);
  if (!pool)
    throw new ConfigError({
      path: "--pool",
      value: p.pool,
      reason: `is not in ${p.deploymentFile} (pools: ${d.pools.map((x) => x.name).join(", ")})`,
    });
  const token = (sym: string, field: string) => {
    const t = d.tokens[sym];
    if (!t)
      throw new ConfigError({ file: p.deploymentFile, path: field, value: sym, reason: "is not in tokens" });
    return t;
  };
  const t0 = token(pool.token0, `pools.${pool.name}.token0`);
  const t1 = token(pool.token1, `pools.${pool.name}.token1`);
  if (pool.base !== pool.token0 && pool.base !== pool.token1)
    throw new ConfigError({
      file: p.deploymentFile,
      path: `pools.${pool.name}.base`,
      value: pool.base,
      reason: "must be token0 or token1",
    });
  const baseToken = pool.base === pool.token0 ? 0 : 1;
  const client =
    p.client ?? createPublicClient({ transport: http(d.rpcUrl, { timeout: 5_000, retryCount: 0 }) });
  const address = getAddress(pool.address);
  return {
    pool,
    describe: `slot0 of ${pool.name} (${pool.address}) at ${d.rpcUrl}, ${pool.quote} per ${pool.base}`,
    priceSource: async () => {
      const [sqrtPriceX96] = await client.readContract({ address, abi: SLOT0_ABI, functionName: "slot0" });
      return sqrtPriceX96ToPrice({ sqrtPriceX96, decimals0: t0.decimals, decimals1: t1.decimals, baseToken });
    },
  };
}

/** A price read from a text file holding one number, re-read on every call (edit the file to move the price). */
export function filePriceSource(file: string): PriceSource {
  return {
    describe: `price file ${file}`,
    priceSource: async () => {
      const text = readFileSync(file, "utf8").trim();
      const x = Number(text);
      if (!(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) && Number.isFinite(x) && x > 0))
        throw new DataFormatError({ file, line: 1, value: text, reason: "must hold one finite price > 0" });
      return x;
    },
  };
}

/** A fixed price. */
export function fixedPriceSource(price: number): PriceSource {
  return { describe: `fixed price ${price}`, priceSource: async () => price };
}
