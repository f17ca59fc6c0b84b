import type { Intent, Strategy, StrategyContext } from "../engine/types.js";

/**
 * Returns a full-range strategy (the v2 equivalent): at bar 0 it mints on [MIN, MAX] usable ticks with all cash.
 * Its value then follows 2√(k·P) like a Uniswap v2 position.
 */
export function fullRange(): Strategy {
  return {
    name: "fullRange",
    stateless: true,
    init(ctx: StrategyContext): readonly Intent[] {
      const [tickLower, tickUpper] = ctx.fullRangeTicks();
      return [{ kind: "mint", tickLower, tickUpper }];
    },
    onBar(): undefined {
      return undefined;
    },
  };
}
