/**
 * Returns the gamma (∂²value/∂P², base units per quote-per-base) of a constant-product position.
 *
 * Formula: gamma = −L / (2 P^{3/2}) = −L / (2 (√P)³). Units: `liquidity` L in √(base·quote) human units,
 * `sqrtPrice` = √P with P in quote per base.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0` and `sqrtPrice > 0`.
 *
 * @example
 * import { v2Gamma } from "./v2Gamma.js";
 * v2Gamma(100, 2); // -6.25
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al., "Automated Market Making and Loss-Versus-Rebalancing")
 */
export function v2Gamma(liquidity: number, sqrtPrice: number): number {
  return -liquidity / (2 * sqrtPrice * sqrtPrice * sqrtPrice);
}
