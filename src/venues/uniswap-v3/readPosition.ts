/**
 * Reads a Uniswap v3 position by token id from any chain (no deployment file): the position manager's
 * `positions()`, its pool (via the manager's factory), both tokens' decimals, the exact current amounts, the
 * uncollected fees computed as the contracts do, and the entry amounts and entry price from the position's mint
 * (its first `IncreaseLiquidity` event; the price is the pool's slot0 at that block).
 */
import { type Address, getAddress, type PublicClient } from "viem";
import { InvalidInputError } from "../../errors/math.js";
import { analyzePosition } from "../../math/position/analyzePosition.js";
import { rangeExitProbability } from "../../math/stats/rangeExitProbability.js";
import { MaxUint128 } from "../../math/v3/constants.js";
import { FeeGrowth } from "../../math/v3/feeGrowth.js";
import { getPositionAmounts } from "../../math/v3/getPositionAmounts.js";
import { erc20Abi, factoryAbi, poolAbi, positionManagerAbi } from "./abis.js";
import { classifyUniswapV3Error } from "./errors.js";
import { type PositionInfo, parsePositionTuple } from "./parse.js";

export type OnchainPosition = PositionInfo & {
  pool: Address;
  decimals0: number;
  decimals1: number;
  symbol0: string;
  symbol1: string;
  blockNumber: bigint;
  sqrtPriceX96: bigint;
  tick: number;
  /** Amounts the position would return if burnt now (raw units, rounded down). */
  amount0: bigint;
  amount1: bigint;
  /** Fees `collect` would pay now (tokensOwed + growth since the last update), raw units. */
  fees0: bigint;
  fees1: bigint;
  /** From the mint: amounts paid in, block, and the pool's sqrt price after the mint. */
  entry: {
    amount0: bigint;
    amount1: bigint;
    blockNumber: bigint;
    sqrtPriceX96: bigint;
    liquidity: bigint;
  } | null;
};

/** Reads everything about `tokenId` at the latest block (see the file comment). */
export async function readOnchainPosition({
  publicClient,
  positionManager,
  tokenId,
}: {
  publicClient: PublicClient;
  positionManager: Address;
  tokenId: bigint;
}): Promise<OnchainPosition> {
  const call = async <T>(action: string, fn: () => Promise<T>) => {
    try {
      return await fn();
    } catch (err) {
      throw classifyUniswapV3Error(err, { action });
    }
  };
  const blockNumber = await call("eth_blockNumber", () => publicClient.getBlockNumber());
  const npm = getAddress(positionManager);
  const read = <T>(
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: unknown[] = [],
    at = blockNumber,
  ) =>
    call(functionName, () =>
      publicClient.readContract({
        address,
        abi: abi as typeof poolAbi,
        functionName: functionName as "slot0",
        args: args as [],
        blockNumber: at,
      }),
    ) as Promise<T>;
  const code = await call("eth_getCode", () => publicClient.getCode({ address: npm }));
  if (!code || code === "0x")
    throw new InvalidInputError({
      field: "--position-manager",
      value: npm,
      expected: "a NonfungiblePositionManager (no code at this address)",
    });
  const t = await read<
    readonly [
      bigint,
      Address,
      Address,
      Address,
      number,
      number,
      number,
      bigint,
      bigint,
      bigint,
      bigint,
      bigint,
    ]
  >(npm, positionManagerAbi, "positions", [tokenId]).catch((err) => {
    throw new InvalidInputError({
      field: "--token-id",
      value: tokenId.toString(),
      expected: `an existing position (${(err as Error).message.split("\n")[0]})`,
    });
  });
  const owner = await read<Address>(npm, positionManagerAbi, "ownerOf", [tokenId]);
  const pos = parsePositionTuple(tokenId, owner, t);
  const factory = await read<Address>(npm, positionManagerAbi, "factory");
  const pool = await read<Address>(factory, factoryAbi, "getPool", [pos.token0, pos.token1, pos.fee]);
  const [s, lower, upper, g0, g1, decimals0, decimals1, symbol0, symbol1] = await Promise.all([
    read<readonly [bigint, number]>(pool, poolAbi, "slot0"),
    read<readonly bigint[]>(pool, poolAbi, "ticks", [pos.tickLower]),
    read<readonly bigint[]>(pool, poolAbi, "ticks", [pos.tickUpper]),
    read<bigint>(pool, poolAbi, "feeGrowthGlobal0X128"),
    read<bigint>(pool, poolAbi, "feeGrowthGlobal1X128"),
    read<number>(pos.token0, erc20Abi, "decimals"),
    read<number>(pos.token1, erc20Abi, "decimals"),
    read<string>(pos.token0, erc20Abi, "symbol"),
    read<string>(pos.token1, erc20Abi, "symbol"),
  ]);
  const inside = FeeGrowth.getFeeGrowthInside({
    tickLower: pos.tickLower,
    tickUpper: pos.tickUpper,
    tickCurrent: s[1],
    feeGrowthGlobal0X128: g0,
    feeGrowthGlobal1X128: g1,
    lower: { feeGrowthOutside0X128: lower[2], feeGrowthOutside1X128: lower[3] },
    upper: { feeGrowthOutside0X128: upper[2], feeGrowthOutside1X128: upper[3] },
  });
  const owed = FeeGrowth.getTokensOwed({
    liquidity: pos.liquidity,
    feeGrowthInside0X128: inside.feeGrowthInside0X128,
    feeGrowthInside1X128: inside.feeGrowthInside1X128,
    feeGrowthInside0LastX128: pos.feeGrowthInside0LastX128,
    feeGrowthInside1LastX128: pos.feeGrowthInside1LastX128,
  });
  const amounts =
    pos.liquidity > 0n
      ? getPositionAmounts({
          sqrtPriceX96: s[0],
          tickLower: pos.tickLower,
          tickUpper: pos.tickUpper,
          liquidity: pos.liquidity,
        })
      : { amount0: 0n, amount1: 0n };
  // entry: the first IncreaseLiquidity of this token id
  const logs = await call("eth_getLogs", () =>
    publicClient.getContractEvents({
      address: npm,
      abi: positionManagerAbi,
      eventName: "IncreaseLiquidity",
      args: { tokenId },
      fromBlock: 0n,
      toBlock: blockNumber,
    }),
  );
  let entry: OnchainPosition["entry"] = null;
  const first = logs[0];
  if (first?.blockNumber !== null && first?.blockNumber !== undefined) {
    const es = await read<readonly [bigint, number]>(pool, poolAbi, "slot0", [], first.blockNumber);
    entry = {
      amount0: first.args.amount0 as bigint,
      amount1: first.args.amount1 as bigint,
      liquidity: first.args.liquidity as bigint,
      blockNumber: first.blockNumber,
      sqrtPriceX96: es[0],
    };
  }
  return {
    ...pos,
    pool,
    decimals0,
    decimals1,
    symbol0,
    symbol1,
    blockNumber,
    sqrtPriceX96: s[0],
    tick: s[1],
    amount0: amounts.amount0,
    amount1: amounts.amount1,
    fees0: (pos.tokensOwed0 + owed.tokensOwed0) & MaxUint128,
    fees1: (pos.tokensOwed1 + owed.tokensOwed1) & MaxUint128,
    entry,
  };
}

/** Analytics of an on-chain position in human units (price = quote per base). */
export type OnchainPositionAnalysis = {
  tokenId: string;
  owner: Address;
  pool: Address;
  base: string;
  quote: string;
  blockNumber: string;
  tickLower: number;
  tickUpper: number;
  tick: number;
  inRange: boolean;
  liquidity: string;
  price: number;
  lower: number;
  upper: number;
  /** Exact raw amounts as decimal strings. */
  amount0: string;
  amount1: string;
  fees0: string;
  fees1: string;
  entryAmount0: string | null;
  entryAmount1: string | null;
  entryPrice: number | null;
  value: number;
  hodlValue: number | null;
  impermanentLoss: number | null;
  feesValue: number;
  delta: number;
  gamma: number;
  lvrPerYear: number | null;
  breakEvenFeeApr: number | null;
  rangeExitProbability: number | null;
};

/**
 * Values an on-chain position: value and IL from the exact amounts (IL against holding the entry amounts),
 * fees valued at the current price, delta / gamma / LVR / break-even fee APR from `analyzePosition` (v3 closed
 * forms), range-exit probability over `horizonDays` (GBM, `vol`). `baseToken` picks the base (default token1,
 * as in every shared pool).
 */
export function analyzeOnchainPosition(
  p: OnchainPosition,
  opts: { baseToken?: 0 | 1; vol?: number; horizonDays?: number } = {},
): OnchainPositionAnalysis {
  const baseIs1 = (opts.baseToken ?? 1) === 1;
  const s0 = 10 ** p.decimals0;
  const s1 = 10 ** p.decimals1;
  const priceOf = (sqrtX96: bigint) => {
    const raw = (Number(sqrtX96) / 2 ** 96) ** 2; // token1 raw per token0 raw
    return baseIs1 ? s1 / s0 / raw : (raw * s0) / s1;
  };
  const priceAtTick = (t: number) => {
    const raw = 1.0001 ** t;
    return baseIs1 ? s1 / s0 / raw : (raw * s0) / s1;
  };
  const price = priceOf(p.sqrtPriceX96);
  const a = priceAtTick(p.tickLower);
  const b = priceAtTick(p.tickUpper);
  const lower = Math.min(a, b);
  const upper = Math.max(a, b);
  const human = (x0: bigint, x1: bigint) => {
    const h0 = Number(x0) / s0;
    const h1 = Number(x1) / s1;
    return baseIs1 ? { base: h1, quote: h0 } : { base: h0, quote: h1 };
  };
  const now = human(p.amount0, p.amount1);
  const fees = human(p.fees0, p.fees1);
  const value = now.base * price + now.quote;
  const entry = p.entry ? human(p.entry.amount0, p.entry.amount1) : null;
  const hodlValue = entry ? entry.base * price + entry.quote : null;
  const entryPrice = p.entry ? priceOf(p.entry.sqrtPriceX96) : null;
  const liquidityHuman = Number(p.liquidity) / Math.sqrt(s0 * s1);
  const inRange = p.tick >= p.tickLower && p.tick < p.tickUpper;
  let delta = now.base;
  let gamma = 0;
  let lvrPerYear: number | null = null;
  let breakEvenFeeApr: number | null = null;
  if (p.liquidity > 0n) {
    const an = analyzePosition({
      kind: "v3",
      price,
      entryPrice: entryPrice ?? price,
      liquidity: liquidityHuman,
      lower,
      upper,
      vol: opts.vol,
    });
    delta = an.delta;
    gamma = an.gamma;
    lvrPerYear = an.lvrPerYear ?? null;
    breakEvenFeeApr = an.breakEvenFeeApr ?? null;
  }
  const rangeExit =
    opts.vol && opts.vol > 0 && inRange
      ? rangeExitProbability({
          price,
          lower,
          upper,
          volatility: opts.vol,
          horizonYears: (opts.horizonDays ?? 30) / 365,
        })
      : null;
  return {
    tokenId: p.tokenId.toString(),
    owner: p.owner,
    pool: p.pool,
    base: baseIs1 ? p.symbol1 : p.symbol0,
    quote: baseIs1 ? p.symbol0 : p.symbol1,
    blockNumber: p.blockNumber.toString(),
    tickLower: p.tickLower,
    tickUpper: p.tickUpper,
    tick: p.tick,
    inRange,
    liquidity: p.liquidity.toString(),
    price,
    lower,
    upper,
    amount0: p.amount0.toString(),
    amount1: p.amount1.toString(),
    fees0: p.fees0.toString(),
    fees1: p.fees1.toString(),
    entryAmount0: p.entry ? p.entry.amount0.toString() : null,
    entryAmount1: p.entry ? p.entry.amount1.toString() : null,
    entryPrice,
    value,
    hodlValue,
    impermanentLoss: hodlValue ? value / hodlValue - 1 : null,
    feesValue: fees.base * price + fees.quote,
    delta,
    gamma,
    lvrPerYear,
    breakEvenFeeApr,
    rangeExitProbability: rangeExit,
  };
}
