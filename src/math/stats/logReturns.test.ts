import { describe, expect, test } from "vitest";
import { logReturns } from "./logReturns.js";

describe("logReturns", () => {
  test("default", () => {
    const r = logReturns(new Float64Array([100, 110, 99]));
    expect(r.length).toBe(2);
    expect(r[0]).toBeCloseTo(Math.log(1.1), 15);
    expect(r[1]).toBeCloseTo(Math.log(0.9), 15);
  });
  test("behavior: returns sum to the log of the total change", () => {
    const p = [3, 5, 2, 8, 13];
    expect(logReturns(p).reduce((a, b) => a + b, 0)).toBeCloseTo(Math.log(13 / 3), 14);
  });
  test("behavior: writes into out and rejects bad prices", () => {
    const out = new Float64Array(5);
    expect(logReturns([1, Math.E], out)).toBe(out);
    expect(out[0]).toBeCloseTo(1, 15);
    expect(() => logReturns([1, -2])).toThrow(/price\[1\] -2/);
  });
});
