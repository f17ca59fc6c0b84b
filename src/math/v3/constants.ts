/**
 * Constants of the Uniswap v3 contracts as native `bigint` (and `number` for ticks).
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/TickMath.sol
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/FixedPoint96.sol
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/FixedPoint128.sol
 */

/** 2^96, the scale of a Q64.96 fixed-point number (`FixedPoint96.Q96`). */
export const Q96 = 1n << 96n;
/** 2^128, the scale of a Q128.128 fixed-point number (`FixedPoint128.Q128`), used by fee growth. */
export const Q128 = 1n << 128n;
/** 2^192 = Q96², the scale of a price computed as `sqrtPriceX96²`. */
export const Q192 = 1n << 192n;
/** 2^256 − 1, `type(uint256).max`. */
export const MaxUint256 = (1n << 256n) - 1n;
/** 2^160 − 1, `type(uint160).max` (the type of every `sqrtPriceX96`). */
export const MaxUint160 = (1n << 160n) - 1n;
/** 2^128 − 1, `type(uint128).max` (the type of liquidity and of `tokensOwed`). */
export const MaxUint128 = (1n << 128n) - 1n;
/** 2^127 − 1, `type(int128).max` (the largest liquidity delta). */
export const MaxInt128 = (1n << 127n) - 1n;
/** −2^127, `type(int128).min`. */
export const MinInt128 = -(1n << 127n);
/** 2^255 − 1, `type(int256).max`. */
export const MaxInt256 = (1n << 255n) - 1n;
/** −2^255, `type(int256).min`. */
export const MinInt256 = -(1n << 255n);
/** The smallest tick of any pool, log base √1.0001 of 2^−128 (`TickMath.MIN_TICK`). */
export const MIN_TICK = -887272;
/** The largest tick of any pool (`TickMath.MAX_TICK` = −MIN_TICK). */
export const MAX_TICK = 887272;
/** `getSqrtRatioAtTick(MIN_TICK)`, the smallest sqrt price a pool can hold (`TickMath.MIN_SQRT_RATIO`). */
export const MIN_SQRT_RATIO = 4295128739n;
/** `getSqrtRatioAtTick(MAX_TICK)`, one above the largest sqrt price a pool can hold (`TickMath.MAX_SQRT_RATIO`). */
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
