/**
 * Hedge primitives: perp trade + mark-to-market, trigger evaluations, latency search, lending accrual and the
 * cost governor. Inputs are precomputed typed arrays; the loops allocate nothing.
 */
import { AAVE_V3_DEFAULTS, LendingMarket } from "../src/engine/lending/index.js";
import { PerpMarket } from "../src/engine/perp/index.js";
import { createRng } from "../src/sim/rng.js";
import {
  absoluteBandTrigger,
  fillIndexAfter,
  type GovernHedgeParameters,
  governHedge,
  volatilityBandTrigger,
  whalleyWilmottBand,
} from "../src/strategy/hedge/index.js";
import type { BenchCase } from "./harness.js";

const N = 10_000;
const GROUP = "hedge primitives";

export function cases(): BenchCase[] {
  const rng = createRng(11);
  const prices = new Float64Array(N);
  const qtys = new Float64Array(N);
  const targets = new Float64Array(N);
  let p = 2000;
  for (let i = 0; i < N; i++) {
    p *= Math.exp(0.001 * rng.nextNormal());
    prices[i] = p;
    qtys[i] = rng.nextNormal();
    targets[i] = -10 + rng.nextNormal();
  }
  const times = Float64Array.from({ length: N }, (_, i) => i * 60_000);

  const perp = new PerpMarket({
    takerFee: 0.0005,
    makerFee: 0.0002,
    halfSpreadBps: 1,
    impactModel: "sqrt",
    impactCoefficient: 0.001,
    depth: 1000,
    leverage: 10,
    maintenanceMarginRate: 0.005,
    liquidationFee: 0.0125,
  });
  perp.depositMargin(1e9);

  const band = { target: 0, hedge: -10, band: 0.5 };
  const vol = {
    target: 0,
    hedge: -10,
    k: 2,
    volatility: 0.8,
    horizonYears: 1 / 8760,
    gamma: -0.0025,
    price: 2000,
  };
  const ww = { price: 2000, gamma: -0.0025, proportionalCost: 0.0007, riskAversion: 1e-4 };
  const gov: GovernHedgeParameters = {
    price: 2000,
    hedgeSize: -10,
    gamma: -0.0025,
    volatility: 0.8,
    horizonYears: 30 / 365,
    band: 1,
    takerFee: 0.0005,
    slippage: 0.0002,
    fundingRateAnnual: 0.05,
    positionValue: 40_000,
    lpFeeAprExpected: 0.3,
    lvrPerYear: 0.08,
    riskAversion: 1e-4,
  };
  const govOut = governHedge(gov);
  const lending = new LendingMarket(AAVE_V3_DEFAULTS, 0);
  lending.supply(1e6);
  lending.borrow(100, 2000);
  lending.setRates(0.045, 0.021);
  let lendingTime = 0;

  return [
    {
      group: GROUP,
      name: "perp trade + markToMarket",
      ops: N,
      unit: "trades",
      goal: 5e6,
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) {
          perp.trade(qtys[i], prices[i], times[i]);
          s += perp.markToMarket(prices[i]).equity;
        }
        return s;
      },
    },
    {
      group: GROUP,
      name: "perp accrueFunding + checkLiquidation",
      ops: N,
      unit: "steps",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) {
          s += perp.accrueFunding(0.0001, prices[i]);
          if (perp.checkLiquidation(prices[i], times[i])) s++;
        }
        return s;
      },
    },
    {
      group: GROUP,
      name: "absoluteBandTrigger",
      ops: N,
      unit: "evals",
      goal: 5e7,
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) {
          band.target = targets[i];
          if (absoluteBandTrigger(band)) s++;
        }
        return s;
      },
    },
    {
      group: GROUP,
      name: "volatilityBandTrigger",
      ops: N,
      unit: "evals",
      baseline: "absoluteBandTrigger",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) {
          vol.target = targets[i];
          vol.price = prices[i];
          if (volatilityBandTrigger(vol)) s++;
        }
        return s;
      },
    },
    {
      group: GROUP,
      name: "whalleyWilmottBand + absoluteBandTrigger",
      ops: N,
      unit: "evals",
      baseline: "absoluteBandTrigger",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) {
          ww.price = prices[i];
          band.band = whalleyWilmottBand(ww);
          band.target = targets[i];
          if (absoluteBandTrigger(band)) s++;
        }
        return s;
      },
    },
    {
      group: GROUP,
      name: "fillIndexAfter (next bar)",
      ops: N - 1,
      unit: "searches",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N - 1; i++) s += fillIndexAfter(times[i], 500, times, i);
        return s;
      },
    },
    {
      group: GROUP,
      name: "lending accrueTo + healthFactor",
      ops: N,
      unit: "minutes",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) {
          lendingTime += 60_000;
          lending.accrueTo(lendingTime);
          s += lending.healthFactor(prices[i]);
        }
        return s;
      },
    },
    {
      group: GROUP,
      name: "governHedge",
      ops: N,
      unit: "decisions",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) {
          gov.price = prices[i];
          s += governHedge(gov, govOut).expectedHedgeCost;
        }
        return s;
      },
    },
  ];
}
