import { requireInteger, requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { tickToPriceUnchecked } from "../math/units.js";
import type { PoolMeta, PoolSeries, SeriesGap } from "../types/series.js";

/** One row of a pool market: a minute (backtest) or a block (live feed). Ticks are integers; amounts raw units. */
export type MarketRow = {
  time: number;
  openTick: number;
  highTick: number;
  lowTick: number;
  closeTick: number;
  netAmount0: number;
  netAmount1: number;
  inAmount0: number;
  inAmount1: number;
  liquidity: number;
};

/**
 * An appendable pool market: the columns of a {@link PoolSeries} (typed arrays whose first `length` rows are
 * valid, possibly longer: `capacity`) plus `append`. A backtest wraps a loaded series without copying; a live feed
 * appends a row per block. Appending may replace the column arrays (doubling), so readers re-read the columns
 * after an append (the engine does at the start of each `advance`).
 */
export type Market = PoolSeries & {
  /** Rows the columns can hold before they are reallocated. */
  readonly capacity: number;
  /** Appends one row (time strictly after the last row's); InvalidInputError naming the bad field otherwise. */
  append(row: MarketRow): void;
};

type Columns = Omit<PoolSeries, "meta" | "length" | "gaps">;
const FLOAT_COLUMNS = ["time", "netAmount0", "netAmount1", "inAmount0", "inAmount1", "liquidity"] as const;
const TICK_COLUMNS = ["openTick", "highTick", "lowTick", "closeTick"] as const;

/** Returns `series` as a market (no copy: the columns are the series' arrays until the first append past them). */
export function createMarket(series: PoolSeries): Market;
/** Returns an empty market for `meta` with room for `capacity` rows (default 1024), for a live feed. */
export function createMarket(params: { meta: PoolMeta; capacity?: number }): Market;
export function createMarket(arg: PoolSeries | { meta: PoolMeta; capacity?: number }): Market {
  requireObject(arg, "arg");
  if ("closeTick" in arg) {
    const s = arg as PoolSeries;
    return build(s.meta, s.length, s, s.gaps);
  }
  const cap = arg.capacity ?? 1024;
  if (!(Number.isInteger(cap) && cap >= 1))
    throw new InvalidInputError({ field: "capacity", value: cap, expected: "an integer >= 1" });
  const cols = {} as Columns;
  for (const k of FLOAT_COLUMNS) cols[k] = new Float64Array(cap);
  for (const k of TICK_COLUMNS) cols[k] = new Int32Array(cap);
  return build(arg.meta, 0, cols, []);
}

function build(meta: PoolMeta, length: number, cols: Columns, gaps: SeriesGap[]): Market {
  return new MarketImpl(meta, length, cols, gaps);
}

/**
 * A market: a class, so `capacity` is a getter on one prototype and the object keeps fast properties (an object
 * literal with a getter becomes a dictionary, and its closures kept every market alive through young-generation GCs).
 */
class MarketImpl implements Market {
  time: Float64Array;
  openTick: Int32Array;
  highTick: Int32Array;
  lowTick: Int32Array;
  closeTick: Int32Array;
  netAmount0: Float64Array;
  netAmount1: Float64Array;
  inAmount0: Float64Array;
  inAmount1: Float64Array;
  liquidity: Float64Array;

  constructor(
    readonly meta: PoolMeta,
    public length: number,
    cols: Columns,
    readonly gaps: SeriesGap[],
  ) {
    this.time = cols.time;
    this.openTick = cols.openTick;
    this.highTick = cols.highTick;
    this.lowTick = cols.lowTick;
    this.closeTick = cols.closeTick;
    this.netAmount0 = cols.netAmount0;
    this.netAmount1 = cols.netAmount1;
    this.inAmount0 = cols.inAmount0;
    this.inAmount1 = cols.inAmount1;
    this.liquidity = cols.liquidity;
  }

  get capacity(): number {
    return this.time.length;
  }

  append(row: MarketRow): void {
    const n = this.length;
    if (!(Number.isFinite(row.time) && (n === 0 || row.time > this.time[n - 1])))
      throw new InvalidInputError({
        field: "row.time",
        value: row.time,
        expected: n === 0 ? "a finite time in ms" : `a time after the last row's ${this.time[n - 1]}`,
      });
    for (const k of TICK_COLUMNS)
      if (!Number.isInteger(row[k]))
        throw new InvalidInputError({ field: `row.${k}`, value: row[k], expected: "an integer tick" });
    for (const k of FLOAT_COLUMNS)
      if (!Number.isFinite(row[k]))
        throw new InvalidInputError({ field: `row.${k}`, value: row[k], expected: "a finite number" });
    if (n >= this.time.length) {
      const cap = Math.max(16, this.time.length * 2);
      for (const k of FLOAT_COLUMNS) {
        const a = new Float64Array(cap);
        a.set(this[k].subarray(0, n));
        this[k] = a;
      }
      for (const k of TICK_COLUMNS) {
        const a = new Int32Array(cap);
        a.set(this[k].subarray(0, n));
        this[k] = a;
      }
    }
    for (const k of FLOAT_COLUMNS) this[k][n] = row[k];
    for (const k of TICK_COLUMNS) this[k][n] = row[k];
    this.length = n + 1;
  }
}

/**
 * Returns the price (quote per base, human units) at row `bar` of a market from its close tick, with the same
 * arithmetic as the pool model's `priceAt` (`tickToPriceUnchecked` of src/math/units.ts), so the two agree bit for
 * bit.
 */
export function marketPriceAt(market: PoolSeries, bar: number): number {
  requireObject(market, "market");
  requireObject(market.meta, "market.meta");
  requireInteger(bar, "bar");
  const meta = market.meta;
  return tickToPriceUnchecked(market.closeTick[bar], {
    decimals0: meta.token0.decimals,
    decimals1: meta.token1.decimals,
    baseToken: meta.baseToken,
  });
}
