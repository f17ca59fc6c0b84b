import { describe, expect, test } from "vitest";
import { timeIntervalTrigger } from "./timeIntervalTrigger.js";

describe("timeIntervalTrigger", () => {
  test("default: fires once the interval has elapsed", () => {
    expect(timeIntervalTrigger({ now: 7_200_000, lastHedgeTime: 0, intervalMs: 3_600_000 })).toBe(true);
    expect(timeIntervalTrigger({ now: 1_000, lastHedgeTime: 0, intervalMs: 3_600_000 })).toBe(false);
  });

  test("behavior: boundary, exactly one interval fires, one ms less does not", () => {
    expect(timeIntervalTrigger({ now: 3_600_000, lastHedgeTime: 0, intervalMs: 3_600_000 })).toBe(true);
    expect(timeIntervalTrigger({ now: 3_599_999, lastHedgeTime: 0, intervalMs: 3_600_000 })).toBe(false);
  });
});
