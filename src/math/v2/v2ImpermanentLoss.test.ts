import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../errors/math.js";
import { v2AmountBase } from "./v2AmountBase.js";
import { v2AmountQuote } from "./v2AmountQuote.js";
import { v2ImpermanentLoss } from "./v2ImpermanentLoss.js";
import { v2Value } from "./v2Value.js";

describe("v2ImpermanentLoss", () => {
  test("default", () => {
    // Textbook values: 2× price → 2√2/3 − 1 ≈ −5.72%; 4× → −20%; 0.25× → −20%.
    expect(v2ImpermanentLoss({ price: 2, entryPrice: 1 })).toBeCloseTo((2 * Math.SQRT2) / 3 - 1, 15);
    expect(v2ImpermanentLoss({ price: 4, entryPrice: 1 })).toBeCloseTo(-0.2, 15);
    expect(v2ImpermanentLoss({ price: 250, entryPrice: 1000 })).toBeCloseTo(-0.2, 15);
    expect(v2ImpermanentLoss({ price: 3, entryPrice: 3 })).toBe(-0);
  });

  test("behavior: equals value / hodl − 1 of the entry amounts and the closed form 2√r/(1+r) − 1", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        (p, p0, l) => {
          const hodl = v2AmountBase(l, Math.sqrt(p0)) * p + v2AmountQuote(l, Math.sqrt(p0));
          const il = v2ImpermanentLoss({ price: p, entryPrice: p0 });
          const r = p / p0;
          expect(il).toBeCloseTo(v2Value(l, Math.sqrt(p)) / hodl - 1, 12);
          expect(il).toBeCloseTo((2 * Math.sqrt(r)) / (1 + r) - 1, 12);
        },
      ),
    );
  });

  test("behavior: IL <= 0 always", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1e12, noNaN: true }),
        fc.double({ min: 1e-12, max: 1e12, noNaN: true }),
        (p, p0) => {
          const il = v2ImpermanentLoss({ price: p, entryPrice: p0 });
          expect(il).toBeLessThanOrEqual(0);
          expect(il).toBeGreaterThanOrEqual(-1);
        },
      ),
    );
  });

  test("behavior: rejects non-positive or non-finite prices naming the field", () => {
    expect(() => v2ImpermanentLoss({ price: 0, entryPrice: 1 })).toThrow(InvalidInputError);
    expect(() => v2ImpermanentLoss({ price: 0, entryPrice: 1 })).toThrow(/^price 0 /);
    expect(() => v2ImpermanentLoss({ price: 1, entryPrice: Number.NaN })).toThrow(/^entryPrice NaN /);
  });
});
