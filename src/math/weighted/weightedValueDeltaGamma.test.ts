import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../errors/math.js";
import { v2AmountBase } from "../v2/v2AmountBase.js";
import { v2AmountQuote } from "../v2/v2AmountQuote.js";
import { v2Gamma } from "../v2/v2Gamma.js";
import { v2LvrPerYear } from "../v2/v2LvrPerYear.js";
import { v2Value } from "../v2/v2Value.js";
import { weightedAmountBase } from "./weightedAmountBase.js";
import { weightedAmountQuote } from "./weightedAmountQuote.js";
import { weightedGamma } from "./weightedGamma.js";
import { weightedLvrPerYear } from "./weightedLvrPerYear.js";
import { weightedValue } from "./weightedValue.js";
import { weightedValueDeltaGamma } from "./weightedValueDeltaGamma.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const arbL = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const arbP = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
const arbW = fc.double({ min: 0.01, max: 0.99, noNaN: true });

describe("weightedValue", () => {
  test("default", () => {
    // 80/20 pool, k = 1 at P = 1: V = (1/0.8)^0.8 (1/0.2)^0.2, base = 0.8V, quote = 0.2V.
    const v = weightedValue(1, 1, 0.8);
    expect(v).toBeCloseTo(1.25 ** 0.8 * 5 ** 0.2, 14);
    expect(weightedAmountBase(1, 1, 0.8)).toBeCloseTo(0.8 * v, 14);
    expect(weightedAmountQuote(1, 1, 0.8)).toBeCloseTo(0.2 * v, 14);
  });

  test("behavior: amounts satisfy the invariant base^w·quote^(1−w) = k and the spot price", () => {
    fc.assert(
      fc.property(arbL, arbP, arbW, (k, p, w) => {
        const b = weightedAmountBase(k, p, w);
        const q = weightedAmountQuote(k, p, w);
        expect(rel(b ** w * q ** (1 - w), k)).toBeLessThan(1e-12);
        // Balancer spot price: (quote/(1−w)) / (base/w).
        expect(rel(q / (1 - w) / (b / w), p)).toBeLessThan(1e-12);
        expect(rel(b * p + q, weightedValue(k, p, w))).toBeLessThan(1e-12);
      }),
    );
  });

  test("behavior: w = 0.5 equals the constant-product pool (value, amounts, gamma, LVR) to 1e-12", () => {
    fc.assert(
      fc.property(arbL, arbP, fc.double({ min: 1e-3, max: 3, noNaN: true }), (l, p, vol) => {
        const s = Math.sqrt(p);
        expect(rel(weightedValue(l, p, 0.5), v2Value(l, s))).toBeLessThan(1e-12);
        expect(rel(weightedAmountBase(l, p, 0.5), v2AmountBase(l, s))).toBeLessThan(1e-12);
        expect(rel(weightedAmountQuote(l, p, 0.5), v2AmountQuote(l, s))).toBeLessThan(1e-12);
        expect(rel(weightedGamma(l, p, 0.5), v2Gamma(l, s))).toBeLessThan(1e-12);
        expect(Math.abs(weightedLvrPerYear(l, p, 0.5, vol) - v2LvrPerYear(l, s, vol))).toBeLessThanOrEqual(
          1e-12 * v2LvrPerYear(l, s, vol),
        );
      }),
    );
  });

  test("behavior: delta (the base amount) is the numerical first derivative of value", () => {
    fc.assert(
      fc.property(arbL, arbP, arbW, (k, p, w) => {
        const h = p * 1e-5;
        const numeric = (weightedValue(k, p + h, w) - weightedValue(k, p - h, w)) / (2 * h);
        expect(rel(weightedAmountBase(k, p, w), numeric)).toBeLessThan(1e-7);
      }),
    );
  });
});

describe("weightedGamma", () => {
  test("default", () => {
    expect(weightedGamma(100, 4, 0.5)).toBeCloseTo(-6.25, 12);
  });

  test("behavior: gamma is the numerical second derivative of value", () => {
    fc.assert(
      fc.property(arbL, arbP, arbW, (k, p, w) => {
        const h = p * 1e-3;
        const f = (x: number) => weightedValue(k, x, w);
        const numeric = (f(p + h) - 2 * f(p) + f(p - h)) / (h * h);
        expect(rel(weightedGamma(k, p, w), numeric)).toBeLessThan(1e-4);
      }),
    );
  });
});

describe("weightedLvrPerYear", () => {
  test("default", () => {
    // σ²/2 · w(1−w) · V = 0.125 · 0.25 · 400
    expect(weightedLvrPerYear(100, 4, 0.5, 0.5)).toBeCloseTo(12.5, 12);
  });

  test("behavior: equals σ²P²/2 · |∂base/∂P| computed numerically", () => {
    fc.assert(
      fc.property(arbL, arbP, arbW, fc.double({ min: 0.01, max: 3, noNaN: true }), (k, p, w, vol) => {
        const h = p * 1e-5;
        const dBase = (weightedAmountBase(k, p + h, w) - weightedAmountBase(k, p - h, w)) / (2 * h);
        expect(
          rel(weightedLvrPerYear(k, p, w, vol), ((vol * vol * p * p) / 2) * Math.abs(dBase)),
        ).toBeLessThan(1e-6);
      }),
    );
  });
});

describe("weightedValueDeltaGamma", () => {
  test("default", () => {
    const prices = Float64Array.of(4);
    const [v, d, g] = [new Float64Array(1), new Float64Array(1), new Float64Array(1)];
    weightedValueDeltaGamma(100, 0.5, prices, v, d, g);
    expect(v[0]).toBeCloseTo(400, 11);
    expect(d[0]).toBeCloseTo(50, 12);
    expect(g[0]).toBeCloseTo(-6.25, 12);
  });

  test("behavior: matches the scalar functions for every price", () => {
    fc.assert(
      fc.property(arbL, arbW, fc.array(arbP, { minLength: 1, maxLength: 30 }), (k, w, ps) => {
        const prices = Float64Array.from(ps);
        const n = prices.length;
        const [v, d, g] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
        weightedValueDeltaGamma(k, w, prices, v, d, g);
        for (let i = 0; i < n; i++) {
          expect(rel(v[i], weightedValue(k, prices[i], w))).toBeLessThan(1e-12);
          expect(rel(d[i], weightedAmountBase(k, prices[i], w))).toBeLessThan(1e-12);
          expect(rel(g[i], weightedGamma(k, prices[i], w))).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 50 },
    );
  });

  test("behavior: rejects a weight outside (0, 1) and a bad price", () => {
    const out = new Float64Array(2);
    expect(() => weightedValueDeltaGamma(1, 1, Float64Array.of(1), out, out, out)).toThrow(InvalidInputError);
    expect(() => weightedValueDeltaGamma(1, 1, Float64Array.of(1), out, out, out)).toThrow(/^weight 1 /);
    expect(() => weightedValueDeltaGamma(1, 0.5, Float64Array.of(1, 0), out, out, out)).toThrow(
      /prices\[1\] 0/,
    );
  });
});
