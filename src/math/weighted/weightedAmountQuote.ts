import { weightedValue } from "./weightedValue.js";

/**
 * Returns the quote amount of a two-asset weighted pool position.
 *
 * Formula: quote = (1 − w) · V with V = `weightedValue(k, P, w)`. Units: quote units.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0`, `price > 0` and `0 < weight < 1`.
 *
 * @example
 * import { weightedAmountQuote } from "./weightedAmountQuote.js";
 * weightedAmountQuote(100, 4, 0.5); // 200
 * @see https://docs.balancer.fi/concepts/explore-available-balancer-pools/weighted-pool/weighted-math.html
 */
export function weightedAmountQuote(liquidity: number, price: number, weight: number): number {
  return (1 - weight) * weightedValue(liquidity, price, weight);
}
