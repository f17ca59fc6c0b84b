import { poolTickHelpers } from "../engine/tickHelpers.js";
import {
  type AttributionAccumulator,
  createAttribution,
  type Intent,
  type PoolPosition,
  type PoolVenue,
  type Strategy,
  type StrategyContext,
} from "../engine/types.js";
import { getPositionAmounts } from "../math/v3/getPositionAmounts.js";
import type { PoolMeta } from "../types/series.js";

/**
 * The keeper's decision step: the backtest's own policies (range strategies and delta-hedge policies from
 * `src/strategy`, built from the same run spec) fed with what the keeper read on chain and on the perp venue.
 * `decide(view)` builds a StrategyContext per pool (for its range strategy) and per hedged asset (for its hedge policy,
 * whose LP delta is the exact, netted sum over every pool of that asset) and returns their intents. Nothing here
 * reads the network: the view comes in as an argument.
 *
 * This is the seam `decide(view, now) → Intent[]` of the keeper. Until the engine's steppable `createEngine`/`step()`
 * is merged, the keeper drives the policies through this adapter instead (same policy objects, same context fields).
 */

/** One LP position as read on chain (NonfungiblePositionManager.positions + uncollected fees). */
export type PositionView = {
  tokenId: bigint;
  tickLower: number;
  tickUpper: number;
  liquidity: bigint;
  /** Uncollected fees (raw units, as the contract computes them). */
  fees0: bigint;
  fees1: bigint;
};

/** One pool as read this step. */
export type PoolView = {
  name: string;
  meta: PoolMeta;
  sqrtPriceX96: bigint;
  tick: number;
  /** Active pool liquidity (raw). */
  liquidity: bigint;
  positions: PositionView[];
};

/** Everything a decision looks at. */
export type VaultView = {
  block: bigint;
  /** Block time, ms. */
  time: number;
  pools: PoolView[];
  /** Idle vault cash per asset symbol, human units (what the vault holds outside positions). */
  cash: Record<string, number>;
  /** Perp quantity per hedged asset symbol, signed base units. */
  hedges: Record<string, number>;
  /** In-flight journal entries per pool name and per hedged asset (the policies wait while > 0). */
  pending: Record<string, number>;
};

/** A policy's intent with where it came from. */
export type KeeperIntent = { source: { pool: string } | { asset: string }; policy: string; intent: Intent };

/** Price/tick helpers of a pool: the engine's (the same formulas as its strategy context). */
export { poolTickHelpers };

/** Base and quote symbols of a pool. */
export function poolAssets(meta: PoolMeta): { base: string; quote: string } {
  return meta.baseToken === 1
    ? { base: meta.token1.symbol, quote: meta.token0.symbol }
    : { base: meta.token0.symbol, quote: meta.token1.symbol };
}

const toHuman = (raw: bigint, decimals: number): number => Number(raw) / 10 ** decimals;

/**
 * Returns a position's exact amounts (getPositionAmounts, the contract's burn) plus its uncollected fees, as human
 * base and quote units, and the engine's PoolPosition shape for the policies.
 */
export function positionAmounts(
  pool: PoolView,
  p: PositionView,
): { base: number; quote: number; position: PoolPosition } {
  const { amount0, amount1 } =
    p.liquidity > 0n
      ? getPositionAmounts({
          sqrtPriceX96: pool.sqrtPriceX96,
          tickLower: p.tickLower,
          tickUpper: p.tickUpper,
          liquidity: p.liquidity,
        })
      : { amount0: 0n, amount1: 0n };
  const m = pool.meta;
  const a0 = toHuman(amount0, m.token0.decimals);
  const a1 = toHuman(amount1, m.token1.decimals);
  const f0 = toHuman(p.fees0, m.token0.decimals);
  const f1 = toHuman(p.fees1, m.token1.decimals);
  const [base, quote, owedBase, owedQuote] = m.baseToken === 1 ? [a1, a0, f1, f0] : [a0, a1, f0, f1];
  return {
    base: base + owedBase,
    quote: quote + owedQuote,
    position: {
      id: Number(p.tokenId),
      tickLower: p.tickLower,
      tickUpper: p.tickUpper,
      liquidity: p.liquidity,
      liquidityFloat: Number(p.liquidity),
      openedBar: 0,
      entryBase: Number.NaN,
      entryQuote: Number.NaN,
      base,
      quote,
      owedBase,
      owedQuote,
    },
  };
}

/** Net delta per asset (base units): exact LP base amounts + uncollected base fees + idle cash + perp quantity. */
export function netDeltaByAsset(view: VaultView): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pool of view.pools) {
    const { base } = poolAssets(pool.meta);
    for (const p of pool.positions) out[base] = (out[base] ?? 0) + positionAmounts(pool, p).base;
  }
  for (const a of Object.keys(out)) out[a] += (view.cash[a] ?? 0) + (view.hedges[a] ?? 0);
  for (const [a, q] of Object.entries(view.hedges)) if (!(a in out)) out[a] = q + (view.cash[a] ?? 0);
  return out;
}

/** Where a policy's context starts after a restart: the bar of its last mint / rebalance (from the snapshot). */
export type PolicyAnchor = { time: number; tick: number; bar: number };

export type CreateDeciderParameters = {
  /** One range strategy per pool (by pool name). */
  ranges: Record<string, Strategy>;
  /** One hedge policy per hedged asset (by asset symbol), e.g. deltaHedge({ venue: "perp", … }). */
  hedges: Record<string, { strategy: Strategy; venue: string }>;
  /** Anchors of the range strategies (pool name → anchor) restored from the snapshot. */
  anchors?: Record<string, PolicyAnchor>;
};

/**
 * Returns the decider. The first `decide` initialises every policy (`init`): a range strategy whose pool already has
 * positions (a restart) is initialised at its anchor (the bar of its last mint / rebalance, so a re-centring strategy
 * keeps its centre) and its init intents are dropped — the position exists. Later calls run `onBar`.
 * `anchors()` returns what to snapshot.
 */
export function createDecider(params: CreateDeciderParameters) {
  const anchors: Record<string, PolicyAnchor> = { ...(params.anchors ?? {}) };
  let started = false;
  const attr: AttributionAccumulator = createAttribution();

  const ctxFor = (
    view: VaultView,
    pool: PoolView,
    positions: PoolPosition[],
    lpBase: number,
    lpQuote: number,
    cashBase: number,
    hedgeVenue: string | undefined,
    hedgeQty: number,
    pending: number,
  ): StrategyContext => {
    const h = poolTickHelpers(pool.meta);
    const price = h.priceAtTick(pool.tick);
    const { quote } = poolAssets(pool.meta);
    const cashQuote = view.cash[quote] ?? 0;
    const venue: PoolVenue = {
      id: "pool",
      meta: pool.meta,
      positions,
      inRangeFraction: positions.some((p) => pool.tick >= p.tickLower && pool.tick < p.tickUpper) ? 1 : 0,
      rebalances: 0,
      mark: () => {},
      accrue: () => {},
      value: (p: number) => lpBase * p + lpQuote,
      delta: () => lpBase,
      settle: () => false,
    };
    const value = cashQuote + cashBase * price + lpBase * price + lpQuote;
    return {
      bar: Number(view.block),
      time: view.time,
      tick: pool.tick,
      price,
      poolLiquidity: Number(pool.liquidity),
      value,
      hodlValue: value,
      delta: lpBase + cashBase + hedgeQty,
      ledger: { cashQuote, cashBase },
      pool: venue,
      pendingIntents: pending,
      attribution: attr,
      venueDelta: (id: string) => (id === hedgeVenue ? hedgeQty : id === "pool" ? lpBase : 0),
      tickAtPrice: h.tickAtPrice,
      priceAtTick: h.priceAtTick,
      ticksForPriceRange: h.ticksForPriceRange,
      fullRangeTicks: h.fullRangeTicks,
    };
  };

  return {
    /** Returns the intents of every policy for this view (range strategies first, then hedges). */
    decide(view: VaultView): KeeperIntent[] {
      const out: KeeperIntent[] = [];
      const lpByAsset = new Map<string, { base: number; positions: PoolPosition[]; pool: PoolView }>();
      for (const pool of view.pools) {
        const { base: baseSym } = poolAssets(pool.meta);
        let lpBase = 0;
        let lpQuote = 0;
        const positions: PoolPosition[] = [];
        for (const p of pool.positions) {
          if (p.liquidity === 0n && p.fees0 === 0n && p.fees1 === 0n) continue;
          const a = positionAmounts(pool, p);
          lpBase += a.base;
          lpQuote += a.quote;
          if (p.liquidity > 0n) positions.push(a.position);
        }
        const agg = lpByAsset.get(baseSym) ?? { base: 0, positions: [], pool };
        agg.base += lpBase;
        agg.positions.push(...positions);
        lpByAsset.set(baseSym, agg);
        const range = params.ranges[pool.name];
        if (range === undefined) continue;
        const pend = view.pending[pool.name] ?? 0;
        const ctx = ctxFor(
          view,
          pool,
          positions,
          lpBase,
          lpQuote,
          view.cash[baseSym] ?? 0,
          undefined,
          0,
          pend,
        );
        let intents: readonly Intent[] | undefined;
        if (!started) {
          const anchor = anchors[pool.name];
          if (positions.length > 0 && anchor !== undefined) {
            // Restart: rebuild the strategy's state at its anchor; the position it minted there exists.
            const h = poolTickHelpers(pool.meta);
            const actx = {
              ...ctx,
              bar: anchor.bar,
              time: anchor.time,
              tick: anchor.tick,
              price: h.priceAtTick(anchor.tick),
            };
            range.init(actx);
            intents = range.onBar(ctx);
          } else if (positions.length > 0) {
            range.init(ctx);
            intents = undefined;
          } else {
            intents = range.init(ctx);
          }
        } else intents = range.onBar(ctx);
        if (intents !== undefined && intents.length > 0) {
          if (intents.some((i) => i.kind === "mint" || i.kind === "rebalance"))
            anchors[pool.name] = { time: view.time, tick: pool.tick, bar: Number(view.block) };
          for (const intent of intents) out.push({ source: { pool: pool.name }, policy: range.name, intent });
        }
      }
      for (const [asset, { strategy, venue }] of Object.entries(params.hedges)) {
        const lp = lpByAsset.get(asset);
        if (lp === undefined) continue;
        const qty = view.hedges[asset] ?? 0;
        const ctx = ctxFor(
          view,
          lp.pool,
          lp.positions,
          lp.base,
          0,
          view.cash[asset] ?? 0,
          venue,
          qty,
          view.pending[asset] ?? 0,
        );
        let intents: readonly Intent[] | undefined;
        if (started) intents = strategy.onBar(ctx);
        else {
          // A fresh vault initialises the hedge with the range's mint (the backtest's bar 0) and hedges from the next
          // step; a restart over existing positions initialises and decides on the same view, so a hedge the crash
          // left undone is placed at once.
          intents = strategy.init(ctx);
          if (lp.positions.length > 0) intents = strategy.onBar(ctx);
        }
        if (intents !== undefined)
          for (const intent of intents) {
            // Margin moves (deposit intents at init) are the venue account's business, not the keeper's.
            if (intent.kind === "deposit") continue;
            out.push({ source: { asset }, policy: strategy.name, intent });
          }
      }
      started = true;
      return out;
    },
    anchors(): Record<string, PolicyAnchor> {
      return { ...anchors };
    },
  };
}
export type Decider = ReturnType<typeof createDecider>;
