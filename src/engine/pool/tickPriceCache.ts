/**
 * The v3 model's per-tick price cache: √p (raw) and P (quote per base, human) of a close tick, from
 * `src/math/units.ts` (`sqrtRawPriceAtTick`, `tickToPriceUnchecked`: within 1 ulp and 0.5 ulp of the exact
 * values), filled on first use so a tick the price returns to costs a load. The table is a window of ticks
 * [tickMin, tickMin + size) around the ticks seen so far (never a future row), doubled and re-centred when a tick
 * falls outside, up to 2^22 entries; beyond that the values are computed each time.
 */
import { type PriceOrientation, sqrtRawPriceAtTick, tickToPriceUnchecked } from "../../math/units.js";
import type { PoolMeta } from "../../types/series.js";

const TABLE_MAX = 1 << 22;

/** Returns the orientation of a pool's human price (decimals and base token). */
export function priceOrientation(meta: PoolMeta): PriceOrientation {
  return { decimals0: meta.token0.decimals, decimals1: meta.token1.decimals, baseToken: meta.baseToken };
}

/**
 * Returns `load(tick)`, which writes √p at `tick` to `out[1]` and P to `out[2]` (a Float64Array, so the per-bar
 * stores are not boxed), from the table when the tick was seen before.
 */
export function createTickPriceCache(meta: PoolMeta, out: Float64Array): (tick: number) => void {
  const orientation = priceOrientation(meta);
  let tickMin = 0;
  let tableSize = 0;
  let spTable = new Float64Array(0);
  let priceTable = new Float64Array(0);
  const growTable = (tick: number): boolean => {
    if (tableSize === 0) {
      tableSize = 4096;
      tickMin = tick - 2048;
      spTable = new Float64Array(tableSize).fill(Number.NaN);
      priceTable = new Float64Array(tableSize);
      return true;
    }
    const lo = Math.min(tickMin, tick);
    const hi = Math.max(tickMin + tableSize - 1, tick);
    let size = tableSize;
    while (size < hi - lo + 1 + 1024 && size < TABLE_MAX) size *= 2;
    if (size < hi - lo + 1) return false;
    const newMin = lo - ((size - (hi - lo + 1)) >> 1);
    const sp = new Float64Array(size).fill(Number.NaN);
    const pr = new Float64Array(size);
    sp.set(spTable, tickMin - newMin);
    pr.set(priceTable, tickMin - newMin);
    spTable = sp;
    priceTable = pr;
    tickMin = newMin;
    tableSize = size;
    return true;
  };
  return (tick: number): void => {
    let idx = tick - tickMin;
    if (!(idx >= 0 && idx < tableSize) && growTable(tick)) idx = tick - tickMin;
    if (idx >= 0 && idx < tableSize) {
      let sp = spTable[idx];
      if (Number.isNaN(sp)) {
        sp = sqrtRawPriceAtTick(tick);
        spTable[idx] = sp;
        priceTable[idx] = tickToPriceUnchecked(tick, orientation);
      }
      out[1] = sp;
      out[2] = priceTable[idx];
    } else {
      out[1] = sqrtRawPriceAtTick(tick);
      out[2] = tickToPriceUnchecked(tick, orientation);
    }
  };
}
