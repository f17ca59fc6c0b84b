/**
 * Test helpers: a fresh in-process EDR chain with Uniswap v3 deployed, viem clients and the venue client.
 */
import { createPublicClient, custom, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createEdrChain, DEV_PRIVATE_KEYS } from "../../src/chain/index.js";
import { createUniswapV3Client, localChain } from "../../src/venues/uniswap-v3/client.js";
import {
  type DeployPoolSpec,
  deployUniswapV3,
  poolSpecFromSharedFolder,
} from "../../src/venues/uniswap-v3/deploy.js";
import type { Deployment } from "../../src/venues/uniswap-v3/deployment.js";
import { memoryNonceStore, type NonceStore } from "../../src/venues/uniswap-v3/nonceManager.js";
import { sharedData } from "../helpers/sharedData.js";

export const POLYGON_FOLDER = () => sharedData("uniswap-v3", "polygon-weth-usdc-005");

export const STANDARD_TOKENS = [
  { symbol: "USDC", decimals: 6 },
  { symbol: "WETH", decimals: 18 },
  { symbol: "OSQTH", decimals: 18 },
];

/** A fresh EDR chain with the contracts deployed and the Polygon pool initialised at `from`'s first open tick. */
export async function edrDeployment(
  opts: { from?: string; pools?: DeployPoolSpec[]; initialDate?: Date } = {},
) {
  const provider = await createEdrChain({ initialDate: opts.initialDate });
  const publicClient = createPublicClient({
    transport: custom(provider),
    pollingInterval: 50,
  }) as PublicClient;
  const account = privateKeyToAccount(DEV_PRIVATE_KEYS[0]); // local dev key
  const pools = opts.pools ?? [poolSpecFromSharedFolder(POLYGON_FOLDER(), opts.from ?? "2023-08-14")];
  const deployment: Deployment = await deployUniswapV3({
    publicClient,
    account,
    rpcUrl: "http://127.0.0.1:0",
    pools,
    tokens: STANDARD_TOKENS,
  });
  return { provider, publicClient, account, deployment };
}

export function venueClient(
  env: { publicClient: PublicClient; deployment: Deployment },
  key: `0x${string}` = DEV_PRIVATE_KEYS[0],
  nonceStore: NonceStore = memoryNonceStore(),
) {
  const account = privateKeyToAccount(key); // local dev key
  return createUniswapV3Client({
    publicClient: env.publicClient,
    account,
    deployment: env.deployment,
    nonceStore,
  });
}

export { localChain };
