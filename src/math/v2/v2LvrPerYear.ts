/**
 * Returns the instantaneous loss-versus-rebalancing rate of a constant-product position, in quote per year.
 *
 * Formula: LVR = σ²P²/2 · |∂base/∂P| = σ²/8 · value = σ² L √P / 4, with σ the annualised volatility of
 * log price. Units: `liquidity` L in √(base·quote), `sqrtPrice` = √P (P in quote per base), `vol` per √year.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0`, `sqrtPrice > 0`, `vol >= 0`.
 *
 * @example
 * import { v2LvrPerYear } from "./v2LvrPerYear.js";
 * v2LvrPerYear(100, 2, 0.5); // 12.5 (= 0.25 / 8 · 400)
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al., 2022, Corollary 1)
 */
export function v2LvrPerYear(liquidity: number, sqrtPrice: number, vol: number): number {
  return (vol * vol * liquidity * sqrtPrice) / 4;
}
