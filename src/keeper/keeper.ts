import { ReconciliationError } from "../errors/keeper.js";
import { LiquidityAmounts } from "../math/v3/liquidityAmounts.js";
import { TickMath } from "../math/v3/tickMath.js";
import type { PoolMeta } from "../types/series.js";
import type { Alerter } from "./alerts.js";
import type { CrashHook } from "./crash.js";
import {
  type Decider,
  netDeltaByAsset,
  type PolicyAnchor,
  type PoolView,
  poolAssets,
  poolTickHelpers,
  positionAmounts,
  type VaultView,
} from "./decide.js";
import { clientOrderIdFor, type Journal, type JournalEntry, type LegKind } from "./journal.js";
import { deriveLedger, type VaultLedger } from "./ledger.js";
import {
  checkDataAge,
  checkFillSlippage,
  checkNotional,
  checkTwapDeviation,
  emergencyDeleverage,
  type GuardDecision,
  type KeeperLimits,
  minAmountAfterSlippage,
  utcDayStart,
} from "./limits.js";
import type {
  ChainLegParams,
  ChainLegResult,
  Hex,
  KeeperChain,
  KeeperPerp,
  PerpOrder,
  TxReceipt,
} from "./ports.js";
import type { KeeperState, KeeperStatus } from "./types.js";

/** A pool the vault provides liquidity in. */
export type KeeperPool = { name: string; address: Hex; meta: PoolMeta };

export type CreateKeeperParameters = {
  vault: string;
  journal: Journal;
  chain: KeeperChain;
  /** The perp venue (absent: unhedged vault). */
  perp?: KeeperPerp;
  pools: KeeperPool[];
  /** Perp symbol per hedged asset (e.g. { WETH: "ETH/USDC:USDC" }). */
  hedgeSymbols: Record<string, string>;
  /** Builds the decider (policies from the run spec) with the anchors restored from the snapshot. */
  makeDecider: (anchors: Record<string, PolicyAnchor>) => Decider;
  /** The vault's starting cash, token address → raw amount (the run spec's deposit). */
  initialCash: Record<string, bigint>;
  contracts: { positionManager: Hex; swapRouter: Hex };
  limits: KeeperLimits;
  alerter: Alerter;
  /** Lease owner id (host:pid) and lease time to live. */
  owner: string;
  leaseTtlMs?: number;
  /** Lets a new keeper take over at once from a holder known dead (same host, pid gone). */
  isHolderDead?: (holder: string) => boolean;
  clock?: () => number;
  /** Print intents, send nothing (no journal writes beyond status and events). */
  dryRun?: boolean;
  crash?: CrashHook;
  /** Receipt / fill wait, ms (default 30 s). */
  waitTimeoutMs?: number;
  /** Called with each dry-run intent. */
  onDryRun?: (leg: PlannedLeg) => void;
  /** Called with the fencing token once the lease is taken (the nonce store fences its writes with it). */
  onLease?: (token: number) => void;
};

/** A leg about to be journalled (or printed in a dry run). */
export type PlannedLeg = {
  policy: string;
  bar: number;
  leg: string;
  kind: LegKind;
  action: string;
  detail: Record<string, unknown>;
};

export type StepResult = {
  state: KeeperState;
  block: bigint;
  planned: number;
  executed: number;
  reason?: string;
};

const TWAP_ACTIONS = new Set(["mint", "decrease", "burn", "swap"]);

/**
 * Returns a keeper for one vault. Lifecycle: `init()` (lease, then recovery: resolve every in-flight journal entry
 * against the chain and the venue and reconcile — the same path after a clean stop and after kill -9), `step()` (one
 * decision on fresh data, its legs journalled and executed in order), `run()` (steps until stopped), `stop()`,
 * `healthCheck()`. States: ready → running → degraded (a guard denied, data stale; no new trading until it clears)
 * → stopped | faulted (something ambiguous: never trades again until a human looks).
 *
 * Recovery invariants (asserted in the tests):
 * - R1 every entry planned before a crash reaches a terminal state after the restart (no lost intents);
 * - R2 no transaction is sent twice (a signed entry is resolved by hash, then by sender + nonce, and only its own raw
 *   bytes are ever rebroadcast) and no order is placed twice (the client order id is journalled before the submit; a
 *   submitted entry is looked up by it before anything is resent);
 * - R3 after recovery the journal's ledger equals the venues: LP token ids == positionsOf(account) for the vault's
 *   pools, perp quantity == Σ fills per symbol (within half an amount step), wallet balance ≥ ledger cash per token.
 *   Any mismatch → faulted with the reason, no trading.
 */
export function createKeeper(params: CreateKeeperParameters) {
  const { vault, journal, chain, perp, pools, limits, alerter } = params;
  const clock = params.clock ?? Date.now;
  const ttl = params.leaseTtlMs ?? 10_000;
  const crash = params.crash ?? (() => {});
  const waitMs = params.waitTimeoutMs ?? 30_000;
  const account = chain.account;
  let token = 0;
  let state: KeeperState = "ready";
  let reason: string | undefined;
  let decider: Decider | undefined;
  let lastBlock = 0n;
  let lastView: VaultView | undefined;
  let lastBlockTime = 0;
  let stopRequested = false;

  const poolByName = new Map(pools.map((p) => [p.name, p]));
  const entries = (): JournalEntry[] => journal.entries(vault);
  const ledger = (): VaultLedger => deriveLedger(entries(), params.initialCash);

  const event = (kind: string, fields: Record<string, unknown>): void => {
    if (token > 0 && !params.dryRun) journal.appendEvent(token, vault, kind, fields);
    else journal.appendEvent(null, vault, kind, fields);
  };
  const fault = (why: string): void => {
    state = "faulted";
    reason = why;
    alerter.alert("critical", "faulted", { reason: why });
    event("faulted", { reason: why });
  };
  const degrade = (why: string): void => {
    if (state === "running" || state === "ready") state = "degraded";
    reason = why;
    alerter.alert("warn", "degraded", { reason: why });
    event("degraded", { reason: why });
  };

  /* ------------------------------------------------------------------------------------------ reads */

  /** Perp equity (balance + unrealised PnL, quote units) when a perp venue is configured and holds a hedge. */
  const readMargin = async (): Promise<{ equity: number } | undefined> => {
    if (perp === undefined) return undefined;
    const symbols = Object.values(params.hedgeSymbols);
    const [bal, ...positions] = await Promise.all([
      perp.fetchBalance(),
      ...symbols.map((s) => perp.fetchPosition(s)),
    ]);
    return { equity: bal.quote.total + positions.reduce((a, p) => a + p.unrealizedPnl, 0) };
  };
  /** Largest |hedge| per asset this step (target margin ratio); assets deleveraged this step get no other order. */
  const hedgeCap = new Map<string, number>();
  const deleveraged = new Set<string>();

  const readView = async (): Promise<VaultView> => {
    const l = ledger();
    const poolViews: PoolView[] = [];
    let block = 0n;
    let time = 0;
    // Every read of a step goes out at once (the reaction latency is mostly RPC round trips).
    const views = await Promise.all(
      pools.map(async (p): Promise<[PoolView, bigint, number]> => {
        const ids = [...l.positions].filter(([, pos]) => pos.pool === p.name).map(([id]) => BigInt(id));
        const [s0, liquidity, positions] = await Promise.all([
          chain.slot0(p.address),
          chain.liquidity(p.address),
          Promise.all(
            ids.map(async (tokenId) => {
              const [onChain, fees] = await Promise.all([
                chain.getPosition(tokenId),
                chain.uncollectedFees(tokenId),
              ]);
              return {
                tokenId,
                tickLower: onChain.tickLower,
                tickUpper: onChain.tickUpper,
                liquidity: onChain.liquidity,
                fees0: fees.amount0,
                fees1: fees.amount1,
              };
            }),
          ),
        ]);
        const view: PoolView = {
          name: p.name,
          meta: p.meta,
          sqrtPriceX96: s0.sqrtPriceX96,
          tick: s0.tick,
          liquidity,
          positions,
        };
        return [view, s0.blockNumber, s0.blockTime];
      }),
    );
    for (const [view, b, t] of views) {
      poolViews.push(view);
      if (b > block) {
        block = b;
        time = t;
      }
    }
    const cash: Record<string, number> = {};
    for (const p of pools) {
      for (const t of [p.meta.token0, p.meta.token1])
        cash[t.symbol] = Number(l.cash.get(t.address.toLowerCase()) ?? 0n) / 10 ** t.decimals;
    }
    const hedges: Record<string, number> = {};
    for (const [asset, symbol] of Object.entries(params.hedgeSymbols))
      hedges[asset] = l.perp.get(symbol) ?? 0;
    return { block, time, pools: poolViews, cash, hedges, pending: {} };
  };

  /* ------------------------------------------------------------------------------------------ planning */

  const notionalOk = (notional: number, what: string): boolean => {
    const d = checkNotional(notional, journal.notionalSince(vault, utcDayStart(clock())), limits);
    if (d.ok) return true;
    denied(d, what);
    return false;
  };
  const denied = (d: GuardDecision, what: string): void => {
    if (d.ok) return;
    alerter.alert("warn", "limit", { intent: what, limit: d.limit, value: d.value, bound: d.bound });
    event("limit", { intent: what, limit: d.limit, value: d.value, bound: d.bound });
    degrade(`${what}: ${d.limit} ${d.value} exceeds ${d.bound}`);
  };

  const plan = (legs: PlannedLeg[]): number => {
    let n = 0;
    for (const leg of legs) {
      if (params.dryRun) {
        params.onDryRun?.(leg);
        n++;
        continue;
      }
      crash("before-plan");
      const { created } = journal.plan(token, { vault, ...leg });
      crash("after-plan");
      if (created) n++;
    }
    return n;
  };

  /** Turns the decider's intents into journal legs (limits checked here, before anything is written). */
  const legsFor = (view: VaultView, intents: ReturnType<Decider["decide"]>): PlannedLeg[] => {
    const bar = Number(view.block);
    const out: PlannedLeg[] = [];
    for (const { source, policy, intent } of intents) {
      if (intent.kind === "hedge" && "asset" in source) {
        if (perp === undefined) continue;
        const symbol = params.hedgeSymbols[source.asset];
        const pool = view.pools.find((p) => poolAssets(p.meta).base === source.asset);
        if (symbol === undefined || pool === undefined) continue;
        const step = perp.amountStep(symbol);
        const current = view.hedges[source.asset] ?? 0;
        if (deleveraged.has(source.asset)) continue;
        const cap = hedgeCap.get(source.asset) ?? Number.POSITIVE_INFINITY;
        const wanted = Number((intent as { targetDelta?: unknown }).targetDelta);
        const target = Math.max(-cap, Math.min(cap, wanted));
        if (target !== wanted)
          degrade(
            `hedge ${symbol} capped at ${target.toFixed(4)} (wanted ${wanted.toFixed(4)}): perp margin for the target ratio ${limits.targetMarginRatio}`,
          );
        const amount = Math.round(Math.abs(target - current) / step) * step;
        if (!(amount > 0)) continue;
        const price = poolTickHelpers(pool.meta).priceAtTick(pool.tick);
        const notional = amount * price;
        const side = target > current ? "buy" : "sell";
        if (!notionalOk(notional, `hedge ${symbol} ${side} ${amount}`)) continue;
        out.push({
          policy,
          bar,
          leg: `hedge:${symbol}`,
          kind: "perp",
          action: "hedge",
          detail: {
            symbol,
            side,
            amount: Number(amount.toFixed(12)),
            targetDelta: target,
            markPrice: price,
            notional,
            asset: source.asset,
          },
        });
        continue;
      }
      if (!("pool" in source)) continue;
      const pool = poolByName.get(source.pool);
      const pv = view.pools.find((p) => p.name === source.pool);
      if (pool === undefined || pv === undefined) continue;
      const price = poolTickHelpers(pool.meta).priceAtTick(pv.tick);
      const value = Object.entries(view.cash).reduce((acc, [sym, amt]) => {
        const { base } = poolAssets(pool.meta);
        return acc + (sym === base ? amt * price : amt);
      }, 0);
      const base = { policy, bar, kind: "chain" as const };
      const closeLegs = (): PlannedLeg[] => {
        const legs: PlannedLeg[] = [];
        for (const p of pv.positions) {
          const common = {
            pool: pool.name,
            token0: pool.meta.token0.address,
            token1: pool.meta.token1.address,
          };
          if (p.liquidity > 0n)
            legs.push({
              ...base,
              leg: `${pool.name}:decrease:${p.tokenId}`,
              action: "decrease",
              detail: { ...common, tokenId: p.tokenId, liquidity: p.liquidity },
            });
          legs.push({
            ...base,
            leg: `${pool.name}:collect:${p.tokenId}`,
            action: "collect",
            detail: { ...common, tokenId: p.tokenId },
          });
          legs.push({
            ...base,
            leg: `${pool.name}:burn:${p.tokenId}`,
            action: "burn",
            detail: { ...common, tokenId: p.tokenId },
          });
        }
        return legs;
      };
      const openLegs = (tickLower: number, tickUpper: number): PlannedLeg[] => {
        const common = {
          pool: pool.name,
          token0: pool.meta.token0.address,
          token1: pool.meta.token1.address,
          tickLower,
          tickUpper,
        };
        const legs: PlannedLeg[] = [];
        // Approvals once per token and spender (bar 0: the same ids forever, so they are planned once).
        for (const t of [pool.meta.token0.address, pool.meta.token1.address])
          for (const spender of [params.contracts.positionManager, params.contracts.swapRouter])
            legs.push({
              policy: "keeper",
              bar: 0,
              kind: "chain",
              leg: `approve:${t}:${spender}`,
              action: "approve",
              detail: { token: t, spender },
            });
        legs.push({ ...base, leg: `${pool.name}:swap`, action: "swap", detail: common });
        legs.push({ ...base, leg: `${pool.name}:mint`, action: "mint", detail: common });
        return legs;
      };
      const positionValue = pv.positions.reduce((acc, p) => {
        const a = positionAmounts(pv, p);
        return acc + a.base * price + a.quote;
      }, 0);
      if (intent.kind === "mint") {
        const { tickLower, tickUpper } = intent as { tickLower: number; tickUpper: number };
        if (!notionalOk(value, `mint ${pool.name}`)) continue;
        out.push(
          ...openLegs(tickLower, tickUpper).map((l) =>
            l.action === "mint" ? { ...l, detail: { ...l.detail, notional: value } } : l,
          ),
        );
      } else if (intent.kind === "rebalance") {
        const { tickLower, tickUpper } = intent as { tickLower: number; tickUpper: number };
        if (!notionalOk(positionValue + value, `rebalance ${pool.name}`)) continue;
        const legs = [...closeLegs(), ...openLegs(tickLower, tickUpper)];
        out.push(
          ...legs.map((l) =>
            l.action === "mint" ? { ...l, detail: { ...l.detail, notional: positionValue + value } } : l,
          ),
        );
      } else if (intent.kind === "burn") {
        if (!notionalOk(positionValue, `burn ${pool.name}`)) continue;
        out.push(...closeLegs());
      }
    }
    return out;
  };

  /* ------------------------------------------------------------------------------------------ chain legs */

  /** Builds a chain leg's transaction from the current state (only for entries that were never signed). */
  const prepare = async (e: JournalEntry): Promise<ChainLegParams | GuardDecision> => {
    const d = e.detail;
    if (e.action === "approve")
      return {
        action: "approve",
        token: d.token as Hex,
        spender: d.spender as Hex,
        amount: (1n << 256n) - 1n,
      };
    const pool = poolByName.get(String(d.pool));
    if (pool === undefined) return { ok: false, limit: "pool", value: Number.NaN, bound: Number.NaN };
    const s0 = await chain.slot0(pool.address);
    // Ten minutes after the chain's latest block time (the chain's clock, not this machine's, is what the
    // contracts check; a replayed or test chain runs ahead of or behind the wall clock).
    const deadline = BigInt(Math.floor(s0.blockTime / 1000) + 600);
    if (TWAP_ACTIONS.has(e.action)) {
      const twap = await chain.twapTick(pool.address, limits.twapSeconds).catch(() => undefined);
      const g = checkTwapDeviation(s0.tick, twap, limits);
      if (!g.ok) return g;
    }
    const bps = limits.maxSlippageBps;
    const l = ledger();
    const t0 = pool.meta.token0.address as Hex;
    const t1 = pool.meta.token1.address as Hex;
    const cash0 = l.cash.get(t0.toLowerCase()) ?? 0n;
    const cash1 = l.cash.get(t1.toLowerCase()) ?? 0n;
    switch (e.action) {
      case "decrease": {
        const tokenId = BigInt(String(d.tokenId));
        const pos = await chain.getPosition(tokenId);
        const a = LiquidityAmounts.getAmountsForLiquidity(
          s0.sqrtPriceX96,
          TickMath.getSqrtRatioAtTick(pos.tickLower),
          TickMath.getSqrtRatioAtTick(pos.tickUpper),
          pos.liquidity,
        );
        return {
          action: "decrease",
          tokenId,
          liquidity: pos.liquidity,
          amount0Min: minAmountAfterSlippage(a.amount0, bps),
          amount1Min: minAmountAfterSlippage(a.amount1, bps),
          deadline,
        };
      }
      case "collect":
        return { action: "collect", tokenId: BigInt(String(d.tokenId)), recipient: account };
      case "burn":
        return { action: "burn", tokenId: BigInt(String(d.tokenId)) };
      case "swap": {
        // Swap the cash to the range's token ratio at the spot price: value share of token1 in the range
        // w1 = L(√P − √A)·1 / (L(1/√P − 1/√B)·P + L(√P − √A)) in raw units (P = token1 per token0 raw).
        const sa = Number(TickMath.getSqrtRatioAtTick(Number(d.tickLower))) / 2 ** 96;
        const sb = Number(TickMath.getSqrtRatioAtTick(Number(d.tickUpper))) / 2 ** 96;
        const sp = Number(s0.sqrtPriceX96) / 2 ** 96;
        const P = sp * sp;
        const sc = Math.min(Math.max(sp, sa), sb);
        const amt0PerL = 1 / sc - 1 / sb;
        const amt1PerL = sc - sa;
        const w1 = amt1PerL / (amt0PerL * P + amt1PerL);
        const value1 = Number(cash0) * P + Number(cash1);
        const want1 = w1 * value1;
        const fee = pool.meta.feePips / 1e6;
        if (want1 > Number(cash1)) {
          const amountIn = BigInt(Math.floor((want1 - Number(cash1)) / P));
          const out = BigInt(Math.floor(Number(amountIn) * P * (1 - fee)));
          return {
            action: "swap",
            tokenIn: t0,
            tokenOut: t1,
            fee: pool.meta.feePips,
            amountIn: amountIn > cash0 ? cash0 : amountIn,
            amountOutMinimum: minAmountAfterSlippage(out, bps),
            recipient: account,
            deadline,
          };
        }
        const amountIn = BigInt(Math.floor(Number(cash1) - want1));
        const out = BigInt(Math.floor((Number(amountIn) / P) * (1 - fee)));
        return {
          action: "swap",
          tokenIn: t1,
          tokenOut: t0,
          fee: pool.meta.feePips,
          amountIn: amountIn > cash1 ? cash1 : amountIn,
          amountOutMinimum: minAmountAfterSlippage(out, bps),
          recipient: account,
          deadline,
        };
      }
      case "mint": {
        const sa = TickMath.getSqrtRatioAtTick(Number(d.tickLower));
        const sb = TickMath.getSqrtRatioAtTick(Number(d.tickUpper));
        const liq = LiquidityAmounts.getLiquidityForAmounts(s0.sqrtPriceX96, sa, sb, cash0, cash1);
        const a = LiquidityAmounts.getAmountsForLiquidity(s0.sqrtPriceX96, sa, sb, liq);
        return {
          action: "mint",
          token0: t0,
          token1: t1,
          fee: pool.meta.feePips,
          tickLower: Number(d.tickLower),
          tickUpper: Number(d.tickUpper),
          amount0Desired: cash0,
          amount1Desired: cash1,
          amount0Min: minAmountAfterSlippage(a.amount0, bps),
          amount1Min: minAmountAfterSlippage(a.amount1, bps),
          recipient: account,
          deadline,
        };
      }
      default:
        return { ok: false, limit: "action", value: Number.NaN, bound: Number.NaN };
    }
  };

  const confirm = (e: JournalEntry, receipt: TxReceipt): JournalEntry => {
    if (receipt.status !== "success")
      return journal.markFailed(token, e.id, `transaction ${receipt.transactionHash} reverted`);
    const result: ChainLegResult = chain.decode(e.action as ChainLegParams["action"], receipt);
    const after = journal.markConfirmed(
      token,
      e.id,
      { ...result, blockNumber: receipt.blockNumber },
      receipt.transactionHash,
    );
    crash("after-confirm");
    if (e.action === "mint") {
      crash("after-mint");
      event("mint", {
        tokenId: result.tokenId,
        liquidity: result.liquidity,
        amount0: result.amount0,
        amount1: result.amount1,
      });
    }
    if (e.action === "burn") {
      crash("after-burn");
      event("burn", { tokenId: e.detail.tokenId });
    }
    return after;
  };

  /** Runs a chain leg from whatever state it is in to a terminal one. */
  const runChainLeg = async (e: JournalEntry): Promise<JournalEntry> => {
    if (e.state === "planned") {
      const p = await prepare(e);
      if ("ok" in p) {
        denied(p, `${e.action} ${String(e.detail.pool ?? "")}`);
        return journal.markCancelled(
          token,
          e.id,
          `guard: ${p.ok ? "" : `${p.limit} ${p.value} > ${p.bound}`}`,
        );
      }
      if (
        (p.action === "mint" && p.amount0Desired === 0n && p.amount1Desired === 0n) ||
        (p.action === "swap" && p.amountIn === 0n)
      )
        return journal.markCancelled(token, e.id, `nothing to ${p.action}`);
      let signed: Awaited<ReturnType<KeeperChain["signTx"]>>;
      try {
        signed = await chain.signTx(chain.build(p));
      } catch (err) {
        // Signing estimates gas: a revert there means nothing was sent and no nonce was used.
        const cls = (err as { errorClass?: string }).errorClass;
        if (cls === "nonRetryable")
          return journal.markCancelled(
            token,
            e.id,
            (err as { shortMessage?: string }).shortMessage ?? String(err),
          );
        throw err;
      }
      crash("after-sign");
      // The params the transaction was built from go in with the hash, for the ledger (the raw bytes are the truth).
      e = journal.markSigned(
        token,
        e.id,
        { txHash: signed.hash, rawTx: signed.serialized, from: signed.from, nonce: signed.nonce },
        { params: p },
      );
      crash("after-journal-signed");
      await chain.broadcast(signed.serialized);
      crash("after-broadcast");
      e = journal.markBroadcast(token, e.id);
    } else if (e.state === "signed") {
      e = await resolveSigned(e);
      if (e.state !== "broadcast") return e;
    }
    if (e.state === "broadcast") {
      const hash = e.txHash as Hex;
      let receipt = await chain.getReceipt(hash);
      if (receipt === null) {
        // Rebroadcasting our own raw bytes is idempotent (same hash); an "already known" answer is fine.
        await chain.broadcast(e.rawTx as Hex).catch(() => undefined);
        receipt = await chain.waitReceipt(hash, { timeoutMs: waitMs });
      }
      crash("after-receipt");
      return confirm(e, receipt);
    }
    return e;
  };

  /** A signed entry after a crash: mined? pending? never sent? — decided by hash, then by sender and nonce. */
  const resolveSigned = async (e: JournalEntry): Promise<JournalEntry> => {
    const hash = e.txHash as Hex;
    const receipt = await chain.getReceipt(hash);
    if (receipt !== null) return confirm(e, receipt);
    const byNonce = await chain.findTxByNonce(e.from as Hex, BigInt(e.nonce as string));
    if (byNonce !== null && byNonce.hash.toLowerCase() !== hash.toLowerCase())
      throw new ReconciliationError({
        subject: `journal entry ${e.id} (${e.action})`,
        reason: `nonce ${e.nonce} of ${e.from} was used by ${byNonce.hash}, not by the journalled ${hash}`,
      });
    if (byNonce === null) {
      // Not mined: pending in the node, or never sent. Our own raw bytes are safe to send again (same hash); if the
      // node refuses them (the nonce went to something else) the entry is ambiguous.
      try {
        await chain.broadcast(e.rawTx as Hex);
      } catch (err) {
        throw new ReconciliationError({
          subject: `journal entry ${e.id} (${e.action})`,
          reason: `rebroadcast of ${hash} (nonce ${e.nonce}) refused: ${(err as { shortMessage?: string }).shortMessage ?? String(err)}`,
        });
      }
    }
    return journal.markBroadcast(token, e.id);
  };

  /* ------------------------------------------------------------------------------------------ perp legs */

  const recordOrder = (e: JournalEntry, o: PerpOrder): JournalEntry => {
    if (o.status === "closed" || (o.status === "canceled" && o.filled > 0)) {
      const fill = {
        venue: perp?.venue ?? "perp",
        symbol: String(e.detail.symbol),
        side: e.detail.side as "buy" | "sell",
        amount: o.filled,
        price: o.average,
        fee: o.fee.cost,
        time: o.time,
        raw: o.raw,
      };
      const after = journal.markFilled(token, e.id, fill, {
        orderId: o.id,
        filled: o.filled,
        average: o.average,
        fee: o.fee.cost,
      });
      crash("after-fill");
      const g = checkFillSlippage(fill.side, o.average, Number(e.detail.markPrice), limits);
      event("hedge", {
        symbol: fill.symbol,
        side: fill.side,
        amount: o.filled,
        price: o.average,
        fee: o.fee.cost,
      });
      if (!g.ok) alerter.alert("warn", "slippage", { intent: e.id, bps: g.value, bound: g.bound });
      return after;
    }
    if (o.status === "rejected" || o.status === "canceled")
      return journal.markRejected(token, e.id, `order ${o.id} ${o.status}`);
    return e;
  };

  const awaitOrder = async (e: JournalEntry, symbol: string, cid: string): Promise<JournalEntry> => {
    const until = clock() + waitMs;
    for (;;) {
      const o = await (perp as KeeperPerp).fetchOrderByClientId(symbol, cid);
      if (o !== null && o.status !== "open") return recordOrder(e, o);
      if (clock() > until) {
        degrade(`order ${cid} still ${o === null ? "unknown" : "open"} after ${waitMs} ms`);
        return e;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const runPerpLeg = async (e: JournalEntry): Promise<JournalEntry> => {
    if (perp === undefined)
      throw new ReconciliationError({
        subject: `journal entry ${e.id}`,
        reason: "a perp leg but no perp venue configured",
      });
    const symbol = String(e.detail.symbol);
    const cid = e.clientOrderId ?? clientOrderIdFor(e.id);
    if (e.state === "submitted") {
      // After a crash: the order may or may not have reached the venue. Look it up by its client id first.
      const o = await perp.fetchOrderByClientId(symbol, cid);
      if (o !== null) return o.status === "open" ? awaitOrder(e, symbol, cid) : recordOrder(e, o);
    } else {
      e = journal.markSubmitted(token, e.id, cid);
      crash("before-submit");
    }
    let o: PerpOrder;
    try {
      o = await perp.createOrder({
        symbol,
        side: e.detail.side as "buy" | "sell",
        amount: Number(e.detail.amount),
        clientOrderId: cid,
        reduceOnly: e.detail.reduceOnly === true,
      });
    } catch (err) {
      if ((err as { name?: string }).name === "DuplicateClientOrderIdError")
        return awaitOrder(e, symbol, cid);
      throw err;
    }
    crash("after-submit");
    return o.status === "open" ? awaitOrder(e, symbol, cid) : recordOrder(e, o);
  };

  /* ------------------------------------------------------------------------------------------ execution */

  /** Executes every in-flight entry in seq order; a failed leg cancels the rest of its group (same policy and bar). */
  const execute = async (opts: { sentOnly?: boolean } = {}): Promise<number> => {
    let n = 0;
    const failedGroups = new Set<string>();
    for (const e0 of journal.inFlight(vault)) {
      if (opts.sentOnly && e0.state === "planned") continue;
      const group = `${e0.policy}#${e0.bar}`;
      if (failedGroups.has(group) && e0.state === "planned") {
        journal.markCancelled(token, e0.id, "an earlier leg of the same intent failed");
        continue;
      }
      const e = e0.kind === "chain" ? await runChainLeg(e0) : await runPerpLeg(e0);
      n++;
      if (e.state === "failed" || e.state === "rejected" || e.state === "cancelled") {
        failedGroups.add(group);
        if (e0.action !== "approve")
          degrade(`${e.action} ${e.id} ${e.state}${e.reason ? `: ${e.reason}` : ""}`);
      }
      if (
        !(
          e.state === "confirmed" ||
          e.state === "filled" ||
          e.state === "failed" ||
          e.state === "rejected" ||
          e.state === "cancelled"
        )
      )
        break;
    }
    return n;
  };

  /* ------------------------------------------------------------------------------------------ reconcile */

  const reconcile = async (): Promise<void> => {
    const l = ledger();
    const ours = new Set(l.positions.keys());
    const onChain = await chain.positionsOf(account);
    const poolTokens = new Set(
      pools.map(
        (p) =>
          `${p.meta.token0.address.toLowerCase()}|${p.meta.token1.address.toLowerCase()}|${p.meta.feePips}`,
      ),
    );
    const live: string[] = [];
    for (const id of onChain) {
      const p = await chain.getPosition(id);
      if (poolTokens.has(`${p.token0.toLowerCase()}|${p.token1.toLowerCase()}|${p.fee}`))
        live.push(id.toString());
    }
    const missing = [...ours].filter((id) => !live.includes(id));
    const extra = live.filter((id) => !ours.has(id));
    if (missing.length > 0 || extra.length > 0)
      throw new ReconciliationError({
        subject: "LP positions",
        reason: `journal has [${[...ours].join(", ")}], chain has [${live.join(", ")}]`,
      });
    if (perp !== undefined)
      for (const symbol of Object.values(params.hedgeSymbols)) {
        const venue = (await perp.fetchPosition(symbol)).quantity;
        const mine = l.perp.get(symbol) ?? 0;
        if (!(Math.abs(venue - mine) <= perp.amountStep(symbol) / 2))
          throw new ReconciliationError({
            subject: `perp ${symbol}`,
            reason: `venue quantity ${venue} != journal fills ${mine}`,
          });
      }
    for (const [t, amount] of l.cash) {
      const bal = await chain.balanceOf(t as Hex, account);
      if (bal < amount)
        throw new ReconciliationError({
          subject: `balance of ${t}`,
          reason: `wallet holds ${bal}, the vault's ledger needs ${amount}`,
        });
    }
  };

  /* ------------------------------------------------------------------------------------------ status */

  const buildStatus = (): KeeperStatus => {
    const view = lastView;
    const positions: KeeperStatus["positions"] = [];
    let value = 0;
    let hodl = 0;
    if (view !== undefined) {
      for (const pv of view.pools) {
        const price = poolTickHelpers(pv.meta).priceAtTick(pv.tick);
        for (const p of pv.positions) {
          positions.push({
            tokenId: p.tokenId.toString(),
            pool: pv.name,
            tickLower: p.tickLower,
            tickUpper: p.tickUpper,
            liquidity: p.liquidity.toString(),
            inRange: pv.tick >= p.tickLower && pv.tick < p.tickUpper,
          });
          const a = positionAmounts(pv, p);
          value += a.base * price + a.quote;
        }
        const { base, quote } = poolAssets(pv.meta);
        value += (view.cash[base] ?? 0) * price + (view.cash[quote] ?? 0);
        const init0 =
          Number(
            params.initialCash[pv.meta.token0.address] ??
              params.initialCash[pv.meta.token0.address.toLowerCase()] ??
              0n,
          ) /
          10 ** pv.meta.token0.decimals;
        const init1 =
          Number(
            params.initialCash[pv.meta.token1.address] ??
              params.initialCash[pv.meta.token1.address.toLowerCase()] ??
              0n,
          ) /
          10 ** pv.meta.token1.decimals;
        hodl += pv.meta.baseToken === 1 ? init1 * price + init0 : init0 * price + init1;
      }
    }
    const l = ledger();
    return {
      vault,
      state,
      ...(reason !== undefined ? { reason } : {}),
      lastBlock: lastBlock.toString(),
      updatedAt: clock(),
      positions,
      hedges: Object.entries(params.hedgeSymbols).map(([, symbol]) => ({
        venue: perp?.venue ?? "perp",
        symbol,
        quantity: l.perp.get(symbol) ?? 0,
      })),
      netDelta: view ? netDeltaByAsset(view) : {},
      attribution: { hedgeFees: -l.perpFees },
      value,
      hodlValue: hodl,
      journalCounts: journal.counts(),
      dataFreshnessMs: lastBlockTime > 0 ? clock() - lastBlockTime : -1,
    };
  };
  const writeStatus = (): void => {
    if (token > 0) journal.writeStatus(token, vault, buildStatus());
  };

  /* ------------------------------------------------------------------------------------------ lifecycle */

  const guarded = async <T>(f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (err) {
      if (err instanceof ReconciliationError) {
        fault(err.shortMessage);
        writeStatus();
        return undefined;
      }
      throw err;
    }
  };

  return {
    get state(): KeeperState {
      return state;
    },
    get reason(): string | undefined {
      return reason;
    },
    /** Takes the lease, then recovers (resolve in-flight entries, reconcile). Same path after a crash. */
    async init(): Promise<KeeperState> {
      // A dry run takes no lease (it writes nothing a live keeper reads) and sends nothing.
      if (!params.dryRun) {
        token = journal.acquireLease(vault, params.owner, ttl, clock(), params.isHolderDead);
        params.onLease?.(token);
        const control = journal.control(vault);
        if (control.stop) journal.clearControl(token, vault);
      }
      const snap = journal.loadSnapshot<{ anchors?: Record<string, PolicyAnchor>; lastBlock?: string }>(
        vault,
      );
      decider = params.makeDecider(snap?.state.anchors ?? {});
      lastBlock = BigInt(snap?.state.lastBlock ?? "0");
      event("start", { owner: params.owner, token, inFlight: journal.inFlight(vault).length });
      await guarded(async () => {
        if (!params.dryRun) {
          // First the entries that may have reached the chain or the venue (signed, broadcast, submitted), then the
          // nonce manager re-reads the chain (a nonce reserved by a signature that was never journalled is free
          // again), then the planned rest.
          await execute({ sentOnly: true });
          await chain.resyncNonce?.();
          await execute();
        }
        await reconcile();
      });
      if (state === "faulted") return state;
      state = "running";
      reason = undefined;
      alerter.alert("info", "started", { token, lastBlock: lastBlock.toString() });
      writeStatus();
      return state;
    },
    /** One decision on fresh data, its legs journalled and executed. */
    async step(): Promise<StepResult> {
      if (state === "faulted" || state === "stopped")
        return { state, block: lastBlock, planned: 0, executed: 0, reason };
      const control = journal.control(vault);
      if (!params.dryRun && (control.kill || control.stop)) {
        stopRequested = true;
        state = "stopped";
        reason = control.kill ? "kill switch" : "stop requested";
        event(control.kill ? "killed" : "stopped", {});
        alerter.alert(control.kill ? "critical" : "info", control.kill ? "killed" : "stopped", {});
        writeStatus();
        return { state, block: lastBlock, planned: 0, executed: 0, reason };
      }
      if (token > 0) journal.renewLease(vault, token, ttl, clock());
      const r = await guarded(async (): Promise<StepResult> => {
        // The perp margin (balance and unrealised PnL) is read with the chain view, in parallel.
        const [view, margin] = await Promise.all([readView(), readMargin()]);
        lastView = view;
        lastBlock = view.block;
        lastBlockTime = view.time;
        const age = checkDataAge(clock() - view.time, limits);
        if (!age.ok) {
          degrade(`chain data ${age.value} ms old (limit ${age.bound})`);
          writeStatus();
          return { state, block: view.block, planned: 0, executed: 0, reason };
        }
        if (state === "degraded") {
          state = "running";
          reason = undefined;
        }
        const legs: PlannedLeg[] = [];
        // Emergency deleverage before anything else; while the margin is short the hedge is capped (hedgeCap).
        hedgeCap.clear();
        deleveraged.clear();
        if (perp !== undefined && margin !== undefined)
          for (const [asset, symbol] of Object.entries(params.hedgeSymbols)) {
            const pool = view.pools.find((p) => poolAssets(p.meta).base === asset);
            if (pool === undefined) continue;
            const price = poolTickHelpers(pool.meta).priceAtTick(pool.tick);
            const q = view.hedges[asset] ?? 0;
            const equity = margin.equity;
            // Never grow a hedge past the size the target margin ratio allows (hysteresis against the deleverage).
            hedgeCap.set(asset, equity > 0 ? equity / (limits.targetMarginRatio * price) : 0);
            const target = emergencyDeleverage({ quantity: q, price, equity, limits });
            if (target === undefined) continue;
            const step = perp.amountStep(symbol);
            const amount = Math.floor(Math.abs(q - target) / step + 1e-9) * step;
            alerter.alert("critical", "deleverage", { symbol, from: q, to: target, equity });
            event("deleverage", { symbol, from: q, to: target, equity });
            degrade(
              `perp margin ratio ${(equity / (Math.abs(q) * price)).toFixed(4)} < ${limits.minMarginRatio}: hedge cut to ${target.toFixed(4)}`,
            );
            if (amount > 0)
              legs.push({
                policy: "guard",
                bar: Number(view.block),
                leg: `deleverage:${symbol}`,
                kind: "perp",
                action: "deleverage",
                detail: {
                  symbol,
                  side: q < 0 ? "buy" : "sell",
                  amount: Number(amount.toFixed(12)),
                  reduceOnly: true,
                  markPrice: price,
                  notional: 0,
                  asset,
                },
              });
            // The deleverage replaces this step's hedge decision for the asset.
            hedgeCap.set(asset, Math.abs(target));
            deleveraged.add(asset);
          }
        const intents = (decider as Decider).decide(view);
        legs.push(...legsFor(view, intents));
        let planned = plan(legs);
        let executed = params.dryRun ? 0 : await execute();
        // The status shows the state after this step's legs: read again when something was executed.
        if (executed > 0) lastView = await readView();
        // A re-centring changed the LP delta after the hedge policy decided on the old positions: the hedge policy
        // decides once more on the new view at the same bar (the backtest hedges that change one bar later).
        if (
          !params.dryRun &&
          legs.some((l) => l.kind === "chain" && l.action === "mint") &&
          lastView !== undefined
        ) {
          const again = (decider as Decider).decide(lastView).filter((i) => "asset" in i.source);
          const more = legsFor(lastView, again).map((l) => ({ ...l, leg: `${l.leg}:settle` }));
          planned += plan(more);
          const n = await execute();
          executed += n;
          if (n > 0) lastView = await readView();
        }
        if (!params.dryRun && token > 0) {
          journal.saveSnapshot(token, vault, {
            anchors: (decider as Decider).anchors(),
            lastBlock: view.block.toString(),
          });
          crash("after-snapshot");
        }
        writeStatus();
        return { state, block: view.block, planned, executed, reason };
      });
      return r ?? { state, block: lastBlock, planned: 0, executed: 0, reason };
    },
    /** Steps every `intervalMs` (or on each new block when `onNewBlock` is set) until stopped or `maxSteps`. */
    async run(
      opts: { maxSteps?: number; intervalMs?: number; onStep?: (r: StepResult) => void } = {},
    ): Promise<KeeperState> {
      const interval = opts.intervalMs ?? 1_000;
      for (let i = 0; opts.maxSteps === undefined || i < opts.maxSteps; i++) {
        const r = await this.step();
        opts.onStep?.(r);
        if (state === "stopped" || state === "faulted" || stopRequested) break;
        if (opts.maxSteps !== undefined && i + 1 >= opts.maxSteps) break;
        await new Promise((res) => setTimeout(res, interval));
      }
      return state;
    },
    /** Stops after the current step; releases the lease. */
    async stop(why = "stopped"): Promise<void> {
      stopRequested = true;
      if (state !== "faulted") {
        state = "stopped";
        reason = why;
      }
      writeStatus();
      if (token > 0) journal.releaseLease(vault, token, clock());
      await alerter.flush();
    },
    healthCheck(): { ok: boolean; state: KeeperState; reason?: string; lastBlock: string } {
      return { ok: state === "running", state, reason, lastBlock: lastBlock.toString() };
    },
    status: buildStatus,
  };
}
export type Keeper = ReturnType<typeof createKeeper>;
