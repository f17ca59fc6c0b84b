import { describe, expect, test } from "vitest";
import { dailyPnl, sampleVariance } from "../../src/backtest/index.js";
import { sumAttribution } from "../../src/engine/index.js";
import { polygonRunner } from "./polygonRun.js";

// One week of real minute data (2022-07-19 .. 07-25) and the real Binance ETHUSDT funding of those dates.
const run = polygonRunner("2022-07-19", "2022-07-25");

describe("proactive hedge on the real Polygon WETH/USDC data", () => {
  const unhedged = run({});
  const varU = sampleVariance(dailyPnl(unhedged.series, unhedged.totals.initialValue));

  test("default: a GARCH+HMM proactive perp hedge cuts the daily PnL variance by more than half", () => {
    const h = run({ hedge: { kind: "proactive", venue: "perp", forecast: { warmupBars: 48 } } });
    const varH = sampleVariance(dailyPnl(h.series, h.totals.initialValue));
    expect(1 - varH / varU).toBeGreaterThan(0.5);
    expect(h.hedgeTrades).toBeGreaterThan(10);
    expect(h.liquidations).toBe(0);
    expect(h.totals.attribution.fees).toBeCloseTo(unhedged.totals.attribution.fees, 6);
    const a = h.totals.attribution;
    expect(Math.abs(sumAttribution(a) - h.totals.pnl)).toBeLessThan(1e-9 * h.totals.initialValue);
  });

  test("behavior: logs one hedgeParams event per hourly return after the warm-up, with σ̂, π, band and ratio", () => {
    const h = run({
      hedge: { kind: "proactive", venue: "perp", forecast: { model: "ewma", warmupBars: 48 } },
    });
    const ev = h.events.filter((e) => e.kind === "hedgeParams" && e.fields.phase === "forecast");
    // 7 days = 168 hourly buckets; the closes of buckets 0..166 are seen (the last bucket never closes): 166
    // returns, 166 − 48 + 1 of them after the warm-up.
    expect(ev.length).toBe(166 - 48 + 1);
    for (const e of ev) {
      const { volatility, turbulence, band, hedgeRatio } = e.fields as Record<string, number>;
      expect(volatility).toBeGreaterThan(0.05);
      expect(volatility).toBeLessThan(10);
      expect(turbulence).toBeGreaterThanOrEqual(0);
      expect(turbulence).toBeLessThanOrEqual(1);
      expect(band).toBeGreaterThanOrEqual(0.01);
      expect(band).toBeLessThanOrEqual(1);
      expect(hedgeRatio).toBeGreaterThanOrEqual(0.7);
      expect(hedgeRatio).toBeLessThanOrEqual(1);
    }
  });
});
