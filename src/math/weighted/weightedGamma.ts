import { weightedValue } from "./weightedValue.js";

/**
 * Returns the gamma (∂²value/∂P²) of a two-asset weighted pool position.
 *
 * Formula: gamma = w (w − 1) V / P² (always ≤ 0). Units: base per (quote per base).
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0`, `price > 0` and `0 < weight < 1`.
 *
 * @example
 * import { weightedGamma } from "./weightedGamma.js";
 * weightedGamma(100, 4, 0.5); // -6.25
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al., 2022, weighted pools)
 */
export function weightedGamma(liquidity: number, price: number, weight: number): number {
  return (weight * (weight - 1) * weightedValue(liquidity, price, weight)) / (price * price);
}
