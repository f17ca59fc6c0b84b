import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parseBacktestConfig, runBacktest } from "../../src/backtest/index.js";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { loadPoolSeries } from "../../src/data/index.js";
import { tickToPrice } from "../../src/math/units.js";
import { v3LiquidityForDeposit, v3LvrPerYear, v3Value } from "../../src/math/v3/float/index.js";
import {
  candidateRun,
  candidateSweep,
  estimateRange,
  parseOptimizeConfig,
  poolStats,
  type RangeModelMarket,
  utilityOf,
  walkForward,
} from "../../src/optimize/index.js";
import { createRng } from "../../src/sim/rng.js";
import { createSeriesCache, evaluatePoint, generatePoints } from "../../src/sweep/index.js";
import { sharedData } from "../helpers/sharedData.js";

const tmp = mkdtempSync(join(tmpdir(), "lpguard-opt-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const POOL = sharedData("uniswap-v3", "polygon-weth-usdc-005");

const market: RangeModelMarket = {
  price: 1600,
  horizonVariance: 0.8 ** 2 * (7 / 365),
  horizonDays: 7,
  feePerRawLMinute: 1e-15,
  rawPerHumanL: 1e12,
  poolFee: 0.0005,
  deposit: 10_000,
  gasQuote: 0.05,
  hedgeCostRate: 0.0006,
};

/** Monte Carlo of driftless GBM paths: mean and variance of V(P_T), mean in-range time fraction. */
function monteCarlo(widthPct: number, paths: number, steps: number) {
  const P0 = market.price;
  const lower = P0 * (1 - widthPct / 100);
  const upper = P0 * (1 + widthPct / 100);
  const L = v3LiquidityForDeposit({ deposit: market.deposit, entryPrice: P0, lower, upper });
  const rng = createRng(7, 0);
  const dv = market.horizonVariance / steps;
  const sd = Math.sqrt(dv);
  let sum = 0;
  let sum2 = 0;
  let inside = 0;
  for (let i = 0; i < paths; i++) {
    let x = 0;
    let count = 0;
    for (let k = 0; k < steps; k++) {
      x += -0.5 * dv + sd * rng.nextNormal();
      const p = P0 * Math.exp(x);
      if (p >= lower && p < upper) count++;
    }
    const v = v3Value(L, Math.sqrt(P0 * Math.exp(x)), Math.sqrt(lower), Math.sqrt(upper));
    sum += v;
    sum2 += v * v;
    inside += count / steps;
  }
  const mean = sum / paths;
  const variance = sum2 / paths - mean * mean;
  return { L, mean, variance, stdErr: Math.sqrt(variance / paths), inRange: inside / paths };
}

describe("estimateRange", () => {
  test("default: LVR equals V0 − E[V(P_T)] and variance matches Monte Carlo of GBM paths", () => {
    for (const w of [5, 20]) {
      const e = estimateRange(market, { widthPct: w, band: null }, 0.001);
      const mc = monteCarlo(w, 20_000, 100);
      // Itô: for a martingale price the expected value loss of the LP is its expected LVR.
      expect(Math.abs(market.deposit - mc.mean - e.lvr)).toBeLessThan(4 * mc.stdErr + 0.01 * e.lvr);
      expect(e.variance / mc.variance).toBeGreaterThan(0.95);
      expect(e.variance / mc.variance).toBeLessThan(1.05);
      expect(Math.abs(e.inRange - mc.inRange)).toBeLessThan(0.02);
      expect(e.liquidity).toBeCloseTo(mc.L, 9);
      expect(e.objective).toBeCloseTo(e.fees - e.lvr - e.costs - 0.001 * e.variance, 9);
    }
  });

  test("behavior: with tiny volatility LVR is the instantaneous rate times the horizon", () => {
    const m = { ...market, horizonVariance: 1e-6 * (7 / 365) };
    const e = estimateRange(m, { widthPct: 10, band: null }, 0);
    const rate = v3LvrPerYear(e.liquidity, Math.sqrt(1600), Math.sqrt(e.lower), Math.sqrt(e.upper), 1e-3);
    expect(e.lvr / (rate * (7 / 365))).toBeCloseTo(1, 4);
    expect(e.inRange).toBeCloseTo(1, 9);
    expect(e.exitProbability).toBeLessThan(1e-9);
  });

  test("behavior: a hedge lowers the variance, and a tighter band costs more and leaves less", () => {
    const none = estimateRange(market, { widthPct: 10, band: null }, 0.001);
    const wide = estimateRange(market, { widthPct: 10, band: 0.5 }, 0.001);
    const tight = estimateRange(market, { widthPct: 10, band: 0.1 }, 0.001);
    expect(wide.variance).toBeLessThan(none.variance);
    expect(tight.variance).toBeLessThan(wide.variance);
    expect(tight.costs).toBeGreaterThan(wide.costs);
    expect(tight.hedgeTrades).toBeGreaterThan(wide.hedgeTrades);
  });
});

describe("poolStats", () => {
  test("default: the trailing fee rate predicts the engine's fees of an always-in-range position", () => {
    const series = loadPoolSeries({ path: POOL, from: "2022-07-20", to: "2022-07-20" });
    const stats = poolStats(series, 60);
    const m = series.meta;
    const p0 = tickToPrice({
      tick: series.closeTick[0],
      decimals0: 6,
      decimals1: 18,
      baseToken: m.baseToken,
    });
    const spec = parseBacktestConfig({
      data: { pool: POOL, from: "2022-07-20", to: "2022-07-20" },
      position: { deposit: 10_000, range: { belowPct: 50, abovePct: 50 } },
      strategy: { kind: "passive" },
    });
    const run = runBacktest({ config: spec, baseDir: tmp, series, record: false });
    expect(run.totals.timeInRange).toBeGreaterThan(0.999); // minted after the first minute
    const L = v3LiquidityForDeposit({ deposit: 10_000, entryPrice: p0, lower: p0 * 0.5, upper: p0 * 1.5 });
    const predicted = L * stats.rawPerHumanL * stats.feePerRawLMinute * stats.minutes;
    expect(predicted / run.totals.attribution.fees).toBeGreaterThan(0.97);
    expect(predicted / run.totals.attribution.fees).toBeLessThan(1.03);
    expect(stats.returns.length).toBe(Math.floor((series.length - 1) / 60));
  });
});

describe("walkForward", () => {
  const config = parseOptimizeConfig({
    run: {
      data: { pool: POOL, from: "2022-07-19", to: "2022-07-24" },
      position: { deposit: 10_000 },
      strategy: { kind: "passive" },
      costs: { gasQuote: 0.05 },
    },
    optimize: { widthsPct: [3, 10, 30], hedgeBands: [null], check: 2, forecast: { model: "ewma" } },
    walkForward: { windowDays: 2 },
  });

  test("default: ranks of the choice equal a ranking of independent backtests of the next window", async () => {
    const wf = await walkForward({ config, baseDir: tmp });
    expect(wf.rows.map((r) => [r.train.from, r.test.from])).toEqual([
      ["2022-07-19", "2022-07-21"],
      ["2022-07-21", "2022-07-23"],
    ]);
    const series = createSeriesCache();
    for (const row of wf.rows) {
      const utilities = config.optimize.widthsPct.map((w) => {
        const spec = parseBacktestConfig(
          candidateRun(config.run, config.optimize, { widthPct: w, band: null }, row.test),
        );
        return utilityOf(evaluatePoint(spec, tmp, series).metrics, 0.001);
      });
      const mine = utilities[config.optimize.widthsPct.indexOf(row.choice.widthPct)];
      expect(row.rank).toBe(1 + utilities.filter((u) => u > mine).length);
      expect(row.utility).toBe(mine);
      expect(row.bestUtility).toBe(Math.max(...utilities));
      expect(row.candidates).toBe(3);
    }
  });

  test("behavior: the candidate sweep's specs are the candidates' specs", () => {
    const w = { from: "2022-07-21", to: "2022-07-22" };
    const s = { ...config.optimize, hedgeBands: [null, 0.2] };
    const points = generatePoints(candidateSweep(config.run, s, w));
    expect(points).toHaveLength(6);
    expect(points[3].spec).toEqual(
      parseBacktestConfig(candidateRun(config.run, s, { widthPct: 10, band: 0.2 }, w)),
    );
  });
});

describe("lpguard optimize", () => {
  test("default: --json prints the proposal and the walk-forward rows", async () => {
    const file = join(tmp, "opt.json");
    writeFileSync(
      file,
      JSON.stringify({
        run: {
          data: { pool: POOL, from: "2022-07-19", to: "2022-07-22" },
          position: { deposit: 10_000 },
          strategy: { kind: "passive" },
        },
        optimize: { widthsPct: [5, 20], trailingDays: 2, check: 1, forecast: { model: "ewma" } },
        walkForward: { windowDays: 2 },
      }),
    );
    const io = memoryIO();
    expect(await main(["optimize", "--config", file, "--json"], io)).toBe(0);
    const r = JSON.parse(io.stdout());
    expect(r.proposal.window).toEqual({ from: "2022-07-21", to: "2022-07-22" });
    expect(r.proposal.candidates).toHaveLength(2);
    expect(r.walkForward.rows).toHaveLength(1);
    const human = memoryIO();
    expect(await main(["optimize", "--config", file], human)).toBe(0);
    expect(human.stdout()).toContain("Walk-forward (2-day windows)");
  });

  test("error: a bad field exits 2 naming it", async () => {
    const file = join(tmp, "bad.yaml");
    writeFileSync(file, "run: { data: { pool: x } }\noptimize: { widthsPct: [0] }\n");
    const io = memoryIO();
    expect(await main(["optimize", "--config", file], io)).toBe(2);
    expect(io.stderr()).toBe(`error: ${file}: optimize.widthsPct.0: must be greater than 0, got 0.\n`);
  });
});
