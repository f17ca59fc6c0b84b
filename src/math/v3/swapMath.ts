/**
 * Port of Uniswap v3-core `SwapMath`.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SwapMath.sol
 */
import { InvalidInputError, type MathRevertError } from "../../errors/math.js";
import { assertInt, assertUint } from "./checks.js";
import { MaxInt256, MaxUint128, MaxUint160, MinInt256 } from "./constants.js";
import { mulDivRoundingUpUnchecked } from "./fullMath.js";
import {
  amount0DeltaUnchecked,
  amount1DeltaUnchecked,
  nextSqrtPriceFromInputUnchecked,
  nextSqrtPriceFromOutputUnchecked,
} from "./sqrtPriceMath.js";

export type ComputeSwapStepReturnType = {
  /** Sqrt price after the step (Q64.96); equals the target when the step reaches it. */
  sqrtRatioNextX96: bigint;
  /** Amount of the input token swapped in, fee excluded (raw units). */
  amountIn: bigint;
  /** Amount of the output token swapped out (raw units). */
  amountOut: bigint;
  /** Fee taken on the input token (raw units). */
  feeAmount: bigint;
};
export type ComputeSwapStepErrorType = MathRevertError | InvalidInputError;

const MAX_FEE = 1_000_000n;
const TWO_POW_256 = 1n << 256n;

/**
 * Returns the result of swapping within one price step, exactly as `SwapMath.computeSwapStep`: the next sqrt
 * price, the amount in (fee excluded), the amount out and the fee.
 *
 * Direction: zero for one when `sqrtRatioCurrentX96 >= sqrtRatioTargetX96`. `amountRemaining` (int256) is an
 * exact input when ≥ 0 (fee included) and an exact output when < 0. The fee is in hundredths of a bip
 * (`feePips` = 3000 for 0.3%): amountRemainingLessFee = ⌊amountRemaining·(10^6 − fee)/10^6⌋; when the step
 * reaches the target the fee is ⌈amountIn·fee/(10^6 − fee)⌉, otherwise the whole remainder.
 *
 * Design note: the contract takes `feePips` as uint24, where `1e6 - feePips` wraps (0.7 arithmetic) for fees
 * ≥ 10^6. Pools only allow fees < 10^6, so this port rejects `feePips` outside [0, 10^6) with InvalidInputError
 * instead of reproducing the wrap. `uint256(-amountRemaining)` for amountRemaining = −2^255 is 2^255 in the
 * contract (the negation wraps to itself), which equals |amountRemaining| as used here.
 *
 * @example
 * import { SwapMath } from "./swapMath.js";
 * SwapMath.computeSwapStep(2n ** 96n, 79623317895830914510639640423n, 2n * 10n ** 18n, 10n ** 18n, 600);
 * // { sqrtRatioNextX96: 79623317895830914510639640423n, amountIn: 9975124224178055n,
 * //   amountOut: 9925619580021728n, feeAmount: 5988667735148n }
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SwapMath.sol (computeSwapStep)
 */
function computeSwapStep(
  sqrtRatioCurrentX96: bigint,
  sqrtRatioTargetX96: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: number,
): ComputeSwapStepReturnType {
  assertUint("sqrtRatioCurrentX96", sqrtRatioCurrentX96, MaxUint160, "uint160");
  assertUint("sqrtRatioTargetX96", sqrtRatioTargetX96, MaxUint160, "uint160");
  assertUint("liquidity", liquidity, MaxUint128, "uint128");
  assertInt("amountRemaining", amountRemaining, MinInt256, MaxInt256, "int256");
  if (!Number.isInteger(feePips) || feePips < 0 || feePips >= 1_000_000)
    throw new InvalidInputError({ field: "feePips", value: feePips, expected: "an integer in [0, 1000000)" });
  const fee = BigInt(feePips);
  const zeroForOne = sqrtRatioCurrentX96 >= sqrtRatioTargetX96;
  const exactIn = amountRemaining >= 0n;
  const amountRemainingAbs = exactIn ? amountRemaining : -amountRemaining;

  let sqrtRatioNextX96: bigint;
  let amountIn = 0n;
  let amountOut = 0n;
  if (exactIn) {
    // FullMath.mulDiv(uint256(amountRemaining), 1e6 - feePips, 1e6): never overflows (factor <= 1)
    const amountRemainingLessFee = (amountRemaining * (MAX_FEE - fee)) / MAX_FEE;
    amountIn = zeroForOne
      ? amount0DeltaUnchecked(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, true)
      : amount1DeltaUnchecked(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, true);
    sqrtRatioNextX96 =
      amountRemainingLessFee >= amountIn
        ? sqrtRatioTargetX96
        : nextSqrtPriceFromInputUnchecked(sqrtRatioCurrentX96, liquidity, amountRemainingLessFee, zeroForOne);
  } else {
    amountOut = zeroForOne
      ? amount1DeltaUnchecked(sqrtRatioTargetX96, sqrtRatioCurrentX96, liquidity, false)
      : amount0DeltaUnchecked(sqrtRatioCurrentX96, sqrtRatioTargetX96, liquidity, false);
    sqrtRatioNextX96 =
      amountRemainingAbs >= amountOut
        ? sqrtRatioTargetX96
        : nextSqrtPriceFromOutputUnchecked(sqrtRatioCurrentX96, liquidity, amountRemainingAbs, zeroForOne);
  }

  const max = sqrtRatioTargetX96 === sqrtRatioNextX96;
  if (zeroForOne) {
    if (!(max && exactIn))
      amountIn = amount0DeltaUnchecked(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, true);
    if (!(max && !exactIn))
      amountOut = amount1DeltaUnchecked(sqrtRatioNextX96, sqrtRatioCurrentX96, liquidity, false);
  } else {
    if (!(max && exactIn))
      amountIn = amount1DeltaUnchecked(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, true);
    if (!(max && !exactIn))
      amountOut = amount0DeltaUnchecked(sqrtRatioCurrentX96, sqrtRatioNextX96, liquidity, false);
  }

  // cap the output amount to not exceed the remaining output amount
  if (!exactIn && amountOut > amountRemainingAbs) amountOut = amountRemainingAbs;

  let feeAmount: bigint;
  if (exactIn && sqrtRatioNextX96 !== sqrtRatioTargetX96) {
    // we didn't reach the target, so take the remainder of the maximum input as fee; the contract's uint256
    // subtraction is unchecked, so a (never observed) negative difference wraps modulo 2^256 as there
    feeAmount = amountRemaining - amountIn;
    if (feeAmount < 0n) feeAmount += TWO_POW_256;
  } else {
    feeAmount = mulDivRoundingUpUnchecked(amountIn, fee, MAX_FEE - fee);
  }

  return { sqrtRatioNextX96, amountIn, amountOut, feeAmount };
}

/**
 * Port of `SwapMath`: `computeSwapStep`.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SwapMath.sol
 */
export const SwapMath = { computeSwapStep } as const;
