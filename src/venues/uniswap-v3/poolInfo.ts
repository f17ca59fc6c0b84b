/**
 * Pool metadata read from the chain (no built-in list): chain id, pool address, both tokens with their ERC20
 * symbol and decimals, fee and tick spacing. Any Uniswap v3 pool on any chain is described the same way.
 */
import { type Address, getAddress, type PublicClient, parseAbi } from "viem";
import { InvalidInputError } from "../../errors/math.js";
import { erc20Abi, factoryAbi, poolAbi } from "./abis.js";
import { classifyUniswapV3Error } from "./errors.js";

const poolFactoryAbi = parseAbi(["function factory() view returns (address)"]);

export type TokenInfo = { address: Address; symbol: string; decimals: number };
export type PoolInfo = {
  chainId: number;
  address: Address;
  factory: Address;
  token0: TokenInfo;
  token1: TokenInfo;
  /** Fee in hundredths of a basis point (500 = 0.05 %). */
  fee: number;
  tickSpacing: number;
};

/** Runs one RPC read and classifies what it throws (retryable / nonRetryable / fatal). */
export async function rpcRead<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classifyUniswapV3Error(err, { action });
  }
}

/**
 * Returns an ERC20's symbol and decimals. A token without `symbol()` (or with a bytes32 one) is named by its
 * address; a token without `decimals()` is an error (amounts could not be scaled).
 */
export async function readTokenInfo(
  publicClient: PublicClient,
  address: Address,
  blockNumber?: bigint,
): Promise<TokenInfo> {
  const decimals = await rpcRead("decimals", () =>
    publicClient.readContract({ address, abi: erc20Abi, functionName: "decimals", blockNumber }),
  );
  let symbol: string;
  try {
    symbol = await publicClient.readContract({ address, abi: erc20Abi, functionName: "symbol", blockNumber });
  } catch {
    symbol = getAddress(address);
  }
  return { address: getAddress(address), symbol, decimals: Number(decimals) };
}

/**
 * Reads a pool's metadata from its own contract (factory, token0, token1, fee, tickSpacing)
 * and the tokens' ERC20 metadata, at `blockNumber` (default latest).
 *
 * @throws {InvalidInputError} field `pool` when the address holds no contract.
 */
export async function readPoolInfo(parameters: {
  publicClient: PublicClient;
  pool: Address;
  blockNumber?: bigint;
}): Promise<PoolInfo> {
  const { publicClient, pool, blockNumber } = parameters;
  const code = await rpcRead("eth_getCode", () => publicClient.getCode({ address: pool, blockNumber }));
  if (!code || code === "0x")
    throw new InvalidInputError({ field: "pool", value: pool, expected: "the address of a Uniswap v3 pool" });
  const read = <F extends "token0" | "token1" | "fee" | "tickSpacing">(functionName: F) =>
    rpcRead(functionName, () =>
      publicClient.readContract({ address: pool, abi: poolAbi, functionName, blockNumber } as never),
    );
  const [chainId, factory, t0, t1, fee, tickSpacing] = await Promise.all([
    rpcRead("eth_chainId", () => publicClient.getChainId()),
    rpcRead("factory", () =>
      publicClient.readContract({ address: pool, abi: poolFactoryAbi, functionName: "factory", blockNumber }),
    ),
    read("token0") as Promise<Address>,
    read("token1") as Promise<Address>,
    read("fee") as Promise<number>,
    read("tickSpacing") as Promise<number>,
  ]);
  const [token0, token1] = await Promise.all([
    readTokenInfo(publicClient, t0, blockNumber),
    readTokenInfo(publicClient, t1, blockNumber),
  ]);
  return {
    chainId,
    address: getAddress(pool),
    factory: getAddress(factory),
    token0,
    token1,
    fee: Number(fee),
    tickSpacing: Number(tickSpacing),
  };
}

/** Returns the pool of (token0, token1, fee) from `factory.getPool`, or throws when the factory has none. */
export async function poolAddressOf(parameters: {
  publicClient: PublicClient;
  factory: Address;
  token0: Address;
  token1: Address;
  fee: number;
  blockNumber?: bigint;
}): Promise<Address> {
  const { publicClient, factory, token0, token1, fee, blockNumber } = parameters;
  const address = await rpcRead("getPool", () =>
    publicClient.readContract({
      address: factory,
      abi: factoryAbi,
      functionName: "getPool",
      args: [token0, token1, fee],
      blockNumber,
    }),
  );
  if (BigInt(address) === 0n)
    throw new InvalidInputError({
      field: "pool",
      value: `${token0}/${token1}/${fee}`,
      expected: `a pool created by the factory ${factory}`,
    });
  return getAddress(address);
}
