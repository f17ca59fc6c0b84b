import { describe, expect, test } from "vitest";
import { priceMoveTrigger } from "./priceMoveTrigger.js";

describe("priceMoveTrigger", () => {
  test("default: fires on a move larger than the threshold, up or down", () => {
    expect(priceMoveTrigger({ price: 2050, lastHedgePrice: 2000, threshold: 0.02 })).toBe(true);
    expect(priceMoveTrigger({ price: 1950, lastHedgePrice: 2000, threshold: 0.02 })).toBe(true);
    expect(priceMoveTrigger({ price: 2010, lastHedgePrice: 2000, threshold: 0.02 })).toBe(false);
  });

  test("behavior: boundary, exactly the threshold does not fire", () => {
    // 1.25 / 1 - 1 = 0.25 exactly in binary
    expect(priceMoveTrigger({ price: 1.25, lastHedgePrice: 1, threshold: 0.25 })).toBe(false);
    expect(priceMoveTrigger({ price: 1.25 + 1e-12, lastHedgePrice: 1, threshold: 0.25 })).toBe(true);
    expect(priceMoveTrigger({ price: 0.75, lastHedgePrice: 1, threshold: 0.25 })).toBe(false);
    expect(priceMoveTrigger({ price: 0.75 - 1e-12, lastHedgePrice: 1, threshold: 0.25 })).toBe(true);
  });
});
