import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findGaps, indexAtOrBefore } from "./gaps.js";

const H = 3_600_000;

describe("findGaps", () => {
  test("default", () => {
    expect(findGaps({ file: "x.csv", time: Float64Array.of(0, H, 3 * H, 4 * H), barMs: H })).toEqual([
      { index: 2, fromTime: H, toTime: 3 * H, missingBars: 1 },
    ]);
  });

  test("behavior: duplicate and out-of-order times are errors with the line", () => {
    expect(() => findGaps({ file: "x.csv", time: Float64Array.of(0, H, H), barMs: H })).toThrow(
      /x\.csv, line 4, column timestamp: duplicate timestamp/,
    );
    expect(() => findGaps({ file: "x.csv", time: Float64Array.of(H, 0), barMs: H })).toThrow(
      /line 3.*out of order/,
    );
  });

  test("behavior: off-grid step is an error unless a tolerance is given", () => {
    const time = Float64Array.of(0, H + 60_000, 2 * H + 1_000, 4 * H + 90_000);
    expect(() => findGaps({ file: "x.csv", time, barMs: H })).toThrow(/not a whole number/);
    expect(findGaps({ file: "x.csv", time, barMs: H, toleranceMs: 600_000 })).toEqual([
      { index: 3, fromTime: 2 * H + 1_000, toTime: 4 * H + 90_000, missingBars: 1 },
    ]);
  });
});

describe("indexAtOrBefore", () => {
  test("default", () => {
    expect(indexAtOrBefore(Float64Array.of(10, 20, 30), 25)).toBe(1);
  });

  test("behavior: equals a linear search (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { maxLength: 50 }),
        fc.integer({ min: -1100, max: 1100 }),
        (xs, t) => {
          const time = Float64Array.from(xs.sort((a, b) => a - b));
          let expected = -1;
          for (let i = 0; i < time.length; i++) if (time[i] <= t) expected = i;
          expect(indexAtOrBefore(time, t)).toBe(expected);
        },
      ),
    );
  });
});
