import type { BacktestConfig } from "../config/index.js";
import type { Strategy } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import { fullRange, holdTokens, passiveRange, recenterRange } from "../strategy/index.js";

/** Returns the range strategy a config describes (its hedges are added by createHedgeSetup). */
export function createStrategyFromConfig(config: BacktestConfig): Strategy {
  requireObject(config, "config");
  requireObject(config.strategy, "config.strategy");
  const s = config.strategy;
  switch (s.kind) {
    case "passive": {
      const p = config.position;
      // The schema requires range or ticks for passive; ticks win (they name the position exactly).
      if (p.ticks !== undefined)
        return passiveRange({
          ticks: p.ticks,
          liquidity: p.liquidity,
          swap: p.amounts !== undefined ? false : undefined,
        });
      const r = p.range!;
      return passiveRange({
        range:
          r.lower !== undefined
            ? { lower: r.lower, upper: r.upper! }
            : { belowPct: r.belowPct!, abovePct: r.abovePct! },
        swap: p.amounts !== undefined ? false : undefined,
      });
    }
    case "fullRange":
      return fullRange();
    case "recenter":
      return recenterRange(s.params);
    case "hold":
      return holdTokens(s.params ?? {});
  }
}
