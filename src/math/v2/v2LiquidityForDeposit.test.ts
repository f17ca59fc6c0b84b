import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { v2LiquidityForDeposit } from "./v2LiquidityForDeposit.js";
import { v2Value } from "./v2Value.js";

describe("v2LiquidityForDeposit", () => {
  test("default", () => {
    // 400 quote at P0 = 4: 50 base + 200 quote, L = √(50·200) = 100.
    expect(v2LiquidityForDeposit({ deposit: 400, entryPrice: 4 })).toBe(100);
  });

  test("behavior: the position is worth the deposit at the entry price", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (deposit, p0) => {
          const l = v2LiquidityForDeposit({ deposit, entryPrice: p0 });
          expect(v2Value(l, Math.sqrt(p0)) / deposit).toBeCloseTo(1, 13);
        },
      ),
    );
  });

  test("behavior: rejects a non-positive deposit naming the field", () => {
    expect(() => v2LiquidityForDeposit({ deposit: -5, entryPrice: 4 })).toThrow(/^deposit -5 /);
    expect(() => v2LiquidityForDeposit({ deposit: 5, entryPrice: Number.POSITIVE_INFINITY })).toThrow(
      /^entryPrice Infinity /,
    );
  });
});
