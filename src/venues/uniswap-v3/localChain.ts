/**
 * `lpguard chain up` as a library function: starts anvil on 127.0.0.1, deploys Uniswap v3 and the pools of the
 * given shared pool folders (each initialised at its first recorded price on or after `from`), and writes the
 * deployment file atomically. The genesis block is dated one day before `from`, so `replayMinutes` can set
 * block times to the recorded minutes.
 */

import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createPublicClient, encodeFunctionData, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type AnvilProcess, startAnvil } from "../../chain/anvil.js";
import { DEV_PRIVATE_KEYS } from "../../chain/devAccounts.js";
import { loadPoolSeries } from "../../data/poolSeries.js";
import { erc20Abi } from "./abis.js";
import { createUniswapV3Client } from "./client.js";
import { deployUniswapV3, firstDayInFolder, poolSpecFromSharedFolder, type TokenSpec } from "./deploy.js";
import { type Deployment, writeDeployment } from "./deployment.js";
import { memoryNonceStore } from "./nonceManager.js";

export type StartLocalUniswapV3Parameters = {
  /** TCP port (0 = a free one). */
  port?: number;
  host?: string;
  /** Shared pool folders (`../shared/data/uniswap-v3/<name>`), one pool each. */
  poolFolders: string[];
  /** First day (YYYY-MM-DD) whose first recorded price initialises each pool; default each folder's first day. */
  from?: string;
  /** Whole tokens of each test token minted to the first dev account (default 1,000,000; 0 for none). */
  fundUnits?: bigint;
  /** Deployment file to write (atomically). */
  out?: string;
};
export type LocalUniswapV3 = {
  deployment: Deployment;
  anvil: AnvilProcess;
  out?: string;
  stop: () => Promise<void>;
};

/** USDC < WETH < OSQTH: the token order of the shared pools (USDC/WETH token0 USDC, WETH/oSQTH token0 WETH). */
export const SHARED_TOKENS: TokenSpec[] = [
  { symbol: "USDC", decimals: 6 },
  { symbol: "WETH", decimals: 18 },
  { symbol: "OSQTH", decimals: 18 },
];

/** Starts anvil, deploys, writes the deployment file; `stop()` kills anvil (by its pid). */
export async function startLocalUniswapV3(
  parameters: StartLocalUniswapV3Parameters,
): Promise<LocalUniswapV3> {
  const specs = parameters.poolFolders.map((f) => poolSpecFromSharedFolder(f, parameters.from));
  // genesis one day before the earliest first minute
  let first = Number.POSITIVE_INFINITY;
  for (const f of parameters.poolFolders) {
    const day = parameters.from ?? firstDayInFolder(f);
    const s = loadPoolSeries({ path: f, from: day, to: day });
    first = Math.min(first, s.time[0]);
  }
  const timestamp = Math.floor(first / 1000) - 86_400;
  const anvil = await startAnvil({ port: parameters.port ?? 0, host: parameters.host, timestamp });
  try {
    const publicClient = createPublicClient({
      transport: http(anvil.rpcUrl),
      pollingInterval: 50,
    }) as PublicClient;
    const account = privateKeyToAccount(DEV_PRIVATE_KEYS[0]); // local dev key
    const deployment = await deployUniswapV3({
      publicClient,
      account,
      rpcUrl: anvil.rpcUrl,
      pools: specs,
      tokens: SHARED_TOKENS,
    });
    // Fund the first dev account (local dev key) with every test token, so a keeper or a user can mint at once.
    const client = createUniswapV3Client({
      publicClient,
      account,
      deployment,
      nonceStore: memoryNonceStore(),
    });
    for (const t of Object.values(deployment.tokens)) {
      const amount = (parameters.fundUnits ?? 1_000_000n) * 10n ** BigInt(t.decimals);
      if (amount === 0n) continue;
      const data = encodeFunctionData({
        abi: erc20Abi,
        functionName: "mint",
        args: [account.address, amount],
      });
      await client.send({ to: t.address, data, value: 0n }); // throws TransactionRevertedError on status 0
    }
    let out: string | undefined;
    if (parameters.out) {
      out = resolve(parameters.out);
      mkdirSync(dirname(out), { recursive: true });
      writeDeployment(out, deployment);
    }
    return { deployment, anvil, out, stop: anvil.stop };
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}
