import { requireObject } from "../../errors/guards.js";
import { InvalidInputError, SqrtPriceOutOfRangeError, TickOutOfRangeError } from "../../errors/math.js";
import { MAX_SQRT_RATIO, MAX_TICK, MaxInt128, MIN_SQRT_RATIO, MIN_TICK } from "./constants.js";
import { amount0DeltaUnchecked, amount1DeltaUnchecked } from "./sqrtPriceMath.js";
import { sqrtRatioAtTickUnchecked } from "./tickMath.js";

export type GetPositionAmountsParameters = {
  /** Current sqrt price of the pool (`slot0.sqrtPriceX96`, Q64.96). */
  sqrtPriceX96: bigint;
  tickLower: number;
  tickUpper: number;
  /** Liquidity of the position (the whole position is burnt), at most 2^127 − 1. */
  liquidity: bigint;
};
export type GetPositionAmountsReturnType = {
  /** Token0 the burn returns, raw units, rounded down. */
  amount0: bigint;
  /** Token1 the burn returns, raw units, rounded down. */
  amount1: bigint;
};
export type GetPositionAmountsErrorType = TickOutOfRangeError | SqrtPriceOutOfRangeError | InvalidInputError;

function assertTick(field: string, tick: number): void {
  if (!Number.isInteger(tick))
    throw new InvalidInputError({ field, value: tick, expected: "an integer tick (int24)" });
  if (tick < MIN_TICK || tick > MAX_TICK)
    throw new TickOutOfRangeError({ field, tick, min: MIN_TICK, max: MAX_TICK });
}

/**
 * Returns the token amounts (raw units) an LP receives for burning the whole position, exactly as
 * `UniswapV3Pool.burn` → `_modifyPosition` computes them with `liquidityDelta = −liquidity`.
 *
 * Formula: with √A = getSqrtRatioAtTick(tickLower), √B = getSqrtRatioAtTick(tickUpper), √P = `sqrtPriceX96`:
 * below the range amount0 = L(1/√A − 1/√B); inside amount0 = L(1/√P − 1/√B), amount1 = L(√P − √A);
 * above amount1 = L(√B − √A); each via `SqrtPriceMath.getAmount{0,1}Delta(..., roundUp = false)` (the pool rounds
 * what it pays down).
 *
 * Design notes:
 * - The pool picks the branch with `slot0.tick` (tick < tickLower, tick < tickUpper); this port compares
 *   `sqrtPriceX96` with √A and √B. They differ only when the price sits exactly on a boundary tick after a
 *   downward swap (`slot0.tick` = boundary − 1), and there both branches give the same amounts (one term is a
 *   zero-width delta), so the result is identical.
 * - `burn(uint128 amount)` casts `-int256(amount).toInt128()`, so a liquidity above 2^127 − 1 reverts: this port
 *   throws InvalidInputError for it. The pool credits `uint128(amount)` to `tokensOwed` (truncating); the amounts
 *   here are the uint256 values `burn` returns and never exceed 2^224.
 * - Ticks must satisfy MIN_TICK ≤ tickLower < tickUpper ≤ MAX_TICK (`checkTicks`), and the price must be in
 *   [MIN_SQRT_RATIO, MAX_SQRT_RATIO).
 *
 * @example
 * import { getPositionAmounts } from "./getPositionAmounts.js";
 * getPositionAmounts({ sqrtPriceX96: 2n ** 96n, tickLower: -60, tickUpper: 60, liquidity: 10n ** 18n });
 * // { amount0: 2995354955910781n, amount1: 2995354955910781n }
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/UniswapV3Pool.sol (_modifyPosition, burn)
 */
export function getPositionAmounts(parameters: GetPositionAmountsParameters): GetPositionAmountsReturnType {
  requireObject(parameters, "options");
  const { sqrtPriceX96, tickLower, tickUpper, liquidity } = parameters;
  assertTick("tickLower", tickLower);
  assertTick("tickUpper", tickUpper);
  if (tickLower >= tickUpper)
    throw new InvalidInputError({
      field: "tickLower",
      value: tickLower,
      expected: `below tickUpper ${tickUpper}`,
    });
  if (typeof sqrtPriceX96 !== "bigint")
    throw new InvalidInputError({ field: "sqrtPriceX96", value: sqrtPriceX96, expected: "a uint160 bigint" });
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO)
    throw new SqrtPriceOutOfRangeError({ field: "sqrtPriceX96", sqrtPriceX96 });
  if (typeof liquidity !== "bigint" || liquidity < 0n || liquidity > MaxInt128)
    throw new InvalidInputError({
      field: "liquidity",
      value: liquidity,
      expected: `a bigint in [0, ${MaxInt128}]`,
    });
  const sqrtRatioAX96 = sqrtRatioAtTickUnchecked(tickLower);
  const sqrtRatioBX96 = sqrtRatioAtTickUnchecked(tickUpper);
  if (sqrtPriceX96 <= sqrtRatioAX96)
    return { amount0: amount0DeltaUnchecked(sqrtRatioAX96, sqrtRatioBX96, liquidity, false), amount1: 0n };
  if (sqrtPriceX96 < sqrtRatioBX96)
    return {
      amount0: amount0DeltaUnchecked(sqrtPriceX96, sqrtRatioBX96, liquidity, false),
      amount1: amount1DeltaUnchecked(sqrtRatioAX96, sqrtPriceX96, liquidity, false),
    };
  return { amount0: 0n, amount1: amount1DeltaUnchecked(sqrtRatioAX96, sqrtRatioBX96, liquidity, false) };
}
