/**
 * Port of Uniswap v3-periphery `LiquidityAmounts`: liquidity for token amounts and token amounts for liquidity,
 * as the NonfungiblePositionManager computes them.
 *
 * Casts: the periphery returns liquidity as uint128 through a checked `toUint128` (`require(uint128(x) == x)`),
 * so a liquidity that does not fit throws MathRevertError here. Amounts are uint256 and are returned unbounded
 * (they never exceed 2^224). Note that `getAmountsForLiquidity` floors, like a burn; a mint charges
 * `SqrtPriceMath.getAmount0Delta/getAmount1Delta` with `roundUp = true`, which can be 1 more.
 *
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol
 */
import { type InvalidInputError, MathRevertError } from "../../errors/math.js";
import { assertUint } from "./checks.js";
import { MaxUint128, MaxUint160, MaxUint256, Q96 } from "./constants.js";
import { mulDivUnchecked } from "./fullMath.js";

export type LiquidityAmountsErrorType = MathRevertError | InvalidInputError;
export type GetAmountsForLiquidityReturnType = { amount0: bigint; amount1: bigint };

function toUint128(operation: string, x: bigint): bigint {
  if (x > MaxUint128)
    throw new MathRevertError({
      operation: `LiquidityAmounts.${operation}`,
      reason: `liquidity ${x} does not fit in uint128 (toUint128)`,
    });
  return x;
}

function sorted(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint): void {
  assertUint("sqrtRatioAX96", sqrtRatioAX96, MaxUint160, "uint160");
  assertUint("sqrtRatioBX96", sqrtRatioBX96, MaxUint160, "uint160");
}

function liquidityForAmount0(a: bigint, b: bigint, amount0: bigint): bigint {
  if (a > b) {
    const t = a;
    a = b;
    b = t;
  }
  const intermediate = (a * b) >> 96n; // FullMath.mulDiv(sqrtRatioAX96, sqrtRatioBX96, Q96), < 2^224
  return toUint128("getLiquidityForAmount0", mulDivUnchecked(amount0, intermediate, b - a));
}

function liquidityForAmount1(a: bigint, b: bigint, amount1: bigint): bigint {
  const diff = a > b ? a - b : b - a;
  return toUint128("getLiquidityForAmount1", mulDivUnchecked(amount1, Q96, diff));
}

/**
 * Returns the liquidity minted by `amount0` of token0 on the range [√A, √B], as
 * `LiquidityAmounts.getLiquidityForAmount0`.
 *
 * Formula: L = amount0 · ⌊√A·√B / 2^96⌋ / (√B − √A), floored. This is the SDK's `maxLiquidityForAmounts` with
 * `useFullPrecision = false` (the "imprecise" variant that floors the intermediate product). Throws
 * MathRevertError when √A = √B (division by zero), on mulDiv overflow, or when L exceeds 2^128 − 1.
 *
 * @example
 * import { LiquidityAmounts } from "./liquidityAmounts.js";
 * LiquidityAmounts.getLiquidityForAmount0(2n ** 96n, 2n ** 97n, 10n ** 18n); // 2000000000000000000n
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol (getLiquidityForAmount0)
 */
function getLiquidityForAmount0(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, amount0: bigint): bigint {
  sorted(sqrtRatioAX96, sqrtRatioBX96);
  assertUint("amount0", amount0, MaxUint256, "uint256");
  return liquidityForAmount0(sqrtRatioAX96, sqrtRatioBX96, amount0);
}

/**
 * Returns the liquidity minted by `amount1` of token1 on the range [√A, √B], as
 * `LiquidityAmounts.getLiquidityForAmount1`.
 *
 * Formula: L = amount1 · 2^96 / (√B − √A), floored. Throws MathRevertError when √A = √B, on overflow, or when
 * L exceeds 2^128 − 1.
 *
 * @example
 * import { LiquidityAmounts } from "./liquidityAmounts.js";
 * LiquidityAmounts.getLiquidityForAmount1(2n ** 96n, 2n ** 97n, 10n ** 18n); // 1000000000000000000n
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol (getLiquidityForAmount1)
 */
function getLiquidityForAmount1(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, amount1: bigint): bigint {
  sorted(sqrtRatioAX96, sqrtRatioBX96);
  assertUint("amount1", amount1, MaxUint256, "uint256");
  return liquidityForAmount1(sqrtRatioAX96, sqrtRatioBX96, amount1);
}

/**
 * Returns the largest liquidity that `amount0` and `amount1` can mint on [√A, √B] at the current sqrt price, as
 * `LiquidityAmounts.getLiquidityForAmounts`.
 *
 * Below the range (√P ≤ √A) only token0 counts, above it (√P ≥ √B) only token1, inside it the smaller of the
 * two liquidities. Equals the SDK's `maxLiquidityForAmounts(..., useFullPrecision = false)`.
 *
 * @example
 * import { LiquidityAmounts } from "./liquidityAmounts.js";
 * LiquidityAmounts.getLiquidityForAmounts(2n ** 96n, 2n ** 95n, 2n ** 97n, 10n ** 18n, 10n ** 18n); // 2000000000000000000n
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol (getLiquidityForAmounts)
 */
function getLiquidityForAmounts(
  sqrtRatioX96: bigint,
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  amount0: bigint,
  amount1: bigint,
): bigint {
  assertUint("sqrtRatioX96", sqrtRatioX96, MaxUint160, "uint160");
  sorted(sqrtRatioAX96, sqrtRatioBX96);
  assertUint("amount0", amount0, MaxUint256, "uint256");
  assertUint("amount1", amount1, MaxUint256, "uint256");
  let a = sqrtRatioAX96;
  let b = sqrtRatioBX96;
  if (a > b) {
    a = sqrtRatioBX96;
    b = sqrtRatioAX96;
  }
  if (sqrtRatioX96 <= a) return liquidityForAmount0(a, b, amount0);
  if (sqrtRatioX96 < b) {
    const liquidity0 = liquidityForAmount0(sqrtRatioX96, b, amount0);
    const liquidity1 = liquidityForAmount1(a, sqrtRatioX96, amount1);
    return liquidity0 < liquidity1 ? liquidity0 : liquidity1;
  }
  return liquidityForAmount1(a, b, amount1);
}

function amount0ForLiquidity(a: bigint, b: bigint, liquidity: bigint): bigint {
  // FullMath.mulDiv(liquidity << 96, b - a, b) / a; the quotient is < 2^224, so the mulDiv cannot overflow.
  if (a === 0n)
    throw new MathRevertError({
      operation: "LiquidityAmounts.getAmount0ForLiquidity",
      reason: "sqrtRatioAX96 is 0",
    });
  // ⌊⌊n / b⌋ / a⌋ = ⌊n / (a·b)⌋ for n ≥ 0 and a, b ≥ 1, so one division becomes a (cheaper) product. Proof: let
  // q = ⌊n / (ab)⌋. Then qab ≤ n, so qa ≤ n / b, and qa is an integer, so qa ≤ ⌊n / b⌋ and q ≤ ⌊⌊n / b⌋ / a⌋.
  // Conversely ⌊n / b⌋ ≤ n / b, so ⌊n / b⌋ / a ≤ n / (ab) and ⌊⌊n / b⌋ / a⌋ ≤ ⌊n / (ab)⌋ = q.
  return ((liquidity << 96n) * (b - a)) / (a * b);
}

/**
 * Returns the token0 amount (raw units) held by `liquidity` over the whole range [√A, √B], as
 * `LiquidityAmounts.getAmount0ForLiquidity`.
 *
 * Formula: amount0 = ⌊⌊L·2^96·(√B − √A) / √B⌋ / √A⌋. Throws MathRevertError when the lower price is 0.
 *
 * @example
 * import { LiquidityAmounts } from "./liquidityAmounts.js";
 * LiquidityAmounts.getAmount0ForLiquidity(2n ** 96n, 2n ** 97n, 10n ** 18n); // 500000000000000000n
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol (getAmount0ForLiquidity)
 */
function getAmount0ForLiquidity(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  sorted(sqrtRatioAX96, sqrtRatioBX96);
  assertUint("liquidity", liquidity, MaxUint128, "uint128");
  return sqrtRatioAX96 > sqrtRatioBX96
    ? amount0ForLiquidity(sqrtRatioBX96, sqrtRatioAX96, liquidity)
    : amount0ForLiquidity(sqrtRatioAX96, sqrtRatioBX96, liquidity);
}

/**
 * Returns the token1 amount (raw units) held by `liquidity` over the whole range [√A, √B], as
 * `LiquidityAmounts.getAmount1ForLiquidity`.
 *
 * Formula: amount1 = ⌊L·(√B − √A) / 2^96⌋.
 *
 * @example
 * import { LiquidityAmounts } from "./liquidityAmounts.js";
 * LiquidityAmounts.getAmount1ForLiquidity(2n ** 96n, 2n ** 97n, 10n ** 18n); // 1000000000000000000n
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol (getAmount1ForLiquidity)
 */
function getAmount1ForLiquidity(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint): bigint {
  sorted(sqrtRatioAX96, sqrtRatioBX96);
  assertUint("liquidity", liquidity, MaxUint128, "uint128");
  const diff = sqrtRatioAX96 > sqrtRatioBX96 ? sqrtRatioAX96 - sqrtRatioBX96 : sqrtRatioBX96 - sqrtRatioAX96;
  return (liquidity * diff) >> 96n;
}

/**
 * Returns the token0 and token1 amounts (raw units) held by `liquidity` on [√A, √B] at sqrt price √P, as
 * `LiquidityAmounts.getAmountsForLiquidity`.
 *
 * Formula (DESIGN.md, exact and floored): below the range (√P ≤ √A) amount0 = L(1/√A − 1/√B), amount1 = 0;
 * inside amount0 = L(1/√P − 1/√B), amount1 = L(√P − √A); above (√P ≥ √B) amount0 = 0, amount1 = L(√B − √A).
 * Computed as amount0 = ⌊L·2^96·(√B − √A) / (√A·√B)⌋ (one division; equal to the contract's two floored
 * divisions) and amount1 = L·(√B − √A) >> 96. Throws InvalidInputError naming the field for a non-uint input,
 * MathRevertError when the amount0 denominator is 0.
 *
 * @example
 * import { LiquidityAmounts } from "./liquidityAmounts.js";
 * LiquidityAmounts.getAmountsForLiquidity(2n ** 96n, 2n ** 95n, 2n ** 97n, 10n ** 18n);
 * // { amount0: 500000000000000000n, amount1: 500000000000000000n }
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol (getAmountsForLiquidity)
 */
function getAmountsForLiquidity(
  sqrtRatioX96: bigint,
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
): GetAmountsForLiquidityReturnType {
  // Hot path. Validation is fused with the comparisons the regimes need anyway: once the prices are sorted
  // (a ≤ b) and the regime is known, two comparisons prove all three prices are uint160 (the middle one lies
  // between the other two). Any failed check, and any input that could make the contract revert (a = 0), goes
  // to `amountsForLiquidityChecked`, which validates field by field in the original order and so throws the
  // same errors. The arithmetic is the contract's, with the identities proven in `amount0ForLiquidity`.
  if (
    typeof sqrtRatioX96 !== "bigint" ||
    typeof sqrtRatioAX96 !== "bigint" ||
    typeof sqrtRatioBX96 !== "bigint" ||
    typeof liquidity !== "bigint" ||
    liquidity < 0n ||
    liquidity > MaxUint128
  )
    return amountsForLiquidityChecked(sqrtRatioX96, sqrtRatioAX96, sqrtRatioBX96, liquidity);
  let a = sqrtRatioAX96;
  let b = sqrtRatioBX96;
  if (a > b) {
    a = sqrtRatioBX96;
    b = sqrtRatioAX96;
  }
  const p = sqrtRatioX96;
  if (p <= a) {
    // 0 < p ≤ a ≤ b ≤ 2^160 − 1: all uint160 and a ≠ 0 (p ≤ 0 takes the checked path: invalid, or a = 0 reverts)
    if (p <= 0n || b > MaxUint160)
      return amountsForLiquidityChecked(sqrtRatioX96, sqrtRatioAX96, sqrtRatioBX96, liquidity);
    return { amount0: ((liquidity << 96n) * (b - a)) / (a * b), amount1: 0n };
  }
  if (p < b) {
    // 0 ≤ a < p < b ≤ 2^160 − 1: all uint160 and p ≥ 1, so the product p·b is never 0
    if (a < 0n || b > MaxUint160)
      return amountsForLiquidityChecked(sqrtRatioX96, sqrtRatioAX96, sqrtRatioBX96, liquidity);
    return {
      amount0: ((liquidity << 96n) * (b - p)) / (p * b),
      amount1: (liquidity * (p - a)) >> 96n,
    };
  }
  // 0 ≤ a ≤ b ≤ p ≤ 2^160 − 1
  if (a < 0n || p > MaxUint160)
    return amountsForLiquidityChecked(sqrtRatioX96, sqrtRatioAX96, sqrtRatioBX96, liquidity);
  return { amount0: 0n, amount1: (liquidity * (b - a)) >> 96n };
}

/** getAmountsForLiquidity with field-by-field validation (the reference path; errors name the field). */
function amountsForLiquidityChecked(
  sqrtRatioX96: bigint,
  sqrtRatioAX96: bigint,
  sqrtRatioBX96: bigint,
  liquidity: bigint,
): GetAmountsForLiquidityReturnType {
  assertUint("sqrtRatioX96", sqrtRatioX96, MaxUint160, "uint160");
  sorted(sqrtRatioAX96, sqrtRatioBX96);
  assertUint("liquidity", liquidity, MaxUint128, "uint128");
  let a = sqrtRatioAX96;
  let b = sqrtRatioBX96;
  if (a > b) {
    a = sqrtRatioBX96;
    b = sqrtRatioAX96;
  }
  if (sqrtRatioX96 <= a) return { amount0: amount0ForLiquidity(a, b, liquidity), amount1: 0n };
  if (sqrtRatioX96 < b)
    return {
      amount0: amount0ForLiquidity(sqrtRatioX96, b, liquidity),
      amount1: (liquidity * (sqrtRatioX96 - a)) >> 96n,
    };
  return { amount0: 0n, amount1: (liquidity * (b - a)) >> 96n };
}

/**
 * Port of periphery `LiquidityAmounts`: `getLiquidityForAmount0/1`, `getLiquidityForAmounts`,
 * `getAmount0/1ForLiquidity`, `getAmountsForLiquidity`.
 *
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol
 */
export const LiquidityAmounts = {
  getLiquidityForAmount0,
  getLiquidityForAmount1,
  getLiquidityForAmounts,
  getAmount0ForLiquidity,
  getAmount1ForLiquidity,
  getAmountsForLiquidity,
} as const;
