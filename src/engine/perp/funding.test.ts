import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { FundingSeries } from "../../types/series.js";
import { fundingRatePerInterval, fundingSettlementsBetween, YEAR_MS } from "./funding.js";

const H8 = 8 * 3_600_000;

function series(times: number[]): FundingSeries {
  return {
    venue: "test",
    symbol: "ETHUSDT",
    intervalMs: H8,
    length: times.length,
    time: Float64Array.from(times),
    rate: Float64Array.from(times.map(() => 0.0001)),
    gaps: [],
  };
}

describe("fundingSettlementsBetween", () => {
  test("default: returns settlements in (from, to]", () => {
    const s = series([0, H8, 2 * H8, 3 * H8]);
    const out = { start: -1, end: -1 };
    expect(fundingSettlementsBetween(s, 0, 2 * H8, out)).toBe(out);
    expect(out).toEqual({ start: 1, end: 3 });
  });

  test("behavior: boundaries, before the first, after the last, empty window", () => {
    const s = series([10, 20, 30]);
    const out = { start: 0, end: 0 };
    expect(fundingSettlementsBetween(s, -100, 10, out)).toEqual({ start: 0, end: 1 });
    expect(fundingSettlementsBetween(s, 30, 1000, out)).toEqual({ start: 3, end: 3 });
    expect(fundingSettlementsBetween(s, 11, 19, out)).toEqual({ start: 1, end: 1 });
    expect(fundingSettlementsBetween(s, 20, 20, out)).toEqual({ start: 2, end: 2 });
    expect(() => fundingSettlementsBetween(s, 5, 4, out)).toThrow(/toTime 4/);
  });

  test("behavior: property, consecutive windows partition the settlements and match a linear scan", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 0, maxLength: 40 }),
        fc.array(fc.integer({ min: -10, max: 1010 }), { minLength: 2, maxLength: 10 }),
        (raw, cuts) => {
          const times = [...new Set(raw)].sort((a, b) => a - b);
          const s = series(times);
          const edges = [...cuts].sort((a, b) => a - b);
          const out = { start: 0, end: 0 };
          let counted = 0;
          for (let k = 1; k < edges.length; k++) {
            fundingSettlementsBetween(s, edges[k - 1], edges[k], out);
            const scan = times.filter((t) => t > edges[k - 1] && t <= edges[k]).length;
            expect(out.end - out.start).toBe(scan);
            counted += out.end - out.start;
          }
          expect(counted).toBe(times.filter((t) => t > edges[0] && t <= edges[edges.length - 1]).length);
        },
      ),
    );
  });
});

describe("fundingRatePerInterval", () => {
  test("default: 10.95 %/yr is 0.01 % per 8 h", () => {
    expect(fundingRatePerInterval(0.1095, H8)).toBeCloseTo(0.0001, 15);
  });

  test("behavior: a year of intervals sums back to the annual rate; bad input names the field", () => {
    expect(fundingRatePerInterval(-0.2, 3_600_000) * (YEAR_MS / 3_600_000)).toBeCloseTo(-0.2, 14);
    expect(() => fundingRatePerInterval(0.1, 0)).toThrow(/intervalMs 0/);
  });
});
