import { requireObject } from "../../errors/guards.js";
import { assertPositive, type InvalidInputError } from "../../errors/math.js";
import { checkWeight } from "./checkWeight.js";
import { weightedValue } from "./weightedValue.js";

export type WeightedLiquidityForDepositParameters = {
  /** Deposit value in quote units. */
  deposit: number;
  /** Price at which the deposit is made, quote per base. */
  entryPrice: number;
  /** Base weight w in (0, 1). */
  weight: number;
};
export type WeightedLiquidityForDepositReturnType = number;
export type WeightedLiquidityForDepositErrorType = InvalidInputError;

/**
 * Returns the invariant k = base^w · quote^(1−w) of a weighted pool position bought with `deposit` quote units
 * at `entryPrice` (base = w·V0/P0, quote = (1−w)·V0).
 *
 * Formula: k = V0 / ((P0/w)^w · (1/(1−w))^(1−w)). For w = 1/2 this is V0/(2√P0), the constant-product L.
 *
 * @example
 * import { weightedLiquidityForDeposit } from "./weightedLiquidityForDeposit.js";
 * weightedLiquidityForDeposit({ deposit: 400, entryPrice: 4, weight: 0.5 }); // 100
 * @see https://docs.balancer.fi/concepts/explore-available-balancer-pools/weighted-pool/weighted-math.html
 * @throws {InvalidInputError} when an input is not a finite number > 0 or `weight` is outside (0, 1).
 */
export function weightedLiquidityForDeposit(options: WeightedLiquidityForDepositParameters): number {
  const { deposit, entryPrice, weight } = requireObject(options, "options");
  assertPositive("deposit", deposit);
  assertPositive("entryPrice", entryPrice);
  checkWeight(weight);
  const liquidity = deposit / weightedValue(1, entryPrice, weight);
  assertPositive("liquidity", liquidity);
  return liquidity;
}
