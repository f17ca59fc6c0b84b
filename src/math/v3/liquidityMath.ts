/**
 * Port of Uniswap v3-core `LiquidityMath`.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/LiquidityMath.sol
 */
import { type InvalidInputError, MathRevertError } from "../../errors/math.js";
import { assertInt, assertUint } from "./checks.js";
import { MaxInt128, MaxUint128, MinInt128 } from "./constants.js";

export type AddDeltaErrorType = MathRevertError | InvalidInputError;

/**
 * Returns `x + y` for a uint128 liquidity `x` and an int128 liquidity delta `y`, as `LiquidityMath.addDelta`.
 *
 * Throws MathRevertError where the contract reverts: `'LS'` when the result would be below 0 (liquidity
 * subtracted), `'LA'` when it would exceed 2^128 − 1 (liquidity added). Design note: the contract detects both by
 * the uint128 wrap (`z < x` / `z >= x`); here the unbounded result is compared with the bounds, which is equivalent.
 *
 * @example
 * import { LiquidityMath } from "./liquidityMath.js";
 * LiquidityMath.addDelta(10n, -3n); // 7n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/LiquidityMath.sol (addDelta)
 */
function addDelta(x: bigint, y: bigint): bigint {
  assertUint("x", x, MaxUint128, "uint128");
  assertInt("y", y, MinInt128, MaxInt128, "int128");
  const z = x + y;
  if (z < 0n)
    throw new MathRevertError({ operation: "LiquidityMath.addDelta", reason: `LS: ${x} + (${y}) < 0` });
  if (z > MaxUint128)
    throw new MathRevertError({
      operation: "LiquidityMath.addDelta",
      reason: `LA: ${x} + ${y} exceeds 2^128 - 1`,
    });
  return z;
}

/**
 * Port of `LiquidityMath`: `addDelta(uint128 x, int128 y)` with overflow and underflow reverts.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/LiquidityMath.sol
 */
export const LiquidityMath = { addDelta } as const;
