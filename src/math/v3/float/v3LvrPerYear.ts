/**
 * Returns the instantaneous loss-versus-rebalancing rate of a concentrated-liquidity position on [A, B],
 * in quote units per year.
 *
 * Formula: LVR = σ²P²/2 · |∂base/∂P| = σ² L √P / 4 while A ≤ P < B, 0 outside (the position holds one
 * asset and does not trade). `vol` σ is the annualised volatility of log price.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0`, `0 < sqrtLower < sqrtUpper`,
 * `sqrtPrice > 0`, `vol >= 0`.
 *
 * @example
 * import { v3LvrPerYear } from "./v3LvrPerYear.js";
 * v3LvrPerYear(100, 2, 1, 4, 0.5); // 12.5
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al., 2022)
 */
export function v3LvrPerYear(
  liquidity: number,
  sqrtPrice: number,
  sqrtLower: number,
  sqrtUpper: number,
  vol: number,
): number {
  if (sqrtPrice < sqrtLower || sqrtPrice >= sqrtUpper) return 0;
  return (vol * vol * liquidity * sqrtPrice) / 4;
}
