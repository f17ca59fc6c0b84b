import { requireObject } from "../../errors/guards.js";
export type RelativeBandTriggerParameters = {
  /** Target hedge position, base units. */
  target: number;
  /** Current hedge position, base units. */
  hedge: number;
  /** Band as a fraction of |target| (0.1 = rebalance when off by more than 10 % of the target). */
  fraction: number;
};

/**
 * Returns true when |target − hedge| > fraction · |target| (strict). With target 0 any non-zero hedge triggers,
 * so an unwinding hedge is closed. Pure, allocation-free; NaN inputs return false.
 *
 * @example
 * import { relativeBandTrigger } from "lpguard/strategy";
 * relativeBandTrigger({ target: -10, hedge: -8.5, fraction: 0.1 }); // true (1.5 > 1)
 */
export function relativeBandTrigger(p: RelativeBandTriggerParameters): boolean {
  requireObject(p, "options");
  const gap = p.target - p.hedge;
  const t = p.target < 0 ? -p.target : p.target;
  return (gap < 0 ? -gap : gap) > p.fraction * t;
}
