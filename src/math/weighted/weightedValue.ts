/**
 * Returns the value in quote units of a two-asset weighted (Balancer) pool position with invariant
 * `liquidity` k = base^w · quote^(1−w) and base weight w, at price P.
 *
 * Formula: the spot price is P = (quote/(1−w)) / (base/w), so base·P = w·V and quote = (1−w)·V, and
 * V = k · (P/w)^w · (1/(1−w))^(1−w). For w = 1/2 this is 2k√P, the constant-product value with L = k.
 * Units: k in base^w·quote^(1−w) human units, P in quote per base.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0`, `price > 0` and `0 < weight < 1`.
 *
 * @example
 * import { weightedValue } from "./weightedValue.js";
 * weightedValue(100, 4, 0.5); // 400
 * @see https://docs.balancer.fi/concepts/explore-available-balancer-pools/weighted-pool/weighted-math.html
 */
export function weightedValue(liquidity: number, price: number, weight: number): number {
  return liquidity * (price / weight) ** weight * (1 - weight) ** (weight - 1);
}
