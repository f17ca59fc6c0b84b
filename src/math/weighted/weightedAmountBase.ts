import { weightedValue } from "./weightedValue.js";

/**
 * Returns the base amount of a two-asset weighted pool position, which is also its delta (∂value/∂P).
 *
 * Formula: base = w · V / P with V = `weightedValue(k, P, w)`. Units: base units.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0`, `price > 0` and `0 < weight < 1`.
 *
 * @example
 * import { weightedAmountBase } from "./weightedAmountBase.js";
 * weightedAmountBase(100, 4, 0.5); // 50
 * @see https://docs.balancer.fi/concepts/explore-available-balancer-pools/weighted-pool/weighted-math.html
 */
export function weightedAmountBase(liquidity: number, price: number, weight: number): number {
  return (weight * weightedValue(liquidity, price, weight)) / price;
}
