/**
 * What the keeper needs from the chain and from the perp venue: the subset of the `uniswap-v3` viem adapter and the
 * ccxt perp adapter (docs: interfaces between helpers) that the keeper calls, as ports, so the keeper's logic does
 * not depend on how they are built. `venues/uniswap-v3` and `venues/ccxt` implement them (adapters in
 * `keeper/adapters.ts` once those land); tests that stand in for them say "mocked venue" in their names.
 */

export type Hex = `0x${string}`;

/** A transaction to sign. */
export type TxRequest = { to: Hex; data: Hex; value?: bigint };
/** A signed transaction: its hash and raw bytes are journalled before the broadcast. */
export type SignedTx = { hash: Hex; serialized: Hex; nonce: bigint; from: Hex };
/** The receipt fields the keeper reads; `raw` is the adapter's receipt (decoded by `decode`). */
export type TxReceipt = {
  transactionHash: Hex;
  status: "success" | "reverted";
  blockNumber: bigint;
  raw: unknown;
};

/** Chain legs the keeper sends (NonfungiblePositionManager, SwapRouter, ERC20 approve). */
export type ChainAction = "approve" | "mint" | "decrease" | "collect" | "burn" | "swap";

export type ChainLegParams =
  | { action: "approve"; token: Hex; spender: Hex; amount: bigint }
  | {
      action: "mint";
      token0: Hex;
      token1: Hex;
      fee: number;
      tickLower: number;
      tickUpper: number;
      amount0Desired: bigint;
      amount1Desired: bigint;
      amount0Min: bigint;
      amount1Min: bigint;
      recipient: Hex;
      deadline: bigint;
    }
  | {
      action: "decrease";
      tokenId: bigint;
      liquidity: bigint;
      amount0Min: bigint;
      amount1Min: bigint;
      deadline: bigint;
    }
  | { action: "collect"; tokenId: bigint; recipient: Hex }
  | { action: "burn"; tokenId: bigint }
  | {
      action: "swap";
      tokenIn: Hex;
      tokenOut: Hex;
      fee: number;
      amountIn: bigint;
      amountOutMinimum: bigint;
      recipient: Hex;
      deadline: bigint;
    };

/** What a confirmed leg did, decoded from its receipt (exact raw amounts). */
export type ChainLegResult = {
  tokenId?: bigint;
  liquidity?: bigint;
  amount0?: bigint;
  amount1?: bigint;
  amountIn?: bigint;
  amountOut?: bigint;
};

export type OnChainPosition = {
  tokenId: bigint;
  owner: Hex;
  token0: Hex;
  token1: Hex;
  fee: number;
  tickLower: number;
  tickUpper: number;
  liquidity: bigint;
  tokensOwed0: bigint;
  tokensOwed1: bigint;
};

export interface KeeperChain {
  readonly account: Hex;
  slot0(pool: Hex): Promise<{ sqrtPriceX96: bigint; tick: number; blockNumber: bigint; blockTime: number }>;
  /** Active liquidity of the pool. */
  liquidity(pool: Hex): Promise<bigint>;
  twapTick(pool: Hex, seconds: number): Promise<number>;
  getPosition(tokenId: bigint): Promise<OnChainPosition>;
  positionsOf(owner: Hex): Promise<bigint[]>;
  uncollectedFees(tokenId: bigint): Promise<{ amount0: bigint; amount1: bigint }>;
  balanceOf(token: Hex, owner: Hex): Promise<bigint>;
  build(params: ChainLegParams): TxRequest;
  /** Signs with the next nonce from the nonce manager (persisted in the journal). */
  signTx(req: TxRequest): Promise<SignedTx>;
  broadcast(serialized: Hex): Promise<Hex>;
  getReceipt(hash: Hex): Promise<TxReceipt | null>;
  waitReceipt(hash: Hex, opts: { timeoutMs: number }): Promise<TxReceipt>;
  /** The transaction `from` sent with `nonce`, if the chain knows one (mined or pending). */
  findTxByNonce(from: Hex, nonce: bigint): Promise<{ hash: Hex } | null>;
  /** After recovery resolved every signed entry: the nonce manager re-reads the chain's pending count. */
  resyncNonce?(): Promise<unknown>;
  decode(action: ChainAction, receipt: TxReceipt): ChainLegResult;
}

export type PerpOrder = {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: "buy" | "sell";
  amount: number;
  filled: number;
  average: number;
  status: "open" | "closed" | "canceled" | "rejected";
  fee: { cost: number; currency: string };
  time: number;
  raw?: unknown;
};

export interface KeeperPerp {
  readonly venue: string;
  createOrder(p: {
    symbol: string;
    side: "buy" | "sell";
    amount: number;
    clientOrderId: string;
    reduceOnly?: boolean;
  }): Promise<PerpOrder>;
  fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<PerpOrder | null>;
  fetchPosition(
    symbol: string,
  ): Promise<{ symbol: string; quantity: number; entryPrice: number; unrealizedPnl: number }>;
  fetchBalance(): Promise<{ quote: { total: number; free: number } }>;
  /** Order size step (base units): amounts are rounded to it. */
  amountStep(symbol: string): number;
}

/** Error classes the keeper acts on, from the adapters' classification (retryable / nonRetryable / fatal). */
export type VenueErrorClass = "retryable" | "nonRetryable" | "fatal" | "duplicateClientOrderId";
