import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { runEngine } from "../engine/runEngine.js";
import { makePoolSeries } from "../engine/testSeries.js";
import { recenterRange } from "./recenterRange.js";

function randomWalk(steps: number[], start = 200000): number[] {
  let t = start;
  return steps.map((s) => (t += s));
}

describe("recenterRange", () => {
  test("default", () => {
    const close = [...Array(50).fill(200000), ...Array(50).fill(201000)];
    const series = makePoolSeries({ closeTick: close, liquidity: 1e17, inAmount0: close.map(() => 1e9) });
    const r = runEngine({ series, strategy: recenterRange({ widthPct: 2 }), deposit: 10_000 });
    // The 1000-tick jump (≈ 10 %) leaves the ±2 % range once: one re-centring around the new price.
    expect(r.totals.rebalances).toBe(1);
    const p = r.pool.positions[0];
    expect(p.tickLower).toBeLessThanOrEqual(201000);
    expect(p.tickUpper).toBeGreaterThan(201000);
  });

  test("behavior: cooldown blocks a second re-centring inside the window", () => {
    const close = [...Array(5).fill(200000), ...Array(5).fill(201000), ...Array(5).fill(202000)];
    const series = makePoolSeries({ closeTick: close, liquidity: 1e17 });
    const fast = runEngine({ series, strategy: recenterRange({ widthPct: 2 }), deposit: 10_000 });
    const slow = runEngine({
      series,
      strategy: recenterRange({ widthPct: 2, cooldownMinutes: 60 }),
      deposit: 10_000,
    });
    expect(fast.totals.rebalances).toBe(2);
    expect(slow.totals.rebalances).toBe(0);
  });

  test("behavior: rejects a band wider than the range", () => {
    expect(() => recenterRange({ widthPct: 2, bandPct: 3 })).toThrow(/bandPct 3/);
  });

  test("behavior: invariants on random paths: LVR ≥ 0 per minute, position IL ≤ 0, costs ≥ 0 and non-decreasing, value ≤ start + fees + rebalancing + inventory", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -80, max: 80 }), { minLength: 10, maxLength: 400 }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 2 }),
        (steps, width, cooldown, latency) => {
          const close = randomWalk(steps);
          const series = makePoolSeries({
            closeTick: close,
            liquidity: 3e17,
            inAmount0: close.map((_, i) => (i % 7) * 1e9),
            inAmount1: close.map((_, i) => (i % 5) * 1e18),
          });
          const r = runEngine({
            series,
            strategy: recenterRange({ widthPct: width, bandPct: width / 2, cooldownMinutes: cooldown }),
            deposit: 10_000,
            latencyBars: latency,
            costs: { gasQuotePerMint: 0.1, gasQuotePerBurn: 0.1 },
          });
          const s = r.series!;
          for (let i = 0; i < close.length; i++) {
            const dLvr = s.lvr[i] - (i > 0 ? s.lvr[i - 1] : 0);
            expect(dLvr).toBeGreaterThanOrEqual(-1e-9);
            expect(s.positionIl[i]).toBeLessThanOrEqual(1e-10); // float marks vs exact entry amounts
            expect(s.costs[i]).toBeGreaterThanOrEqual(i > 0 ? s.costs[i - 1] : 0);
          }
          const a = r.totals.attribution;
          expect(r.totals.finalValue).toBeLessThanOrEqual(
            r.totals.initialValue + a.fees + a.rebalancing + a.inventory + Math.abs(a.rounding) + 1e-9,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
