/**
 * Returns the gamma (∂²value/∂P²) of a concentrated-liquidity position on [A, B].
 *
 * Formula: gamma = −L / (2 P^{3/2}) while A ≤ P < B (the pool's active range, tickLower ≤ tick < tickUpper),
 * 0 outside. Units: base per (quote per base).
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0`, `0 < sqrtLower < sqrtUpper`,
 * `sqrtPrice > 0`.
 *
 * @example
 * import { v3Gamma } from "./v3Gamma.js";
 * v3Gamma(100, 2, 1, 4); // -6.25
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al., 2022)
 */
export function v3Gamma(liquidity: number, sqrtPrice: number, sqrtLower: number, sqrtUpper: number): number {
  if (sqrtPrice < sqrtLower || sqrtPrice >= sqrtUpper) return 0;
  return -liquidity / (2 * sqrtPrice * sqrtPrice * sqrtPrice);
}
