import type { TransactionReceipt } from "viem";
import type { CcxtPerpClient } from "../venues/ccxt/client.js";
import type { UniswapV3Client } from "../venues/uniswap-v3/client.js";
import { parseSwapLogs } from "../venues/uniswap-v3/parse.js";
import type { ChainLegParams, Hex, KeeperChain, KeeperPerp, TxReceipt } from "./ports.js";

/**
 * Returns the keeper's chain port over the `uniswap-v3` venue client (viem): reads, builders, sign / broadcast /
 * receipts, lookup by sender and nonce, and the receipt decoders. Block times become ms.
 */
export function keeperChainFromUniswapV3(client: UniswapV3Client): KeeperChain {
  const toReceipt = (r: TransactionReceipt): TxReceipt => ({
    transactionHash: r.transactionHash,
    status: r.status,
    blockNumber: r.blockNumber,
    raw: r,
  });
  return {
    account: client.account.address,
    async slot0(pool) {
      const s = await client.slot0(poolName(client, pool));
      return { ...s, blockTime: s.blockTime * 1000 };
    },
    liquidity: (pool) => client.liquidity(poolName(client, pool)),
    twapTick: (pool, seconds) => client.twapTick(poolName(client, pool), seconds),
    getPosition: (tokenId) => client.getPosition(tokenId),
    positionsOf: (owner) => client.positionsOf(owner),
    uncollectedFees: (tokenId) => client.uncollectedFees(tokenId),
    balanceOf: (token, owner) => client.balanceOf(token, owner),
    build(p: ChainLegParams) {
      switch (p.action) {
        case "approve":
          return client.buildApprove({ token: p.token, spender: p.spender, amount: p.amount });
        case "mint": {
          const pool = poolOfTokens(client, p.token0, p.token1, p.fee);
          return client.buildMint({ pool, ...p });
        }
        case "decrease":
          return client.buildDecreaseLiquidity(p);
        case "collect":
          return client.buildCollect({ tokenId: p.tokenId, recipient: p.recipient });
        case "burn":
          return client.buildBurn({ tokenId: p.tokenId });
        case "swap": {
          const pool = poolOfTokens(client, p.tokenIn, p.tokenOut, p.fee);
          return client.buildSwap({
            pool,
            tokenIn: p.tokenIn,
            amountIn: p.amountIn,
            amountOutMinimum: p.amountOutMinimum,
            recipient: p.recipient,
            deadline: p.deadline,
          });
        }
      }
    },
    async signTx(req) {
      const s = await client.signTx({ to: req.to, data: req.data, value: req.value ?? 0n });
      return { hash: s.hash, serialized: s.serialized, nonce: BigInt(s.nonce), from: s.from };
    },
    broadcast: (serialized) => client.broadcast(serialized),
    async getReceipt(hash) {
      const r = await client.getReceipt(hash);
      return r === null ? null : toReceipt(r);
    },
    async waitReceipt(hash, opts) {
      return toReceipt(await client.waitReceipt(hash, opts));
    },
    findTxByNonce: (from, nonce) => client.findTxByNonce(from, nonce),
    resyncNonce: () => client.nonces.resync(client.account.address),
    decode(action, receipt) {
      const r = receipt.raw as TransactionReceipt;
      switch (action) {
        case "mint":
          return client.parseMintReceipt(r);
        case "decrease": {
          const d = client.parseDecreaseLiquidityReceipt(r);
          return { tokenId: d.tokenId, liquidity: d.liquidity, amount0: d.amount0, amount1: d.amount1 };
        }
        case "collect": {
          const c = client.parseCollectReceipt(r);
          return { tokenId: c.tokenId, amount0: c.amount0, amount1: c.amount1 };
        }
        case "burn":
          return client.parseBurnReceipt(r);
        case "swap": {
          const [s] = parseSwapLogs(r);
          const inIs0 = s.amount0 > 0n;
          return {
            amount0: s.amount0,
            amount1: s.amount1,
            amountIn: inIs0 ? s.amount0 : s.amount1,
            amountOut: -(inIs0 ? s.amount1 : s.amount0),
          };
        }
        default:
          return {};
      }
    },
  };
}

function poolName(client: UniswapV3Client, address: Hex): string {
  const p = client.deployment.pools.find((x) => x.address.toLowerCase() === address.toLowerCase());
  return p?.name ?? address;
}

function poolOfTokens(client: UniswapV3Client, a: Hex, b: Hex, fee: number): string {
  const d = client.deployment;
  const addr = (sym: string) => d.tokens[sym]?.address.toLowerCase();
  const hit = d.pools.find((p) => {
    const t = [addr(p.token0), addr(p.token1)];
    return p.fee === fee && t.includes(a.toLowerCase()) && t.includes(b.toLowerCase());
  });
  if (hit === undefined) throw new Error(`no pool for ${a}/${b} fee ${fee} in the deployment`);
  return hit.name;
}

/** Returns the keeper's perp port over the ccxt perp client (order size step from the venue's market). */
export function keeperPerpFromCcxt(
  client: CcxtPerpClient,
  opts: { venue?: string; amountStep: Record<string, number> },
): KeeperPerp {
  return {
    venue: opts.venue ?? client.exchange,
    async createOrder(p) {
      const o = await client.createOrder(p);
      return { ...o, average: o.average ?? 0, fee: { cost: o.fee.cost, currency: o.fee.currency ?? "" } };
    },
    async fetchOrderByClientId(symbol, cid) {
      const o = await client.fetchOrderByClientId(symbol, cid);
      return o === null
        ? null
        : { ...o, average: o.average ?? 0, fee: { cost: o.fee.cost, currency: o.fee.currency ?? "" } };
    },
    async fetchPosition(symbol) {
      const p = await client.fetchPosition(symbol);
      return {
        symbol: p.symbol,
        quantity: p.quantity,
        entryPrice: p.entryPrice ?? 0,
        unrealizedPnl: p.unrealizedPnl,
      };
    },
    fetchBalance: () => client.fetchBalance(),
    amountStep: (symbol) => opts.amountStep[symbol] ?? 0.001,
  };
}
