/**
 * Returns the base amount of a constant-product (Uniswap v2) position, which is also its delta.
 *
 * Formula: base = L / √P. Units: `liquidity` L in √(base·quote) human units, `sqrtPrice` = √P with P in
 * quote per base; result in base units. Delta = ∂value/∂P = base.
 *
 * Hot path, unchecked: the caller guarantees `liquidity >= 0` and `sqrtPrice > 0`, both finite (validate once
 * with `analyzePosition` or your own checks); the result is then finite.
 *
 * @example
 * import { v2AmountBase } from "./v2AmountBase.js";
 * v2AmountBase(100, 2); // 50
 * @see https://uniswap.org/whitepaper.pdf (constant product x·y = L²)
 */
export function v2AmountBase(liquidity: number, sqrtPrice: number): number {
  return liquidity / sqrtPrice;
}
