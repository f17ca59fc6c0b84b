import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fillIndexAfter } from "./fillIndexAfter.js";

describe("fillIndexAfter", () => {
  const minutes = Float64Array.from({ length: 10 }, (_, i) => i * 60_000);

  test("default: a decision at bar 1 with 500 ms latency fills on bar 2", () => {
    expect(fillIndexAfter(60_000, 500, minutes, 1)).toBe(2);
  });

  test("behavior: boundaries, zero latency fills on the same bar, exact arrival fills on that bar, past the end", () => {
    expect(fillIndexAfter(60_000, 0, minutes, 1)).toBe(1);
    expect(fillIndexAfter(60_000, 60_000, minutes, 1)).toBe(2);
    expect(fillIndexAfter(60_000, 60_001, minutes, 1)).toBe(3);
    expect(fillIndexAfter(0, 3_600_000, minutes, 0)).toBe(10);
    expect(fillIndexAfter(0, 0, minutes, 10)).toBe(10);
    expect(fillIndexAfter(500_000, 0, minutes, 0, 5)).toBe(5);
    expect(() => fillIndexAfter(0, -1, minutes, 0)).toThrow(/latencyMs -1/);
    expect(() => fillIndexAfter(0, 0, minutes, 0.5)).toThrow(/startIndex 0.5/);
  });

  test("behavior: property, equals a linear scan", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 }),
        fc.integer({ min: -100, max: 11_000 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.nat(250),
        (raw, decision, latency, start) => {
          const times = Float64Array.from(raw.sort((a, b) => a - b));
          let expected = times.length;
          for (let i = start; i < times.length; i++)
            if (times[i] >= decision + latency) {
              expected = i;
              break;
            }
          if (start >= times.length) expected = times.length;
          expect(fillIndexAfter(decision, latency, times, start)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
