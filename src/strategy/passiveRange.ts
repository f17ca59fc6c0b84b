import type { Intent, Strategy, StrategyContext } from "../engine/types.js";
import { resolveRangeTicks } from "./resolveRangeTicks.js";
import type { RangeSpec } from "./types.js";

export type PassiveRangeParameters = { range: RangeSpec };

/**
 * Returns a passive range strategy: at bar 0 it mints one position on the range (prices, or ± percent of the start
 * price) with all cash and never touches it again.
 */
export function passiveRange({ range }: PassiveRangeParameters): Strategy {
  return {
    name: "passive",
    stateless: true,
    init(ctx: StrategyContext): readonly Intent[] {
      const [tickLower, tickUpper] = resolveRangeTicks({ range, ctx });
      return [{ kind: "mint", tickLower, tickUpper }];
    },
    onBar(): undefined {
      return undefined;
    },
  };
}
