/**
 * Returns the value in quote units of a concentrated-liquidity position on [A, B] at price P.
 *
 * Formula: value = base·P + quote; inside the range L(2√P − √A − P/√B), below it L(1/√A − 1/√B)·P,
 * above it L(√B − √A). Units: L in √(base·quote) human units, square roots of prices in quote per base.
 *
 * Hot path, non-allocating and unchecked: the caller guarantees finite `liquidity >= 0`,
 * `0 < sqrtLower < sqrtUpper` and `sqrtPrice > 0`; the result is then finite.
 *
 * @example
 * import { v3Value } from "./v3Value.js";
 * v3Value(100, 2, 1, 4); // 200 (= 25·4 + 100)
 * @see https://uniswap.org/whitepaper-v3.pdf (eq. 6.29–6.30)
 */
export function v3Value(liquidity: number, sqrtPrice: number, sqrtLower: number, sqrtUpper: number): number {
  if (sqrtPrice >= sqrtUpper) return liquidity * (sqrtUpper - sqrtLower);
  const price = sqrtPrice * sqrtPrice;
  if (sqrtPrice < sqrtLower) return ((liquidity * (sqrtUpper - sqrtLower)) / (sqrtLower * sqrtUpper)) * price;
  // L(2√P − √A − P/√B) written as L((√P − √A) + √P(√B − √P)/√B): no cancellation in narrow ranges.
  return liquidity * (sqrtPrice - sqrtLower + (sqrtPrice * (sqrtUpper - sqrtPrice)) / sqrtUpper);
}
