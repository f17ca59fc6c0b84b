import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../../errors/math.js";
import { v2Value } from "../../v2/v2Value.js";
import { v3AmountBase } from "./v3AmountBase.js";
import { v3AmountQuote } from "./v3AmountQuote.js";
import { v3Gamma } from "./v3Gamma.js";
import { v3LvrPerYear } from "./v3LvrPerYear.js";
import { v3Value } from "./v3Value.js";
import { v3ValueDeltaGamma } from "./v3ValueDeltaGamma.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
/** A random position: L, range [A, B] with B/A in (1.0001, 1e6), and a price from A/100 to 100·B. */
const arbPosition = fc
  .record({
    l: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
    a: fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
    width: fc.double({ min: 1e-4, max: Math.log(1e6), noNaN: true }),
    u: fc.double({ min: -Math.log(100), max: 1, noNaN: true }),
  })
  .map(({ l, a, width, u }) => {
    const b = a * Math.exp(width);
    // u in [−ln 100, 1]: below the range for u < 0, inside for u in [0, 1), above beyond.
    const p = u < 0 ? a * Math.exp(u) : u < 1 ? a * Math.exp(u * width) : b * 1.5;
    return { l, a, b, p };
  });
const valueAt = (l: number, p: number, a: number, b: number) =>
  v3Value(l, Math.sqrt(p), Math.sqrt(a), Math.sqrt(b));
const baseAt = (l: number, p: number, a: number, b: number) =>
  v3AmountBase(l, Math.sqrt(p), Math.sqrt(a), Math.sqrt(b));
/** True when [p − 2h, p + 2h] does not cross a range edge (a finite difference there is meaningless). */
const awayFromEdges = (p: number, a: number, b: number, h: number) =>
  Math.abs(p - a) > 2 * h && Math.abs(p - b) > 2 * h;

describe("v3Value", () => {
  test("default", () => {
    // L = 100 on [1, 16] at P = 4 (by hand): base = 100(1/2 − 1/4) = 25, quote = 100(2 − 1) = 100, value = 200.
    expect(v3AmountBase(100, 2, 1, 4)).toBe(25);
    expect(v3AmountQuote(100, 2, 1, 4)).toBe(100);
    expect(v3Value(100, 2, 1, 4)).toBe(200);
  });

  test("behavior: below the range all base, above it all quote", () => {
    // P = 0.25: base = 100(1 − 1/4) = 75, value = 75 · 0.25; P = 25: quote = 100(4 − 1) = 300.
    expect(v3AmountBase(100, 0.5, 1, 4)).toBe(75);
    expect(v3AmountQuote(100, 0.5, 1, 4)).toBe(0);
    expect(v3Value(100, 0.5, 1, 4)).toBe(18.75);
    expect(v3AmountBase(100, 5, 1, 4)).toBe(0);
    expect(v3AmountQuote(100, 5, 1, 4)).toBe(300);
    expect(v3Value(100, 5, 1, 4)).toBe(300);
  });

  test("behavior: value = base·P + quote everywhere", () => {
    fc.assert(
      fc.property(arbPosition, ({ l, a, b, p }) => {
        const [s, sa, sb] = [Math.sqrt(p), Math.sqrt(a), Math.sqrt(b)];
        const v = v3AmountBase(l, s, sa, sb) * p + v3AmountQuote(l, s, sa, sb);
        expect(rel(v3Value(l, s, sa, sb), v)).toBeLessThan(1e-9);
      }),
    );
  });

  test("behavior: delta (the base amount) is the numerical first derivative of value", () => {
    fc.assert(
      fc.property(arbPosition, ({ l, a, b, p }) => {
        const h = p * 1e-7;
        fc.pre(awayFromEdges(p, a, b, h));
        const numeric = (valueAt(l, p + h, a, b) - valueAt(l, p - h, a, b)) / (2 * h);
        const delta = baseAt(l, p, a, b);
        expect(Math.abs(delta - numeric)).toBeLessThan(1e-6 * (l / Math.sqrt(p)) + 1e-6 * Math.abs(delta));
      }),
    );
  });

  test("behavior: continuous at the range edges", () => {
    fc.assert(
      fc.property(arbPosition, ({ l, a, b }) => {
        for (const edge of [a, b]) {
          const below = valueAt(l, edge * (1 - 1e-12), a, b);
          const above = valueAt(l, edge * (1 + 1e-12), a, b);
          expect(rel(below, above)).toBeLessThan(1e-9);
        }
      }),
    );
  });

  test("behavior: value <= value of holding the entry amounts", () => {
    fc.assert(
      fc.property(arbPosition, fc.double({ min: 1e-4, max: 1e8, noNaN: true }), ({ l, a, b, p }, p0) => {
        const [sa, sb, s0] = [Math.sqrt(a), Math.sqrt(b), Math.sqrt(p0)];
        const hodl = v3AmountBase(l, s0, sa, sb) * p + v3AmountQuote(l, s0, sa, sb);
        expect(valueAt(l, p, a, b)).toBeLessThanOrEqual(hodl * (1 + 1e-12));
      }),
    );
  });

  test("behavior: approaches v2 as A → 0 and B → ∞", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        (l, p) => {
          const wide = valueAt(l, p, p * 1e-12, p * 1e12);
          expect(rel(wide, v2Value(l, Math.sqrt(p)))).toBeLessThan(2e-6);
          const wider = valueAt(l, p, p * 1e-20, p * 1e20);
          expect(rel(wider, v2Value(l, Math.sqrt(p)))).toBeLessThan(2e-10);
        },
      ),
    );
  });
});

describe("v3Gamma", () => {
  test("default", () => {
    expect(v3Gamma(100, 2, 1, 4)).toBe(-6.25);
    expect(v3Gamma(100, 0.5, 1, 4)).toBe(0);
    expect(v3Gamma(100, 5, 1, 4)).toBe(0);
  });

  test("behavior: gamma is the numerical second derivative of value (inside and outside the range)", () => {
    fc.assert(
      fc.property(arbPosition, ({ l, a, b, p }) => {
        const h = p * 1e-3;
        fc.pre(awayFromEdges(p, a, b, h));
        const numeric =
          (valueAt(l, p + h, a, b) - 2 * valueAt(l, p, a, b) + valueAt(l, p - h, a, b)) / (h * h);
        const gamma = v3Gamma(l, Math.sqrt(p), Math.sqrt(a), Math.sqrt(b));
        // scale: |gamma| inside is L/(2P^{3/2}); the difference's rounding is ~1e-16·value/h².
        const scale = l / (2 * p * Math.sqrt(p));
        expect(Math.abs(gamma - numeric)).toBeLessThan(1e-5 * scale);
      }),
    );
  });
});

describe("v3LvrPerYear", () => {
  test("default", () => {
    // σ²L√P/4 = 0.25·100·2/4
    expect(v3LvrPerYear(100, 2, 1, 4, 0.5)).toBe(12.5);
    expect(v3LvrPerYear(100, 5, 1, 4, 0.5)).toBe(0);
  });

  test("behavior: equals σ²P²/2 · |∂base/∂P| computed numerically", () => {
    fc.assert(
      fc.property(arbPosition, fc.double({ min: 0.01, max: 3, noNaN: true }), ({ l, a, b, p }, vol) => {
        const h = p * 1e-6;
        fc.pre(awayFromEdges(p, a, b, h));
        const dBase = (baseAt(l, p + h, a, b) - baseAt(l, p - h, a, b)) / (2 * h);
        const lvr = v3LvrPerYear(l, Math.sqrt(p), Math.sqrt(a), Math.sqrt(b), vol);
        const expected = ((vol * vol * p * p) / 2) * Math.abs(dBase);
        const scale = (vol * vol * l * Math.sqrt(p)) / 4;
        expect(Math.abs(lvr - expected)).toBeLessThan(1e-5 * scale);
      }),
    );
  });
});

describe("v3ValueDeltaGamma", () => {
  test("default", () => {
    const prices = Float64Array.of(0.25, 4, 25);
    const v = new Float64Array(3);
    const d = new Float64Array(3);
    const g = new Float64Array(3);
    v3ValueDeltaGamma(100, 1, 4, prices, v, d, g);
    expect(Array.from(v)).toEqual([18.75, 200, 300]);
    expect(Array.from(d)).toEqual([75, 25, 0]);
    expect(Array.from(g)).toEqual([0, -6.25, 0]);
  });

  test("behavior: matches the scalar functions for every price", () => {
    fc.assert(
      fc.property(fc.array(arbPosition, { minLength: 1, maxLength: 30 }), (positions) => {
        const { l, a, b } = positions[0];
        const prices = Float64Array.from(positions.map((x) => x.p * (a / x.a)));
        const n = prices.length;
        const v = new Float64Array(n);
        const d = new Float64Array(n);
        const g = new Float64Array(n);
        const [sa, sb] = [Math.sqrt(a), Math.sqrt(b)];
        v3ValueDeltaGamma(l, sa, sb, prices, v, d, g);
        for (let i = 0; i < n; i++) {
          const s = Math.sqrt(prices[i]);
          expect(rel(v[i], v3Value(l, s, sa, sb))).toBeLessThan(1e-9);
          expect(Math.abs(d[i] - v3AmountBase(l, s, sa, sb))).toBeLessThanOrEqual(1e-9 * (l / sa));
          expect(rel(g[i], v3Gamma(l, s, sa, sb))).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 50 },
    );
  });

  test("behavior: rejects a bad range, a bad price and short outputs", () => {
    const out = new Float64Array(2);
    expect(() => v3ValueDeltaGamma(1, 2, 1, Float64Array.of(1), out, out, out)).toThrow(InvalidInputError);
    expect(() => v3ValueDeltaGamma(1, 2, 1, Float64Array.of(1), out, out, out)).toThrow(/^sqrtLower 2 /);
    expect(() => v3ValueDeltaGamma(1, 1, 2, Float64Array.of(1, -3), out, out, out)).toThrow(/prices\[1\] -3/);
    expect(() => v3ValueDeltaGamma(1, 1, 2, Float64Array.of(1, 2, 3), out, out, out)).toThrow(
      /outValue\.length/,
    );
  });
});
