import { requireObject } from "../../errors/guards.js";
import { type VolatilityBandParameters, volatilityBand } from "./volatilityBand.js";

export type VolatilityBandTriggerParameters = VolatilityBandParameters & {
  /** Target hedge position, base units. */
  target: number;
  /** Current hedge position, base units. */
  hedge: number;
};

/**
 * Returns true when |target − hedge| > k · |Γ| · S · σ · √Δt, the band of {@link volatilityBand} (strict).
 * Allocation-free; throws InvalidInputError (naming the field) on a bad volatility, horizon or price.
 *
 * @example
 * import { volatilityBandTrigger } from "lpguard/strategy";
 * volatilityBandTrigger({ target: -10, hedge: -9.8, k: 2, volatility: 0.8, horizonYears: 1 / 8760,
 *   gamma: -0.0025, price: 2000 }); // true (0.2 > 0.0855)
 * @see volatilityBand
 */
export function volatilityBandTrigger(p: VolatilityBandTriggerParameters): boolean {
  requireObject(p, "options");
  const gap = p.target - p.hedge;
  return (gap < 0 ? -gap : gap) > volatilityBand(p);
}
