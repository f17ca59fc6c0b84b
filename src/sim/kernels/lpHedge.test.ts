import { describe, expect, test } from "vitest";
import { ARB_POOL_COLUMNS, runArbPool } from "../arbPool.js";
import { createGbmModel } from "../gbm.js";
import { createRng } from "../rng.js";
import { column, summarize } from "../summarize.js";
import { LP_HEDGE_COLUMNS, type LpHedgeConfig, runKernelRange } from "./index.js";

const base: LpHedgeConfig = {
  initialPrice: 3000,
  mu: 0,
  sigma: 0.8,
  horizonYears: 30 / 365,
  steps: 720,
  deposit: 10_000,
  feeRate: 0.003,
};

function run(config: LpHedgeConfig, paths = 2000, seed = 1) {
  const cols = LP_HEDGE_COLUMNS.length;
  const rows = new Float64Array(paths * cols);
  runKernelRange("lpHedge", config, seed, 0, paths, rows);
  const col = (name: (typeof LP_HEDGE_COLUMNS)[number]) => column(rows, cols, LP_HEDGE_COLUMNS.indexOf(name));
  return { rows, col };
}

describe("lpHedge kernel", () => {
  test("default: totalPnl = lpValue + fees − deposit + hedgePnl − hedgeCost on every path", () => {
    const wide = {
      ...base,
      rangeFactor: 20,
      hedge: { mode: "interval", every: 24, costRate: 0.0005 },
    } as const;
    const { rows } = run(wide, 200);
    const c = LP_HEDGE_COLUMNS.length;
    for (let i = 0; i < 200; i++) {
      const r = rows.subarray(i * c, (i + 1) * c);
      expect(r[6]).toBeCloseTo(r[0] + r[2] - base.deposit + r[4] - r[5], 9);
      expect(r[5]).toBeGreaterThan(0);
      expect(r[9]).toBe(31); // the opening trade + every 24 of 720 steps (always in range)
      expect(r[8]).toBe(1);
    }
  });

  test("behavior: the fused loop agrees with createGbmModel + runArbPool on the same random stream", () => {
    const cfg: LpHedgeConfig = { ...base, lower: 2600, upper: 3500, noise: { turnoverPerYear: 10 } };
    const dt = cfg.horizonYears / cfg.steps;
    const liquidity =
      cfg.deposit / ((1 / Math.sqrt(3000) - 1 / Math.sqrt(3500)) * 3000 + Math.sqrt(3000) - Math.sqrt(2600));
    const { rows } = run(cfg, 20, 77);
    const gbm = createGbmModel({ mu: cfg.mu, sigma: cfg.sigma });
    const prices = new Float64Array(cfg.steps + 1);
    const pool = new Float64Array(ARB_POOL_COLUMNS.length);
    const c = LP_HEDGE_COLUMNS.length;
    for (let i = 0; i < 20; i++) {
      prices[0] = 3000;
      gbm.fillPath(createRng(77, i), prices, dt);
      runArbPool(
        prices,
        { liquidity, lower: 2600, upper: 3500, feeRate: cfg.feeRate, dtYears: dt, noise: cfg.noise },
        pool,
      );
      const r = rows.subarray(i * c, (i + 1) * c);
      expect(r[7] / prices[cfg.steps]).toBeCloseTo(1, 10);
      expect(r[0] / pool[0]).toBeCloseTo(1, 9); // lpValue
      expect(r[1] / pool[1]).toBeCloseTo(1, 9); // hodlValue
      expect(r[2] / pool[2]).toBeCloseTo(1, 8); // fees
      expect(r[3] / pool[5]).toBeCloseTo(1, 8); // lvr
      expect(r[8]).toBe(pool[8]); // inRangeFraction
    }
  });

  test("behavior: delta hedging removes most of the PnL variance and its mean is the fees minus LVR", () => {
    const unhedged = summarize(run(base).col("totalPnl"));
    const hedged = run({ ...base, hedge: { mode: "interval", every: 1 } });
    const h = summarize(hedged.col("totalPnl"));
    expect(h.std).toBeLessThan(0.25 * unhedged.std);
    // hedged, μ = 0: E[PnL] ≈ E[fees − LVR] (the gamma loss is the LVR)
    const feesMinusLvr = summarize(hedged.col("fees")).mean - summarize(hedged.col("lvr")).mean;
    expect(Math.abs(h.mean - feesMinusLvr)).toBeLessThan(0.1 * summarize(hedged.col("lvr")).mean);
  });

  test("behavior: a band hedge trades less often than an every-step hedge", () => {
    const every = summarize(
      run({ ...base, hedge: { mode: "interval", every: 1 } }, 200).col("rebalances"),
    ).mean;
    const band = summarize(run({ ...base, hedge: { mode: "band", band: 0.05 } }, 200).col("rebalances")).mean;
    expect(band).toBeLessThan(every / 5);
    expect(band).toBeGreaterThan(1);
  });

  test("behavior: the same seed gives an identical Float64Array; another seed differs", () => {
    const a = run(base, 50, 9).rows;
    const b = run(base, 50, 9).rows;
    const c = run(base, 50, 10).rows;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  test("behavior: rows do not depend on how the paths are split", () => {
    const c = LP_HEDGE_COLUMNS.length;
    const whole = run(base, 30, 4).rows;
    const part = new Float64Array(10 * c);
    runKernelRange("lpHedge", base, 4, 20, 30, part);
    expect(part).toEqual(whole.subarray(20 * c));
  });

  test("behavior: bad config names the field and value", () => {
    const rows = new Float64Array(100);
    expect(() => runKernelRange("lpHedge", { ...base, steps: 0 }, 1, 0, 1, rows)).toThrow(/steps 0/);
    expect(() => runKernelRange("lpHedge", { ...base, hedge: { mode: "weekly" } }, 1, 0, 1, rows)).toThrow(
      /hedge.mode/,
    );
    expect(() => runKernelRange("nope", base, 1, 0, 1, rows)).toThrow(/kernel "nope"/);
  });
});
