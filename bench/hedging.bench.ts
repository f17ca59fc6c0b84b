/**
 * Group "hedging": minute-rows per second of a delta-hedged backtest (perp short with the real Binance funding,
 * re-hedged on a ±0.1 ETH band; a Whalley–Wilmott band; an Aave borrow hedge at constant rates; and a protective-put
 * overlay, every put revalued with Black-76 each bar) next to the same unhedged passive ±10 % backtest (the baseline), on the 35-day Polygon WETH/USDC 0.05 % span, after load. Goal: hedging costs less than 2× the
 * unhedged run time, i.e. a ratio ≥ 0.5 against the baseline.
 */
import { join } from "node:path";
import { loadFunding, loadPoolSeries } from "../src/data/index.js";
import {
  AAVE_V3_DEFAULTS,
  createLendingVenueModel,
  createOptionVenueModel,
  createPerpVenueModel,
  type PerpMarketConfig,
  runEngine,
  type VenueModel,
} from "../src/engine/index.js";
import type { HedgeTrigger } from "../src/strategy/index.js";
import { deltaHedge, hedgedStrategy, passiveRange, protectivePut } from "../src/strategy/index.js";
import { SHARED_DATA } from "../test/helpers/sharedData.js";
import type { BenchCase } from "./harness.js";

const MARKET: PerpMarketConfig = {
  takerFee: 0.0005,
  makerFee: 0.0002,
  halfSpreadBps: 1,
  impactModel: "sqrt",
  impactCoefficient: 0.001,
  depth: 1000,
  leverage: 5,
  maintenanceMarginRate: 0.005,
  liquidationFee: 0.0125,
};

export function cases(): BenchCase[] {
  const series = loadPoolSeries({
    path: join(SHARED_DATA, "uniswap-v3", "polygon-weth-usdc-005"),
    from: "2022-07-19",
    to: "2022-08-22",
  });
  const funding = loadFunding(
    join(SHARED_DATA, "funding", "binance-usdm", "binance-usdm-ETHUSDT-funding-2022-2025.csv"),
  );
  const range = () => passiveRange({ range: { belowPct: 10, abovePct: 10 } });
  const costs = { gasQuotePerMint: 0.05, gasQuotePerBurn: 0.05 };
  // One hedged passive run: the policy on its venue (the perp, lending and option venue models are one class each).
  const runHedged = (
    policy: Parameters<typeof hedgedStrategy>[1][number],
    venue: VenueModel,
    deposit: number,
    record: boolean,
  ): number =>
    runEngine({
      series,
      strategy: hedgedStrategy(range(), [policy]),
      deposit,
      costs,
      venues: [venue],
      record,
    }).totals.finalValue;
  const hedged = (trigger: HedgeTrigger, record: boolean) => () =>
    runHedged(
      deltaHedge({ trigger, reserveQuote: 2500 }),
      createPerpVenueModel({ market: MARKET, funding: { kind: "series", series: funding } }),
      12_500,
      record,
    );
  // As examples/compare-polygon.yaml runs them.
  const borrowHedged = (record: boolean) => () =>
    runHedged(
      deltaHedge({ venue: "lending", trigger: { kind: "absolute", band: 0.1 }, reserveQuote: 6000 }),
      createLendingVenueModel({
        market: AAVE_V3_DEFAULTS,
        rates: { kind: "constant", supplyRate: 0.02, borrowRate: 0.025 },
        swapCost: 0.0007,
      }),
      16_000,
      record,
    );
  // A constant vol, as a config's `vol: { kind: constant }` builds it (read once, not per leg and bar).
  const putOverlay = (record: boolean) => () =>
    runHedged(
      protectivePut({ otmPct: 5, tenorDays: 7, strikeStep: 25, reserveQuote: 1000 }),
      createOptionVenueModel({ vol: 0.8, spreadFraction: 0.02 }),
      11_000,
      record,
    );
  const out: BenchCase[] = [];
  for (const record of [true, false]) {
    const tail = record ? "" : ", totals only";
    const baseline = `unhedged passive ±10%${tail}`;
    // Issue goal: a hedged run costs less than 2x the unhedged run time, i.e. >= 0.5x its throughput.
    const common = { group: "hedging", ops: series.length, unit: "minute-rows", clock: "cpu" } as const;
    out.push({
      ...common,
      name: baseline,
      fn: () => runEngine({ series, strategy: range(), deposit: 10_000, costs, record }).totals.finalValue,
    });
    out.push({
      ...common,
      name: `delta-hedged ±0.1 ETH (perp, Binance funding)${tail}`,
      baseline,
      goalRatio: 0.5,
      fn: hedged({ kind: "absolute", band: 0.1 }, record),
    });
    out.push({
      ...common,
      name: `Whalley–Wilmott band (perp)${tail}`,
      baseline,
      goalRatio: 0.5,
      fn: hedged({ kind: "whalleyWilmott", riskAversion: 0.001, proportionalCost: 0.0006 }, record),
    });
    out.push({
      ...common,
      name: `Aave borrow hedge ±0.1 ETH (lending)${tail}`,
      baseline,
      goalRatio: 0.5,
      fn: borrowHedged(record),
    });
    out.push({
      ...common,
      name: `protective puts 5 % OTM, 7 d, rolled (options)${tail}`,
      baseline,
      goalRatio: 0.5,
      fn: putOverlay(record),
    });
  }
  return out;
}
