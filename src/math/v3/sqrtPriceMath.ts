/**
 * Port of Uniswap v3-core `SqrtPriceMath`: token deltas between two sqrt prices and the next sqrt price after a
 * given input or output, with the contract's rounding and revert conditions.
 *
 * Design note: Solidity 0.7 arithmetic wraps modulo 2^256 unless a SafeMath/SafeCast helper is used. Native
 * `bigint` never wraps, so the one place the contract relies on wrapping (`amount * sqrtPX96` overflow detection
 * in `getNextSqrtPriceFromAmount0RoundingUp`) emulates the 256-bit product explicitly, and every checked
 * operation (`LowGasSafeMath.add/sub`, `SafeCast.toUint160/toInt256`, `require`) throws MathRevertError.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol
 */
import { type InvalidInputError, MathRevertError } from "../../errors/math.js";
import { assertInt, assertUint } from "./checks.js";
import { MaxInt128, MaxInt256, MaxUint128, MaxUint160, MaxUint256, MinInt128, Q96 } from "./constants.js";
import { mulDivRoundingUpUnchecked, mulDivUnchecked } from "./fullMath.js";

export type SqrtPriceMathErrorType = MathRevertError | InvalidInputError;

function revert(operation: string, reason: string): never {
  throw new MathRevertError({ operation: `SqrtPriceMath.${operation}`, reason });
}

/** getAmount0Delta on inputs already validated (internal hot path). */
export function amount0DeltaUnchecked(
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  if (sqrtRatioAX96 > sqrtRatioBX96) {
    const t = sqrtRatioAX96;
    sqrtRatioAX96 = sqrtRatioBX96;
    sqrtRatioBX96 = t;
  }
  if (sqrtRatioAX96 === 0n) revert("getAmount0Delta", "sqrtRatioAX96 is 0 (require(sqrtRatioAX96 > 0))");
  // numerator1 < 2^224 and numerator2 < sqrtRatioBX96, so numerator1 * numerator2 / sqrtRatioBX96 < 2^224: the
  // contract's mulDiv overflow check can never fire here.
  // One division by the product A·B replaces the contract's two (a product is far cheaper than a division on
  // bigint). For n ≥ 0 and integers A, B ≥ 1: ⌊⌊n/B⌋/A⌋ = ⌊n/(AB)⌋ and ⌈⌈n/B⌉/A⌉ = ⌈n/(AB)⌉.
  // Floor: let q = ⌊n/(AB)⌋; qAB ≤ n gives qA ≤ ⌊n/B⌋ (qA is an integer), so q ≤ ⌊⌊n/B⌋/A⌋; and ⌊n/B⌋/A ≤ n/(AB)
  // gives ⌊⌊n/B⌋/A⌋ ≤ q. Ceil: let m = ⌈n/(AB)⌉; n ≤ mAB gives ⌈n/B⌉ ≤ mA (an integer), so ⌈⌈n/B⌉/A⌉ ≤ m; and
  // ⌈n/B⌉/A ≥ n/(AB) gives ⌈⌈n/B⌉/A⌉ ≥ m. The contract's mulDivRoundingUp cannot revert here (result < 2^224).
  const product = (liquidity << 96n) * (sqrtRatioBX96 - sqrtRatioAX96);
  const denominator = sqrtRatioAX96 * sqrtRatioBX96;
  const q = product / denominator;
  // UnsafeMath.divRoundingUp(FullMath.mulDivRoundingUp(numerator1, numerator2, sqrtRatioBX96), sqrtRatioAX96)
  return roundUp && q * denominator !== product ? q + 1n : q;
}

/** getAmount1Delta on inputs already validated (internal hot path). */
export function amount1DeltaUnchecked(
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  const diff = sqrtRatioAX96 > sqrtRatioBX96 ? sqrtRatioAX96 - sqrtRatioBX96 : sqrtRatioBX96 - sqrtRatioAX96;
  // liquidity * diff < 2^288, quotient by 2^96 < 2^192: never overflows uint256.
  const product = liquidity * diff;
  const q = product >> 96n;
  return roundUp && q << 96n !== product ? q + 1n : q;
}

function checkPair(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint): void {
  assertUint("sqrtRatioAX96", sqrtRatioAX96, MaxUint160, "uint160");
  assertUint("sqrtRatioBX96", sqrtRatioBX96, MaxUint160, "uint160");
}

/**
 * Returns the amount of token0 between two sqrt prices for a liquidity, as
 * `SqrtPriceMath.getAmount0Delta(uint160, uint160, uint128, bool)`.
 *
 * Formula: amount0 = L·2^96·(√B − √A) / √B / √A (raw token0 units), floored twice, or ceiled twice when
 * `roundUp` (the pool rounds up what it receives). The prices are sorted first. Throws MathRevertError if the
 * smaller price is 0.
 *
 * @example
 * import { SqrtPriceMath } from "./sqrtPriceMath.js";
 * // liquidity 1e18 between price 1 and 1.21
 * SqrtPriceMath.getAmount0Delta(2n ** 96n, 87150978765690771352898345369n, 10n ** 18n, true); // 90909090909090910n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol (getAmount0Delta)
 */
function getAmount0Delta(
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  checkPair(sqrtRatioAX96, sqrtRatioBX96);
  assertUint("liquidity", liquidity, MaxUint128, "uint128");
  return amount0DeltaUnchecked(sqrtRatioAX96, sqrtRatioBX96, liquidity, roundUp);
}

/**
 * Returns the amount of token1 between two sqrt prices for a liquidity, as
 * `SqrtPriceMath.getAmount1Delta(uint160, uint160, uint128, bool)`.
 *
 * Formula: amount1 = L·|√B − √A| / 2^96 (raw token1 units), floored, or ceiled when `roundUp`.
 *
 * @example
 * import { SqrtPriceMath } from "./sqrtPriceMath.js";
 * SqrtPriceMath.getAmount1Delta(2n ** 96n, 87150978765690771352898345369n, 10n ** 18n, true); // 100000000000000000n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol (getAmount1Delta)
 */
function getAmount1Delta(
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  checkPair(sqrtRatioAX96, sqrtRatioBX96);
  assertUint("liquidity", liquidity, MaxUint128, "uint128");
  return amount1DeltaUnchecked(sqrtRatioAX96, sqrtRatioBX96, liquidity, roundUp);
}

function toInt256(operation: string, x: bigint): bigint {
  if (x > MaxInt256) revert(operation, `${x} does not fit in int256 (SafeCast.toInt256)`);
  return x;
}

/**
 * Returns the signed token0 delta for a signed liquidity delta, as
 * `SqrtPriceMath.getAmount0Delta(uint160, uint160, int128)`: rounded up (owed to the pool) when the liquidity
 * delta is ≥ 0 (mint), rounded down and negated (paid by the pool) when it is < 0 (burn).
 *
 * Design note: for `liquidity = −2^127` the contract's `uint128(-liquidity)` wraps back to 2^127, i.e. |liquidity|,
 * which is what this port uses.
 *
 * @example
 * import { SqrtPriceMath } from "./sqrtPriceMath.js";
 * SqrtPriceMath.getAmount0DeltaSigned(2n ** 96n, 87150978765690771352898345369n, -(10n ** 18n)); // -90909090909090909n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol (getAmount0Delta, int128)
 */
function getAmount0DeltaSigned(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  checkPair(sqrtRatioAX96, sqrtRatioBX96);
  assertInt("liquidity", liquidity, MinInt128, MaxInt128, "int128");
  return liquidity < 0n
    ? -toInt256("getAmount0Delta", amount0DeltaUnchecked(sqrtRatioAX96, sqrtRatioBX96, -liquidity, false))
    : toInt256("getAmount0Delta", amount0DeltaUnchecked(sqrtRatioAX96, sqrtRatioBX96, liquidity, true));
}

/**
 * Returns the signed token1 delta for a signed liquidity delta, as
 * `SqrtPriceMath.getAmount1Delta(uint160, uint160, int128)` (round up for ≥ 0, round down and negate for < 0).
 *
 * @example
 * import { SqrtPriceMath } from "./sqrtPriceMath.js";
 * SqrtPriceMath.getAmount1DeltaSigned(2n ** 96n, 87150978765690771352898345369n, 10n ** 18n); // 100000000000000000n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol (getAmount1Delta, int128)
 */
function getAmount1DeltaSigned(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  checkPair(sqrtRatioAX96, sqrtRatioBX96);
  assertInt("liquidity", liquidity, MinInt128, MaxInt128, "int128");
  return liquidity < 0n
    ? -toInt256("getAmount1Delta", amount1DeltaUnchecked(sqrtRatioAX96, sqrtRatioBX96, -liquidity, false))
    : toInt256("getAmount1Delta", amount1DeltaUnchecked(sqrtRatioAX96, sqrtRatioBX96, liquidity, true));
}

/** `getNextSqrtPriceFromAmount0RoundingUp` (price after adding/removing token0, rounded up). */
function nextFromAmount0RoundingUp(
  sqrtPX96: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  if (amount === 0n) return sqrtPX96;
  const numerator1 = liquidity << 96n;
  if (add) {
    // uint256 product = amount * sqrtPX96, wrapping; the contract only uses it when it did not overflow.
    const product = amount * sqrtPX96;
    if (product <= MaxUint256) {
      const denominator = numerator1 + product;
      // `denominator >= numerator1` is the contract's wrap check on the uint256 sum.
      if (denominator <= MaxUint256)
        // "always fits in 160 bits"; uint160(...) is a truncating cast, reproduced with the mask.
        return mulDivRoundingUpUnchecked(numerator1, sqrtPX96, denominator) & MaxUint160;
    }
    // uint160(UnsafeMath.divRoundingUp(numerator1, (numerator1 / sqrtPX96).add(amount)))
    const denominator1 = numerator1 / sqrtPX96 + amount;
    if (denominator1 > MaxUint256)
      revert("getNextSqrtPriceFromAmount0RoundingUp", "numerator1 / sqrtPX96 + amount overflows uint256");
    const q = numerator1 / denominator1;
    return (q * denominator1 === numerator1 ? q : q + 1n) & MaxUint160;
  }
  // require((product = amount * sqrtPX96) / amount == sqrtPX96 && numerator1 > product)
  const product = amount * sqrtPX96;
  if (product > MaxUint256 || numerator1 <= product)
    revert(
      "getNextSqrtPriceFromAmount0RoundingUp",
      "amount * sqrtPX96 overflows or is not below liquidity << 96 (output exceeds the token0 reserves)",
    );
  const result = mulDivRoundingUpUnchecked(numerator1, sqrtPX96, numerator1 - product);
  if (result > MaxUint160)
    revert("getNextSqrtPriceFromAmount0RoundingUp", `${result} does not fit in uint160 (SafeCast.toUint160)`);
  return result;
}

/** `getNextSqrtPriceFromAmount1RoundingDown` (price after adding/removing token1, rounded down). */
function nextFromAmount1RoundingDown(
  sqrtPX96: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  if (add) {
    const quotient =
      amount <= MaxUint160 ? (amount << 96n) / liquidity : mulDivUnchecked(amount, Q96, liquidity);
    const next = sqrtPX96 + quotient;
    // LowGasSafeMath.add then SafeCast.toUint160 (the add cannot overflow 2^256 before the cast fails)
    if (next > MaxUint160)
      revert(
        "getNextSqrtPriceFromAmount1RoundingDown",
        `${next} does not fit in uint160 (SafeCast.toUint160)`,
      );
    return next;
  }
  let quotient: bigint;
  if (amount <= MaxUint160) {
    const n = amount << 96n;
    const q = n / liquidity;
    quotient = q * liquidity === n ? q : q + 1n;
  } else {
    quotient = mulDivRoundingUpUnchecked(amount, Q96, liquidity);
  }
  if (sqrtPX96 <= quotient)
    revert(
      "getNextSqrtPriceFromAmount1RoundingDown",
      "output exceeds the token1 reserves (sqrtPX96 <= quotient)",
    );
  return sqrtPX96 - quotient;
}

function checkNext(
  sqrtPX96: bigint,
  liquidity: bigint,
  amount: bigint,
  amountField: string,
  op: string,
): void {
  assertUint("sqrtPX96", sqrtPX96, MaxUint160, "uint160");
  assertUint("liquidity", liquidity, MaxUint128, "uint128");
  assertUint(amountField, amount, MaxUint256, "uint256");
  if (sqrtPX96 === 0n) revert(op, "sqrtPX96 is 0 (require(sqrtPX96 > 0))");
  if (liquidity === 0n) revert(op, "liquidity is 0 (require(liquidity > 0))");
}

/**
 * Returns the sqrt price after swapping `amountIn` of token0 (`zeroForOne`) or token1 into a pool, as
 * `SqrtPriceMath.getNextSqrtPriceFromInput`.
 *
 * Formula: token0 in: √Q = L·√P / (L + amountIn·√P) rounded up (or L / (L/√P + amountIn) on overflow);
 * token1 in: √Q = √P + amountIn·2^96 / L rounded down. Rounding never overshoots the target price.
 * Throws MathRevertError if `sqrtPX96` or `liquidity` is 0 or the result does not fit in uint160.
 *
 * @example
 * import { SqrtPriceMath } from "./sqrtPriceMath.js";
 * SqrtPriceMath.getNextSqrtPriceFromInput(2n ** 96n, 10n ** 18n, 10n ** 17n, false); // 87150978765690771352898345369n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol (getNextSqrtPriceFromInput)
 */
function getNextSqrtPriceFromInput(
  sqrtPX96: bigint,
  liquidity: bigint,
  amountIn: bigint,
  zeroForOne: boolean,
): bigint {
  checkNext(sqrtPX96, liquidity, amountIn, "amountIn", "getNextSqrtPriceFromInput");
  return zeroForOne
    ? nextFromAmount0RoundingUp(sqrtPX96, liquidity, amountIn, true)
    : nextFromAmount1RoundingDown(sqrtPX96, liquidity, amountIn, true);
}

/**
 * Returns the sqrt price after taking `amountOut` of token1 (`zeroForOne`) or token0 out of a pool, as
 * `SqrtPriceMath.getNextSqrtPriceFromOutput`.
 *
 * Formula: token1 out: √Q = √P − ⌈amountOut·2^96 / L⌉; token0 out: √Q = ⌈L·√P / (L − amountOut·√P)⌉.
 * Throws MathRevertError if `sqrtPX96` or `liquidity` is 0 or the output meets or exceeds the virtual reserves.
 *
 * @example
 * import { SqrtPriceMath } from "./sqrtPriceMath.js";
 * SqrtPriceMath.getNextSqrtPriceFromOutput(2n ** 96n, 10n ** 18n, 10n ** 17n, false); // 88031291682515930659493278152n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol (getNextSqrtPriceFromOutput)
 */
function getNextSqrtPriceFromOutput(
  sqrtPX96: bigint,
  liquidity: bigint,
  amountOut: bigint,
  zeroForOne: boolean,
): bigint {
  checkNext(sqrtPX96, liquidity, amountOut, "amountOut", "getNextSqrtPriceFromOutput");
  return zeroForOne
    ? nextFromAmount1RoundingDown(sqrtPX96, liquidity, amountOut, false)
    : nextFromAmount0RoundingUp(sqrtPX96, liquidity, amountOut, false);
}

/** getNextSqrtPriceFromInput on validated inputs (used by SwapMath). */
export function nextSqrtPriceFromInputUnchecked(
  sqrtPX96: bigint,
  liquidity: bigint,
  amountIn: bigint,
  zeroForOne: boolean,
): bigint {
  if (sqrtPX96 === 0n) revert("getNextSqrtPriceFromInput", "sqrtPX96 is 0 (require(sqrtPX96 > 0))");
  if (liquidity === 0n) revert("getNextSqrtPriceFromInput", "liquidity is 0 (require(liquidity > 0))");
  return zeroForOne
    ? nextFromAmount0RoundingUp(sqrtPX96, liquidity, amountIn, true)
    : nextFromAmount1RoundingDown(sqrtPX96, liquidity, amountIn, true);
}

/** getNextSqrtPriceFromOutput on validated inputs (used by SwapMath). */
export function nextSqrtPriceFromOutputUnchecked(
  sqrtPX96: bigint,
  liquidity: bigint,
  amountOut: bigint,
  zeroForOne: boolean,
): bigint {
  if (sqrtPX96 === 0n) revert("getNextSqrtPriceFromOutput", "sqrtPX96 is 0 (require(sqrtPX96 > 0))");
  if (liquidity === 0n) revert("getNextSqrtPriceFromOutput", "liquidity is 0 (require(liquidity > 0))");
  return zeroForOne
    ? nextFromAmount1RoundingDown(sqrtPX96, liquidity, amountOut, false)
    : nextFromAmount0RoundingUp(sqrtPX96, liquidity, amountOut, false);
}

/**
 * Port of `SqrtPriceMath`: `getAmount0Delta`, `getAmount1Delta` (unsigned with `roundUp`, and the int128
 * `...Signed` overloads), `getNextSqrtPriceFromInput`, `getNextSqrtPriceFromOutput`.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol
 */
export const SqrtPriceMath = {
  getAmount0Delta,
  getAmount1Delta,
  getAmount0DeltaSigned,
  getAmount1DeltaSigned,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
} as const;
