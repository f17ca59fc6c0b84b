import type { Intent, MintIntent, Strategy, StrategyContext } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { resolveRangeTicks } from "./resolveRangeTicks.js";
import type { RangeSpec } from "./types.js";

export type PassiveRangeParameters = {
  /** The range as prices or percentages of the start price (ignored when `ticks` is given). */
  range?: RangeSpec;
  /** The range as raw pool ticks (multiples of the pool's tick spacing, lower < upper). */
  ticks?: { lower: number; upper: number };
  /** Mint exactly this raw liquidity (decimal string) from the cash, without a swap. */
  liquidity?: string;
  /** false: mint from the cash as it is, without swapping to the range's ratio (default true). */
  swap?: boolean;
};

/**
 * Returns a passive range strategy: at bar 0 it mints one position on the range (prices, ± percent of the start
 * price, or raw ticks) with all cash (or exactly `liquidity`) and never touches it again.
 */
export function passiveRange(options: PassiveRangeParameters): Strategy {
  const { range, ticks, liquidity, swap } = requireObject(options, "options");
  return {
    name: "passive",
    stateless: true,
    init(ctx: StrategyContext): readonly Intent[] {
      let tickLower: number;
      let tickUpper: number;
      if (ticks !== undefined) ({ lower: tickLower, upper: tickUpper } = ticks);
      else if (range !== undefined) [tickLower, tickUpper] = resolveRangeTicks({ range, ctx });
      else throw new InvalidInputError({ field: "range", value: range, expected: "a range or ticks" });
      const mint: MintIntent = { kind: "mint", tickLower, tickUpper };
      if (liquidity !== undefined) mint.liquidity = liquidity;
      if (swap === false) mint.swap = false;
      return [mint];
    },
    onBar(): undefined {
      return undefined;
    },
  };
}
