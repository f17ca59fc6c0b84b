import { requireObject } from "../../errors/guards.js";
import { assertFinite, assertPositive, type InvalidInputError } from "../../errors/math.js";
import { checkWeight } from "./checkWeight.js";

export type WeightedImpermanentLossParameters = {
  /** Current price, quote per base. */
  price: number;
  /** Entry price, quote per base. */
  entryPrice: number;
  /** Base weight w in (0, 1). */
  weight: number;
};
export type WeightedImpermanentLossReturnType = number;
export type WeightedImpermanentLossErrorType = InvalidInputError;

/**
 * Returns the impermanent loss of a two-asset weighted pool position entered at `entryPrice`.
 *
 * Formula: IL = r^w / (w r + 1 − w) − 1 with r = P / P0 (value grows as r^w, the held entry amounts as
 * w r + 1 − w). Dimensionless, always ≤ 0 (weighted AM–GM), independent of the liquidity.
 *
 * @example
 * import { weightedImpermanentLoss } from "./weightedImpermanentLoss.js";
 * weightedImpermanentLoss({ price: 4, entryPrice: 1, weight: 0.5 }); // -0.2
 * @see https://docs.balancer.fi/concepts/explore-available-balancer-pools/weighted-pool/weighted-math.html
 * @throws {InvalidInputError} when a price is not a finite number > 0 or `weight` is outside (0, 1).
 */
export function weightedImpermanentLoss(options: WeightedImpermanentLossParameters): number {
  const { price, entryPrice, weight } = requireObject(options, "options");
  assertPositive("price", price);
  assertPositive("entryPrice", entryPrice);
  checkWeight(weight);
  const r = price / entryPrice;
  const hodl = weight * r + 1 - weight;
  // (r^w − hodl)/hodl with r^w − 1 from expm1, so IL keeps its precision near r = 1.
  const il = (Math.expm1(weight * Math.log(r)) - weight * (r - 1)) / hodl;
  assertFinite("impermanentLoss", il);
  return il > 0 ? 0 : il;
}
