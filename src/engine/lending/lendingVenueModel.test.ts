import { describe, expect, test } from "vitest";
import { tickToPrice } from "../../math/units.js";
import type { LendingReserveSeries } from "../../types/series.js";
import { runEngine, sumAttribution } from "../runEngine.js";
import { makePoolSeries } from "../testSeries.js";
import type { EngineEvent, Intent, Strategy } from "../types.js";
import { AAVE_V3_DEFAULTS, SECONDS_PER_YEAR } from "./lendingMarket.js";
import { createLendingVenueModel } from "./lendingVenueModel.js";

const T = 202690;
/** Price of the test pool (USDC/WETH, base WETH) at a tick, from the precise tick → price conversion. */
const priceAt = (tick: number) => tickToPrice({ tick, decimals0: 6, decimals1: 18, baseToken: 1 });
const CONT = { ...AAVE_V3_DEFAULTS, compounding: "continuous" as const };

function borrowOnce(collateral: number, size: number): Strategy {
  return {
    name: "borrow",
    init: (): Intent[] => [
      { kind: "deposit", venue: "lending", amount: collateral },
      { kind: "hedge", venue: "lending", targetDelta: -size },
    ],
    onBar: () => undefined,
  };
}

function reserve(time: Float64Array, supply: number, borrow: number): LendingReserveSeries {
  const n = time.length;
  return {
    asset: "X",
    length: n,
    time,
    liquidityRate: new Float64Array(n).fill(supply),
    stableBorrowRate: new Float64Array(n),
    variableBorrowRate: new Float64Array(n).fill(borrow),
    liquidityIndex: new Float64Array(n).fill(1),
    variableBorrowIndex: new Float64Array(n).fill(1),
    gaps: [],
  };
}

describe("createLendingVenueModel", () => {
  test("default: borrow-and-sell is a short: delta −debt, value collateral − debt·P, swap cost to costs", () => {
    const series = makePoolSeries({ closeTick: [T, T - 100], liquidity: 1e17 });
    const aave = createLendingVenueModel({
      market: CONT,
      rates: { kind: "constant", supplyRate: 0, borrowRate: 0 },
      swapCost: 0.001,
    });
    const r = runEngine({ series, strategy: borrowOnce(5000, 2), deposit: 5000, venues: [aave] });
    const p0 = priceAt(T);
    const p1 = priceAt(T - 100);
    expect(aave.borrowedBase).toBeCloseTo(2, 12);
    expect(aave.delta(p1)).toBeCloseTo(-2, 12);
    expect(aave.suppliedQuote).toBeCloseTo(5000 + 2 * p0 * 0.999, 9);
    expect(r.totals.attribution.costsHedge).toBeCloseTo(2 * p0 * 0.001, 9);
    expect(r.totals.attribution.hedge).toBeCloseTo(-2 * (p1 - p0), 9);
    expect(Math.abs(sumAttribution(r.totals.attribution) - r.totals.pnl)).toBeLessThan(1e-9 * 5000);
  });

  test("behavior: interest from recorded rates: premium = supply interest − borrow interest · P (continuous)", () => {
    const n = 61;
    const series = makePoolSeries({ closeTick: new Array(n).fill(T), liquidity: 1e17 });
    const aave = createLendingVenueModel({
      market: CONT,
      rates: {
        kind: "series",
        collateral: reserve(series.time, 0.05, 0.07),
        debt: reserve(series.time, 0.004, 0.021),
      },
      swapCost: 0,
    });
    const r = runEngine({ series, strategy: borrowOnce(10_000, 3), deposit: 10_000, venues: [aave] });
    const P = priceAt(T);
    const years = (60 * 60) / SECONDS_PER_YEAR;
    const c0 = 10_000 + 3 * P;
    const supply = c0 * (Math.exp(0.05 * years) - 1);
    const borrow = 3 * (Math.exp(0.021 * years) - 1) * P;
    expect(r.totals.attribution.premium).toBeCloseTo(supply - borrow, 9);
    expect(aave.interest).toBeCloseTo(supply - borrow, 9);
  });

  test("behavior: a borrow hedge is liquidated when HF < 1: event logged, the bonus lost goes to costs", () => {
    // 1,000 collateral, borrow 0.7 × LTV-limit at P0; the price rises 0.4 % per bar until HF < 1.
    const ticks = Array.from({ length: 300 }, (_, i) => T - 40 * i);
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const aave = createLendingVenueModel({
      market: CONT,
      rates: { kind: "constant", supplyRate: 0, borrowRate: 0 },
      swapCost: 0,
      events,
    });
    const p0 = priceAt(T);
    const size = (1000 * 0.8 * 0.95) / p0;
    const r = runEngine({ series, strategy: borrowOnce(1000, size), deposit: 1000, venues: [aave], events });
    const c = 1000 + size * p0;
    // HF = c · 0.85 / (size · P) < 1  ⇔  P > 0.85 c / size.
    const k = ticks.findIndex((t) => priceAt(t) > (0.85 * c) / size);
    const liq = events.filter((e) => e.kind === "liquidation");
    expect(liq.length).toBeGreaterThanOrEqual(1);
    expect(liq[0].bar).toBe(k);
    const pk = priceAt(ticks[k]);
    const hf = (c * 0.85) / (size * pk);
    // HF ∈ [0.95, 1): close factor 0.5, bonus 5 % of the repaid debt's value.
    expect(hf).toBeGreaterThan(0.95);
    expect(liq[0].fields.bonusValue).toBeCloseTo(0.5 * size * pk * 0.05, 8);
    expect(r.totals.attribution.costsLiquidation).toBeGreaterThanOrEqual(0.5 * size * pk * 0.05 - 1e-8);
    expect(Math.abs(sumAttribution(r.totals.attribution) - r.totals.pnl)).toBeLessThan(1e-9 * 1000);
  });
});
