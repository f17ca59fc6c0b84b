/**
 * An in-process EVM for tests: Hardhat 2's EDR provider (the Rust engine behind `hardhat node`), created without a
 * Hardhat project and driven through viem's `custom(provider)` transport. No port, no child process, no compiler
 * download (nothing here touches Hardhat's config, artifacts or solc resolution).
 *
 * Hardhat is a dev dependency: it is loaded lazily, so the library works without it until this is called.
 */
import { createRequire } from "node:module";
import type { EIP1193RequestFn } from "viem";
import { DEV_BALANCE_WEI, DEV_PRIVATE_KEYS } from "./devAccounts.js";

export type EdrProvider = { request: EIP1193RequestFn };

export type CreateEdrChainParameters = {
  /** Chain id (default 31337, as anvil and Hardhat). */
  chainId?: number;
  /** Funded accounts (default: the local dev keys of DEV_PRIVATE_KEYS). */
  privateKeys?: readonly string[];
  /** Balance of each account in wei (default 10^24). */
  balanceWei?: bigint;
  /** EVM hardfork (default "cancun", the same as `startAnvil`). */
  hardfork?: string;
  /** Mine one block per transaction (default true). */
  automine?: boolean;
  /** Block time of the genesis block (default: now). */
  initialDate?: Date;
};
export type CreateEdrChainReturnType = EdrProvider;

type HardhatProviderModule = {
  createHardhatNetworkProvider: (
    config: Record<string, unknown>,
    logger: { enabled: boolean },
  ) => Promise<unknown>;
};

/**
 * Returns a fresh in-process chain as an EIP-1193 provider: automining, chain id 31337, base fee 1 gwei, the dev
 * accounts funded, failed transactions mined with status 0 (not thrown) like anvil.
 *
 * @example
 * import { createPublicClient, custom } from "viem";
 * const provider = await createEdrChain();
 * const client = createPublicClient({ transport: custom(provider) });
 * await client.getChainId(); // 31337
 */
export async function createEdrChain(
  parameters: CreateEdrChainParameters = {},
): Promise<CreateEdrChainReturnType> {
  const require = createRequire(import.meta.url);
  const mod = require("hardhat/internal/hardhat-network/provider/provider") as HardhatProviderModule;
  const chainId = parameters.chainId ?? 31337;
  const balance = parameters.balanceWei ?? DEV_BALANCE_WEI;
  const provider = await mod.createHardhatNetworkProvider(
    {
      hardfork: parameters.hardfork ?? "cancun",
      chainId,
      networkId: chainId,
      blockGasLimit: 60_000_000,
      minGasPrice: 0n,
      initialBaseFeePerGas: 1_000_000_000,
      automine: parameters.automine ?? true,
      intervalMining: 0,
      mempoolOrder: "priority",
      chains: new Map(),
      genesisAccounts: (parameters.privateKeys ?? DEV_PRIVATE_KEYS).map((privateKey) => ({
        privateKey,
        balance,
      })),
      allowUnlimitedContractSize: false,
      throwOnTransactionFailures: false,
      throwOnCallFailures: false,
      allowBlocksWithSameTimestamp: false,
      initialDate: parameters.initialDate,
      enableTransientStorage: false,
      enableRip7212: false,
    },
    { enabled: false },
  );
  return provider as EdrProvider;
}
