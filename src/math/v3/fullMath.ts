/**
 * Port of Uniswap v3-core `FullMath`: 512-bit multiply then divide, with the contract's revert conditions.
 *
 * Design note: the contract needs a 512-bit product split over two words (Remco Bloemen's algorithm) because EVM
 * words are 256 bits. Native `bigint` is unbounded, so `a * b / denominator` is already exact; what must be
 * emulated explicitly is the revert when the quotient does not fit in 256 bits or the denominator is zero.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/FullMath.sol
 */
import { MathRevertError } from "../../errors/math.js";
import { assertUint } from "./checks.js";
import { MaxUint256 } from "./constants.js";

export type MulDivParameters = [a: bigint, b: bigint, denominator: bigint];
export type MulDivReturnType = bigint;
export type MulDivErrorType = MathRevertError;

/**
 * Returns floor(a × b ÷ denominator) with full precision, as `FullMath.mulDiv`.
 *
 * Inputs are uint256; throws MathRevertError where the contract reverts: `denominator` is 0 or the result
 * exceeds 2^256 − 1.
 *
 * @example
 * import { FullMath } from "./fullMath.js";
 * FullMath.mulDiv(2n ** 255n, 4n, 8n); // 2n ** 254n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/FullMath.sol (mulDiv)
 */
function mulDiv(a: bigint, b: bigint, denominator: bigint): bigint {
  assertUint("a", a, MaxUint256, "uint256");
  assertUint("b", b, MaxUint256, "uint256");
  assertUint("denominator", denominator, MaxUint256, "uint256");
  return mulDivUnchecked(a, b, denominator);
}

/**
 * Returns ceil(a × b ÷ denominator) with full precision, as `FullMath.mulDivRoundingUp`.
 *
 * Throws MathRevertError where the contract reverts: `denominator` is 0, or the rounded-up result exceeds
 * 2^256 − 1 (the contract's `require(result < type(uint256).max)` before incrementing).
 *
 * @example
 * import { FullMath } from "./fullMath.js";
 * FullMath.mulDivRoundingUp(7n, 3n, 2n); // 11n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/FullMath.sol (mulDivRoundingUp)
 */
function mulDivRoundingUp(a: bigint, b: bigint, denominator: bigint): bigint {
  assertUint("a", a, MaxUint256, "uint256");
  assertUint("b", b, MaxUint256, "uint256");
  assertUint("denominator", denominator, MaxUint256, "uint256");
  return mulDivRoundingUpUnchecked(a, b, denominator);
}

/** mulDiv on inputs already known to be uint256 (internal hot path; still reverts like the contract). */
export function mulDivUnchecked(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n)
    throw new MathRevertError({ operation: "FullMath.mulDiv", reason: "denominator is 0" });
  const result = (a * b) / denominator;
  if (result > MaxUint256)
    throw new MathRevertError({ operation: "FullMath.mulDiv", reason: `result ${result} exceeds 2^256 - 1` });
  return result;
}

/** mulDivRoundingUp on inputs already known to be uint256 (internal hot path; still reverts like the contract). */
export function mulDivRoundingUpUnchecked(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n)
    throw new MathRevertError({ operation: "FullMath.mulDivRoundingUp", reason: "denominator is 0" });
  const product = a * b;
  let result = product / denominator;
  if (result * denominator !== product) {
    if (result >= MaxUint256)
      throw new MathRevertError({
        operation: "FullMath.mulDivRoundingUp",
        reason: `rounded result exceeds 2^256 - 1`,
      });
    result++;
  } else if (result > MaxUint256) {
    throw new MathRevertError({
      operation: "FullMath.mulDivRoundingUp",
      reason: `result ${result} exceeds 2^256 - 1`,
    });
  }
  return result;
}

/**
 * Port of `FullMath`: `mulDiv` (floor) and `mulDivRoundingUp` (ceil) of a × b ÷ denominator on uint256.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/FullMath.sol
 */
export const FullMath = { mulDiv, mulDivRoundingUp } as const;
