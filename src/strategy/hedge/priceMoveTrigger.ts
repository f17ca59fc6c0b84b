import { requireObject } from "../../errors/guards.js";
export type PriceMoveTriggerParameters = {
  /** Current price, quote per base. */
  price: number;
  /** Price at the last hedge, quote per base (> 0). */
  lastHedgePrice: number;
  /** Relative move that triggers, as a fraction (0.02 = 2 %). */
  threshold: number;
};

/**
 * Returns true when the price has moved by more than `threshold` since the last hedge:
 * |price / lastHedgePrice − 1| > threshold (strict). Pure, allocation-free; NaN inputs return false.
 *
 * @example
 * import { priceMoveTrigger } from "lpguard/strategy";
 * priceMoveTrigger({ price: 2050, lastHedgePrice: 2000, threshold: 0.02 }); // true (2.5 % > 2 %)
 */
export function priceMoveTrigger(p: PriceMoveTriggerParameters): boolean {
  requireObject(p, "options");
  const move = p.price / p.lastHedgePrice - 1;
  return (move < 0 ? -move : move) > p.threshold;
}
