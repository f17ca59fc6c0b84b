import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../errors/math.js";
import { v2AmountBase } from "./v2AmountBase.js";
import { v2AmountQuote } from "./v2AmountQuote.js";
import { v2Gamma } from "./v2Gamma.js";
import { v2LvrPerYear } from "./v2LvrPerYear.js";
import { v2Value } from "./v2Value.js";
import { v2ValueDeltaGamma } from "./v2ValueDeltaGamma.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const valueAt = (l: number, p: number) => v2Value(l, Math.sqrt(p));
const baseAt = (l: number, p: number) => v2AmountBase(l, Math.sqrt(p));
const arbL = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const arbP = fc.double({ min: 1e-6, max: 1e6, noNaN: true });

describe("v2Value", () => {
  test("default", () => {
    // L = 100, P = 4: base = 50, quote = 200, value = 50·4 + 200 = 400.
    expect(v2Value(100, 2)).toBe(400);
    expect(v2AmountBase(100, 2)).toBe(50);
    expect(v2AmountQuote(100, 2)).toBe(200);
  });

  test("behavior: value = base·P + quote and base·quote = L²", () => {
    fc.assert(
      fc.property(arbL, arbP, (l, p) => {
        const s = Math.sqrt(p);
        const b = v2AmountBase(l, s);
        const q = v2AmountQuote(l, s);
        expect(rel(b * p + q, v2Value(l, s))).toBeLessThan(1e-12);
        expect(rel(b * q, l * l)).toBeLessThan(1e-12);
      }),
    );
  });

  test("behavior: delta (the base amount) is the numerical first derivative of value", () => {
    fc.assert(
      fc.property(arbL, arbP, (l, p) => {
        const h = p * 1e-5;
        const numeric = (valueAt(l, p + h) - valueAt(l, p - h)) / (2 * h);
        expect(rel(baseAt(l, p), numeric)).toBeLessThan(1e-7);
      }),
    );
  });
});

describe("v2Gamma", () => {
  test("default", () => {
    // −L/(2 P^{3/2}) = −100 / (2·8)
    expect(v2Gamma(100, 2)).toBe(-6.25);
  });

  test("behavior: gamma is the numerical second derivative of value", () => {
    fc.assert(
      fc.property(arbL, arbP, (l, p) => {
        const h = p * 1e-3;
        const numeric = (valueAt(l, p + h) - 2 * valueAt(l, p) + valueAt(l, p - h)) / (h * h);
        expect(rel(v2Gamma(l, Math.sqrt(p)), numeric)).toBeLessThan(1e-5);
      }),
    );
  });
});

describe("v2LvrPerYear", () => {
  test("default", () => {
    // σ²/8 · value = 0.25/8 · 400
    expect(v2LvrPerYear(100, 2, 0.5)).toBe(12.5);
  });

  test("behavior: equals σ²P²/2 · |∂base/∂P| computed numerically, and σ²/8 · value", () => {
    fc.assert(
      fc.property(arbL, arbP, fc.double({ min: 0.01, max: 3, noNaN: true }), (l, p, vol) => {
        const h = p * 1e-5;
        const dBase = (baseAt(l, p + h) - baseAt(l, p - h)) / (2 * h);
        const lvr = v2LvrPerYear(l, Math.sqrt(p), vol);
        expect(rel(lvr, ((vol * vol * p * p) / 2) * Math.abs(dBase))).toBeLessThan(1e-7);
        expect(rel(lvr, ((vol * vol) / 8) * valueAt(l, p))).toBeLessThan(1e-12);
      }),
    );
  });
});

describe("v2ValueDeltaGamma", () => {
  test("default", () => {
    const prices = Float64Array.of(4);
    const v = new Float64Array(1);
    const d = new Float64Array(1);
    const g = new Float64Array(1);
    v2ValueDeltaGamma(100, prices, v, d, g);
    expect([v[0], d[0], g[0]]).toEqual([400, 50, -6.25]);
  });

  test("behavior: matches the scalar functions for every price", () => {
    fc.assert(
      fc.property(arbL, fc.array(arbP, { minLength: 1, maxLength: 50 }), (l, ps) => {
        const prices = Float64Array.from(ps);
        const n = prices.length;
        const v = new Float64Array(n);
        const d = new Float64Array(n);
        const g = new Float64Array(n);
        v2ValueDeltaGamma(l, prices, v, d, g);
        for (let i = 0; i < n; i++) {
          const s = Math.sqrt(prices[i]);
          expect(rel(v[i], v2Value(l, s))).toBeLessThan(1e-14);
          expect(rel(d[i], v2AmountBase(l, s))).toBeLessThan(1e-14);
          expect(rel(g[i], v2Gamma(l, s))).toBeLessThan(1e-14);
        }
      }),
      { numRuns: 50 },
    );
  });

  test("behavior: rejects a bad price naming its index, and short outputs", () => {
    const out = new Float64Array(3);
    const bad = Float64Array.of(1, Number.NaN, 2);
    expect(() => v2ValueDeltaGamma(1, bad, out, out, out)).toThrow(InvalidInputError);
    expect(() => v2ValueDeltaGamma(1, bad, out, out, out)).toThrow(/prices\[1\] NaN/);
    expect(() => v2ValueDeltaGamma(1, Float64Array.of(1, 2, 3), new Float64Array(2), out, out)).toThrow(
      /outValue\.length 2/,
    );
    expect(() => v2ValueDeltaGamma(-1, Float64Array.of(1), out, out, out)).toThrow(/liquidity -1/);
  });
});
