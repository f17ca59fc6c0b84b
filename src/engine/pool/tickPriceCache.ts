/**
 * The v3 model's per-tick price cache: √p (raw), P (quote per base, human) and 1/√p of a close tick, from
 * `src/math/units.ts` (`sqrtRawPriceAtTick`, `tickToPriceUnchecked`: within 1 ulp and 0.5 ulp of the exact
 * values; 1/√p is the float quotient the pool step would compute), so a tick costs a load. The table is a window of ticks [min, min + size) around the ticks seen so far
 * (never a future row), filled when it is created, doubled and re-centred when a tick falls outside, up to 2^22
 * entries; beyond that the values are computed each time (into the table's scratch slot).
 *
 * Layout, for speed: one Float64Array holds √p, P and 1/√p of a tick side by side (`table[3j]`, `table[3j + 1]`,
 * `table[3j + 2]` for tick min + j; √p = NaN marks an empty entry), so a hit is three adjacent loads (1/√p saves the
 * pool step a division a bar: the tick changes nearly every minute). The hit is written out by the caller
 * (`priceAt` of the pool models: `tickPriceIndex` below), and the miss (`tickPriceMiss`) is a separate function:
 * kept out of `priceAt`, the fast path stays small enough for V8 to inline `priceAt` into the engine loop and the
 * model's `step` (with the miss inlined, priceAt's optimised code was too big to be inlined anywhere).
 */
import { type PriceOrientation, sqrtRawPriceAtTick, tickToPriceUnchecked } from "../../math/units.js";
import { MAX_TICK, MIN_TICK } from "../../math/v3/constants.js";
import type { PoolMeta } from "../../types/series.js";

const TABLE_MAX = 1 << 22;

/** Returns the orientation of a pool's human price (decimals and base token). */
export function priceOrientation(meta: PoolMeta): PriceOrientation {
  return { decimals0: meta.token0.decimals, decimals1: meta.token1.decimals, baseToken: meta.baseToken };
}

/** A tick → (√p, P, 1/√p) cache (see the module doc); read through `tickPriceIndex`, filled by `tickPriceMiss`. */
export type TickPriceCache = {
  /** √p, P and 1/√p interleaved, 3 · size entries, then a scratch triple for a tick outside the largest window. */
  table: Float64Array;
  /** Tick of entry 0. */
  min: number;
  /** Ticks in the window (0 before the first miss). */
  size: number;
  readonly orientation: PriceOrientation;
};

/** Returns an empty cache for a pool's price orientation (the table is allocated at the first tick). */
export function createTickPriceCache(meta: PoolMeta): TickPriceCache {
  return { table: new Float64Array(3), min: 0, size: 0, orientation: priceOrientation(meta) };
}

/** The caches the pool models share, one per price orientation (token decimals and base token). */
const shared = new Map<string, TickPriceCache>();

/**
 * Returns this thread's cache for a pool's price orientation, created empty on first use. An entry is a pure function
 * of the tick and the orientation, so every pool model with that orientation can read the same table: a run no
 * longer fills its own window (4,096 entries, ~0.5 ms, about a tenth of a 35-day totals-only backtest), and a
 * compare, sweep or vault over one pair fills it once. Never write into its table (use `createTickPriceCache` for a
 * private one).
 */
export function sharedTickPriceCache(meta: PoolMeta): TickPriceCache {
  const o = priceOrientation(meta);
  const key = `${o.decimals0}/${o.decimals1}/${o.baseToken}`;
  let c = shared.get(key);
  if (c === undefined) {
    c = createTickPriceCache(meta);
    shared.set(key, c);
  }
  return c;
}

/**
 * Returns the index k of `tick`'s entry in `cache.table` (√p at k, P at k + 1, 1/√p at k + 2), filling it on a
 * miss. The hit is a bounds check and one load; pool models inline the same test and call `tickPriceMiss` themselves.
 */
export function tickPriceIndex(cache: TickPriceCache, tick: number): number {
  const j = tick - cache.min;
  const k = j * 3;
  // √p is never NaN once filled (NaN marks an empty slot)
  if (j >= 0 && j < cache.size && !Number.isNaN(cache.table[k])) return k;
  return tickPriceMiss(cache, tick);
}

/**
 * Writes √p, P and 1/√p at `tick` to `out[1]`, `out[2]` and `out[3]` (the pool models' hot array): the hit is a
 * bounds check and three adjacent loads, the miss `tickPriceMiss` out of line, so the pool models' `priceAt` stays
 * small enough for V8 to inline into the engine loop and `step`.
 */
export function loadTickPrice(cache: TickPriceCache, out: Float64Array, tick: number): void {
  const j = tick - cache.min;
  let k = j * 3;
  let t = cache.table;
  if (!(j >= 0 && j < cache.size && !Number.isNaN(t[k]))) {
    k = tickPriceMiss(cache, tick);
    t = cache.table;
  }
  out[1] = t[k];
  out[2] = t[k + 1];
  out[3] = t[k + 2];
}

/**
 * The slow path of `tickPriceIndex`: grows or re-centres the window when `tick` falls outside it, computes and
 * stores the tick's √p, P and 1/√p, and returns its index (the scratch triple when the tick is beyond the largest
 * window).
 * `cache.table` may be replaced: read it after the call.
 */
export function tickPriceMiss(cache: TickPriceCache, tick: number): number {
  let j = tick - cache.min;
  if (!(j >= 0 && j < cache.size) && growTable(cache, tick)) j = tick - cache.min;
  const t = cache.table;
  const k = j >= 0 && j < cache.size ? j * 3 : cache.size * 3;
  fillEntry(t, k, tick, cache.orientation);
  return k;
}

/**
 * Re-centres the window so it holds `tick` (doubling, up to TABLE_MAX) and fills every entry of it; false when it
 * cannot. Filled eagerly (O(window) once per growth, ~0.1 ms for the first 4096 ticks) so that misses stay rare after
 * the first bar: a miss called often while the engine loop warms up gets inlined into it (V8 inlines by call
 * frequency) and takes the inlining budget the latency queue's calls need (measured: `push`, `queueIntents` and
 * `headDue` were then called, not inlined, and a Monte Carlo path-step was ~10 % slower).
 */
function growTable(cache: TickPriceCache, tick: number): boolean {
  if (cache.size === 0) {
    cache.size = 4096;
    cache.min = tick - 2048;
    cache.table = new Float64Array(3 * cache.size + 3).fill(Number.NaN);
    fillWindow(cache);
    return true;
  }
  const lo = Math.min(cache.min, tick);
  const hi = Math.max(cache.min + cache.size - 1, tick);
  let size = cache.size;
  while (size < hi - lo + 1 + 1024 && size < TABLE_MAX) size *= 2;
  if (size < hi - lo + 1) return false;
  const newMin = lo - ((size - (hi - lo + 1)) >> 1);
  const table = new Float64Array(3 * size + 3).fill(Number.NaN);
  // the old window without its scratch triple
  table.set(cache.table.subarray(0, 3 * cache.size), 3 * (cache.min - newMin));
  cache.table = table;
  cache.min = newMin;
  cache.size = size;
  fillWindow(cache);
  return true;
}

/** Computes the window's empty entries (clamped to the pool's tick range: ticks beyond it are never read). */
function fillWindow(cache: TickPriceCache): void {
  const t = cache.table;
  const from = Math.max(0, MIN_TICK - cache.min);
  const to = Math.min(cache.size, MAX_TICK - cache.min + 1);
  for (let j = from; j < to; j++) {
    const k = j * 3;
    if (!Number.isNaN(t[k])) continue;
    fillEntry(t, k, cache.min + j, cache.orientation);
  }
}

/** Writes √p, P and 1/√p of `tick` at t[k], t[k + 1], t[k + 2]. */
function fillEntry(t: Float64Array, k: number, tick: number, orientation: PriceOrientation): void {
  const sp = sqrtRawPriceAtTick(tick);
  t[k] = sp;
  t[k + 1] = tickToPriceUnchecked(tick, orientation);
  t[k + 2] = 1 / sp;
}
