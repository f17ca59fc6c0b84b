import { describe, expect, test } from "vitest";
import { runEngine } from "../engine/runEngine.js";
import { makePoolSeries } from "../engine/testSeries.js";
import { fullRange } from "./fullRange.js";
import { passiveRange } from "./passiveRange.js";

const T = 202690;
const P0 = 1e12 / 1.0001 ** T;

describe("passiveRange", () => {
  test("default", () => {
    const series = makePoolSeries({ closeTick: [T, T + 10], liquidity: 1e17 });
    const r = runEngine({
      series,
      strategy: passiveRange({ range: { belowPct: 10, abovePct: 10 } }),
      deposit: 10_000,
    });
    const p = r.pool.positions[0];
    // Ticks rounded outwards: the range covers [0.9 P0, 1.1 P0] (price falls as the tick rises for base = token1).
    const pLow = 1e12 / 1.0001 ** p.tickUpper;
    const pHigh = 1e12 / 1.0001 ** p.tickLower;
    expect(pLow).toBeLessThanOrEqual(0.9 * P0);
    expect(pLow).toBeGreaterThan(0.9 * P0 * 0.999);
    expect(pHigh).toBeGreaterThanOrEqual(1.1 * P0);
    expect(pHigh).toBeLessThan(1.1 * P0 * 1.001);
    expect(p.tickLower % 10).toBe(0);
  });

  test("behavior: price range given as {lower, upper}", () => {
    const series = makePoolSeries({ closeTick: [T], liquidity: 1e17 });
    const r = runEngine({
      series,
      strategy: passiveRange({ range: { lower: 1400, upper: 1800 } }),
      deposit: 1000,
    });
    const p = r.pool.positions[0];
    expect(1e12 / 1.0001 ** p.tickUpper).toBeLessThanOrEqual(1400);
    expect(1e12 / 1.0001 ** p.tickLower).toBeGreaterThanOrEqual(1800);
  });
});

describe("fullRange", () => {
  test("default", () => {
    const series = makePoolSeries({ closeTick: [T, T + 2000], liquidity: 1e17 });
    const r = runEngine({ series, strategy: fullRange(), deposit: 10_000, costs: { priceImpact: false } });
    expect(r.totals.tickLower).toBe(-887270);
    expect(r.totals.tickUpper).toBe(887270);
    // v2 closed form: V(P1)/V(P0) = √(P1/P0) for a 50/50 position (ignoring the tiny mint costs).
    const v0 = r.series!.value[0];
    const ratio = Math.sqrt(1.0001 ** -2000);
    expect(r.series!.value[1] / v0).toBeCloseTo(ratio, 6);
  });
});
