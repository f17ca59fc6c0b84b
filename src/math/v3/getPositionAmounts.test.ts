import { SqrtPriceMath as SdkSqrtPriceMath, TickMath as SdkTickMath } from "@uniswap/v3-sdk";
import { describe, expect, test } from "vitest";
import { B, J, uintSampler } from "../../../test/helpers/jsbi.js";
import { InvalidInputError, SqrtPriceOutOfRangeError, TickOutOfRangeError } from "../../errors/math.js";
import { createRng } from "../../sim/rng.js";
import { MAX_SQRT_RATIO, MAX_TICK, MaxInt128, MIN_SQRT_RATIO, MIN_TICK, Q96 } from "./constants.js";
import { getPositionAmounts } from "./getPositionAmounts.js";
import { TickMath } from "./tickMath.js";

const rng = createRng(808);
const randUint = uintSampler(rng);

/** What UniswapV3Pool.burn returns, computed with the SDK and the pool's branch on slot0.tick. */
function sdkBurn(sqrtPriceX96: bigint, tickLower: number, tickUpper: number, liquidity: bigint) {
  const tick = SdkTickMath.getTickAtSqrtRatio(J(sqrtPriceX96));
  const a = SdkTickMath.getSqrtRatioAtTick(tickLower);
  const b = SdkTickMath.getSqrtRatioAtTick(tickUpper);
  const l = J(liquidity);
  if (tick < tickLower) return { amount0: B(SdkSqrtPriceMath.getAmount0Delta(a, b, l, false)), amount1: 0n };
  if (tick < tickUpper)
    return {
      amount0: B(SdkSqrtPriceMath.getAmount0Delta(J(sqrtPriceX96), b, l, false)),
      amount1: B(SdkSqrtPriceMath.getAmount1Delta(a, J(sqrtPriceX96), l, false)),
    };
  return { amount0: 0n, amount1: B(SdkSqrtPriceMath.getAmount1Delta(a, b, l, false)) };
}

describe("getPositionAmounts", () => {
  test("default", () => {
    const r = getPositionAmounts({ sqrtPriceX96: Q96, tickLower: -60, tickUpper: 60, liquidity: 10n ** 18n });
    expect(r).toEqual(sdkBurn(Q96, -60, 60, 10n ** 18n));
    // symmetric range at price 1: equal amounts (both ≈ L(1 − 1.0001^−30))
    expect(r.amount0).toBe(r.amount1);
  });

  test("behavior: price on the boundary ticks gives the same amounts as the pool's slot0.tick branch", () => {
    const a = TickMath.getSqrtRatioAtTick(-600);
    const b = TickMath.getSqrtRatioAtTick(600);
    const l = 123456789012345678901234n;
    const atLower = getPositionAmounts({ sqrtPriceX96: a, tickLower: -600, tickUpper: 600, liquidity: l });
    expect(atLower.amount1).toBe(0n);
    expect(atLower).toEqual(sdkBurn(a, -600, 600, l));
    // after a downward swap ending on tickUpper the pool holds slot0.tick = 599 (inside): same amounts
    const atUpper = getPositionAmounts({ sqrtPriceX96: b, tickLower: -600, tickUpper: 600, liquidity: l });
    expect(atUpper.amount0).toBe(0n);
    expect(atUpper.amount1).toBe(B(SdkSqrtPriceMath.getAmount1Delta(J(a), J(b), J(l), false)));
  });

  test("behavior: errors name the field and value", () => {
    const p = { sqrtPriceX96: Q96, tickLower: -60, tickUpper: 60, liquidity: 1n };
    expect(() => getPositionAmounts({ ...p, tickLower: MIN_TICK - 1 })).toThrow(TickOutOfRangeError);
    expect(() => getPositionAmounts({ ...p, tickUpper: MAX_TICK + 1 })).toThrow(
      /^tickUpper 887273 is outside/,
    );
    expect(() => getPositionAmounts({ ...p, tickLower: 60 })).toThrow(
      /^tickLower 60 is invalid: expected below tickUpper 60/,
    );
    expect(() => getPositionAmounts({ ...p, sqrtPriceX96: MAX_SQRT_RATIO })).toThrow(
      SqrtPriceOutOfRangeError,
    );
    expect(() => getPositionAmounts({ ...p, liquidity: MaxInt128 + 1n })).toThrow(InvalidInputError);
  });

  test("behavior: equals the pool's burn amounts (SDK) on 10,000 random positions, extreme ticks included", () => {
    const extremes = [MIN_TICK, MIN_TICK + 1, -1, 0, 1, MAX_TICK - 1, MAX_TICK];
    for (let i = 0; i < 10_000; i++) {
      let t1 =
        i % 10 === 0
          ? extremes[rng.nextInt(extremes.length)]
          : MIN_TICK + rng.nextInt(MAX_TICK - MIN_TICK + 1);
      let t2 =
        i % 7 === 0
          ? extremes[rng.nextInt(extremes.length)]
          : MIN_TICK + rng.nextInt(MAX_TICK - MIN_TICK + 1);
      if (t1 === t2) t2 = t1 === MAX_TICK ? t1 - 1 : t1 + 1;
      if (t1 > t2) [t1, t2] = [t2, t1];
      const sqrtPriceX96 =
        i % 9 === 0
          ? [MIN_SQRT_RATIO, MIN_SQRT_RATIO + 1n, MAX_SQRT_RATIO - 1n][rng.nextInt(3)]
          : MIN_SQRT_RATIO + (randUint(160) % (MAX_SQRT_RATIO - MIN_SQRT_RATIO));
      const liquidity = i % 13 === 0 ? MaxInt128 : randUint(127);
      expect(getPositionAmounts({ sqrtPriceX96, tickLower: t1, tickUpper: t2, liquidity })).toEqual(
        sdkBurn(sqrtPriceX96, t1, t2, liquidity),
      );
    }
  });
});
