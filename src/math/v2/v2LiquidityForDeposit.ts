import { requireObject } from "../../errors/guards.js";
import { assertPositive, type InvalidInputError } from "../../errors/math.js";

export type V2LiquidityForDepositParameters = {
  /** Deposit value in quote units. */
  deposit: number;
  /** Price at which the deposit is made, quote per base. */
  entryPrice: number;
};
export type V2LiquidityForDepositReturnType = number;
export type V2LiquidityForDepositErrorType = InvalidInputError;

/**
 * Returns the liquidity L that a deposit worth `deposit` quote units buys in a constant-product pool at
 * `entryPrice`.
 *
 * Formula: L = V0 / (2 √P0). Units: L in √(base·quote) human units.
 *
 * @example
 * import { v2LiquidityForDeposit } from "./v2LiquidityForDeposit.js";
 * v2LiquidityForDeposit({ deposit: 400, entryPrice: 4 }); // 100
 * @see https://uniswap.org/whitepaper.pdf
 * @throws {InvalidInputError} when `deposit` or `entryPrice` is not a finite number > 0.
 */
export function v2LiquidityForDeposit(options: V2LiquidityForDepositParameters): number {
  const { deposit, entryPrice } = requireObject(options, "options");
  assertPositive("deposit", deposit);
  assertPositive("entryPrice", entryPrice);
  const liquidity = deposit / (2 * Math.sqrt(entryPrice));
  assertPositive("liquidity", liquidity);
  return liquidity;
}
