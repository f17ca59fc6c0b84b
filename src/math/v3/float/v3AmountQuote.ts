/**
 * Returns the quote amount (token1 in Uniswap orientation) of a concentrated-liquidity position on [A, B].
 *
 * Formula: with √P clamped to [√A, √B], quote = L (√P − √A): 0 below the range, L(√B − √A) above it.
 * Units: L in √(base·quote) human units (or raw units, giving a raw amount); result in quote units.
 *
 * Float twin of the exact path: agrees with `LiquidityAmounts.getAmountsForLiquidity(...).amount1` to 1e-9
 * relative wherever that exact amount is ≥ 1e12 raw units (see `v3AmountBase`).
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0` and `0 < sqrtLower < sqrtUpper`,
 * `sqrtPrice > 0`.
 *
 * @example
 * import { v3AmountQuote } from "./v3AmountQuote.js";
 * v3AmountQuote(100, 2, 1, 4); // 100 (= 100·(2 − 1))
 * @see https://uniswap.org/whitepaper-v3.pdf (eq. 6.29–6.30)
 */
export function v3AmountQuote(
  liquidity: number,
  sqrtPrice: number,
  sqrtLower: number,
  sqrtUpper: number,
): number {
  if (sqrtPrice <= sqrtLower) return 0;
  const s = sqrtPrice > sqrtUpper ? sqrtUpper : sqrtPrice;
  return liquidity * (s - sqrtLower);
}
