import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../errors/math.js";
import { v2ImpermanentLoss } from "../v2/v2ImpermanentLoss.js";
import { weightedAmountBase } from "./weightedAmountBase.js";
import { weightedAmountQuote } from "./weightedAmountQuote.js";
import { weightedImpermanentLoss } from "./weightedImpermanentLoss.js";
import { weightedValue } from "./weightedValue.js";

describe("weightedImpermanentLoss", () => {
  test("default", () => {
    // 80/20 pool at 2× price: IL = 2^0.8 / (0.8·2 + 0.2) − 1 ≈ −3.27%, smaller than 50/50's −5.72%.
    const il = weightedImpermanentLoss({ price: 2, entryPrice: 1, weight: 0.8 });
    expect(il).toBeCloseTo(2 ** 0.8 / 1.8 - 1, 14);
    expect(il).toBeGreaterThan(v2ImpermanentLoss({ price: 2, entryPrice: 1 }));
  });

  test("behavior: equals value / hodl − 1 of the entry amounts", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (p, p0, w) => {
          const hodl = weightedAmountBase(1, p0, w) * p + weightedAmountQuote(1, p0, w);
          const il = weightedImpermanentLoss({ price: p, entryPrice: p0, weight: w });
          expect(il).toBeCloseTo(weightedValue(1, p, w) / hodl - 1, 12);
        },
      ),
    );
  });

  test("behavior: IL <= 0 always and w = 0.5 equals v2", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-8, max: 1e8, noNaN: true }),
        fc.double({ min: 1e-8, max: 1e8, noNaN: true }),
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        (p, p0, w) => {
          expect(weightedImpermanentLoss({ price: p, entryPrice: p0, weight: w })).toBeLessThanOrEqual(0);
          const half = weightedImpermanentLoss({ price: p, entryPrice: p0, weight: 0.5 });
          expect(half).toBeCloseTo(v2ImpermanentLoss({ price: p, entryPrice: p0 }), 12);
        },
      ),
    );
  });

  test("behavior: rejects a weight outside (0, 1) naming weight", () => {
    expect(() => weightedImpermanentLoss({ price: 1, entryPrice: 1, weight: 0 })).toThrow(InvalidInputError);
    expect(() => weightedImpermanentLoss({ price: 1, entryPrice: 1, weight: 1.5 })).toThrow(/^weight 1.5 /);
  });
});
