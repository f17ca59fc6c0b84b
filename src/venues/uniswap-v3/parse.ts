/**
 * Decoders from raw chain data (transaction receipts, `positions()` tuples) to lpguard's types. Amounts stay
 * `bigint`, exact to the contract. Each decoder takes the receipt as viem returns it and reads only the logs of the
 * contract it trusts (the position manager or the pool), so a token's own events cannot spoof a result.
 */
import { type Address, decodeEventLog, type Log, type TransactionReceipt } from "viem";
import { poolAbi, positionManagerAbi } from "./abis.js";
import { TransactionRevertedError } from "./errors.js";

export type MintResult = { tokenId: bigint; liquidity: bigint; amount0: bigint; amount1: bigint };
export type LiquidityChange = { tokenId: bigint; liquidity: bigint; amount0: bigint; amount1: bigint };
export type CollectResult = { tokenId: bigint; recipient: Address; amount0: bigint; amount1: bigint };
export type SwapResult = {
  pool: Address;
  amount0: bigint;
  amount1: bigint;
  sqrtPriceX96: bigint;
  liquidity: bigint;
  tick: number;
};

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function assertSuccess(receipt: TransactionReceipt, action: string): void {
  if (receipt.status !== "success")
    throw new TransactionRevertedError({
      action,
      reason: `transaction ${receipt.transactionHash} has status 0`,
    });
}

function decodeNpm(log: Log) {
  try {
    return decodeEventLog({ abi: positionManagerAbi, data: log.data, topics: log.topics });
  } catch {
    return undefined;
  }
}

function single<T>(items: T[], action: string, what: string, hash: string): T {
  if (items.length !== 1)
    throw new TransactionRevertedError({
      action,
      reason: `${hash} has ${items.length} ${what} events, expected 1`,
    });
  return items[0];
}

/**
 * Decodes a `NonfungiblePositionManager.mint` receipt: the token id from the ERC721 `Transfer(0 → recipient)` and
 * the liquidity and amounts paid from `IncreaseLiquidity`.
 */
export function parseMintReceipt(receipt: TransactionReceipt, positionManager: Address): MintResult {
  assertSuccess(receipt, "mint");
  const logs = receipt.logs.filter((l) => sameAddress(l.address, positionManager)).map(decodeNpm);
  const inc = single(
    logs.filter((e) => e?.eventName === "IncreaseLiquidity"),
    "mint",
    "IncreaseLiquidity",
    receipt.transactionHash,
  );
  if (inc?.eventName !== "IncreaseLiquidity") throw new Error("unreachable");
  const minted = logs.some(
    (e) => e?.eventName === "Transfer" && BigInt(e.args.from) === 0n && e.args.tokenId === inc.args.tokenId,
  );
  if (!minted)
    throw new TransactionRevertedError({
      action: "mint",
      reason: `${receipt.transactionHash} minted no token`,
    });
  return {
    tokenId: inc.args.tokenId,
    liquidity: inc.args.liquidity,
    amount0: inc.args.amount0,
    amount1: inc.args.amount1,
  };
}

/** Decodes an `increaseLiquidity` receipt (`IncreaseLiquidity` event). */
export function parseIncreaseLiquidityReceipt(
  receipt: TransactionReceipt,
  positionManager: Address,
): LiquidityChange {
  assertSuccess(receipt, "increaseLiquidity");
  const e = single(
    receipt.logs
      .filter((l) => sameAddress(l.address, positionManager))
      .map(decodeNpm)
      .filter((x) => x?.eventName === "IncreaseLiquidity"),
    "increaseLiquidity",
    "IncreaseLiquidity",
    receipt.transactionHash,
  );
  if (e?.eventName !== "IncreaseLiquidity") throw new Error("unreachable");
  return {
    tokenId: e.args.tokenId,
    liquidity: e.args.liquidity,
    amount0: e.args.amount0,
    amount1: e.args.amount1,
  };
}

/** Decodes a `decreaseLiquidity` receipt (`DecreaseLiquidity` event: the amounts credited to tokensOwed). */
export function parseDecreaseLiquidityReceipt(
  receipt: TransactionReceipt,
  positionManager: Address,
): LiquidityChange {
  assertSuccess(receipt, "decreaseLiquidity");
  const e = single(
    receipt.logs
      .filter((l) => sameAddress(l.address, positionManager))
      .map(decodeNpm)
      .filter((x) => x?.eventName === "DecreaseLiquidity"),
    "decreaseLiquidity",
    "DecreaseLiquidity",
    receipt.transactionHash,
  );
  if (e?.eventName !== "DecreaseLiquidity") throw new Error("unreachable");
  return {
    tokenId: e.args.tokenId,
    liquidity: e.args.liquidity,
    amount0: e.args.amount0,
    amount1: e.args.amount1,
  };
}

/** Decodes a `collect` receipt (`Collect` event: the amounts transferred to the recipient). */
export function parseCollectReceipt(receipt: TransactionReceipt, positionManager: Address): CollectResult {
  assertSuccess(receipt, "collect");
  const e = single(
    receipt.logs
      .filter((l) => sameAddress(l.address, positionManager))
      .map(decodeNpm)
      .filter((x) => x?.eventName === "Collect"),
    "collect",
    "Collect",
    receipt.transactionHash,
  );
  if (e?.eventName !== "Collect") throw new Error("unreachable");
  return {
    tokenId: e.args.tokenId,
    recipient: e.args.recipient,
    amount0: e.args.amount0,
    amount1: e.args.amount1,
  };
}

/** Decodes a `burn` receipt: returns the token id whose ERC721 was burnt (`Transfer(owner → 0)`). */
export function parseBurnReceipt(receipt: TransactionReceipt, positionManager: Address): { tokenId: bigint } {
  assertSuccess(receipt, "burn");
  const e = single(
    receipt.logs
      .filter((l) => sameAddress(l.address, positionManager))
      .map(decodeNpm)
      .filter((x) => x?.eventName === "Transfer" && BigInt(x.args.to) === 0n),
    "burn",
    "Transfer to 0",
    receipt.transactionHash,
  );
  if (e?.eventName !== "Transfer") throw new Error("unreachable");
  return { tokenId: e.args.tokenId };
}

/**
 * Decodes every pool `Swap` event of a receipt, in log order (amounts seen from the pool: positive = paid in,
 * negative = paid out, fee included in the positive side).
 */
export function parseSwapLogs(receipt: TransactionReceipt, pool?: Address): SwapResult[] {
  const out: SwapResult[] = [];
  for (const l of receipt.logs) {
    if (pool && !sameAddress(l.address, pool)) continue;
    let e: ReturnType<typeof decodeEventLog<typeof poolAbi>> | undefined;
    try {
      e = decodeEventLog({ abi: poolAbi, data: l.data, topics: l.topics });
    } catch {
      continue;
    }
    if (e.eventName !== "Swap") continue;
    out.push({
      pool: l.address,
      amount0: e.args.amount0,
      amount1: e.args.amount1,
      sqrtPriceX96: e.args.sqrtPriceX96,
      liquidity: e.args.liquidity,
      tick: e.args.tick,
    });
  }
  return out;
}

/** Decodes a single-pool swap receipt (exactly one `Swap` event of `pool`). */
export function parseSwapReceipt(receipt: TransactionReceipt, pool: Address): SwapResult {
  assertSuccess(receipt, "swap");
  return single(parseSwapLogs(receipt, pool), "swap", "Swap", receipt.transactionHash);
}

export type PositionInfo = {
  tokenId: bigint;
  owner: Address;
  token0: Address;
  token1: Address;
  fee: number;
  tickLower: number;
  tickUpper: number;
  liquidity: bigint;
  feeGrowthInside0LastX128: bigint;
  feeGrowthInside1LastX128: bigint;
  tokensOwed0: bigint;
  tokensOwed1: bigint;
};

/** Builds a PositionInfo from `NonfungiblePositionManager.positions(tokenId)` and `ownerOf(tokenId)`. */
export function parsePositionTuple(
  tokenId: bigint,
  owner: Address,
  t: readonly [
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
  ],
): PositionInfo {
  return {
    tokenId,
    owner,
    token0: t[2],
    token1: t[3],
    fee: t[4],
    tickLower: t[5],
    tickUpper: t[6],
    liquidity: t[7],
    feeGrowthInside0LastX128: t[8],
    feeGrowthInside1LastX128: t[9],
    tokensOwed0: t[10],
    tokensOwed1: t[11],
  };
}
