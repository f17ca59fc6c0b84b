import { LiquidityMath as SdkLiquidityMath } from "@uniswap/v3-sdk";
import { describe, expect, test } from "vitest";
import { JSBI, uintSampler } from "../../../test/helpers/jsbi.js";
import { InvalidInputError, MathRevertError } from "../../errors/math.js";
import { createRng } from "../../sim/rng.js";
import { MaxInt128, MaxUint128, MinInt128 } from "./constants.js";
import { LiquidityMath } from "./liquidityMath.js";

const rng = createRng(202);
const randUint = uintSampler(rng);

describe("LiquidityMath.addDelta", () => {
  test("default", () => {
    expect(LiquidityMath.addDelta(1n, 0n)).toBe(1n);
    expect(LiquidityMath.addDelta(1n, -1n)).toBe(0n);
    expect(LiquidityMath.addDelta(1n, 1n)).toBe(2n);
  });

  test("behavior: reverts LA on overflow and LS on underflow (v3-core LiquidityMath.spec)", () => {
    expect(() => LiquidityMath.addDelta(2n ** 128n - 15n, 15n)).toThrow(/LA/);
    expect(() => LiquidityMath.addDelta(0n, -1n)).toThrow(/LS/);
    expect(() => LiquidityMath.addDelta(3n, -4n)).toThrow(MathRevertError);
    expect(LiquidityMath.addDelta(MaxUint128, MinInt128)).toBe(MaxUint128 - 2n ** 127n);
  });

  test("behavior: rejects arguments outside uint128/int128", () => {
    expect(() => LiquidityMath.addDelta(-1n, 0n)).toThrow(InvalidInputError);
    expect(() => LiquidityMath.addDelta(0n, MaxInt128 + 1n)).toThrow(/^y /);
  });

  test("behavior: matches the SDK (and reverts exactly outside [0, 2^128)) on 10,000 random inputs", () => {
    for (let i = 0; i < 10_000; i++) {
      const x = i % 50 === 0 ? MaxUint128 : randUint(128);
      const mag = randUint(127);
      const y = rng.nextInt(2) === 0 ? -mag : mag;
      const sdk = BigInt(
        SdkLiquidityMath.addDelta(JSBI.BigInt(x.toString()), JSBI.BigInt(y.toString())).toString(),
      );
      if (sdk < 0n || sdk > MaxUint128) expect(() => LiquidityMath.addDelta(x, y)).toThrow(MathRevertError);
      else expect(LiquidityMath.addDelta(x, y)).toBe(sdk);
    }
  });
});
