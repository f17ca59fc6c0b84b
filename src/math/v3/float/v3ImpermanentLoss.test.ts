import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../../errors/math.js";
import { v2ImpermanentLoss } from "../../v2/v2ImpermanentLoss.js";
import { v3ImpermanentLoss } from "./v3ImpermanentLoss.js";

describe("v3ImpermanentLoss", () => {
  test("default", () => {
    // By hand, unit L on [0.25, 16], P0 = 1: entry base = 1 − 1/4 = 0.75, quote = 1 − 0.5 = 0.5.
    // At P = 4: base = 1/2 − 1/4, quote = 2 − 0.5: value = 2.5, hodl = 0.75·4 + 0.5 = 3.5.
    expect(v3ImpermanentLoss({ price: 4, entryPrice: 1, lower: 0.25, upper: 16 })).toBeCloseTo(
      2.5 / 3.5 - 1,
      15,
    );
    // Above the range from inside: P0 = 4 on [1, 16] → entry base 0.25, quote 1; at P = 25: value = 3,
    // hodl = 0.25·25 + 1 = 7.25.
    expect(v3ImpermanentLoss({ price: 25, entryPrice: 4, lower: 1, upper: 16 })).toBeCloseTo(
      3 / 7.25 - 1,
      15,
    );
  });

  test("behavior: zero when entered and priced on the same side outside the range", () => {
    expect(v3ImpermanentLoss({ price: 0.5, entryPrice: 0.1, lower: 1, upper: 4 })).toBe(0);
    expect(v3ImpermanentLoss({ price: 50, entryPrice: 9, lower: 1, upper: 4 })).toBe(0);
  });

  test("behavior: IL <= 0 always", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (p, p0, lowMul, upMul) => {
          fc.pre(lowMul < upMul);
          const lower = p0 * lowMul;
          const upper = p0 * upMul;
          fc.pre(lower < upper);
          const il = v3ImpermanentLoss({ price: p, entryPrice: p0, lower, upper });
          expect(il).toBeLessThanOrEqual(0);
          expect(il).toBeGreaterThanOrEqual(-1);
        },
      ),
    );
  });

  test("behavior: approaches v2 for a very wide range", () => {
    const il = v3ImpermanentLoss({ price: 2, entryPrice: 1, lower: 1e-20, upper: 1e20 });
    expect(il).toBeCloseTo((2 * Math.SQRT2) / 3 - 1, 9);
    expect(il).toBeCloseTo(v2ImpermanentLoss({ price: 2, entryPrice: 1 }), 9);
  });

  test("behavior: rejects lower >= upper naming lower", () => {
    expect(() => v3ImpermanentLoss({ price: 1, entryPrice: 1, lower: 2, upper: 2 })).toThrow(
      InvalidInputError,
    );
    expect(() => v3ImpermanentLoss({ price: 1, entryPrice: 1, lower: 2, upper: 1 })).toThrow(/^lower 2 /);
    expect(() => v3ImpermanentLoss({ price: -1, entryPrice: 1, lower: 1, upper: 2 })).toThrow(/^price -1 /);
  });
});
