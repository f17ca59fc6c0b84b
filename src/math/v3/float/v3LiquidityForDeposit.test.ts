import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { v3LiquidityForDeposit } from "./v3LiquidityForDeposit.js";
import { v3Value } from "./v3Value.js";

describe("v3LiquidityForDeposit", () => {
  test("default", () => {
    // Unit L on [1, 16] at P0 = 4 is worth 2·2 − 1 − 4/4 = 2, so 200 buys L = 100.
    expect(v3LiquidityForDeposit({ deposit: 200, entryPrice: 4, lower: 1, upper: 16 })).toBe(100);
  });

  test("behavior: the position is worth the deposit at the entry price, inside or outside the range", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-4, max: 10, noNaN: true }),
        (deposit, p0, aMul, width) => {
          const lower = p0 * aMul;
          const upper = lower * Math.exp(width);
          fc.pre(lower < upper);
          const l = v3LiquidityForDeposit({ deposit, entryPrice: p0, lower, upper });
          const v = v3Value(l, Math.sqrt(p0), Math.sqrt(lower), Math.sqrt(upper));
          expect(v / deposit).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  test("behavior: rejects a missing or inverted range naming the field", () => {
    expect(() => v3LiquidityForDeposit({ deposit: 1, entryPrice: 1, lower: 3, upper: 2 })).toThrow(
      /^lower 3 /,
    );
    expect(() => v3LiquidityForDeposit({ deposit: 1, entryPrice: 1, lower: 1, upper: Number.NaN })).toThrow(
      /^upper NaN /,
    );
  });
});
