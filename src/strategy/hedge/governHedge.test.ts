import { describe, expect, test } from "vitest";
import { type GovernHedgeParameters, GovernorReason, governHedge } from "./governHedge.js";

const T = 30 / 365;
// a v2-like position worth 40,000 at 2,000: delta 10 ETH, gamma -L/(2 P^1.5) = -0.0025 ETH per USD
const BASE: GovernHedgeParameters = {
  price: 2000,
  hedgeSize: -10,
  gamma: -0.0025,
  volatility: 0.8,
  horizonYears: T,
  band: 1,
  takerFee: 0.0005,
  slippage: 0.0002,
  fundingRateAnnual: 0,
  positionValue: 40_000,
  lpFeeAprExpected: 0.3,
  lvrPerYear: 0.08,
  riskAversion: 1e-4,
};

describe("governHedge", () => {
  test("default: a cheap hedge is kept, with every number returned", () => {
    const d = governHedge(BASE);
    expect(d.action).toBe("hedge");
    expect(d.reason).toBe(GovernorReason.affordable);
    expect(d.band).toBe(1);
    expect(Number.isNaN(d.newBand)).toBe(true);
    // N = (0.8 · 0.0025 · 2000 / 1)² · T = 16 T; each trade of 1 ETH costs 2000 · 0.0007 = 1.4
    expect(d.expectedTrades).toBeCloseTo(16 * T, 12);
    expect(d.expectedTradingCost).toBeCloseTo(16 * T * 1.4, 9);
    expect(d.expectedFundingCost).toBe(0);
    expect(d.expectedHedgeCost).toBeCloseTo(16 * T * 1.4, 9);
    expect(d.expectedFeeIncome).toBeCloseTo(0.3 * 40_000 * T, 9);
    expect(d.expectedLvr).toBeCloseTo(0.08 * 40_000 * T, 9);
    // γ/2 · σ² S² T · (h² − b²/6)
    expect(d.expectedLossAvoided).toBeCloseTo(0.5e-4 * 0.64 * 4e6 * T * (100 - 1 / 6), 9);
    expect(d.expectedNetIncome).toBeCloseTo(d.expectedFeeIncome - d.expectedLvr - d.expectedHedgeCost, 9);
  });

  test("behavior: funding paid by the hedge above the fee income stops it (no band helps)", () => {
    const d = governHedge({ ...BASE, fundingRateAnnual: -0.3, lpFeeAprExpected: 0.1 });
    // the short pays: −10 · 2000 · (−0.3) · T = 6000 T > fee income 4000 T
    expect(d.expectedFundingCost).toBeCloseTo(6000 * T, 9);
    expect(d.action).toBe("stop");
    expect(d.reason).toBe(GovernorReason.costAboveFees);
    expect(d.expectedHedgeCost).toBeGreaterThan(d.expectedFeeIncome);
  });

  test("behavior: positive funding is income for a short hedge", () => {
    const d = governHedge({ ...BASE, fundingRateAnnual: 0.1 });
    expect(d.expectedFundingCost).toBeCloseTo(-2000 * T, 9);
    expect(d.action).toBe("hedge");
  });

  test("behavior: a band too tight to afford is widened to b* = (6 Γ² S c / γ)^{1/3}", () => {
    const d = governHedge({ ...BASE, band: 0.01, lpFeeAprExpected: 0.05 });
    // at b = 0.01: N = 160000 T, cost = 160000 T · 0.01 · 1.4 = 2240 T > fee income 2000 T
    expect(d.action).toBe("widen");
    expect(d.reason).toBe(GovernorReason.widened);
    const bStar = Math.cbrt((6 * 0.0025 ** 2 * 2000 * 0.0007) / 1e-4); // 0.525^(1/3)
    expect(d.optimalBand).toBeCloseTo(bStar, 12);
    expect(d.newBand).toBeCloseTo(bStar, 12);
    expect(d.band).toBe(d.newBand);
    expect(d.expectedTrades).toBeCloseTo(160000 * T * (0.01 / bStar) ** 2, 9);
    expect(d.expectedHedgeCost).toBeLessThanOrEqual(d.expectedFeeIncome);
    expect(d.expectedHedgeCost).toBeLessThanOrEqual(d.expectedLossAvoided);
    // b* maximises benefit − cost: neighbours do worse
    const net = (b: number) => {
      const cost = (16 * T * 1.4) / b;
      return 0.5e-4 * 0.64 * 4e6 * T * (100 - (b * b) / 6) - cost;
    };
    expect(net(bStar)).toBeGreaterThan(net(bStar * 0.9));
    expect(net(bStar)).toBeGreaterThan(net(bStar * 1.1));
  });

  test("behavior: a hedge too small to be worth its trading cost stops on the benefit", () => {
    const d = governHedge({ ...BASE, hedgeSize: -0.01, band: 0.01 });
    expect(d.action).toBe("stop");
    expect(d.reason).toBe(GovernorReason.costAboveBenefit);
    expect(d.expectedHedgeCost).toBeLessThan(d.expectedFeeIncome);
    expect(d.expectedHedgeCost).toBeGreaterThan(d.expectedLossAvoided);
  });

  test("behavior: an observed trade rate replaces the diffusion estimate; out is reused", () => {
    const out = governHedge(BASE);
    const d = governHedge({ ...BASE, expectedTradesPerYear: 100 }, out);
    expect(d).toBe(out);
    expect(d.expectedTrades).toBeCloseTo(100 * T, 12);
    expect(d.expectedTradingCost).toBeCloseTo(100 * T * 1.4, 9);
  });

  test("behavior: bad inputs name the field", () => {
    expect(() => governHedge({ ...BASE, band: 0 })).toThrow(/band 0/);
    expect(() => governHedge({ ...BASE, riskAversion: -1 })).toThrow(/riskAversion -1/);
    expect(() => governHedge({ ...BASE, expectedTradesPerYear: Number.NaN })).toThrow(
      /expectedTradesPerYear NaN/,
    );
  });
});
