/**
 * Fee accounting of Uniswap v3-core as the contracts compute it: fee growth inside a range (`Tick`) and the fees
 * a position earns between two snapshots (`Position.update`).
 *
 * Design note: fee growth accumulators are uint256 Q128.128 numbers that are allowed to overflow; every
 * subtraction in the contracts is unchecked (Solidity 0.7) and relies on the wrap. Native `bigint` does not wrap,
 * so each subtraction here is reduced modulo 2^256 explicitly. `tokensOwed` is the contract's `uint128(...)`
 * truncating cast, reproduced modulo 2^128.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/Tick.sol
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/Position.sol
 */

import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";
import { assertUint } from "./checks.js";
import { MaxUint128, MaxUint256 } from "./constants.js";

/** Fee growth per unit of liquidity on the other side of a tick (Q128.128, as stored in `Tick.Info`). */
export type FeeGrowthOutside = { feeGrowthOutside0X128: bigint; feeGrowthOutside1X128: bigint };

export type GetFeeGrowthInsideParameters = {
  tickLower: number;
  tickUpper: number;
  tickCurrent: number;
  feeGrowthGlobal0X128: bigint;
  feeGrowthGlobal1X128: bigint;
  /** `ticks[tickLower]` fee growth outside. */
  lower: FeeGrowthOutside;
  /** `ticks[tickUpper]` fee growth outside. */
  upper: FeeGrowthOutside;
};
export type GetFeeGrowthInsideReturnType = { feeGrowthInside0X128: bigint; feeGrowthInside1X128: bigint };
export type GetFeeGrowthInsideErrorType = InvalidInputError;

export type GetTokensOwedParameters = {
  /** Liquidity of the position (uint128) during the period. */
  liquidity: bigint;
  feeGrowthInside0X128: bigint;
  feeGrowthInside1X128: bigint;
  /** Snapshot stored in the position at its last update. */
  feeGrowthInside0LastX128: bigint;
  feeGrowthInside1LastX128: bigint;
};
export type GetTokensOwedReturnType = { tokensOwed0: bigint; tokensOwed1: bigint };
export type GetTokensOwedErrorType = InvalidInputError;

const TWO_POW_256 = MaxUint256 + 1n;

/** (x − y) mod 2^256 for x, y in [0, 2^256): Solidity 0.7 unchecked uint256 subtraction. */
function sub256(x: bigint, y: bigint): bigint {
  const d = x - y;
  return d < 0n ? d + TWO_POW_256 : d;
}

function assertTick(field: string, tick: number): void {
  if (!Number.isInteger(tick))
    throw new InvalidInputError({ field, value: tick, expected: "an integer tick (int24)" });
}

/**
 * Returns the all-time fee growth per unit of liquidity inside [tickLower, tickUpper] for both tokens, exactly as
 * `Tick.getFeeGrowthInside` (Q128.128, modulo 2^256).
 *
 * Formula: below = outside(lower) if tickCurrent ≥ tickLower else global − outside(lower);
 * above = outside(upper) if tickCurrent < tickUpper else global − outside(upper);
 * inside = global − below − above, each subtraction wrapping modulo 2^256. Only differences of two results are
 * meaningful (see `getTokensOwed`).
 *
 * @example
 * import { FeeGrowth } from "./feeGrowth.js";
 * const zero = { feeGrowthOutside0X128: 0n, feeGrowthOutside1X128: 0n };
 * FeeGrowth.getFeeGrowthInside({ tickLower: -10, tickUpper: 10, tickCurrent: 0, feeGrowthGlobal0X128: 5n,
 *   feeGrowthGlobal1X128: 7n, lower: zero, upper: { feeGrowthOutside0X128: 6n, feeGrowthOutside1X128: 0n } });
 * // { feeGrowthInside0X128: 2n ** 256n - 1n, feeGrowthInside1X128: 7n } (5 − 0 − 6 wraps)
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/Tick.sol (getFeeGrowthInside)
 */
function getFeeGrowthInside(parameters: GetFeeGrowthInsideParameters): GetFeeGrowthInsideReturnType {
  requireObject(parameters, "options");
  const { tickLower, tickUpper, tickCurrent, feeGrowthGlobal0X128, feeGrowthGlobal1X128, lower, upper } =
    parameters;
  assertTick("tickLower", tickLower);
  assertTick("tickUpper", tickUpper);
  assertTick("tickCurrent", tickCurrent);
  assertUint("feeGrowthGlobal0X128", feeGrowthGlobal0X128, MaxUint256, "uint256");
  assertUint("feeGrowthGlobal1X128", feeGrowthGlobal1X128, MaxUint256, "uint256");
  assertUint("lower.feeGrowthOutside0X128", lower.feeGrowthOutside0X128, MaxUint256, "uint256");
  assertUint("lower.feeGrowthOutside1X128", lower.feeGrowthOutside1X128, MaxUint256, "uint256");
  assertUint("upper.feeGrowthOutside0X128", upper.feeGrowthOutside0X128, MaxUint256, "uint256");
  assertUint("upper.feeGrowthOutside1X128", upper.feeGrowthOutside1X128, MaxUint256, "uint256");

  const below0 =
    tickCurrent >= tickLower
      ? lower.feeGrowthOutside0X128
      : sub256(feeGrowthGlobal0X128, lower.feeGrowthOutside0X128);
  const below1 =
    tickCurrent >= tickLower
      ? lower.feeGrowthOutside1X128
      : sub256(feeGrowthGlobal1X128, lower.feeGrowthOutside1X128);
  const above0 =
    tickCurrent < tickUpper
      ? upper.feeGrowthOutside0X128
      : sub256(feeGrowthGlobal0X128, upper.feeGrowthOutside0X128);
  const above1 =
    tickCurrent < tickUpper
      ? upper.feeGrowthOutside1X128
      : sub256(feeGrowthGlobal1X128, upper.feeGrowthOutside1X128);
  return {
    feeGrowthInside0X128: sub256(sub256(feeGrowthGlobal0X128, below0), above0),
    feeGrowthInside1X128: sub256(sub256(feeGrowthGlobal1X128, below1), above1),
  };
}

/**
 * Returns the fees (raw token units) a position earned since its last snapshot, exactly as the `tokensOwed`
 * increments of `Position.update`.
 *
 * Formula: tokensOwed = uint128(mulDiv((feeGrowthInside − feeGrowthInsideLast) mod 2^256, liquidity, 2^128)).
 * The mulDiv cannot overflow (liquidity < 2^128), but its result can exceed 2^128 − 1 and the contract's cast then
 * truncates it modulo 2^128 without reverting; this port returns the same truncated value. The contract then adds
 * it to the stored `tokensOwed` with a wrapping uint128 addition ("have to withdraw before you hit
 * type(uint128).max fees"); that accumulation is left to the caller.
 *
 * @example
 * import { FeeGrowth } from "./feeGrowth.js";
 * FeeGrowth.getTokensOwed({ liquidity: 10n ** 18n, feeGrowthInside0X128: 2n ** 128n, feeGrowthInside1X128: 0n,
 *   feeGrowthInside0LastX128: 0n, feeGrowthInside1LastX128: 0n });
 * // { tokensOwed0: 1000000000000000000n, tokensOwed1: 0n }
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/Position.sol (update)
 */
function getTokensOwed(parameters: GetTokensOwedParameters): GetTokensOwedReturnType {
  requireObject(parameters, "options");
  const {
    liquidity,
    feeGrowthInside0X128,
    feeGrowthInside1X128,
    feeGrowthInside0LastX128,
    feeGrowthInside1LastX128,
  } = parameters;
  assertUint("liquidity", liquidity, MaxUint128, "uint128");
  assertUint("feeGrowthInside0X128", feeGrowthInside0X128, MaxUint256, "uint256");
  assertUint("feeGrowthInside1X128", feeGrowthInside1X128, MaxUint256, "uint256");
  assertUint("feeGrowthInside0LastX128", feeGrowthInside0LastX128, MaxUint256, "uint256");
  assertUint("feeGrowthInside1LastX128", feeGrowthInside1LastX128, MaxUint256, "uint256");
  return {
    tokensOwed0: ((sub256(feeGrowthInside0X128, feeGrowthInside0LastX128) * liquidity) >> 128n) & MaxUint128,
    tokensOwed1: ((sub256(feeGrowthInside1X128, feeGrowthInside1LastX128) * liquidity) >> 128n) & MaxUint128,
  };
}

/**
 * Fee accounting ported from `Tick.getFeeGrowthInside` and `Position.update`.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/Tick.sol
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/Position.sol
 */
export const FeeGrowth = { getFeeGrowthInside, getTokensOwed } as const;
