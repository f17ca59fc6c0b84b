/**
 * Returns the value in quote units of a constant-product (Uniswap v2) position.
 *
 * Formula: value = base·P + quote = 2 L √P. Units: `liquidity` L in √(base·quote) human units,
 * `sqrtPrice` = √P with P in quote per base.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0` and `sqrtPrice > 0`.
 *
 * @example
 * import { v2Value } from "./v2Value.js";
 * v2Value(100, 2); // 400
 * @see https://uniswap.org/whitepaper.pdf
 */
export function v2Value(liquidity: number, sqrtPrice: number): number {
  return 2 * liquidity * sqrtPrice;
}
