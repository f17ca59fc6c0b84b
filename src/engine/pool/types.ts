/**
 * The pool venue models' shared vocabulary: costs, in-range modes, the engine-facing model type and its snapshot
 * state (the v3 model `poolVenueModel.ts` and the v2 / weighted model `ammPoolVenueModel.ts` both return it).
 */
import { InvalidInputError } from "../../errors/math.js";
import type { PoolSeries } from "../../types/series.js";
import type { SnapshotNumber } from "../snapshotCodec.js";
import type { AttributionAccumulator, PoolPosition, PoolVenue } from "../types.js";

/** How the model decides whether a position was in range during a minute. */
export const InRangeMode = { close: "close", prorate: "prorate", path: "path" } as const;
export type InRangeMode = (typeof InRangeMode)[keyof typeof InRangeMode];

/** Costs of acting on the pool, in quote units, plus the price-impact switch. */
export type PoolCosts = {
  /** Gas per mint transaction (quote units). */
  gasQuotePerMint: number;
  /** Gas per burn-and-collect transaction (quote units). */
  gasQuotePerBurn: number;
  /** Gas per stand-alone swap transaction (quote units); swaps inside a mint/re-mint are assumed zapped into it. */
  gasQuotePerSwap: number;
  /** Model the v3 price impact of our own swaps from the pool's active liquidity (default true). */
  priceImpact: boolean;
};

export const DEFAULT_POOL_COSTS: PoolCosts = {
  gasQuotePerMint: 0,
  gasQuotePerBurn: 0,
  gasQuotePerSwap: 0,
  priceImpact: true,
};

export type CreatePoolVenueModelParameters = {
  series: PoolSeries;
  costs?: Partial<PoolCosts>;
  inRangeMode?: InRangeMode;
};

/** The pool model with the engine-facing extras the loop needs (not part of the port). */
export type PoolVenueModel = PoolVenue & {
  /** Cumulative fees earned in each token (human units). */
  readonly feesBaseAmount: number;
  readonly feesQuoteAmount: number;
  /** Σ current LP value / Σ entry-amount hodl value − 1 over open positions (0 with none). */
  positionIl(price: number): number;
  /** Σ base and quote held in open positions plus uncollected fees (human units). */
  holdings(): { base: number; quote: number };
  /**
   * Returns the price (quote per base) at row `bar` from its closeTick and caches √p for `mark` (one `exp` per
   * changed tick). The engine calls it first each bar.
   */
  priceAt(bar: number): number;
  /** Re-reads the market's columns (after an append that may have replaced them). */
  refresh(): void;
  /** The model's state as plain JSON data (liquidity as a decimal string). */
  state(): PoolVenueState;
  /** Restores a state from `state()` (after JSON round trip). */
  restore(state: unknown): void;
  /** Incremented whenever a position is minted or burnt (lets the engine cache range bands). */
  readonly version: number;
  /**
   * The engine's per-bar fast path: `mark` and `accrue` at row `bar` and its close price (`priceAt(bar)`), then the
   * pool's value, delta and position-IL sums in the same pass over the positions, left in `stepValue`,
   * `stepDelta`, `stepLpValue` and `stepHodlValue`. Same arithmetic, in the same order, as the separate calls. The
   * price is not an argument: a double passed to a call V8 does not inline is boxed (a heap number per bar).
   */
  step(bar: number, attr: AttributionAccumulator): void;
  /** Σ (base + owed base)·P + quote + owed quote after the last `step` (before any settlement). */
  readonly stepValue: number;
  /** Σ base + owed base after the last `step`. */
  readonly stepDelta: number;
  /** Σ base·P + quote of the open positions after the last `step` (numerator of positionIl). */
  readonly stepLpValue: number;
  /** Σ entryBase·P + entryQuote of the open positions after the last `step` (denominator of positionIl). */
  readonly stepHodlValue: number;
};

/** The pool model's state in a snapshot: positions with exact liquidity as decimal strings, counters, fee totals. */
export type PoolVenueState = {
  positions: {
    id: number;
    tickLower: number;
    tickUpper: number;
    /** Exact liquidity, decimal string. */
    liquidity: string;
    /** The invariant k of a v2 / weighted position (`ammPoolVenueModel.ts`; float, no contract units). */
    invariant?: SnapshotNumber;
    openedBar: number;
    entryBase: SnapshotNumber;
    entryQuote: SnapshotNumber;
    base: SnapshotNumber;
    quote: SnapshotNumber;
    owedBase: SnapshotNumber;
    owedQuote: SnapshotNumber;
  }[];
  nextId: number;
  mints: number;
  rebalances: number;
  version: number;
  feesBaseAmount: SnapshotNumber;
  feesQuoteAmount: SnapshotNumber;
  inRangeFraction: SnapshotNumber;
  lastPrice: SnapshotNumber;
};

/** A position as the models hold it (the port's view is read-only). */
export type MutablePoolPosition = { -readonly [K in keyof PoolPosition]: PoolPosition[K] };

/** Returns the costs with defaults filled in, each gas cost checked finite and >= 0 (InvalidInputError naming it). */
export function resolvePoolCosts(costs: Partial<PoolCosts> | undefined): PoolCosts {
  const c: PoolCosts = { ...DEFAULT_POOL_COSTS, ...costs };
  for (const k of ["gasQuotePerMint", "gasQuotePerBurn", "gasQuotePerSwap"] as const)
    if (!(Number.isFinite(c[k]) && c[k] >= 0))
      throw new InvalidInputError({ field: `costs.${k}`, value: c[k], expected: "a finite number >= 0" });
  return c;
}
