/**
 * The live Uniswap v3 venue over viem: reads (slot0, TWAP, positions, uncollected fees, balances) and writes split
 * into build → sign → broadcast → receipt, so a journal can record each step (the signed hash is known before
 * anything is sent). Receipts are polled with `getTransactionReceipt` (an idle local chain mines no further
 * blocks, so block-driven waiting would hang). Nonces come from a NonceManager persisted through NonceStore.
 *
 * @example
 * const client = createUniswapV3Client({ publicClient, account, deployment, nonceStore: memoryNonceStore() });
 * const req = client.buildMint({ pool: "polygon-weth-usdc-005", tickLower, tickUpper, amount0Desired, amount1Desired });
 * const signed = await client.signTx(req);      // persist signed.hash / signed.serialized here
 * await client.broadcast(signed.serialized);
 * const { tokenId, liquidity } = client.parseMintReceipt(await client.waitReceipt(signed.hash, { timeoutMs: 30_000 }));
 */
import {
  type Address,
  type Chain,
  defineChain,
  encodeFunctionData,
  getAddress,
  type Hex,
  keccak256,
  type LocalAccount,
  maxUint256,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { InvalidInputError } from "../../errors/math.js";
import { MaxUint128 } from "../../math/v3/constants.js";
import { FeeGrowth } from "../../math/v3/feeGrowth.js";
import { erc20Abi, poolAbi, positionManagerAbi, swapRouterAbi } from "./abis.js";
import { type Deployment, findPool, type PoolEntry } from "./deployment.js";
import {
  classifyUniswapV3Error,
  MissingContractError,
  NonceTooLowError,
  ReceiptTimeoutError,
  TransactionRevertedError,
  WrongChainError,
} from "./errors.js";
import { createNonceManager, type NonceManager, type NonceStore } from "./nonceManager.js";
import {
  type CollectResult,
  type LiquidityChange,
  type MintResult,
  type PositionInfo,
  parseBurnReceipt,
  parseCollectReceipt,
  parseDecreaseLiquidityReceipt,
  parseIncreaseLiquidityReceipt,
  parseMintReceipt,
  parsePositionTuple,
  parseSwapReceipt,
  type SwapResult,
} from "./parse.js";

/** A transaction to sign: target, calldata, ether value. */
export type TxRequest = { to: Address; data: Hex; value: bigint };
export type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
/** A signed EIP-1559 transaction; `hash` is final (keccak of `serialized`) before it is broadcast. */
export type SignedTx = {
  hash: Hex;
  serialized: Hex;
  nonce: number;
  from: Address;
  to: Address;
  data: Hex;
  value: bigint;
  gas: bigint;
  fees: Fees;
  chainId: number;
};
export type Slot0 = { sqrtPriceX96: bigint; tick: number; blockNumber: bigint; blockTime: number };
export type PoolRef = string | PoolEntry;
export type TokenRef = string;

export type CreateUniswapV3ClientParameters = {
  publicClient: PublicClient;
  /** Optional: used only for `sendRawTransaction` when given (signing is always local, with `account`). */
  walletClient?: WalletClient;
  /** The sender; a local account (private key held in-process, never logged). */
  account: LocalAccount;
  deployment: Deployment;
  nonceStore: NonceStore;
  /** Receipt polling interval (default 50 ms). */
  pollMs?: number;
  /** Multiplier on estimated gas, in percent (default 125). */
  gasBufferPct?: number;
};

const MAX_DEADLINE = maxUint256;

/** Optional slippage floors (default 0) and deadline (default: none) of a position-manager liquidity call. */
type LiquidityGuard = { amount0Min?: bigint; amount1Min?: bigint; deadline?: bigint };

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Returns a viem chain object for a local deployment (EIP-1559, 18-decimal ether). */
export function localChain(deployment: Pick<Deployment, "chainId" | "rpcUrl">): Chain {
  return defineChain({
    id: deployment.chainId,
    name: `local-${deployment.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [deployment.rpcUrl] } },
  });
}

/** Creates the venue client; see the file comment for the write protocol. */
export function createUniswapV3Client(parameters: CreateUniswapV3ClientParameters) {
  const { publicClient, walletClient, account, deployment, nonceStore } = parameters;
  const pollMs = parameters.pollMs ?? 50;
  const gasBufferPct = BigInt(parameters.gasBufferPct ?? 125);
  const npm = deployment.contracts.positionManager;
  const router = deployment.contracts.swapRouter;
  const nonces: NonceManager = createNonceManager({
    store: nonceStore,
    pendingCount: async (address) =>
      BigInt(await publicClient.getTransactionCount({ address, blockTag: "pending" })),
  });

  const call = async <T>(
    action: string,
    fn: () => Promise<T>,
    ctx: { from?: string; nonce?: bigint } = {},
  ) => {
    try {
      return await fn();
    } catch (err) {
      throw classifyUniswapV3Error(err, { action, ...ctx });
    }
  };

  let ready: Promise<void> | undefined;
  /** Checks the chain id and that every deployment address has code. Fatal errors if not. Cached. */
  const checkDeployment = (): Promise<void> => {
    ready ??= (async () => {
      const id = await call("eth_chainId", () => publicClient.getChainId());
      if (id !== deployment.chainId)
        throw new WrongChainError({ expected: deployment.chainId, actual: id, rpcUrl: deployment.rpcUrl });
      const entries: [string, Address][] = [
        ...Object.entries(deployment.contracts).map(([k, a]) => [`contracts.${k}`, a] as [string, Address]),
        ...Object.entries(deployment.tokens).map(([k, t]) => [`tokens.${k}`, t.address] as [string, Address]),
        ...deployment.pools.map((p) => [`pools.${p.name}`, p.address] as [string, Address]),
      ];
      for (const [field, address] of entries) {
        const code = await call("eth_getCode", () => publicClient.getCode({ address }));
        if (!code || code === "0x") throw new MissingContractError({ field, address });
      }
    })();
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  };

  const pool = (ref: PoolRef): PoolEntry => (typeof ref === "string" ? findPool(deployment, ref) : ref);
  const token = (ref: TokenRef): Address => {
    const t = deployment.tokens[ref] ?? deployment.tokens[ref.toUpperCase()];
    if (t) return t.address;
    if (/^0x[0-9a-fA-F]{40}$/.test(ref)) return getAddress(ref);
    throw new InvalidInputError({
      field: "token",
      value: ref,
      expected: `a token symbol (${Object.keys(deployment.tokens).join(", ")}) or an address`,
    });
  };
  const spenderAddress = (s: "positionManager" | "swapRouter" | Address): Address =>
    s === "positionManager" ? npm : s === "swapRouter" ? router : s;

  // ---------------------------------------------------------------- reads

  const slot0 = async (ref: PoolRef): Promise<Slot0> => {
    const p = pool(ref);
    const block = await call("eth_getBlockByNumber", () => publicClient.getBlock({ blockTag: "latest" }));
    const s = await call("slot0", () =>
      publicClient.readContract({
        address: p.address,
        abi: poolAbi,
        functionName: "slot0",
        blockNumber: block.number,
      }),
    );
    return { sqrtPriceX96: s[0], tick: s[1], blockNumber: block.number, blockTime: Number(block.timestamp) };
  };

  /**
   * Returns the time-weighted mean tick over the last `seconds` (pool `observe([seconds, 0])`, rounded toward
   * −∞ as OracleLibrary.consult does). Needs enough observation cardinality (the deployment raises it).
   */
  const twapTick = async (ref: PoolRef, seconds: number): Promise<number> => {
    if (!Number.isInteger(seconds) || seconds <= 0)
      throw new InvalidInputError({ field: "seconds", value: seconds, expected: "a positive integer" });
    const p = pool(ref);
    const [cum] = await call("observe", () =>
      publicClient.readContract({
        address: p.address,
        abi: poolAbi,
        functionName: "observe",
        args: [[seconds, 0]],
      }),
    );
    const delta = cum[1] - cum[0];
    const s = BigInt(seconds);
    let mean = delta / s;
    if (delta < 0n && delta % s !== 0n) mean -= 1n;
    return Number(mean);
  };

  const liquidity = async (ref: PoolRef): Promise<bigint> =>
    await call("liquidity", () =>
      publicClient.readContract({ address: pool(ref).address, abi: poolAbi, functionName: "liquidity" }),
    );

  const tickInfo = async (ref: PoolRef, tick: number, blockNumber?: bigint) => {
    const t = await call("ticks", () =>
      publicClient.readContract({
        address: pool(ref).address,
        abi: poolAbi,
        functionName: "ticks",
        args: [tick],
        blockNumber,
      }),
    );
    return {
      liquidityGross: t[0],
      liquidityNet: t[1],
      feeGrowthOutside0X128: t[2],
      feeGrowthOutside1X128: t[3],
      initialized: t[7],
    };
  };

  const feeGrowthGlobal = async (ref: PoolRef, blockNumber?: bigint) => {
    const address = pool(ref).address;
    const [g0, g1] = await Promise.all([
      call("feeGrowthGlobal0X128", () =>
        publicClient.readContract({
          address,
          abi: poolAbi,
          functionName: "feeGrowthGlobal0X128",
          blockNumber,
        }),
      ),
      call("feeGrowthGlobal1X128", () =>
        publicClient.readContract({
          address,
          abi: poolAbi,
          functionName: "feeGrowthGlobal1X128",
          blockNumber,
        }),
      ),
    ]);
    return { feeGrowthGlobal0X128: g0, feeGrowthGlobal1X128: g1 };
  };

  const getPosition = async (tokenId: bigint, blockNumber?: bigint): Promise<PositionInfo> => {
    const [t, owner] = await Promise.all([
      call("positions", () =>
        publicClient.readContract({
          address: npm,
          abi: positionManagerAbi,
          functionName: "positions",
          args: [tokenId],
          blockNumber,
        }),
      ),
      call("ownerOf", () =>
        publicClient.readContract({
          address: npm,
          abi: positionManagerAbi,
          functionName: "ownerOf",
          args: [tokenId],
          blockNumber,
        }),
      ),
    ]);
    return parsePositionTuple(tokenId, owner, t);
  };

  const positionsOf = async (owner: Address): Promise<bigint[]> => {
    const n = await call("balanceOf", () =>
      publicClient.readContract({
        address: npm,
        abi: positionManagerAbi,
        functionName: "balanceOf",
        args: [owner],
      }),
    );
    const ids: bigint[] = [];
    for (let i = 0n; i < n; i++)
      ids.push(
        await call("tokenOfOwnerByIndex", () =>
          publicClient.readContract({
            address: npm,
            abi: positionManagerAbi,
            functionName: "tokenOfOwnerByIndex",
            args: [owner, i],
          }),
        ),
      );
    return ids;
  };

  /** The pool entry of a position's (token0, token1, fee). */
  const poolOfPosition = (p: PositionInfo): PoolEntry => {
    const hit = deployment.pools.find(
      (x) =>
        deployment.tokens[x.token0]?.address.toLowerCase() === p.token0.toLowerCase() &&
        deployment.tokens[x.token1]?.address.toLowerCase() === p.token1.toLowerCase() &&
        x.fee === p.fee,
    );
    if (!hit)
      throw new InvalidInputError({
        field: "tokenId",
        value: p.tokenId,
        expected: "a position in one of the deployment's pools",
      });
    return hit;
  };

  /**
   * Returns the fees a `collect` would pay now, computed as the contracts do: the manager's `tokensOwed` plus
   * `liquidity × (feeGrowthInside − feeGrowthInsideLast) / 2^128` with the pool's current fee growth inside
   * (`Tick.getFeeGrowthInside`), all read at one block.
   */
  const uncollectedFees = async (
    tokenId: bigint,
  ): Promise<{ amount0: bigint; amount1: bigint; blockNumber: bigint }> => {
    const block = await call("eth_getBlockByNumber", () => publicClient.getBlock({ blockTag: "latest" }));
    const blockNumber = block.number;
    const pos = await getPosition(tokenId, blockNumber);
    const p = poolOfPosition(pos);
    const [s, lower, upper, g] = await Promise.all([
      call("slot0", () =>
        publicClient.readContract({ address: p.address, abi: poolAbi, functionName: "slot0", blockNumber }),
      ),
      tickInfo(p, pos.tickLower, blockNumber),
      tickInfo(p, pos.tickUpper, blockNumber),
      feeGrowthGlobal(p, blockNumber),
    ]);
    const inside = FeeGrowth.getFeeGrowthInside({
      tickLower: pos.tickLower,
      tickUpper: pos.tickUpper,
      tickCurrent: s[1],
      ...g,
      lower,
      upper,
    });
    const owed = FeeGrowth.getTokensOwed({
      liquidity: pos.liquidity,
      feeGrowthInside0X128: inside.feeGrowthInside0X128,
      feeGrowthInside1X128: inside.feeGrowthInside1X128,
      feeGrowthInside0LastX128: pos.feeGrowthInside0LastX128,
      feeGrowthInside1LastX128: pos.feeGrowthInside1LastX128,
    });
    return {
      amount0: (pos.tokensOwed0 + owed.tokensOwed0) & MaxUint128,
      amount1: (pos.tokensOwed1 + owed.tokensOwed1) & MaxUint128,
      blockNumber,
    };
  };

  const balanceOf = async (tokenRef: TokenRef, owner: Address): Promise<bigint> =>
    await call("balanceOf", () =>
      publicClient.readContract({
        address: token(tokenRef),
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [owner],
      }),
    );

  // ---------------------------------------------------------------- builders

  /** A call to the position manager (no ether). */
  const npmTx = (data: Hex): TxRequest => ({ to: npm, value: 0n, data });
  /** The slippage floors and deadline of a liquidity call (defaults: no floor, no deadline). */
  const guard = (q: LiquidityGuard) => ({
    amount0Min: q.amount0Min ?? 0n,
    amount1Min: q.amount1Min ?? 0n,
    deadline: q.deadline ?? MAX_DEADLINE,
  });

  const buildMint = (
    q: {
      pool: PoolRef;
      tickLower: number;
      tickUpper: number;
      amount0Desired: bigint;
      amount1Desired: bigint;
      recipient?: Address;
    } & LiquidityGuard,
  ): TxRequest => {
    const p = pool(q.pool);
    return npmTx(
      encodeFunctionData({
        abi: positionManagerAbi,
        functionName: "mint",
        args: [
          {
            token0: token(p.token0),
            token1: token(p.token1),
            fee: p.fee,
            tickLower: q.tickLower,
            tickUpper: q.tickUpper,
            amount0Desired: q.amount0Desired,
            amount1Desired: q.amount1Desired,
            recipient: q.recipient ?? account.address,
            ...guard(q),
          },
        ],
      }),
    );
  };

  const buildIncreaseLiquidity = (
    q: { tokenId: bigint; amount0Desired: bigint; amount1Desired: bigint } & LiquidityGuard,
  ): TxRequest =>
    npmTx(
      encodeFunctionData({
        abi: positionManagerAbi,
        functionName: "increaseLiquidity",
        args: [
          {
            tokenId: q.tokenId,
            amount0Desired: q.amount0Desired,
            amount1Desired: q.amount1Desired,
            ...guard(q),
          },
        ],
      }),
    );

  const buildDecreaseLiquidity = (q: { tokenId: bigint; liquidity: bigint } & LiquidityGuard): TxRequest =>
    npmTx(
      encodeFunctionData({
        abi: positionManagerAbi,
        functionName: "decreaseLiquidity",
        args: [{ tokenId: q.tokenId, liquidity: q.liquidity, ...guard(q) }],
      }),
    );

  const buildCollect = (q: {
    tokenId: bigint;
    recipient?: Address;
    amount0Max?: bigint;
    amount1Max?: bigint;
  }): TxRequest =>
    npmTx(
      encodeFunctionData({
        abi: positionManagerAbi,
        functionName: "collect",
        args: [
          {
            tokenId: q.tokenId,
            recipient: q.recipient ?? account.address,
            amount0Max: q.amount0Max ?? MaxUint128,
            amount1Max: q.amount1Max ?? MaxUint128,
          },
        ],
      }),
    );

  const buildBurn = (q: { tokenId: bigint }): TxRequest =>
    npmTx(encodeFunctionData({ abi: positionManagerAbi, functionName: "burn", args: [q.tokenId] }));

  /**
   * A single-pool swap through SwapRouter. `exactInput` (default): spend `amountIn` of `tokenIn` (stops early at
   * `sqrtPriceLimitX96` if given, paying only what was used). `exactOutput`: receive `amountOut`.
   */
  const buildSwap = (
    q: {
      pool: PoolRef;
      tokenIn: TokenRef;
      recipient?: Address;
      deadline?: bigint;
      sqrtPriceLimitX96?: bigint;
    } & (
      | { kind?: "exactInput"; amountIn: bigint; amountOutMinimum?: bigint }
      | { kind: "exactOutput"; amountOut: bigint; amountInMaximum: bigint }
    ),
  ): TxRequest => {
    const p = pool(q.pool);
    const tokenIn = token(q.tokenIn);
    const t0 = token(p.token0);
    const t1 = token(p.token1);
    if (tokenIn !== t0 && tokenIn !== t1)
      throw new InvalidInputError({
        field: "tokenIn",
        value: q.tokenIn,
        expected: `${p.token0} or ${p.token1}`,
      });
    const tokenOut = tokenIn === t0 ? t1 : t0;
    const common = {
      tokenIn,
      tokenOut,
      fee: p.fee,
      recipient: q.recipient ?? account.address,
      deadline: q.deadline ?? MAX_DEADLINE,
      sqrtPriceLimitX96: q.sqrtPriceLimitX96 ?? 0n,
    };
    if (q.kind === "exactOutput")
      return {
        to: router,
        value: 0n,
        data: encodeFunctionData({
          abi: swapRouterAbi,
          functionName: "exactOutputSingle",
          args: [{ ...common, amountOut: q.amountOut, amountInMaximum: q.amountInMaximum }],
        }),
      };
    return {
      to: router,
      value: 0n,
      data: encodeFunctionData({
        abi: swapRouterAbi,
        functionName: "exactInputSingle",
        args: [{ ...common, amountIn: q.amountIn, amountOutMinimum: q.amountOutMinimum ?? 0n }],
      }),
    };
  };

  const buildApprove = (q: {
    token: TokenRef;
    spender: "positionManager" | "swapRouter" | Address;
    amount?: bigint;
  }): TxRequest => ({
    to: token(q.token),
    value: 0n,
    data: encodeFunctionData({
      abi: erc20Abi,
      functionName: "approve",
      args: [spenderAddress(q.spender), q.amount ?? maxUint256],
    }),
  });

  // ---------------------------------------------------------------- sign / send / receipts

  const defaultFees = async (): Promise<Fees> => {
    // maxFee = 2 × base fee + tip (the usual headroom for six full blocks of base-fee growth); tip 1 gwei.
    const block = await call("eth_getBlockByNumber", () => publicClient.getBlock({ blockTag: "latest" }));
    const base = block.baseFeePerGas ?? 1_000_000_000n;
    const tip = 1_000_000_000n;
    return { maxFeePerGas: 2n * base + tip, maxPriorityFeePerGas: tip };
  };

  const signWith = async (req: TxRequest, nonce: number, fees: Fees, gas: bigint): Promise<SignedTx> => {
    const serialized = await account.signTransaction({
      type: "eip1559",
      chainId: deployment.chainId,
      nonce,
      to: req.to,
      data: req.data,
      value: req.value,
      gas,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    return {
      hash: keccak256(serialized),
      serialized,
      nonce,
      from: account.address,
      to: req.to,
      data: req.data,
      value: req.value,
      gas,
      fees,
      chainId: deployment.chainId,
    };
  };

  /**
   * Signs `req` with the next nonce (reserved and persisted first) unless `nonce` is given. Gas is estimated
   * (+25 %) unless given; an estimation that reverts raises TransactionRevertedError with the reason, before any
   * nonce is reserved.
   */
  const signTx = async (
    req: TxRequest,
    opts: { nonce?: number | bigint; fees?: Fees; gas?: bigint } = {},
  ): Promise<SignedTx> => {
    await checkDeployment();
    const gas =
      opts.gas ??
      ((await call("eth_estimateGas", () =>
        publicClient.estimateGas({ account: account.address, to: req.to, data: req.data, value: req.value }),
      )) *
        gasBufferPct) /
        100n;
    const fees = opts.fees ?? (await defaultFees());
    const nonce = opts.nonce !== undefined ? BigInt(opts.nonce) : await nonces.reserve(account.address);
    return await signWith(req, Number(nonce), fees, gas);
  };

  const getReceipt = async (hash: Hex): Promise<TransactionReceipt | null> => {
    try {
      return await publicClient.getTransactionReceipt({ hash });
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === "TransactionReceiptNotFoundError") return null;
      throw classifyUniswapV3Error(err, {
        action: "eth_getTransactionReceipt",
        method: "eth_getTransactionReceipt",
      });
    }
  };

  /**
   * Broadcasts a signed transaction and returns its hash. Idempotent: "already known" returns the hash; "nonce too
   * low" returns the hash if this very transaction is mined, else raises NonceTooLowError (the nonce went to
   * another transaction).
   */
  const broadcast = async (serialized: Hex): Promise<Hex> => {
    const hash = keccak256(serialized);
    try {
      if (walletClient) await walletClient.sendRawTransaction({ serializedTransaction: serialized });
      else await publicClient.request({ method: "eth_sendRawTransaction", params: [serialized] });
      return hash;
    } catch (err) {
      const msg = String((err as Error).message ?? err).toLowerCase();
      if (
        msg.includes("already known") ||
        msg.includes("already imported") ||
        msg.includes("known transaction")
      )
        return hash;
      const classified = classifyUniswapV3Error(err, {
        action: "eth_sendRawTransaction",
        from: account.address,
      });
      if (classified instanceof NonceTooLowError && (await getReceipt(hash)) !== null) return hash;
      throw classified;
    }
  };

  /** Polls `eth_getTransactionReceipt` every `pollMs` until the receipt exists or `timeoutMs` passes. */
  const waitReceipt = async (
    hash: Hex,
    opts: { timeoutMs: number; pollMs?: number },
  ): Promise<TransactionReceipt> => {
    const deadline = Date.now() + opts.timeoutMs;
    for (;;) {
      const r = await getReceipt(hash);
      if (r) return r;
      if (Date.now() >= deadline) throw new ReceiptTimeoutError({ hash, timeoutMs: opts.timeoutMs });
      await sleep(opts.pollMs ?? pollMs);
    }
  };

  /**
   * Finds the mined transaction of `from` with `nonce`: binary search on `getTransactionCount(from, block)` for the
   * block where the count passes `nonce`, then that block's transactions. Null if the nonce is not mined yet.
   */
  const findTxByNonce = async (
    from: Address,
    nonce: number | bigint,
  ): Promise<{ hash: Hex; blockNumber: bigint } | null> => {
    const n = BigInt(nonce);
    const latest = await call("eth_blockNumber", () => publicClient.getBlockNumber());
    const countAt = async (b: bigint) =>
      BigInt(
        await call("eth_getTransactionCount", () =>
          publicClient.getTransactionCount({ address: from, blockNumber: b }),
        ),
      );
    if ((await countAt(latest)) <= n) return null;
    let lo = 0n;
    let hi = latest; // invariant: countAt(hi) > n
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      if ((await countAt(mid)) > n) hi = mid;
      else lo = mid + 1n;
    }
    const block = await call("eth_getBlockByNumber", () =>
      publicClient.getBlock({ blockNumber: hi, includeTransactions: true }),
    );
    const tx = block.transactions.find(
      (t) => t.from.toLowerCase() === from.toLowerCase() && BigInt(t.nonce) === n,
    );
    return tx ? { hash: tx.hash, blockNumber: hi } : null;
  };

  /** Re-signs `signed` with the same nonce and fees raised by `bumpPct` percent (rounded up); not broadcast. */
  const signReplacement = async (signed: SignedTx, bumpPct: number): Promise<SignedTx> => {
    if (!(bumpPct >= 10))
      throw new InvalidInputError({
        field: "bumpPct",
        value: bumpPct,
        expected: "at least 10 (nodes reject smaller bumps)",
      });
    const k = BigInt(Math.ceil(bumpPct * 100));
    const bump = (x: bigint) => (x * (10_000n + k) + 9_999n) / 10_000n;
    const fees = {
      maxFeePerGas: bump(signed.fees.maxFeePerGas),
      maxPriorityFeePerGas: bump(signed.fees.maxPriorityFeePerGas),
    };
    return await signWith(
      { to: signed.to, data: signed.data, value: signed.value },
      signed.nonce,
      fees,
      signed.gas,
    );
  };

  /** Replaces a stuck transaction: same nonce, fees raised by `bumpPct` %, broadcast. Returns the new one. */
  const replaceStuck = async (signed: SignedTx, bumpPct: number): Promise<SignedTx> => {
    const next = await signReplacement(signed, bumpPct);
    await broadcast(next.serialized);
    return next;
  };

  /** Sign, broadcast, wait: for scripts and tests where no journal sits between the steps. */
  const send = async (
    req: TxRequest,
    opts: { timeoutMs?: number; gas?: bigint } = {},
  ): Promise<TransactionReceipt> => {
    const signed = await signTx(req, { gas: opts.gas });
    await broadcast(signed.serialized);
    const r = await waitReceipt(signed.hash, { timeoutMs: opts.timeoutMs ?? 60_000 });
    if (r.status !== "success")
      throw new TransactionRevertedError({ action: "transaction", reason: `${signed.hash} has status 0` });
    return r;
  };

  return {
    deployment,
    account,
    nonces,
    checkDeployment,
    // reads
    slot0,
    twapTick,
    liquidity,
    tick: tickInfo,
    feeGrowthGlobal,
    getPosition,
    positionsOf,
    uncollectedFees,
    balanceOf,
    // builders
    buildMint,
    buildIncreaseLiquidity,
    buildDecreaseLiquidity,
    buildCollect,
    buildBurn,
    buildSwap,
    buildApprove,
    // sign / send
    signTx,
    broadcast,
    getReceipt,
    waitReceipt,
    findTxByNonce,
    signReplacement,
    replaceStuck,
    send,
    // decoders bound to this deployment
    parseMintReceipt: (r: TransactionReceipt): MintResult => parseMintReceipt(r, npm),
    parseIncreaseLiquidityReceipt: (r: TransactionReceipt): LiquidityChange =>
      parseIncreaseLiquidityReceipt(r, npm),
    parseDecreaseLiquidityReceipt: (r: TransactionReceipt): LiquidityChange =>
      parseDecreaseLiquidityReceipt(r, npm),
    parseCollectReceipt: (r: TransactionReceipt): CollectResult => parseCollectReceipt(r, npm),
    parseBurnReceipt: (r: TransactionReceipt): { tokenId: bigint } => parseBurnReceipt(r, npm),
    parseSwapReceipt: (r: TransactionReceipt, ref: PoolRef): SwapResult =>
      parseSwapReceipt(r, pool(ref).address),
  };
}

export type UniswapV3Client = ReturnType<typeof createUniswapV3Client>;
