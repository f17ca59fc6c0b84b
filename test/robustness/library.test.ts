/**
 * The library's promise: with arguments of the documented types but any values, a function returns a finite
 * result or throws a BaseError naming the argument — never a bare TypeError, RangeError or ENOENT, never NaN.
 * Covers the unit conversions (`math/units.ts`) and the data layer; the unchecked hot paths are held to their
 * contract against their checked twins.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  formatDate,
  formatDateTime,
  loadFunding,
  loadOhlcv,
  loadPoolSeries,
  parseDateMs,
  readCsv,
} from "../../src/data/index.js";
import { BaseError } from "../../src/errors/base.js";
import { InvalidInputError } from "../../src/errors/math.js";
import {
  formatUnits,
  parseUnits,
  priceToSqrtPriceX96,
  priceToTick,
  sqrtPriceX96ToPrice,
  tickToPrice,
} from "../../src/math/units.js";
import { v2AmountBase, v2Gamma, v2LvrPerYear, v2Value } from "../../src/math/v2/index.js";
import { v2ValueDeltaGamma } from "../../src/math/v2/v2ValueDeltaGamma.js";
import {
  v3AmountBase,
  v3Gamma,
  v3LvrPerYear,
  v3Value,
  v3ValueDeltaGamma,
} from "../../src/math/v3/float/index.js";
import {
  weightedAmountBase,
  weightedGamma,
  weightedValue,
  weightedValueDeltaGamma,
} from "../../src/math/weighted/index.js";
import { scratch } from "./harness.js";

/** Any float64 a caller might pass, the special ones weighted in. */
const anyNumber = fc.oneof(
  fc.double(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    0,
    -0,
    1e308,
    1e-308,
    2 ** 53,
  ),
);

/** Returns "ok" when `fn` returns a finite number / bigint / string, else the kind of failure. */
function outcome(fn: () => unknown): string {
  try {
    const v = fn();
    if (typeof v === "number" && !Number.isFinite(v)) return `returned ${v}`;
    return "ok";
  } catch (e) {
    return e instanceof BaseError ? "ok" : `threw ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

describe("math/units: finite or BaseError for any numbers (fast-check)", () => {
  const orientation = fc.record({
    decimals0: anyNumber,
    decimals1: anyNumber,
    baseToken: fc.constantFrom(0, 1, 2, -1, Number.NaN) as fc.Arbitrary<0 | 1>,
  });

  test("default: tickToPrice, priceToTick, priceToSqrtPriceX96", () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, orientation, (tick, price, o) => {
        expect(outcome(() => tickToPrice({ tick, ...o }))).toBe("ok");
        expect(outcome(() => priceToTick({ price, ...o }))).toBe("ok");
        expect(outcome(() => priceToTick({ price, tickSpacing: tick, ...o }))).toBe("ok");
        expect(outcome(() => priceToSqrtPriceX96({ price, ...o }))).toBe("ok");
      }),
      { numRuns: 3000 },
    );
  });

  test("behavior: sqrtPriceX96ToPrice, parseUnits, formatUnits", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 170n), max: 2n ** 170n }),
        anyNumber,
        fc.string(),
        (s, d, text) => {
          expect(
            outcome(() =>
              sqrtPriceX96ToPrice({ sqrtPriceX96: s, decimals0: d, decimals1: 18, baseToken: 1 }),
            ),
          ).toBe("ok");
          expect(outcome(() => parseUnits(text, d))).toBe("ok");
          expect(outcome(() => formatUnits(s, d))).toBe("ok");
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("data: BaseError for bad values and paths", () => {
  test("default: dates and times", () => {
    fc.assert(
      fc.property(anyNumber, fc.string(), (t, s) => {
        expect(outcome(() => formatDate(t))).toBe("ok");
        expect(outcome(() => formatDateTime(t))).toBe("ok");
        // parseDateMs returns NaN for a non-date by contract: a value, never a throw.
        expect(() => parseDateMs(s)).not.toThrow();
      }),
    );
    expect(() => formatDate(Number.NaN)).toThrow(InvalidInputError);
    expect(() => formatDate(Number.NaN)).toThrow(/^timeMs NaN is invalid/);
  });

  test("behavior: loaders on missing paths, folders and junk text throw BaseErrors only", () => {
    const dir = scratch("lib");
    const calls: (() => unknown)[] = [
      () => loadFunding(`${dir}/none.csv`),
      () => loadFunding(dir),
      () => loadOhlcv(""),
      () => loadPoolSeries({ path: `${dir}/none` }),
      () => loadPoolSeries({ path: dir }),
      () => loadPoolSeries({ path: dir, from: "2022-02-30" }),
      () => readCsv("x.csv", { text: "" }),
      () => readCsv("x.csv", { text: "a\n1\n\n2\n" }),
    ];
    for (const c of calls) expect(outcome(c)).toBe("ok");
    for (const c of calls) expect(c).toThrow(BaseError);
  });
});

describe("unchecked hot paths hold their contract", () => {
  // Inside the documented contract (finite L >= 0, prices > 0, 0 < A < B, 0 < w < 1) and float64 headroom
  // (prices and L within [1e-12, 1e12]), the unchecked functions are finite and equal their checked twins.
  const pos = fc.double({ min: 1e-12, max: 1e12, noNaN: true });
  const liq = fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 1e12, noNaN: true }));
  const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

  test("default: v2 and weighted", () => {
    fc.assert(
      fc.property(
        liq,
        pos,
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (L, p, w, vol) => {
          const s = Math.sqrt(p);
          const out = [new Float64Array(1), new Float64Array(1), new Float64Array(1)] as const;
          v2ValueDeltaGamma(L, Float64Array.of(p), ...out);
          for (const x of [v2Value(L, s), v2AmountBase(L, s), v2Gamma(L, s), v2LvrPerYear(L, s, vol)])
            expect(Number.isFinite(x)).toBe(true);
          expect(rel(v2Value(L, s), out[0][0])).toBeLessThan(1e-12);
          expect(rel(v2AmountBase(L, s), out[1][0])).toBeLessThan(1e-12);
          expect(rel(v2Gamma(L, s), out[2][0])).toBeLessThan(1e-12);
          weightedValueDeltaGamma(L, w, Float64Array.of(p), ...out);
          for (const x of [weightedValue(L, p, w), weightedAmountBase(L, p, w), weightedGamma(L, p, w)])
            expect(Number.isFinite(x)).toBe(true);
          expect(rel(weightedValue(L, p, w), out[0][0])).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("behavior: v3 inside, below and above the range", () => {
    fc.assert(
      fc.property(liq, pos, pos, pos, fc.double({ min: 0, max: 10, noNaN: true }), (L, p, a, b, vol) => {
        fc.pre(b > a * 1.000001); // a range of at least 1e-6 relative width (0 < √A < √B in float64)
        const [sa, sb, s] = [Math.sqrt(a), Math.sqrt(b), Math.sqrt(p)];
        const out = [new Float64Array(1), new Float64Array(1), new Float64Array(1)] as const;
        v3ValueDeltaGamma(L, sa, sb, Float64Array.of(p), ...out);
        for (const x of [
          v3Value(L, s, sa, sb),
          v3AmountBase(L, s, sa, sb),
          v3Gamma(L, s, sa, sb),
          v3LvrPerYear(L, s, sa, sb, vol),
        ])
          expect(Number.isFinite(x)).toBe(true);
        expect(rel(v3Value(L, s, sa, sb), out[0][0])).toBeLessThan(1e-9);
        expect(rel(v3AmountBase(L, s, sa, sb), out[1][0])).toBeLessThan(1e-9);
      }),
      { numRuns: 2000 },
    );
  });

  test("behavior: the checked twins refuse what the contract excludes, naming the argument", () => {
    const out = [new Float64Array(1), new Float64Array(1), new Float64Array(1)] as const;
    expect(() => v2ValueDeltaGamma(-1, Float64Array.of(1), ...out)).toThrow(/^liquidity -1 is invalid/);
    expect(() => v2ValueDeltaGamma(1, Float64Array.of(Number.NaN), ...out)).toThrow(
      /^prices\[0\] NaN is invalid/,
    );
    expect(() => v3ValueDeltaGamma(1, 2, 1, Float64Array.of(1), ...out)).toThrow(/^sqrtLower 2 is invalid/);
    expect(() => weightedValueDeltaGamma(1, 1.5, Float64Array.of(1), ...out)).toThrow(InvalidInputError);
  });
});
