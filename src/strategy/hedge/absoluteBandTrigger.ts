import { requireObject } from "../../errors/guards.js";
export type AbsoluteBandTriggerParameters = {
  /** Target hedge position, base units (e.g. from deltaTarget). */
  target: number;
  /** Current hedge position, base units. */
  hedge: number;
  /** Half-width of the no-trade band, base units (≥ 0). */
  band: number;
};

/**
 * Returns true when the hedge has drifted outside the absolute band: |target − hedge| > band (strict; equal
 * to the band does not trigger). Also the trigger for a Whalley–Wilmott or volatility-scaled band: pass that
 * band. Pure, allocation-free; NaN inputs return false.
 *
 * @example
 * import { absoluteBandTrigger } from "lpguard/strategy";
 * absoluteBandTrigger({ target: -10, hedge: -9.4, band: 0.5 }); // true (0.6 > 0.5)
 * @see Leland (1985), "Option pricing and replication with transactions costs", J. Finance 40(5)
 */
export function absoluteBandTrigger(p: AbsoluteBandTriggerParameters): boolean {
  requireObject(p, "options");
  const gap = p.target - p.hedge;
  return (gap < 0 ? -gap : gap) > p.band;
}
