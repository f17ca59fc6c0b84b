import { InvalidInputError } from "../errors/math.js";
import type { PoolMeta } from "../types/series.js";
import { MAX_TICK, MIN_TICK } from "./v3Exact.js";

const LN_1_0001 = Math.log(1.0001);

/** Price ↔ tick helpers of one pool (human units, quote per base), as a strategy context offers them. */
export type PoolTickHelpers = {
  /** Price at `tick`: ln P = logScale ∓ tick · ln(1.0001). */
  priceAtTick(tick: number): number;
  /** The usable tick (a multiple of the spacing, clamped) nearest to price `p` (> 0, finite). */
  tickAtPrice(p: number): number;
  /** The narrowest usable tick range containing both prices (at least one spacing wide). */
  ticksForPriceRange(pA: number, pB: number): [number, number];
  /** The widest usable range [min, max]. */
  fullRangeTicks(): [number, number];
};

/** Returns the price/tick helpers of a pool (the engine's strategy context and the keeper share them). */
export function poolTickHelpers(meta: PoolMeta): PoolTickHelpers {
  const baseIs1 = meta.baseToken === 1;
  const logScale = baseIs1
    ? (meta.token1.decimals - meta.token0.decimals) * Math.LN10
    : (meta.token0.decimals - meta.token1.decimals) * Math.LN10;
  const tickSign = baseIs1 ? -1 : 1;
  const spacing = meta.tickSpacing;
  const minUsable = Math.ceil(MIN_TICK / spacing) * spacing;
  const maxUsable = Math.floor(MAX_TICK / spacing) * spacing;
  const rawTick = (price: number): number => (tickSign * (Math.log(price) - logScale)) / LN_1_0001;
  const clampTick = (t: number): number => (t < minUsable ? minUsable : t > maxUsable ? maxUsable : t);
  const checkPrice = (field: string, v: number): void => {
    if (!(v > 0 && Number.isFinite(v)))
      throw new InvalidInputError({ field, value: v, expected: "a finite number > 0" });
  };
  return {
    priceAtTick: (tick: number): number => Math.exp(logScale + tickSign * tick * LN_1_0001),
    tickAtPrice(p: number): number {
      checkPrice("price", p);
      return clampTick(Math.round(rawTick(p) / spacing) * spacing);
    },
    ticksForPriceRange(pA: number, pB: number): [number, number] {
      checkPrice("priceA", pA);
      checkPrice("priceB", pB);
      const a = rawTick(pA);
      const b = rawTick(pB);
      let lo = clampTick(Math.floor(Math.min(a, b) / spacing) * spacing);
      let hi = clampTick(Math.ceil(Math.max(a, b) / spacing) * spacing);
      if (hi <= lo) {
        if (lo + spacing <= maxUsable) hi = lo + spacing;
        else lo = hi - spacing;
      }
      return [lo, hi];
    },
    fullRangeTicks: (): [number, number] => [minUsable, maxUsable],
  };
}
