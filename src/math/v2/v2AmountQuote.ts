/**
 * Returns the quote amount of a constant-product (Uniswap v2) position.
 *
 * Formula: quote = L · √P. Units: `liquidity` L in √(base·quote) human units, `sqrtPrice` = √P with P in
 * quote per base; result in quote units.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0` and `sqrtPrice > 0`.
 *
 * @example
 * import { v2AmountQuote } from "./v2AmountQuote.js";
 * v2AmountQuote(100, 2); // 200
 * @see https://uniswap.org/whitepaper.pdf (constant product x·y = L²)
 */
export function v2AmountQuote(liquidity: number, sqrtPrice: number): number {
  return liquidity * sqrtPrice;
}
