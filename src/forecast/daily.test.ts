import { describe, expect, test } from "vitest";
import { aggregateDaily } from "./daily.js";

const H = 3_600_000;
const D = 86_400_000;

describe("aggregateDaily", () => {
  test("default: sums returns and squared returns per UTC day", () => {
    const time = [D + 22 * H, D + 23 * H, 2 * D, 2 * D + H, 3 * D + 5 * H];
    const r = [0.01, -0.02, 0.03, 0.01, -0.04];
    const d = aggregateDaily(time, r);
    expect(d.length).toBe(3);
    expect(Array.from(d.dayMs)).toEqual([D, 2 * D, 3 * D]);
    expect(d.ret[0]).toBeCloseTo(-0.01, 15);
    expect(d.rv[1]).toBeCloseTo(0.0009 + 0.0001, 15);
    expect(Array.from(d.bars)).toEqual([2, 2, 1]);
  });
  test("behavior: completeOnly drops a partial first and last day", () => {
    const time: number[] = [];
    for (let h = 5; h < 72 - 3; h++) time.push(h * H);
    const d = aggregateDaily(time, new Float64Array(time.length).fill(0.001), { completeOnly: true });
    expect(d.length).toBe(1);
    expect(d.dayMs[0]).toBe(D);
    expect(d.bars[0]).toBe(24);
  });
  test("behavior: rejects unordered times", () => {
    expect(() => aggregateDaily([2 * D, D], [0, 0])).toThrow(/time\[1\]/);
  });
});
