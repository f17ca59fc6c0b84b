import { requireObject } from "../../../errors/guards.js";
import { assertPositive, type InvalidInputError } from "../../../errors/math.js";
import { checkRange } from "./checkRange.js";
import { v3Value } from "./v3Value.js";

export type V3LiquidityForDepositParameters = {
  /** Deposit value in quote units. */
  deposit: number;
  /** Price at which the deposit is made, quote per base. */
  entryPrice: number;
  /** Lower end A of the range, quote per base. */
  lower: number;
  /** Upper end B of the range, quote per base. */
  upper: number;
};
export type V3LiquidityForDepositReturnType = number;
export type V3LiquidityForDepositErrorType = InvalidInputError;

/**
 * Returns the liquidity L that a deposit worth `deposit` quote units buys on the range [A, B] at `entryPrice`.
 *
 * Formula: L = V0 / value₁(P0), where value₁ is `v3Value` of unit liquidity (L(2√P0 − √A − P0/√B) inside).
 * Units: L in √(base·quote) human units.
 *
 * @example
 * import { v3LiquidityForDeposit } from "./v3LiquidityForDeposit.js";
 * v3LiquidityForDeposit({ deposit: 200, entryPrice: 4, lower: 1, upper: 16 }); // 100
 * @see https://uniswap.org/whitepaper-v3.pdf
 * @throws {InvalidInputError} when an input is not a finite number > 0 or `lower >= upper`.
 */
export function v3LiquidityForDeposit(options: V3LiquidityForDepositParameters): number {
  const { deposit, entryPrice, lower, upper } = requireObject(options, "options");
  assertPositive("deposit", deposit);
  assertPositive("entryPrice", entryPrice);
  checkRange("lower", lower, "upper", upper);
  const unitValue = v3Value(1, Math.sqrt(entryPrice), Math.sqrt(lower), Math.sqrt(upper));
  const liquidity = deposit / unitValue;
  assertPositive("liquidity", liquidity);
  return liquidity;
}
