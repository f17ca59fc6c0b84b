/**
 * A Uniswap v3 position read from the chain by its NonfungiblePositionManager token id: the manager's record
 * (ticks, liquidity, tokensOwed, feeGrowthInside*Last), its pool (factory.getPool of the position's tokens and
 * fee) with metadata read from the chain, the pool's slot0, fee growth (global and both ticks' outside), and the
 * entry amounts from the manager's `IncreaseLiquidity` logs of the token id (the first one is the mint).
 *
 * Every read is pinned to one block, so the numbers are one consistent state. Uncollected fees are computed as
 * the contracts compute them (`Tick.getFeeGrowthInside` with uint256 wrap, then `Position.update`'s
 * tokensOwed increment, added to the manager's tokensOwed with a uint128 wrap): equal to the wei to what
 * `collect` pays at that block.
 *
 * `analyzeOnchainPosition` turns the exact state into the float analytics of `analyzePosition` (value, IL,
 * delta, gamma, LVR, break-even fee APR) plus the range-exit probability; tolerance is float64 (≈1e-12 relative).
 */
import {
  type Address,
  decodeAbiParameters,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  type PublicClient,
  size,
} from "viem";
import { InvalidInputError } from "../../errors/math.js";
import { analyzePosition } from "../../math/position/analyzePosition.js";
import { rangeExitProbability } from "../../math/stats/rangeExitProbability.js";
import { MaxUint128, Q96 } from "../../math/v3/constants.js";
import { FeeGrowth } from "../../math/v3/feeGrowth.js";
import { getPositionAmounts } from "../../math/v3/getPositionAmounts.js";
import { TickMath } from "../../math/v3/tickMath.js";
import { poolAbi, positionManagerAbi } from "./abis.js";
import { classifyUniswapV3Error } from "./errors.js";
import { type PoolInfo, poolAddressOf, readPoolInfo, rpcRead } from "./poolInfo.js";

/** The canonical NonfungiblePositionManager of Uniswap v3 (Ethereum, Polygon, Arbitrum, Optimism). */
export const CANONICAL_POSITION_MANAGER: Address = "0xC36442b4a4522E871399CD717aBDD847Ab11FE88";

export type AmountPair = { amount0: bigint; amount1: bigint };
export type LiquidityEvent = AmountPair & { liquidity: bigint; blockNumber: bigint; transactionHash: string };

export type OnchainPosition = {
  chainId: number;
  blockNumber: bigint;
  /** Block time, Unix seconds. */
  blockTime: number;
  positionManager: Address;
  tokenId: bigint;
  owner: Address;
  pool: PoolInfo;
  tickLower: number;
  tickUpper: number;
  liquidity: bigint;
  feeGrowthInside0LastX128: bigint;
  feeGrowthInside1LastX128: bigint;
  tokensOwed0: bigint;
  tokensOwed1: bigint;
  sqrtPriceX96: bigint;
  tick: number;
  feeGrowthInside0X128: bigint;
  feeGrowthInside1X128: bigint;
  /** What `collect` pays now: tokensOwed + L·(feeGrowthInside − last)/2^128 (includes uncollected principal of decreases). */
  uncollected: AmountPair;
  /** What burning the whole liquidity returns now (`getPositionAmounts`, rounded down as the pool pays). */
  amounts: AmountPair;
  /** The mint: the first IncreaseLiquidity of the token id. */
  mint: LiquidityEvent;
  /** Sum of every IncreaseLiquidity (mint included): liquidity added and the amounts paid in. */
  added: AmountPair & { liquidity: bigint; count: number };
  /** Sum of every DecreaseLiquidity: liquidity removed and the amounts credited to tokensOwed. */
  removed: AmountPair & { liquidity: bigint; count: number };
};

export type ReadOnchainPositionParameters = {
  publicClient: PublicClient;
  positionManager: Address;
  tokenId: bigint;
  /** Block to read at (default: latest). */
  blockNumber?: bigint;
  /** First block searched for the position's IncreaseLiquidity / DecreaseLiquidity logs (default 0). */
  fromBlock?: bigint;
  /** Largest block range of one eth_getLogs request (default: the whole range in one request). */
  logChunkBlocks?: bigint;
};

async function liquidityLogs(
  p: ReadOnchainPositionParameters,
  eventName: "IncreaseLiquidity" | "DecreaseLiquidity",
  toBlock: bigint,
): Promise<LiquidityEvent[]> {
  const event = positionManagerAbi.find(
    (x): x is Extract<(typeof positionManagerAbi)[number], { type: "event"; name: typeof eventName }> =>
      x.type === "event" && x.name === eventName,
  );
  if (!event) throw new Error(`unreachable: no ${eventName} in the ABI`);
  const out: LiquidityEvent[] = [];
  const start = p.fromBlock ?? 0n;
  const chunk = p.logChunkBlocks ?? toBlock - start + 1n;
  for (let from = start; from <= toBlock; from += chunk) {
    const to = from + chunk - 1n < toBlock ? from + chunk - 1n : toBlock;
    const logs = await rpcRead("eth_getLogs", () =>
      p.publicClient.getLogs({
        address: p.positionManager,
        event,
        args: { tokenId: p.tokenId },
        fromBlock: from,
        toBlock: to,
        strict: true,
      }),
    );
    for (const l of logs)
      out.push({
        liquidity: l.args.liquidity,
        amount0: l.args.amount0,
        amount1: l.args.amount1,
        blockNumber: l.blockNumber,
        transactionHash: l.transactionHash,
      });
  }
  return out;
}

function sum(events: LiquidityEvent[]) {
  let liquidity = 0n;
  let amount0 = 0n;
  let amount1 = 0n;
  for (const e of events) {
    liquidity += e.liquidity;
    amount0 += e.amount0;
    amount1 += e.amount1;
  }
  return { liquidity, amount0, amount1, count: events.length };
}

/** ABI-encoded size of the `positions(uint256)` return tuple: 12 words. */
const POSITIONS_RETURN_BYTES = 12 * 32;

/**
 * Reads `positions(tokenId)` with a raw eth_call, so a revert is recognised however the node reports it: thrown
 * (geth, anvil) or returned as `Error(string)` data (a chain that does not throw on call failures).
 */
async function readPositionTuple(
  publicClient: PublicClient,
  positionManager: Address,
  tokenId: bigint,
  blockNumber: bigint,
) {
  const notFound = (reason: string) =>
    new InvalidInputError({
      field: "tokenId",
      value: tokenId,
      expected: `a live position of ${positionManager} at block ${blockNumber} (${reason})`,
    });
  const data = encodeFunctionData({ abi: positionManagerAbi, functionName: "positions", args: [tokenId] });
  let ret: Hex | undefined;
  try {
    ret = (await publicClient.call({ to: positionManager, data, blockNumber })).data;
  } catch (err) {
    const msg = String((err as Error).message ?? err);
    if (/revert|invalid token id/i.test(msg)) throw notFound("positions() reverted");
    throw classifyUniswapV3Error(err, { action: "positions" });
  }
  if (!ret || size(ret) !== POSITIONS_RETURN_BYTES) {
    let reason = "positions() reverted";
    if (ret?.startsWith("0x08c379a0"))
      reason = `positions() reverted: ${decodeAbiParameters([{ type: "string" }], `0x${ret.slice(10)}`)[0]}`;
    throw notFound(reason);
  }
  return decodeFunctionResult({ abi: positionManagerAbi, functionName: "positions", data: ret });
}

/**
 * Reads one position and everything needed to value it, at one block.
 *
 * @example
 * const pos = await readOnchainPosition({ publicClient, positionManager, tokenId: 1234n });
 * pos.uncollected; // { amount0, amount1 }: what collect() would pay now, to the wei
 * @throws {InvalidInputError} field `tokenId` when the manager has no such token (never minted or burnt).
 */
export async function readOnchainPosition(p: ReadOnchainPositionParameters): Promise<OnchainPosition> {
  const { publicClient, tokenId } = p;
  const positionManager = getAddress(p.positionManager);
  const block = await rpcRead("eth_getBlockByNumber", () =>
    p.blockNumber === undefined
      ? publicClient.getBlock({ blockTag: "latest" })
      : publicClient.getBlock({ blockNumber: p.blockNumber }),
  );
  const blockNumber = block.number;
  const code = await rpcRead("eth_getCode", () =>
    publicClient.getCode({ address: positionManager, blockNumber }),
  );
  if (!code || code === "0x")
    throw new InvalidInputError({
      field: "positionManager",
      value: positionManager,
      expected: "the address of a NonfungiblePositionManager (no contract code there)",
    });
  const t = await readPositionTuple(publicClient, positionManager, tokenId, blockNumber);
  const owner = await rpcRead("ownerOf", () =>
    publicClient.readContract({
      address: positionManager,
      abi: positionManagerAbi,
      functionName: "ownerOf",
      args: [tokenId],
      blockNumber,
    }),
  );
  const [, , token0, token1, fee, tickLower, tickUpper, liquidity, fgi0Last, fgi1Last, owed0, owed1] = t;
  const factory = await rpcRead("factory", () =>
    publicClient.readContract({
      address: positionManager,
      abi: positionManagerAbi,
      functionName: "factory",
      blockNumber,
    }),
  );
  const poolAddress = await poolAddressOf({ publicClient, factory, token0, token1, fee, blockNumber });
  const readPool = <F extends "slot0" | "feeGrowthGlobal0X128" | "feeGrowthGlobal1X128">(functionName: F) =>
    rpcRead(functionName, () =>
      publicClient.readContract({ address: poolAddress, abi: poolAbi, functionName, blockNumber } as never),
    );
  const readTick = (tick: number) =>
    rpcRead("ticks", () =>
      publicClient.readContract({
        address: poolAddress,
        abi: poolAbi,
        functionName: "ticks",
        args: [tick],
        blockNumber,
      }),
    );
  const [pool, slot0, g0, g1, lower, upper, increases, decreases] = await Promise.all([
    readPoolInfo({ publicClient, pool: poolAddress, blockNumber }),
    readPool("slot0") as Promise<readonly [bigint, number, number, number, number, number, boolean]>,
    readPool("feeGrowthGlobal0X128") as Promise<bigint>,
    readPool("feeGrowthGlobal1X128") as Promise<bigint>,
    readTick(tickLower),
    readTick(tickUpper),
    liquidityLogs(p, "IncreaseLiquidity", blockNumber),
    liquidityLogs(p, "DecreaseLiquidity", blockNumber),
  ]);
  if (increases.length === 0)
    throw new InvalidInputError({
      field: "fromBlock",
      value: p.fromBlock ?? 0n,
      expected: `a block at or before the mint of token ${tokenId} (no IncreaseLiquidity log found)`,
    });
  const [sqrtPriceX96, tick] = slot0;
  const inside = FeeGrowth.getFeeGrowthInside({
    tickLower,
    tickUpper,
    tickCurrent: tick,
    feeGrowthGlobal0X128: g0,
    feeGrowthGlobal1X128: g1,
    lower: { feeGrowthOutside0X128: lower[2], feeGrowthOutside1X128: lower[3] },
    upper: { feeGrowthOutside0X128: upper[2], feeGrowthOutside1X128: upper[3] },
  });
  const owed = FeeGrowth.getTokensOwed({
    liquidity,
    feeGrowthInside0X128: inside.feeGrowthInside0X128,
    feeGrowthInside1X128: inside.feeGrowthInside1X128,
    feeGrowthInside0LastX128: fgi0Last,
    feeGrowthInside1LastX128: fgi1Last,
  });
  return {
    chainId: pool.chainId,
    blockNumber,
    blockTime: Number(block.timestamp),
    positionManager,
    tokenId,
    owner: getAddress(owner),
    pool,
    tickLower,
    tickUpper,
    liquidity,
    feeGrowthInside0LastX128: fgi0Last,
    feeGrowthInside1LastX128: fgi1Last,
    tokensOwed0: owed0,
    tokensOwed1: owed1,
    sqrtPriceX96,
    tick,
    feeGrowthInside0X128: inside.feeGrowthInside0X128,
    feeGrowthInside1X128: inside.feeGrowthInside1X128,
    uncollected: {
      // the manager's collect: tokensOwed += uint128(...) (wrapping), as NonfungiblePositionManager.collect
      amount0: (owed0 + owed.tokensOwed0) & MaxUint128,
      amount1: (owed1 + owed.tokensOwed1) & MaxUint128,
    },
    amounts: getPositionAmounts({ sqrtPriceX96, tickLower, tickUpper, liquidity }),
    mint: increases[0],
    added: sum(increases),
    removed: sum(decreases),
  };
}

/** Returns the token ids a wallet holds on the manager (balanceOf, then tokenOfOwnerByIndex), at one block. */
export async function positionsOfOwner(parameters: {
  publicClient: PublicClient;
  positionManager: Address;
  owner: Address;
  blockNumber?: bigint;
}): Promise<bigint[]> {
  const { publicClient, positionManager, owner } = parameters;
  const blockNumber =
    parameters.blockNumber ?? (await rpcRead("eth_blockNumber", () => publicClient.getBlockNumber()));
  const n = await rpcRead("balanceOf", () =>
    publicClient.readContract({
      address: positionManager,
      abi: positionManagerAbi,
      functionName: "balanceOf",
      args: [owner],
      blockNumber,
    }),
  );
  const ids: bigint[] = [];
  for (let i = 0n; i < n; i++)
    ids.push(
      await rpcRead("tokenOfOwnerByIndex", () =>
        publicClient.readContract({
          address: positionManager,
          abi: positionManagerAbi,
          functionName: "tokenOfOwnerByIndex",
          args: [owner, i],
          blockNumber,
        }),
      ),
    );
  return ids;
}

// ---------------------------------------------------------------- analytics

export type BaseChoice = "token0" | "token1" | string;

export type OnchainAnalysis = {
  base: "token0" | "token1";
  baseSymbol: string;
  quoteSymbol: string;
  /** Quote per base, human units. */
  price: number;
  lower: number;
  upper: number;
  inRange: boolean;
  /** Price (quote per base) implied by the mint's amounts and liquidity. */
  entryPrice: number;
  /** Exact amounts now, human units. */
  amountBase: number;
  amountQuote: number;
  /** Value of the amounts now, quote units. */
  value: number;
  /** Entry amounts held (added amounts × liquidity now / liquidity added), valued now. */
  hodlBase: number;
  hodlQuote: number;
  hodlValue: number;
  /** value / hodlValue − 1, from the exact amounts and the logged entry amounts. */
  impermanentLoss: number;
  /** `analyzePosition`'s closed form at (entryPrice, price): a cross-check of the above (equal with one mint). */
  impermanentLossClosedForm: number;
  feesBase: number;
  feesQuote: number;
  /** Uncollected (what collect pays) valued in quote. */
  feesValue: number;
  delta: number;
  gamma: number;
  lvrPerYear?: number;
  breakEvenFeeApr?: number;
  rangeExitProbability?: number;
  horizonDays?: number;
  vol?: number;
};

/** Resolves `token0 | token1 | SYMBOL` (case-insensitive) to a side of the pool; default token1. */
export function resolveBase(pool: PoolInfo, base: BaseChoice | undefined): "token0" | "token1" {
  if (base === undefined || base === "token1") return "token1";
  if (base === "token0") return "token0";
  const s0 =
    pool.token0.symbol.toLowerCase() === base.toLowerCase() ||
    pool.token0.address.toLowerCase() === base.toLowerCase();
  const s1 =
    pool.token1.symbol.toLowerCase() === base.toLowerCase() ||
    pool.token1.address.toLowerCase() === base.toLowerCase();
  if (s0 && !s1) return "token0";
  if (s1 && !s0) return "token1";
  throw new InvalidInputError({
    field: "base",
    value: base,
    expected: `token0, token1, ${pool.token0.symbol} or ${pool.token1.symbol}`,
  });
}

const Q96F = Number(Q96);

/** token1 per token0 in human units at a sqrt price (Q64.96). */
function humanPrice0(sqrtPriceX96: bigint, d0: number, d1: number): number {
  const s = Number(sqrtPriceX96) / Q96F;
  return s * s * 10 ** (d0 - d1);
}

/**
 * Returns the analytics of an on-chain position, quote per base with `base` (default token1): exact amounts
 * valued in float64, IL against holding the entry amounts, and `analyzePosition`'s value, delta, gamma, LVR and
 * break-even fee APR; with `vol` > 0 also the probability of leaving the range within `horizonDays` (default 7).
 * A position with no liquidity left has no analytics (returns null): only its uncollected amounts matter.
 */
export function analyzeOnchainPosition(
  pos: OnchainPosition,
  opts: { base?: BaseChoice; vol?: number; horizonDays?: number } = {},
): OnchainAnalysis | null {
  if (pos.liquidity === 0n) return null;
  const base = resolveBase(pos.pool, opts.base);
  const d0 = pos.pool.token0.decimals;
  const d1 = pos.pool.token1.decimals;
  const sa = TickMath.getSqrtRatioAtTick(pos.tickLower);
  const sb = TickMath.getSqrtRatioAtTick(pos.tickUpper);
  const p0 = humanPrice0(pos.sqrtPriceX96, d0, d1);
  const a0 = humanPrice0(sa, d0, d1);
  const b0 = humanPrice0(sb, d0, d1);
  // entry price from the mint: amount1 = L(√P − √A) inside the range (raw units), amount0 = 0 above, amount1 = 0 below
  const m = pos.mint;
  const saF = Number(sa) / Q96F;
  const sbF = Number(sb) / Q96F;
  let sEntry: number;
  if (m.amount1 === 0n) sEntry = saF;
  else if (m.amount0 === 0n) sEntry = sbF;
  else sEntry = Math.min(sbF, Math.max(saF, Number(m.amount1) / Number(m.liquidity) + saF));
  const e0 = sEntry * sEntry * 10 ** (d0 - d1);
  const baseIs0 = base === "token0";
  const price = baseIs0 ? p0 : 1 / p0;
  const lower = baseIs0 ? a0 : 1 / b0;
  const upper = baseIs0 ? b0 : 1 / a0;
  const entryPrice = baseIs0 ? e0 : 1 / e0;
  const liquidityHuman = Number(pos.liquidity) / 10 ** ((d0 + d1) / 2);
  const a = analyzePosition({
    kind: "v3",
    price,
    entryPrice,
    liquidity: liquidityHuman,
    lower,
    upper,
    vol: opts.vol,
  });

  const h0 = (x: bigint) => Number(x) / 10 ** d0;
  const h1 = (x: bigint) => Number(x) / 10 ** d1;
  const pick = (pair: AmountPair) =>
    baseIs0 ? [h0(pair.amount0), h1(pair.amount1)] : [h1(pair.amount1), h0(pair.amount0)];
  const [amountBase, amountQuote] = pick(pos.amounts);
  const share = Number(pos.liquidity) / Number(pos.added.liquidity);
  const [addedBase, addedQuote] = pick(pos.added);
  const hodlBase = addedBase * share;
  const hodlQuote = addedQuote * share;
  const value = amountBase * price + amountQuote;
  const hodlValue = hodlBase * price + hodlQuote;
  const [feesBase, feesQuote] = pick(pos.uncollected);
  const out: OnchainAnalysis = {
    base,
    baseSymbol: baseIs0 ? pos.pool.token0.symbol : pos.pool.token1.symbol,
    quoteSymbol: baseIs0 ? pos.pool.token1.symbol : pos.pool.token0.symbol,
    price,
    lower,
    upper,
    inRange: pos.tick >= pos.tickLower && pos.tick < pos.tickUpper,
    entryPrice,
    amountBase,
    amountQuote,
    value,
    hodlBase,
    hodlQuote,
    hodlValue,
    impermanentLoss: value / hodlValue - 1,
    impermanentLossClosedForm: a.impermanentLoss,
    feesBase,
    feesQuote,
    feesValue: feesBase * price + feesQuote,
    delta: a.delta,
    gamma: a.gamma,
    ...(a.lvrPerYear !== undefined ? { lvrPerYear: a.lvrPerYear, breakEvenFeeApr: a.breakEvenFeeApr } : {}),
  };
  if (opts.vol !== undefined) {
    const horizonDays = opts.horizonDays ?? 7;
    out.vol = opts.vol;
    out.horizonDays = horizonDays;
    out.rangeExitProbability = !out.inRange
      ? 1
      : opts.vol === 0
        ? 0
        : rangeExitProbability({
            price,
            lower,
            upper,
            volatility: opts.vol,
            horizonYears: horizonDays / 365,
          });
  }
  return out;
}

/** JSON form of a position: bigints as decimal strings, addresses checksummed. */
export function onchainPositionToJson(pos: OnchainPosition): Record<string, unknown> {
  return JSON.parse(JSON.stringify(pos, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}
