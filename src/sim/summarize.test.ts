import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { column, summarize } from "./summarize.js";

describe("summarize", () => {
  test("default: 1..100 has mean 50.5, sample std √(101·100/12)·…, type-7 quantiles and a 5-value tail", () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const s = summarize(x);
    expect(s.count).toBe(100);
    expect(s.mean).toBe(50.5);
    // sample variance of 1..n is n(n+1)/12
    expect(s.std).toBeCloseTo(Math.sqrt((100 * 101) / 12), 12);
    // type 7: h = 99q, e.g. p50 = 50.5, p25 = 25.75, p1 = 1.99
    expect(s.p50).toBeCloseTo(50.5, 12);
    expect(s.p25).toBeCloseTo(25.75, 12);
    expect(s.p1).toBeCloseTo(1.99, 12);
    expect(s.p99).toBeCloseTo(99.01, 12);
    expect(s.probLoss).toBe(0);
    expect(s.expectedShortfall5).toBe(3); // mean of 1..5
  });

  test("behavior: losses are counted and the tail mean is the mean of the worst 5%", () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i - 10); // −10..29
    const s = summarize(x);
    expect(s.probLoss).toBe(10 / 40);
    expect(s.expectedShortfall5).toBe(-9.5); // worst ⌈2⌉ = −10, −9
  });

  test("behavior: quantiles are ordered and bounded by min and max (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (arr) => {
          const s = summarize(Float64Array.from(arr));
          const q = [s.p1, s.p5, s.p25, s.p50, s.p75, s.p95, s.p99];
          for (let i = 1; i < q.length; i++) expect(q[i]).toBeGreaterThanOrEqual(q[i - 1]);
          expect(q[0]).toBeGreaterThanOrEqual(Math.min(...arr));
          expect(q[6]).toBeLessThanOrEqual(Math.max(...arr));
          expect(s.expectedShortfall5).toBeLessThanOrEqual(s.mean + 1e-6);
        },
      ),
    );
  });

  test("behavior: empty or non-finite samples are rejected by name", () => {
    expect(() => summarize(new Float64Array(0))).toThrow(/values.length 0/);
    expect(() => summarize(Float64Array.from([1, Number.NaN]))).toThrow(/values\[1\] NaN/);
  });
});

describe("column", () => {
  test("default: extracts one column of a row-major matrix", () => {
    const rows = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(column(rows, 3, 1))).toEqual([2, 5]);
    expect(() => column(rows, 4, 0)).toThrow(/cols 4/);
  });
});
