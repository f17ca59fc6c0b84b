/**
 * The engine's vocabulary and ports. A backtest or simulation plugs engine models in behind these ports; the keeper
 * plugs live `venues/*` adapters in behind the same ones. See `src/engine/README.md` for the loop order and the model.
 */
import type { PoolMeta } from "../types/series.js";
import type { EngineClock } from "./clock.js";

/* ------------------------------------------------------------------------------------------------------------ */
/* Intents: what a strategy asks for. Plain data, created only when a strategy acts (not per bar).               */
/* ------------------------------------------------------------------------------------------------------------ */

/** Mint a position on [tickLower, tickUpper) with `value` quote units of the ledger's cash (all cash if omitted). */
export type MintIntent = {
  kind: "mint";
  venue?: "pool";
  tickLower: number;
  tickUpper: number;
  /** Quote units of cash to deploy; the engine swaps cash to the range's token ratio first. Default: all cash. */
  value?: number;
  /**
   * false: mint from the cash as it is, without swapping to the range's ratio first (L = min(L0, L1) as
   * LiquidityAmounts; the leftover stays cash). Default true.
   */
  swap?: boolean;
  /** Mint exactly this raw liquidity (decimal string; no swap), taking its amounts (rounded up) from cash. */
  liquidity?: string;
};
/** Burn a position (all of its liquidity) and collect its fees into cash. `positionId` omitted: every position. */
export type BurnIntent = { kind: "burn"; venue?: "pool"; positionId?: number };
/** Burn every position, then mint [tickLower, tickUpper) with all cash: one re-centring. */
export type RebalanceIntent = { kind: "rebalance"; venue?: "pool"; tickLower: number; tickUpper: number };
/** Swap cash so that `baseFraction` of the cash value is in base (0 = all quote, 1 = all base). */
export type SwapIntent = { kind: "swap"; venue?: "pool"; baseFraction: number };
/** Collect a position's uncollected fees into cash without burning it. `positionId` omitted: every position. */
export type CollectIntent = { kind: "collect"; venue?: "pool"; positionId?: number };
/** The pool's intents. */
export type PoolIntent = MintIntent | BurnIntent | RebalanceIntent | SwapIntent | CollectIntent;

/**
 * Trade the hedge on `venue` to `targetDelta` (signed base units): a perp order, or on a lending venue a borrow
 * (and sell) or buy-back and repay to debt = max(0, −targetDelta). The policy's numbers ride along for gates and logs.
 */
export type HedgeIntent = {
  kind: "hedge";
  venue: string;
  targetDelta: number;
  /** The band the trigger used (base units), the LP gamma and the volatility estimate at the decision. */
  band?: number;
  gamma?: number;
  volatility?: number;
  reason?: string;
  /** Proactive policies: the turbulence probability (−1 if unknown) and the hedge ratio used. */
  turbulence?: number;
  hedgeRatio?: number;
  /** Fill this long after the decision (ms) instead of the engine's latency. */
  latencyMs?: number;
};
/** Move `amount` quote units of cash from the ledger to `venue` (margin, collateral, premium budget) or back. */
export type TransferIntent = { kind: "deposit" | "withdraw"; venue: string; amount: number };
/** Buy (quantity > 0) or sell an option leg on `venue`. */
export type OptionTradeIntent = {
  kind: "buy";
  venue: string;
  option: "call" | "put";
  strike: number;
  /** Expiry time, ms since the epoch. */
  expiryTime: number;
  /** Signed quantity in base units. */
  quantity: number;
  reason?: string;
};
/** Close every option leg on `venue` at the model price. */
export type OptionCloseIntent = { kind: "close"; venue: string };
/** The hedge venues' intents (each names its venue). */
export type VenueIntent = HedgeIntent | TransferIntent | OptionTradeIntent | OptionCloseIntent;

/** Returns true when `intent` is for a hedge venue (it names a venue other than the pool). */
export function isVenueIntent(intent: Intent): intent is VenueIntent {
  return intent.venue !== undefined && intent.venue !== "pool";
}

/** Everything a strategy may ask for. */
export type Intent = PoolIntent | VenueIntent;

/* ------------------------------------------------------------------------------------------------------------ */
/* Ledger and attribution                                                                                        */
/* ------------------------------------------------------------------------------------------------------------ */

/** Cash held outside every venue, in human units. Venues move cash in and out of it when they settle intents. */
export type Ledger = { cashQuote: number; cashBase: number };

/**
 * Running PnL attribution in quote units (cumulative since the start). Every venue books into it; the engine
 * guarantees `Σ components = value − initialValue` (see README, "Attribution").
 */
export type AttributionAccumulator = {
  /** Swap fees earned by LP positions, valued at the price of the bar they accrued in. */
  fees: number;
  /** Σ base_{t−1}·ΔP over LP positions: the PnL of a portfolio that rebalances to the LP's base amount. */
  rebalancing: number;
  /** Loss versus rebalancing, Σ (base_{t−1}·ΔP − ΔV_LP) ≥ 0 (Milionis et al. 2022). Subtracted. */
  lvr: number;
  /** Σ base_{t−1}·ΔP on base held outside positions: idle cash and uncollected base fees. */
  inventory: number;
  /** Of which the revaluation of uncollected base fees since they accrued (kept out of the IL; see README). */
  inventoryFees: number;
  /** PnL of hedges (perp, options, lending) from price moves. 0 until hedge venues exist. */
  hedge: number;
  /** Funding paid (−) or received (+) on perps. 0 until a perp venue exists. */
  funding: number;
  /** Option premium paid (−) or received (+), interest on lending. 0 until those venues exist. */
  premium: number;
  /** Gas, swap fees paid, price impact (≥ 0). Subtracted. */
  costs: number;
  /** Of which gas (quote units). */
  costsGas: number;
  /** Of which pool fees paid on our own swaps. */
  costsSwapFee: number;
  /** Of which price impact of our own swaps versus the mid price. */
  costsImpact: number;
  /** Of which trading fees and slippage paid on hedge venues (perp taker fee + spread/impact, lending swaps). */
  costsHedge: number;
  /** Of which liquidation fees and bonuses lost on hedge venues (perp liquidation fee, Aave liquidation bonus). */
  costsLiquidation: number;
  /** Exact-vs-float residual at mint/burn (contract rounding, float marks); |rounding| ≪ 1e-9 of value. */
  rounding: number;
};

/** Returns a zeroed attribution accumulator. */
export function createAttribution(): AttributionAccumulator {
  // Built with NaN and then zeroed: a field first written with the integer 0 gets V8's small-integer representation,
  // and the first fractional value then changes the object's hidden class (deoptimising compiled code each run).
  const a: AttributionAccumulator = {
    fees: Number.NaN,
    rebalancing: Number.NaN,
    lvr: Number.NaN,
    inventory: Number.NaN,
    inventoryFees: Number.NaN,
    hedge: Number.NaN,
    funding: Number.NaN,
    premium: Number.NaN,
    costs: Number.NaN,
    costsGas: Number.NaN,
    costsSwapFee: Number.NaN,
    costsImpact: Number.NaN,
    costsHedge: Number.NaN,
    costsLiquidation: Number.NaN,
    rounding: Number.NaN,
  };
  for (const k of Object.keys(a) as (keyof AttributionAccumulator)[]) a[k] = 0;
  return a;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Event log                                                                                                     */
/* ------------------------------------------------------------------------------------------------------------ */

/** The kinds of events the engine and its venue models write (strings, so new venues may add their own). */
export const EngineEventKind = {
  /** A pool intent settled (mint, burn, rebalance, swap). */
  pool: "pool",
  /** Cash moved into or out of a hedge venue (margin, collateral). */
  transfer: "transfer",
  /** A hedge order filled on a venue. */
  hedge: "hedge",
  /** A perp funding settlement was paid or received. */
  funding: "funding",
  /** A hedge position was liquidated by its venue. */
  liquidation: "liquidation",
  /** A cost-governor decision on a hedge intent (hedge, widen or stop), with its numbers. */
  governor: "governor",
  /** An option leg was bought or sold. */
  option: "option",
  /** An option leg expired (cash-settled at its intrinsic value). */
  expiry: "expiry",
  /** An option overlay rolled to a new expiry. */
  roll: "roll",
} as const;
export type EngineEventKind = (typeof EngineEventKind)[keyof typeof EngineEventKind];

/** One row of the run's event log: what happened, when, on which venue, with its numbers. */
export type EngineEvent = {
  /** Time of the bar (ms since the epoch, from the data). */
  time: number;
  /** Row index of the bar. */
  bar: number;
  kind: EngineEventKind | (string & {});
  /** Venue id ("pool", "perp", "lending", "options") or "strategy" / "gate". */
  venue: string;
  /** Numbers and labels of the event (quote units for money, base units for sizes). */
  fields: Record<string, number | string | boolean>;
};

/* ------------------------------------------------------------------------------------------------------------ */
/* Ports                                                                                                         */
/* ------------------------------------------------------------------------------------------------------------ */

/** The bar the engine is on. Backtest and simulation advance it over rows; the keeper over wall-clock minutes. */
export interface Clock {
  /** Row index. */
  readonly bar: number;
  /** Time of the bar (ms since the epoch, from the data, never read from the machine). */
  readonly time: number;
}

/**
 * A venue model. The engine calls every venue in the same fixed order each bar (see README):
 * `mark` → `accrue` → (strategy) → `settle`. All money in quote units, all delta in base units.
 *
 * Any object with these members works. The engine calls them directly on the object every bar, so a model built as
 * a class (state in fields, methods and getters on the prototype, as the perp, lending and option models are) is
 * the fast shape: one hidden class with fast properties, whose small per-bar methods V8 inlines into the bar loop.
 * An object literal with getters is a dictionary-mode object (a slow lookup per call).
 */
export interface VenueModel {
  /** Routing id of intents (`intent.venue`). The pool venue is "pool". */
  readonly id: string;
  /** Step 1: update from data row `bar` (price `price`, quote per base) and book price PnL into `attr`. */
  mark(bar: number, price: number, attr: AttributionAccumulator): void;
  /** Step 2: accrue income and charges of row `bar` (LP fees, funding, interest, option expiry) into `attr`. */
  accrue(bar: number, price: number, attr: AttributionAccumulator): void;
  /** Mark-to-market value in quote units at `price` (excluding the shared ledger cash). */
  value(price: number): number;
  /** ∂value/∂price in base units at `price`. */
  delta(price: number): number;
  /**
   * Step 5: execute `intent` at row `bar` and price `price`, moving cash through `ledger`. Book costs into `attr`.
   * Returns false when the intent is not for this venue.
   */
  settle(intent: Intent, bar: number, price: number, ledger: Ledger, attr: AttributionAccumulator): boolean;
  /** Called once by the engine before the first bar: the clock the venue reads the bar's time from. */
  attach?(clock: EngineClock): void;
  /** The venue's state as plain JSON data (for `engine.snapshot()`); absent: the venue cannot be snapshotted. */
  state?(): unknown;
  /** Restores a state from `state()` (after a JSON round trip). */
  restore?(state: unknown): void;
}

/** One Uniswap v3 LP position as the engine holds it. Fields are read-only to strategies. */
export type PoolPosition = {
  readonly id: number;
  readonly tickLower: number;
  readonly tickUpper: number;
  /** Exact liquidity (contract units). */
  readonly liquidity: bigint;
  /** The same as float64, for the per-minute float path. */
  readonly liquidityFloat: number;
  /** Row the position was minted at. */
  readonly openedBar: number;
  /** Entry amounts in human units (what the mint took), for the per-position hodl and IL. */
  readonly entryBase: number;
  readonly entryQuote: number;
  /** Current amounts in human units at the last mark (float path). */
  readonly base: number;
  readonly quote: number;
  /** Uncollected fees in human units. */
  readonly owedBase: number;
  readonly owedQuote: number;
};

/** The Uniswap v3 pool port: the engine's model (`createPoolVenueModel`) or, later, a live adapter. */
export interface PoolVenue extends VenueModel {
  readonly id: "pool";
  readonly meta: PoolMeta;
  /** Open positions (a stable array; do not mutate). */
  readonly positions: readonly PoolPosition[];
  /** Fraction of row `bar` during which the positions were in range (0..1; see the in-range mode). */
  readonly inRangeFraction: number;
  /** Number of mints after the first one (re-centrings). */
  readonly rebalances: number;
}

/**
 * Perpetual futures venue port (to be modelled later). A short perp of size −delta offsets an LP's delta.
 * Models book price PnL into `attr.hedge` in `mark`, funding into `attr.funding` in `accrue`, and taker fees
 * and slippage into `attr.costs` in `settle`.
 */
export interface PerpVenue extends VenueModel {
  /** Signed position size in base units (long positive). */
  readonly sizeBase: number;
  /** Margin posted in quote units (moved from the ledger). */
  readonly marginQuote: number;
  /** Funding rate in force at `time` (ms; the last settlement at or before it; fraction per interval; + = longs pay). */
  fundingRate(time: number): number;
}

/**
 * Lending venue port (Aave-like; `createLendingVenueModel`): supply quote as collateral, borrow base to short it (a
 * delta hedge that pays the borrow rate). Interest goes to `attr.premium` in `accrue`; liquidation happens in `mark`.
 */
export interface LendingVenue extends VenueModel {
  readonly suppliedQuote: number;
  readonly borrowedBase: number;
  /** Aave health factor at `price` (liquidation below 1). */
  healthFactor(price: number): number;
}

/**
 * Option venue port (Deribit-like; `createOptionVenueModel`): theta to `attr.premium`, the other value changes to
 * `attr.hedge`, the spread to `attr.costs`.
 */
export interface OptionVenue extends VenueModel {
  /** Open option legs. */
  readonly legs: readonly {
    kind: "call" | "put";
    strike: number;
    expiryTime: number;
    /** Signed quantity in base units (long positive). */
    quantity: number;
  }[];
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Strategy interface                                                                                            */
/* ------------------------------------------------------------------------------------------------------------ */

/**
 * What a strategy sees each bar. ONE object, reused and updated in place by the engine: a strategy must not keep
 * references to it across bars (copy the numbers it needs).
 */
export type StrategyContext = {
  /** Row index and its time (ms). */
  bar: number;
  time: number;
  /** Pool tick at the close of the bar, price (quote per base) from it. */
  tick: number;
  price: number;
  /** Active pool liquidity at the close of the bar (raw v3 units, float64). */
  poolLiquidity: number;
  /** Portfolio value in quote units (cash + positions + uncollected fees + hedges) and the hodl benchmark. */
  value: number;
  hodlValue: number;
  /** Portfolio delta in base units. */
  delta: number;
  ledger: Readonly<Ledger>;
  /** The pool venue (positions, meta). */
  pool: PoolVenue;
  /** Intents decided but not yet filled (latency). Strategies usually wait until this is 0. */
  pendingIntents: number;
  /** Running attribution (read only). */
  attribution: Readonly<AttributionAccumulator>;
  /**
   * Returns the delta (base units) held on the venue registered as `venueId` at the bar's price, 0 if there is
   * none: a hedge policy reads its own hedge with it (`ctx.venueDelta("perp")`).
   */
  venueDelta(venueId: string): number;
  /** Returns the usable tick (multiple of tickSpacing) nearest to `price`. */
  tickAtPrice(price: number): number;
  /** Returns the price (quote per base) at `tick`. */
  priceAtTick(tick: number): number;
  /** Returns [tickLower, tickUpper] for the price range [priceA, priceB] (either order), at least one spacing wide. */
  ticksForPriceRange(priceA: number, priceB: number): [number, number];
  /** The widest usable range (full range, v2-equivalent). */
  fullRangeTicks(): [number, number];
};

/**
 * A strategy: `init` at bar 0, `onBar` at every later bar. Both return intents (or nothing). Return `undefined`
 * on quiet bars so the hot loop allocates nothing. A new strategy needs no engine change.
 */
export interface Strategy {
  readonly name: string;
  init(ctx: StrategyContext): readonly Intent[] | undefined;
  onBar(ctx: StrategyContext): readonly Intent[] | undefined;
  /** The strategy's state as plain JSON data (for `engine.snapshot()`); absent: stateless strategies only. */
  state?(): unknown;
  /** Restores a state from `state()` (after a JSON round trip). */
  restore?(state: unknown): void;
  /** True when the strategy holds no state between bars (snapshot needs no `state()`). */
  readonly stateless?: boolean;
}

/**
 * A risk gate sees every intent before it is queued, and returns it, a replacement, or null to deny it.
 * (Cost governor, limits, kill switch live here; default: allow everything.)
 */
export type IntentGate = ((intent: Intent, ctx: StrategyContext) => Intent | null) & {
  /** The gate's state as plain JSON data (for `engine.snapshot()`); absent on stateless gates. */
  state?(): unknown;
  restore?(state: unknown): void;
  readonly stateless?: boolean;
};
