/**
 * Returns the base amount (token0 in Uniswap orientation) of a concentrated-liquidity position on [A, B],
 * which is also its delta (∂value/∂P).
 *
 * Formula: with √P clamped to [√A, √B], base = L (1/√P − 1/√B): L(1/√A − 1/√B) below the range, 0 above it.
 * Units: L in √(base·quote) human units (or raw units, giving a raw amount), square roots of prices in quote
 * per base; result in base units. Boundaries follow `LiquidityAmounts.getAmountsForLiquidity`.
 *
 * Float twin of the exact path: on sqrt prices `Number(sqrtPriceX96) / 2^96` and raw liquidity it agrees with
 * `LiquidityAmounts.getAmountsForLiquidity(...).amount0` to 1e-9 relative wherever that exact amount is
 * ≥ 1e12 raw units (so its integer rounding, ≤ 2 units, is below 1e-11 relative).
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0` and `0 < sqrtLower < sqrtUpper`,
 * `sqrtPrice > 0`.
 *
 * @example
 * import { v3AmountBase } from "./v3AmountBase.js";
 * v3AmountBase(100, 2, 1, 4); // 25 (= 100·(1/2 − 1/4))
 * @see https://uniswap.org/whitepaper-v3.pdf (eq. 6.29–6.30)
 */
export function v3AmountBase(
  liquidity: number,
  sqrtPrice: number,
  sqrtLower: number,
  sqrtUpper: number,
): number {
  if (sqrtPrice >= sqrtUpper) return 0;
  const s = sqrtPrice < sqrtLower ? sqrtLower : sqrtPrice;
  return (liquidity * (sqrtUpper - s)) / (s * sqrtUpper);
}
