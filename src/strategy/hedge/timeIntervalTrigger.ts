import { requireObject } from "../../errors/guards.js";
export type TimeIntervalTriggerParameters = {
  /** Current time, ms. */
  now: number;
  /** Time of the last hedge, ms. */
  lastHedgeTime: number;
  /** Rebalance period, ms. */
  intervalMs: number;
};

/**
 * Returns true once the interval has elapsed since the last hedge: now − lastHedgeTime ≥ intervalMs
 * (inclusive, so an hourly trigger fires on every hourly bar). Pure, allocation-free.
 *
 * @example
 * import { timeIntervalTrigger } from "lpguard/strategy";
 * timeIntervalTrigger({ now: 3_600_000, lastHedgeTime: 0, intervalMs: 3_600_000 }); // true
 */
export function timeIntervalTrigger(p: TimeIntervalTriggerParameters): boolean {
  requireObject(p, "options");
  return p.now - p.lastHedgeTime >= p.intervalMs;
}
