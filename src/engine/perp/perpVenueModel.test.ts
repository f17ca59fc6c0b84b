import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { tickToPrice } from "../../math/units.js";
import type { FundingSeries } from "../../types/series.js";
import { runEngine, sumAttribution } from "../runEngine.js";
import { makePoolSeries } from "../testSeries.js";
import type { EngineEvent, Intent, Strategy } from "../types.js";
import type { PerpMarketConfig } from "./perpMarket.js";
import { createPerpVenueModel } from "./perpVenueModel.js";

const T = 202690;
/** Price of the test pool (USDC/WETH, base WETH) at a tick, from the precise tick → price conversion. */
const priceAt = (tick: number) => tickToPrice({ tick, decimals0: 6, decimals1: 18, baseToken: 1 });
const T0 = 1_658_188_800_000; // 2022-07-19 00:00 UTC, hour-aligned (makePoolSeries default start)

const FREE: PerpMarketConfig = {
  takerFee: 0,
  makerFee: 0,
  halfSpreadBps: 0,
  impactModel: "none",
  impactCoefficient: 0,
  depth: 1,
  leverage: 20,
  maintenanceMarginRate: 0.005,
  liquidationFee: 0.0125,
};
const COSTLY: PerpMarketConfig = {
  ...FREE,
  takerFee: 0.0005,
  halfSpreadBps: 1,
  impactModel: "sqrt",
  impactCoefficient: 0.001,
  depth: 100,
};

/** Deposits `margin` into the perp and shorts `size` at bar 0, then does nothing. */
function shortOnce(margin: number, size: number): Strategy {
  return {
    name: "short",
    init: (): Intent[] => [
      { kind: "deposit", venue: "perp", amount: margin },
      { kind: "hedge", venue: "perp", targetDelta: -size },
    ],
    onBar: () => undefined,
  };
}

describe("createPerpVenueModel", () => {
  test("default: a short's price PnL goes to hedge, value = margin + unrealised, delta = position", () => {
    const series = makePoolSeries({ closeTick: [T, T - 100, T + 50], liquidity: 1e17 });
    const perp = createPerpVenueModel({ market: FREE });
    const r = runEngine({ series, strategy: shortOnce(1000, 2), deposit: 1000, venues: [perp] });
    const p0 = priceAt(T);
    const p2 = priceAt(T + 50);
    expect(perp.sizeBase).toBe(-2);
    expect(perp.delta(p2)).toBe(-2);
    expect(r.totals.attribution.hedge).toBeCloseTo(-2 * (p2 - p0), 9);
    expect(r.totals.finalValue).toBeCloseTo(1000 - 2 * (p2 - p0), 9);
    expect(perp.trades).toBe(1);
  });

  test("behavior: constant funding settles at every interval boundary crossed, −position · P · rate each", () => {
    // 181 one-minute bars from an hour boundary: settlements at bars 60, 120, 180 (hourly interval).
    const ticks = Array.from({ length: 181 }, (_, i) => T - Math.floor(i / 30) * 10);
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const annualRate = 0.1095;
    const perp = createPerpVenueModel({
      market: FREE,
      funding: { kind: "constant", annualRate, intervalMs: 3_600_000 },
      events,
    });
    const r = runEngine({ series, strategy: shortOnce(2000, 3), deposit: 2000, venues: [perp], events });
    const rate = (annualRate * 3_600_000) / (365 * 86_400_000);
    const expected = [60, 120, 180].reduce((s, i) => s + 3 * priceAt(ticks[i]) * rate, 0);
    expect(r.totals.attribution.funding).toBeCloseTo(expected, 10);
    const f = events.filter((e) => e.kind === "funding");
    expect(f.map((e) => e.bar)).toEqual([60, 120, 180]);
    expect(f[0].fields.payment).toBeCloseTo(3 * priceAt(ticks[60]) * rate, 12);
    expect(perp.fundingRateAnnual(series.time[100])).toBeCloseTo(annualRate, 12);
  });

  test("behavior: recorded funding pays each settlement in (t_{i−1}, t_i] at that bar's price, and none in a gap", () => {
    const ticks = Array.from({ length: 200 }, (_, i) => T - i * 3);
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const m = 60_000;
    // Settlements at +30 min (+9 ms latency), +90 min; one before the run and one after it.
    const funding: FundingSeries = {
      venue: "test",
      symbol: "ETHUSDT",
      intervalMs: 3_600_000,
      length: 4,
      time: Float64Array.of(T0 - 3_600_000, T0 + 30 * m + 9, T0 + 90 * m, T0 + 500 * m),
      rate: Float64Array.of(0.5, 0.0001, -0.0002, 0.5),
      gaps: [],
    };
    const events: EngineEvent[] = [];
    const perp = createPerpVenueModel({
      market: FREE,
      funding: { kind: "series", series: funding },
      events,
    });
    const r = runEngine({ series, strategy: shortOnce(1000, 1), deposit: 1000, venues: [perp], events });
    // +30 min 9 ms falls in (bar 30, bar 31]; +90 min exactly at bar 90.
    const expected = 1 * priceAt(ticks[31]) * 0.0001 + 1 * priceAt(ticks[90]) * -0.0002;
    expect(r.totals.attribution.funding).toBeCloseTo(expected, 12);
    expect(events.filter((e) => e.kind === "funding").map((e) => e.bar)).toEqual([31, 90]);
    expect(perp.fundingRate(series.time[50])).toBe(0.0001);
    expect(perp.fundingRate(series.time[150])).toBe(-0.0002);
  });

  test("behavior: a levered short is liquidated: the event is logged and the PnL is the margin lost (closed form)", () => {
    // Short 10 ETH with 1,000 margin (leverage ≈ 15.9); the price rises 0.1 % per bar.
    const ticks = Array.from({ length: 120 }, (_, i) => T - 10 * i);
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const perp = createPerpVenueModel({ market: FREE, events });
    const margin = 1000;
    const size = 10;
    const r = runEngine({
      series,
      strategy: shortOnce(margin, size),
      deposit: margin,
      venues: [perp],
      events,
    });
    const entry = priceAt(T);
    // Liquidation when margin − size·(P − entry) < mmr·size·P, i.e. P > (margin + size·entry) / (size·(1 + mmr)).
    const pLiq = (margin + size * entry) / (size * (1 + 0.005));
    const k = ticks.findIndex((t) => priceAt(t) > pLiq);
    expect(k).toBeGreaterThan(0);
    const liq = events.filter((e) => e.kind === "liquidation");
    expect(liq.length).toBe(1);
    expect(liq[0].bar).toBe(k);
    expect(liq[0].venue).toBe("perp");
    const pk = priceAt(ticks[k]);
    const equityBefore = margin - size * (pk - entry);
    const fee = Math.min(0.0125 * size * pk, equityBefore);
    expect(liq[0].fields.equityBefore).toBeCloseTo(equityBefore, 8);
    expect(liq[0].fields.fee).toBeCloseTo(fee, 8);
    expect(perp.sizeBase).toBe(0);
    expect(perp.market.liquidationCount).toBe(1);
    // After liquidation nothing moves: final value = the margin left.
    expect(r.totals.pnl).toBeCloseTo(equityBefore - fee - margin, 8);
    expect(r.totals.attribution.costsLiquidation).toBeCloseTo(fee, 8);
    expect(Math.abs(sumAttribution(r.totals.attribution) - r.totals.pnl)).toBeLessThan(1e-9 * margin);
  });

  test("behavior: a hedge the margin cannot support is cut to the max leverage and flagged", () => {
    const series = makePoolSeries({ closeTick: [T, T, T], liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const perp = createPerpVenueModel({ market: { ...FREE, leverage: 5 }, events });
    runEngine({ series, strategy: shortOnce(1000, 100), deposit: 1000, venues: [perp], events });
    const p = priceAt(T);
    expect(-perp.sizeBase).toBeCloseTo((1000 * 5) / p, 9);
    expect(events.find((e) => e.kind === "hedge")?.fields.limitedByMargin).toBe(true);
  });

  test("behavior: fees and slippage go to costs, and attribution sums to the PnL (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 5, maxLength: 60 }),
        fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (steps, targets) => {
          const ticks = [T];
          for (const s of steps) ticks.push(ticks[ticks.length - 1] + s);
          const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
          const perp = createPerpVenueModel({
            market: { ...COSTLY, leverage: 3 },
            funding: { kind: "constant", annualRate: 0.3, intervalMs: 600_000 },
            marginBuffer: 0.1,
          });
          let j = 0;
          const strategy: Strategy = {
            name: "random",
            init: () => [{ kind: "deposit", venue: "perp", amount: 2000 }],
            onBar: (ctx) =>
              ctx.bar % 5 === 0 && j < targets.length
                ? [{ kind: "hedge", venue: "perp", targetDelta: targets[j++] }]
                : undefined,
          };
          const r = runEngine({ series, strategy, deposit: 5000, venues: [perp] });
          const a = r.totals.attribution;
          expect(Math.abs(sumAttribution(a) - r.totals.pnl)).toBeLessThan(1e-9 * 5000);
          expect(a.costsHedge).toBeCloseTo(perp.market.cumulativeFees + perp.market.cumulativeSlippage, 9);
          expect(Math.abs(a.rounding)).toBeLessThan(1e-9 * 5000);
        },
      ),
      { numRuns: 60 },
    );
  });
});
