import { FullMath as SdkFullMath } from "@uniswap/v3-sdk";
import { describe, expect, test } from "vitest";
import { J, uintSampler } from "../../../test/helpers/jsbi.js";
import { MathRevertError } from "../../errors/math.js";
import { createRng } from "../../sim/rng.js";
import { MaxUint256, Q128 } from "./constants.js";
import { FullMath } from "./fullMath.js";

const rng = createRng(101);
/** A random uint with a random bit length in [1, maxBits] (log-uniform magnitude). */
const randUint = uintSampler(rng);

describe("FullMath.mulDiv", () => {
  test("default", () => {
    expect(FullMath.mulDiv(Q128, 50n * 10n ** 16n, 150n * 10n ** 16n)).toBe(Q128 / 3n);
    expect(FullMath.mulDiv(MaxUint256, MaxUint256, MaxUint256)).toBe(MaxUint256);
  });

  test("behavior: reverts on a zero denominator and on a result above 2^256 - 1", () => {
    expect(() => FullMath.mulDiv(Q128, 5n, 0n)).toThrow(MathRevertError);
    expect(() => FullMath.mulDiv(Q128, Q128, 1n)).toThrow(MathRevertError);
    expect(() => FullMath.mulDiv(MaxUint256, MaxUint256, MaxUint256 - 1n)).toThrow(/exceeds 2\^256/);
  });

  test("behavior: names the field of a value outside uint256", () => {
    expect(() => FullMath.mulDiv(-1n, 1n, 1n)).toThrow(/^a -1n is invalid/);
    expect(() => FullMath.mulDiv(1n, MaxUint256 + 1n, 1n)).toThrow(/^b /);
  });

  test("behavior: equals floor and the SDK's mulDivRoundingUp minus the remainder flag on 10,000 random inputs", () => {
    let checked = 0;
    for (let i = 0; i < 10_000; i++) {
      const a = randUint(256);
      const b = randUint(256);
      const d = randUint(256) || 1n;
      const exact = (a * b) / d;
      const up: bigint = BigInt(SdkFullMath.mulDivRoundingUp(J(a), J(b), J(d)).toString());
      const rem = (a * b) % d !== 0n;
      if (up > MaxUint256 || (!rem && exact > MaxUint256)) {
        expect(() => FullMath.mulDivRoundingUp(a, b, d)).toThrow(MathRevertError);
      } else {
        expect(FullMath.mulDivRoundingUp(a, b, d)).toBe(up);
        checked++;
      }
      if (exact > MaxUint256) expect(() => FullMath.mulDiv(a, b, d)).toThrow(MathRevertError);
      else expect(FullMath.mulDiv(a, b, d)).toBe(rem ? up - 1n : up);
    }
    expect(checked).toBeGreaterThan(3000);
  });
});

describe("FullMath.mulDivRoundingUp", () => {
  test("default", () => {
    expect(FullMath.mulDivRoundingUp(Q128, 50n * 10n ** 16n, 150n * 10n ** 16n)).toBe(Q128 / 3n + 1n);
  });

  test("behavior: reverts when rounding up would exceed 2^256 - 1", () => {
    // mulDiv = 2^256 - 1 exactly with a remainder: the contract's require(result < type(uint256).max) fails
    const d = 2n;
    const a = MaxUint256;
    const b = 2n; // a * b / d = MaxUint256 exactly, no remainder: fine
    expect(FullMath.mulDivRoundingUp(a, b, d)).toBe(MaxUint256);
    expect(() => FullMath.mulDivRoundingUp(MaxUint256, MaxUint256, MaxUint256 - 1n)).toThrow(MathRevertError);
  });
});
