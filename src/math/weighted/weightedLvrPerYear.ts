import { weightedValue } from "./weightedValue.js";

/**
 * Returns the instantaneous loss-versus-rebalancing rate of a two-asset weighted pool position, in quote
 * per year.
 *
 * Formula: LVR = σ²P²/2 · |∂base/∂P| = σ²/2 · w (1 − w) · V, with σ the annualised volatility of log price.
 *
 * Hot path, unchecked: the caller guarantees finite `liquidity >= 0`, `price > 0`, `0 < weight < 1`,
 * `vol >= 0`.
 *
 * @example
 * import { weightedLvrPerYear } from "./weightedLvrPerYear.js";
 * weightedLvrPerYear(100, 4, 0.5, 0.5); // 12.5
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al., 2022)
 */
export function weightedLvrPerYear(liquidity: number, price: number, weight: number, vol: number): number {
  return ((vol * vol) / 2) * weight * (1 - weight) * weightedValue(liquidity, price, weight);
}
