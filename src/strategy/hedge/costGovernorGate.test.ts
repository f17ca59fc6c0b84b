import { describe, expect, test } from "vitest";
import { START_TICK, testPerpMarket } from "../../../test/helpers/perpMarket.js";
import { createPerpVenueModel } from "../../engine/perp/perpVenueModel.js";
import { runEngine } from "../../engine/runEngine.js";
import { makePoolSeries } from "../../engine/testSeries.js";
import type { EngineEvent } from "../../engine/types.js";
import { hedgedStrategy } from "../hedgedStrategy.js";
import { passiveRange } from "../passiveRange.js";
import { costGovernorGate } from "./costGovernorGate.js";
import { deltaHedge } from "./deltaHedge.js";
import { governHedge } from "./governHedge.js";

const T = START_TICK;
const MARKET = testPerpMarket({ takerFee: 0.0005, halfSpreadBps: 1 });
const ticks = Array.from({ length: 400 }, (_, i) => T + Math.round(30 * Math.sin(i / 5)));

function run(feeAprPrior: number, riskAversion: number) {
  const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
  const events: EngineEvent[] = [];
  const perp = createPerpVenueModel({ market: MARKET, events });
  const gate = costGovernorGate({
    takerFee: 0.0005,
    slippage: 0.0001,
    feeAprPrior,
    lvrPerYearPrior: 0.05,
    riskAversion,
    horizonDays: 7,
    // The prior weighs as a million days: the realised fees of these 400 minutes barely move the estimate.
    priorDays: 1e6,
    events,
  });
  const strategy = hedgedStrategy(passiveRange({ range: { belowPct: 5, abovePct: 5 } }), [
    deltaHedge({ trigger: { kind: "absolute", band: 0.01 }, reserveQuote: 3000, control: gate.control }),
  ]);
  runEngine({ series, strategy, deposit: 13_000, venues: [perp], gate, events });
  return { events, perp, control: gate.control };
}

describe("costGovernorGate", () => {
  test("default: every hedge decision is logged with the numbers governHedge returns for the same inputs", () => {
    const { events, perp } = run(0.5, 1e-3);
    const g = events.filter((e) => e.kind === "governor");
    expect(g.length).toBeGreaterThan(0);
    const f = g[0].fields;
    for (const k of ["expectedHedgeCost", "expectedFeeIncome", "expectedLossAvoided", "band", "optimalBand"])
      expect(typeof f[k]).toBe("number");
    // Recompute the first decision independently.
    const d = governHedge({
      price: 1e12 / 1.0001 ** ticks[g[0].bar],
      hedgeSize: f.targetDelta as number,
      gamma: f.gamma as number,
      volatility: f.volatility as number,
      horizonYears: 7 / 365,
      band: f.requestedBand as number,
      takerFee: 0.0005,
      slippage: 0.0001,
      fundingRateAnnual: 0,
      positionValue: f.positionValue as number,
      lpFeeAprExpected: f.feeApr as number,
      lvrPerYear: f.lvrPerYear as number,
      riskAversion: 1e-3,
    });
    expect(f.feeAprSource).toBe("prior");
    expect(f.feeApr as number).toBeCloseTo(0.5, 6);
    expect(f.action).toBe(d.action);
    expect(f.expectedHedgeCost as number).toBeCloseTo(d.expectedHedgeCost, 9);
    const passed = g.filter((e) => e.fields.passed).length;
    expect(perp.trades).toBe(passed);
  });

  test("behavior: with no fee income the governor stops hedging and pauses the policy", () => {
    const { events, perp, control } = run(0, 1e-3);
    const g = events.filter((e) => e.kind === "governor");
    expect(g.length).toBeGreaterThan(0);
    expect(g[0].fields.action).toBe("stop");
    expect(g[0].fields.reason).toMatch(/fee income/);
    expect(perp.trades).toBe(0);
    expect(control.resumeTime).toBeGreaterThan(0);
    // Paused for reviewDays (1 day): one decision only in this 400-minute run.
    expect(g.length).toBe(1);
  });
});
