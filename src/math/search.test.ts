import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gallopSearch } from "./search.js";

/** The answer by a linear scan: the independent oracle. */
function scan(a: number[], value: number, from: number, length: number, strict: boolean): number {
  for (let i = from; i < length; i++) if (strict ? a[i] > value : a[i] >= value) return i;
  return length;
}

describe("gallopSearch", () => {
  it("finds the first row at or after (or strictly after) a value", () => {
    const t = Float64Array.of(0, 60_000, 60_000, 120_000, 180_000);
    expect(gallopSearch(t, 60_000, 0, 5, false)).toBe(1);
    expect(gallopSearch(t, 60_000, 0, 5, true)).toBe(3);
    expect(gallopSearch(t, 60_000, 2, 5, false)).toBe(2);
    expect(gallopSearch(t, 500_000, 0, 5, false)).toBe(5);
    expect(gallopSearch(t, -1, 3, 5, true)).toBe(3);
    expect(gallopSearch(t, 0, 4, 4, false)).toBe(4);
  });

  it("equals a linear scan on sorted arrays with ties, for every start and length (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 80 }),
        fc.integer({ min: -2, max: 42 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (raw, value, f, l, strict) => {
          const a = raw.sort((x, y) => x - y);
          const length = a.length === 0 ? 0 : l % (a.length + 1);
          const from = f % (length + 1);
          expect(gallopSearch(a, value, from, length, strict)).toBe(scan(a, value, from, length, strict));
        },
      ),
      { numRuns: 500 },
    );
  });
});
