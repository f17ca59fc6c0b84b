import { describe, expect, test } from "vitest";
import { recenterRange } from "../strategy/recenterRange.js";
import { createEngine } from "./engine.js";
import { randomWalkSeries } from "./testSeries.js";

/** A random-walk minute series (a fixed LCG, not Math.random) with fees on both sides. */
const walk = (n: number) => randomWalkSeries(n, 777);

describe("createEngine returnStats", () => {
  test("false: the same run and series, only annualizedVol, sharpe and maxDrawdown not computed (NaN)", () => {
    const series = walk(3000);
    const run = (returnStats: boolean | undefined) => {
      const e = createEngine({
        market: series,
        strategy: recenterRange({ widthPct: 0.5, cooldownMinutes: 5 }),
        deposit: 10_000,
        ...(returnStats === undefined ? {} : { returnStats }),
      });
      e.advance();
      return { totals: e.totals(), series: e.series() };
    };
    const on = run(undefined);
    const off = run(false);
    expect(run(true).totals).toEqual(on.totals);
    // the statistics of the default run are real numbers (this walk has a drawdown and a nonzero return variance)
    expect(on.totals.maxDrawdown).toBeGreaterThan(0);
    expect(on.totals.annualizedVol).toBeGreaterThan(0);
    expect(Number.isFinite(on.totals.sharpe)).toBe(true);
    expect(on.totals.rebalances).toBeGreaterThan(2);
    const { annualizedVol, sharpe, maxDrawdown, ...rest } = off.totals;
    expect([annualizedVol, sharpe, maxDrawdown]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    const { annualizedVol: _v, sharpe: _s, maxDrawdown: _d, ...restOn } = on.totals;
    expect(rest).toEqual(restOn);
    expect(off.series).toEqual(on.series);
  });
});
