import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { standardNormalCdf } from "./standardNormalCdf.js";
import { standardNormalPdf } from "./standardNormalPdf.js";

// Reference values computed independently with mpmath (40 significant digits), rounded to 17.
const CDF: [number, number][] = [
  [1.96, Number("0.97500210485177956")],
  [-8, Number("6.2209605742717841e-16")],
  [-1, Number("0.15865525393145705")],
  [0.5, Number("0.6914624612740131")],
  [-3, Number("0.0013498980316300945")],
  [-6, Number("9.8658764503769814e-10")],
  [-10, Number("7.6198530241605261e-24")],
  [-20, Number("2.7536241186062337e-89")],
  [-37, Number("5.7255712225245768e-300")],
  [5, Number("0.99999971334842812")],
  [-0.66291, Number("0.25369409838973994")],
  [-0.7, Number("0.24196365222307303")],
  [-2.5, Number("0.0062096653257761352")],
  [-5.656854248, Number("7.7086290171404708e-9")],
  [-5.7, Number("5.9903714010635282e-9")],
  [1e-10, Number("0.50000000003989423")],
];
const PDF: [number, number][] = [
  [1.96, Number("0.058440944333451464")],
  [-8, Number("5.0522710835368923e-15")],
  [-1, Number("0.24197072451914335")],
  [0.5, Number("0.35206532676429948")],
  [-6, Number("6.0758828498232855e-9")],
  [-20, Number("5.5209483621597632e-88")],
  [-37, Number("2.1200065515246056e-298")],
];

describe("standardNormalCdf", () => {
  test("default", () => {
    expect(standardNormalCdf(0)).toBe(0.5);
    expect(standardNormalCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
  });

  test("behavior: matches high-precision reference values to 2e-15 relative, tails included", () => {
    for (const [x, ref] of CDF) {
      const rel = Math.abs(standardNormalCdf(x) - ref) / ref;
      expect(rel, `x = ${x}`).toBeLessThan(2e-15);
    }
  });

  test("behavior: Φ(x) + Φ(−x) = 1 and Φ is monotone", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -40, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, dx) => {
          expect(Math.abs(standardNormalCdf(x) + standardNormalCdf(-x) - 1)).toBeLessThanOrEqual(2.3e-16);
          expect(standardNormalCdf(x + dx)).toBeGreaterThanOrEqual(standardNormalCdf(x));
        },
      ),
    );
  });

  test("behavior: limits, underflow and NaN", () => {
    expect(standardNormalCdf(-40)).toBe(0);
    expect(standardNormalCdf(40)).toBe(1);
    expect(standardNormalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(standardNormalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(standardNormalCdf(Number.NaN)).toBeNaN();
  });
});

describe("standardNormalPdf", () => {
  test("default", () => {
    expect(standardNormalPdf(0)).toBe(0.3989422804014327);
  });

  test("behavior: matches high-precision reference values to 2e-15 relative", () => {
    for (const [x, ref] of PDF) {
      expect(Math.abs(standardNormalPdf(x) - ref) / ref, `x = ${x}`).toBeLessThan(2e-15);
      expect(standardNormalPdf(-x)).toBe(standardNormalPdf(x));
    }
  });

  test("behavior: is the derivative of the cdf (central difference)", () => {
    for (const x of [-7, -3, -1, 0, 0.5, 2, 4]) {
      const h = 1e-5;
      const fd = (standardNormalCdf(x + h) - standardNormalCdf(x - h)) / (2 * h);
      expect(Math.abs(fd - standardNormalPdf(x)) / standardNormalPdf(x)).toBeLessThan(1e-8);
    }
    expect(standardNormalPdf(50)).toBe(0);
    expect(standardNormalPdf(Number.POSITIVE_INFINITY)).toBe(0);
  });

  test("behavior: the tabled split gives the bits of the inline split, whether or not the cdf of x ran first (fast-check)", () => {
    fc.assert(
      fc.property(fc.double({ min: -38.9, max: 38.9, noNaN: true }), (x) => {
        const y = Math.abs(x);
        const x0 = Math.trunc(y * 16) / 16;
        // The documented formula, evaluated inline (no table, no kept factor).
        const inline =
          y < 1
            ? 0.3989422804014327 * Math.exp(-0.5 * x * x)
            : 0.3989422804014327 * Math.exp(-0.5 * x0 * x0) * Math.exp(-0.5 * (y - x0) * (y + x0));
        standardNormalCdf(x + 1);
        expect(Object.is(standardNormalPdf(x), inline)).toBe(true);
        standardNormalCdf(x);
        expect(Object.is(standardNormalPdf(x), inline)).toBe(true);
        standardNormalCdf(-x);
        expect(Object.is(standardNormalPdf(-x), inline)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
