import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { v2LiquidityForDeposit } from "../v2/v2LiquidityForDeposit.js";
import { weightedAmountBase } from "./weightedAmountBase.js";
import { weightedLiquidityForDeposit } from "./weightedLiquidityForDeposit.js";
import { weightedValue } from "./weightedValue.js";

describe("weightedLiquidityForDeposit", () => {
  test("default", () => {
    // 80/20, 1000 quote at P0 = 2: base = 800/2 = 400, quote = 200, k = 400^0.8 · 200^0.2.
    expect(weightedLiquidityForDeposit({ deposit: 1000, entryPrice: 2, weight: 0.8 })).toBeCloseTo(
      400 ** 0.8 * 200 ** 0.2,
      10,
    );
  });

  test("behavior: the position is worth the deposit at entry with w·V0/P0 base; w = 0.5 matches v2", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (deposit, p0, w) => {
          const k = weightedLiquidityForDeposit({ deposit, entryPrice: p0, weight: w });
          expect(weightedValue(k, p0, w) / deposit).toBeCloseTo(1, 12);
          expect(weightedAmountBase(k, p0, w) / ((w * deposit) / p0)).toBeCloseTo(1, 12);
          const half = weightedLiquidityForDeposit({ deposit, entryPrice: p0, weight: 0.5 });
          expect(half / v2LiquidityForDeposit({ deposit, entryPrice: p0 })).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  test("behavior: rejects bad inputs naming the field", () => {
    expect(() => weightedLiquidityForDeposit({ deposit: 0, entryPrice: 1, weight: 0.5 })).toThrow(
      /^deposit 0 /,
    );
    expect(() => weightedLiquidityForDeposit({ deposit: 1, entryPrice: 1, weight: Number.NaN })).toThrow(
      /^weight NaN /,
    );
  });
});
