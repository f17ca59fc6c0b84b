import { requireObject } from "../../errors/guards.js";
import { assertPositive, type InvalidInputError } from "../../errors/math.js";

export type V2ImpermanentLossParameters = {
  /** Current price, quote per base. */
  price: number;
  /** Entry price, quote per base. */
  entryPrice: number;
};
export type V2ImpermanentLossReturnType = number;
export type V2ImpermanentLossErrorType = InvalidInputError;

/**
 * Returns the impermanent loss of a constant-product position entered at `entryPrice`, now at `price`.
 *
 * Formula: IL = value / hodlValue − 1 = 2√r / (1 + r) − 1 with r = P / P0. Dimensionless, always ≤ 0,
 * independent of the liquidity.
 *
 * @example
 * import { v2ImpermanentLoss } from "./v2ImpermanentLoss.js";
 * v2ImpermanentLoss({ price: 4, entryPrice: 1 }); // -0.2 (= 2·2/5 − 1)
 * @see https://uniswap.org/whitepaper.pdf
 * @throws {InvalidInputError} when `price` or `entryPrice` is not a finite number > 0.
 */
export function v2ImpermanentLoss(options: V2ImpermanentLossParameters): number {
  const { price, entryPrice } = requireObject(options, "options");
  assertPositive("price", price);
  assertPositive("entryPrice", entryPrice);
  // 2√r/(1+r) − 1 = −(1 − √r)² / (1 + r): the second form has no cancellation near r = 1.
  const s = Math.sqrt(price / entryPrice);
  const r = s * s;
  const d = 1 - s;
  return -(d * d) / (1 + r);
}
