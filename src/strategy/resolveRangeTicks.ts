import type { StrategyContext } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { RangeSpec } from "./types.js";

export type ResolveRangeTicksParameters = { range: RangeSpec; ctx: StrategyContext; centerPrice?: number };
export type ResolveRangeTicksReturnType = [tickLower: number, tickUpper: number];

/**
 * Returns the usable ticks [tickLower, tickUpper] covering a range spec: prices as given, or
 * [P_c·(1 − belowPct/100), P_c·(1 + abovePct/100)] around `centerPrice` (default the context's price).
 * The ticks are rounded outwards to the pool's spacing, so the range covers at least the requested prices.
 */
export function resolveRangeTicks(options: ResolveRangeTicksParameters): ResolveRangeTicksReturnType {
  requireObject(options, "options");
  requireObject(options.range, "options.range");
  const { range, ctx, centerPrice } = options;
  if ("lower" in range) {
    if (!(range.lower > 0 && range.upper > range.lower))
      throw new InvalidInputError({ field: "range", value: range, expected: "0 < lower < upper" });
    return ctx.ticksForPriceRange(range.lower, range.upper);
  }
  const c = centerPrice ?? ctx.price;
  if (!(range.belowPct >= 0 && range.belowPct < 100))
    throw new InvalidInputError({
      field: "range.belowPct",
      value: range.belowPct,
      expected: "a number in [0, 100)",
    });
  if (!(range.abovePct >= 0 && Number.isFinite(range.abovePct)))
    throw new InvalidInputError({
      field: "range.abovePct",
      value: range.abovePct,
      expected: "a finite number >= 0",
    });
  return ctx.ticksForPriceRange(c * (1 - range.belowPct / 100), c * (1 + range.abovePct / 100));
}
