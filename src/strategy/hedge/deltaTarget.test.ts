import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { deltaTarget } from "./deltaTarget.js";

describe("deltaTarget", () => {
  test("default: a long LP delta is hedged by a short", () => {
    expect(deltaTarget({ lpDelta: 10, hedgeRatio: 0.8 })).toBeCloseTo(-8, 15);
    expect(deltaTarget({ lpDelta: -3, hedgeRatio: 1 })).toBe(3);
    expect(Object.is(deltaTarget({ lpDelta: 5, hedgeRatio: 0 }), 0)).toBe(true);
  });

  test("behavior: property, residual delta is (1 − hedgeRatio) · lpDelta", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (d, h) => {
          expect(d + deltaTarget({ lpDelta: d, hedgeRatio: h })).toBeCloseTo((1 - h) * d, 6);
        },
      ),
    );
  });

  test("behavior: NaN names the field", () => {
    expect(() => deltaTarget({ lpDelta: Number.NaN, hedgeRatio: 1 })).toThrow(/lpDelta NaN/);
    expect(() => deltaTarget({ lpDelta: 1, hedgeRatio: Number.POSITIVE_INFINITY })).toThrow(/hedgeRatio/);
  });
});
