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
  return new PassiveRange(range, ticks, liquidity, swap);
}

/**
 * The passive strategy (see `passiveRange`). A class: the engine's loop inlines `onBar`, and a method made per run as
 * a closure dies with its run, after which V8 dropped the loop's feedback at the next GC (see `poolVenueModel.ts`).
 */
class PassiveRange implements Strategy {
  readonly name = "passive";
  readonly stateless = true;

  constructor(
    private readonly range: RangeSpec | undefined,
    private readonly ticks: { lower: number; upper: number } | undefined,
    private readonly liquidity: string | undefined,
    private readonly swap: boolean | undefined,
  ) {}

  init(ctx: StrategyContext): readonly Intent[] {
    const { range, ticks, liquidity, swap } = this;
    let tickLower: number;
    let tickUpper: number;
    if (ticks !== undefined) ({ lower: tickLower, upper: tickUpper } = ticks);
    else if (range !== undefined) [tickLower, tickUpper] = resolveRangeTicks({ range, ctx });
    else throw new InvalidInputError({ field: "range", value: range, expected: "a range or ticks" });
    const mint: MintIntent = { kind: "mint", tickLower, tickUpper };
    if (liquidity !== undefined) mint.liquidity = liquidity;
    if (swap === false) mint.swap = false;
    return [mint];
  }

  onBar(): undefined {
    return undefined;
  }
}
