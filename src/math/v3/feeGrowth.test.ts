import { PositionLibrary, TickLibrary } from "@uniswap/v3-sdk";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { B, J, uintSampler } from "../../../test/helpers/jsbi.js";
import { InvalidInputError } from "../../errors/math.js";
import { createRng } from "../../sim/rng.js";
import { MaxUint128, MaxUint256, Q128 } from "./constants.js";
import { FeeGrowth } from "./feeGrowth.js";

const rng = createRng(707);
const randUint = uintSampler(rng);
const outside = (f0: bigint, f1: bigint) => ({ feeGrowthOutside0X128: f0, feeGrowthOutside1X128: f1 });
const TWO_256 = MaxUint256 + 1n;

describe("FeeGrowth.getFeeGrowthInside", () => {
  test("default", () => {
    // v3-core Tick.spec: 'returns all for two uninitialized ticks if tick is inside'
    expect(
      FeeGrowth.getFeeGrowthInside({
        tickLower: -2,
        tickUpper: 2,
        tickCurrent: 0,
        feeGrowthGlobal0X128: 15n,
        feeGrowthGlobal1X128: 15n,
        lower: outside(0n, 0n),
        upper: outside(0n, 0n),
      }),
    ).toEqual({ feeGrowthInside0X128: 15n, feeGrowthInside1X128: 15n });
  });

  test("behavior: hand-built wrap-around cases (v3-core Tick.spec)", () => {
    const base = { tickLower: -2, tickUpper: 2, feeGrowthGlobal0X128: 15n, feeGrowthGlobal1X128: 15n };
    // price above or below the range: nothing inside
    expect(
      FeeGrowth.getFeeGrowthInside({
        ...base,
        tickCurrent: 4,
        lower: outside(0n, 0n),
        upper: outside(0n, 0n),
      }),
    ).toEqual({
      feeGrowthInside0X128: 0n,
      feeGrowthInside1X128: 0n,
    });
    expect(
      FeeGrowth.getFeeGrowthInside({
        ...base,
        tickCurrent: -4,
        lower: outside(0n, 0n),
        upper: outside(0n, 0n),
      }),
    ).toEqual({
      feeGrowthInside0X128: 0n,
      feeGrowthInside1X128: 0n,
    });
    // 'works correctly with overflow on inside tick': lower outside = max - 3, upper outside = 3, global 15
    expect(
      FeeGrowth.getFeeGrowthInside({
        ...base,
        tickCurrent: 0,
        lower: outside(MaxUint256 - 3n, MaxUint256 - 2n),
        upper: outside(3n, 5n),
      }),
    ).toEqual({ feeGrowthInside0X128: 16n, feeGrowthInside1X128: 13n });
    // fee growth inside itself wraps: 5 - 0 - 6 = 2^256 - 1
    expect(
      FeeGrowth.getFeeGrowthInside({
        ...base,
        feeGrowthGlobal0X128: 5n,
        tickCurrent: 0,
        lower: outside(0n, 0n),
        upper: outside(6n, 0n),
      }).feeGrowthInside0X128,
    ).toBe(MaxUint256);
  });

  test("behavior: rejects a non-integer tick and a value outside uint256", () => {
    const p = {
      tickLower: -2,
      tickUpper: 2,
      tickCurrent: 0.5,
      feeGrowthGlobal0X128: 1n,
      feeGrowthGlobal1X128: 1n,
      lower: outside(0n, 0n),
      upper: outside(0n, 0n),
    };
    expect(() => FeeGrowth.getFeeGrowthInside(p)).toThrow(/^tickCurrent 0.5 is invalid/);
    expect(() => FeeGrowth.getFeeGrowthInside({ ...p, tickCurrent: 0, feeGrowthGlobal1X128: -1n })).toThrow(
      InvalidInputError,
    );
  });

  test("behavior: matches the SDK's TickLibrary.getFeeGrowthInside on 10,000 random inputs", () => {
    for (let i = 0; i < 10_000; i++) {
      const tickLower = -1000 + rng.nextInt(2000);
      const tickUpper = tickLower + 1 + rng.nextInt(1000);
      const tickCurrent = tickLower - 500 + rng.nextInt(2000);
      const g0 = randUint(256);
      const g1 = randUint(256);
      const lower = outside(randUint(256), randUint(256));
      const upper = outside(randUint(256), randUint(256));
      const [e0, e1] = TickLibrary.getFeeGrowthInside(
        {
          feeGrowthOutside0X128: J(lower.feeGrowthOutside0X128),
          feeGrowthOutside1X128: J(lower.feeGrowthOutside1X128),
        },
        {
          feeGrowthOutside0X128: J(upper.feeGrowthOutside0X128),
          feeGrowthOutside1X128: J(upper.feeGrowthOutside1X128),
        },
        tickLower,
        tickUpper,
        tickCurrent,
        J(g0),
        J(g1),
      );
      expect(
        FeeGrowth.getFeeGrowthInside({
          tickLower,
          tickUpper,
          tickCurrent,
          feeGrowthGlobal0X128: g0,
          feeGrowthGlobal1X128: g1,
          lower,
          upper,
        }),
      ).toEqual({
        feeGrowthInside0X128: B(e0),
        feeGrowthInside1X128: B(e1),
      });
    }
  });
});

describe("FeeGrowth.getTokensOwed", () => {
  test("default", () => {
    expect(
      FeeGrowth.getTokensOwed({
        liquidity: 10n ** 18n,
        feeGrowthInside0X128: Q128,
        feeGrowthInside1X128: 0n,
        feeGrowthInside0LastX128: 0n,
        feeGrowthInside1LastX128: 0n,
      }),
    ).toEqual({ tokensOwed0: 10n ** 18n, tokensOwed1: 0n });
  });

  test("behavior: fee growth that wrapped past 2^256 still yields the fees earned", () => {
    const r = FeeGrowth.getTokensOwed({
      liquidity: 3n,
      feeGrowthInside0X128: 2n * Q128 - 1n, // wrapped: last + 2^256 + 2·2^128 − 1 ...
      feeGrowthInside1X128: 5n,
      feeGrowthInside0LastX128: MaxUint256, // ... from a snapshot at 2^256 − 1
      feeGrowthInside1LastX128: MaxUint256 - Q128 + 7n,
    });
    // delta0 = 2·2^128 → 6 tokens; delta1 = 2^128 − 1 → ⌊3(2^128 − 1)/2^128⌋ = 2
    expect(r).toEqual({ tokensOwed0: 6n, tokensOwed1: 2n });
  });

  test("behavior: tokensOwed = mulDiv(delta mod 2^256, L, 2^128) mod 2^128 (property and SDK, 10,000 runs)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MaxUint256 }),
        fc.bigInt({ min: 0n, max: MaxUint256 }),
        fc.bigInt({ min: 0n, max: MaxUint128 }),
        (inside, last, liquidity) => {
          const delta = (((inside - last) % TWO_256) + TWO_256) % TWO_256;
          const expected = ((delta * liquidity) / Q128) % (MaxUint128 + 1n);
          const [sdk0] = PositionLibrary.getTokensOwed(J(last), J(0n), J(liquidity), J(inside), J(0n));
          const r = FeeGrowth.getTokensOwed({
            liquidity,
            feeGrowthInside0X128: inside,
            feeGrowthInside1X128: last,
            feeGrowthInside0LastX128: last,
            feeGrowthInside1LastX128: inside,
          });
          expect(r.tokensOwed0).toBe(expected);
          expect(r.tokensOwed0).toBe(B(sdk0) % (MaxUint128 + 1n));
          const reverse = (((last - inside) % TWO_256) + TWO_256) % TWO_256;
          expect(r.tokensOwed1).toBe(((reverse * liquidity) / Q128) % (MaxUint128 + 1n));
        },
      ),
      { numRuns: 10_000, seed: 7 },
    );
  });
});
