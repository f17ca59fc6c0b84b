import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ARB_POOL_COLUMNS, runArbPool } from "./arbPool.js";
import { createGbmModel } from "./gbm.js";
import { createRng } from "./rng.js";

const COL = Object.fromEntries(ARB_POOL_COLUMNS.map((c, i) => [c, i])) as Record<
  (typeof ARB_POOL_COLUMNS)[number],
  number
>;

/** Sums columns over `paths` GBM paths (μ = 0) run through runArbPool. */
function simulate(opts: {
  sigma: number;
  T: number;
  steps: number;
  paths: number;
  feeRate: number;
  liquidity: number;
  lower?: number;
  upper?: number;
  s0?: number;
  onPath?: (prices: Float64Array, row: Float64Array) => void;
}): Float64Array {
  const dt = opts.T / opts.steps;
  const gbm = createGbmModel({ mu: 0, sigma: opts.sigma });
  const prices = new Float64Array(opts.steps + 1);
  const row = new Float64Array(ARB_POOL_COLUMNS.length);
  const sum = new Float64Array(ARB_POOL_COLUMNS.length);
  for (let i = 0; i < opts.paths; i++) {
    prices[0] = opts.s0 ?? 1000;
    gbm.fillPath(createRng(1, i), prices, dt);
    runArbPool(
      prices,
      { liquidity: opts.liquidity, lower: opts.lower, upper: opts.upper, feeRate: opts.feeRate, dtYears: dt },
      row,
    );
    opts.onPath?.(prices, row);
    for (let j = 0; j < row.length; j++) sum[j] += row[j];
  }
  return sum;
}

describe("runArbPool", () => {
  test("default: with fee → 0 the LVR rate of a constant-product pool is σ²/8 × value (Milionis et al. 2022)", () => {
    const sigma = 0.8;
    const s = simulate({ sigma, T: 1 / 12, steps: 2000, paths: 300, feeRate: 0, liquidity: 100 });
    const theory = ((sigma * sigma) / 8) * s[COL.valueTime];
    expect(Math.abs(s[COL.lvr] / theory - 1)).toBeLessThan(0.03);
    expect(s[COL.fees]).toBe(0);
    expect(s[COL.arbProfit]).toBeCloseTo(s[COL.lvr], 9);
  });

  test("behavior: inside a v3 range the LVR rate is σ²/4 · L√P per year", () => {
    const sigma = 0.6;
    const L = 50;
    const steps = 1000;
    const T = 1 / 24;
    const dt = T / steps;
    let theory = 0;
    const s = simulate({
      sigma,
      T,
      steps,
      paths: 300,
      feeRate: 0,
      liquidity: L,
      lower: 900,
      upper: 1100,
      onPath: (prices) => {
        for (let t = 1; t <= steps; t++) {
          const p = prices[t - 1];
          if (p > 900 && p < 1100) theory += ((sigma * sigma) / 4) * L * Math.sqrt(p) * dt;
        }
      },
    });
    expect(Math.abs(s[COL.lvr] / theory - 1)).toBeLessThan(0.03);
  });

  test("behavior: fees reduce the arbitrageurs' profit as in Milionis, Moallemi & Roughgarden 2023", () => {
    const sigma = 0.8;
    const steps = 2000;
    const T = 1 / 12;
    const dt = T / steps;
    let previous = Infinity;
    for (const feeRate of [0, 0.0005, 0.001, 0.003, 0.01]) {
      const s = simulate({ sigma, T, steps, paths: 200, feeRate, liquidity: 100 });
      const lvr0 = ((sigma * sigma) / 8) * s[COL.valueTime];
      const arbShare = s[COL.arbProfit] / lvr0;
      // P_trade = 1 / (1 + √(2/Δt)·γ/σ), derived for Poisson blocks; fixed blocks trade a little less often
      const pTrade = 1 / (1 + (Math.sqrt(2 / dt) * -Math.log(1 - feeRate)) / sigma);
      expect(arbShare).toBeLessThan(previous);
      expect(Math.abs(arbShare / pTrade - 1)).toBeLessThan(0.2);
      // the pre-fee LVR is a property of the curve: fees only split it between arbitrageurs and LPs
      expect(Math.abs(s[COL.lvr] / lvr0 - 1)).toBeLessThan(0.03);
      expect(s[COL.arbFees] + s[COL.arbProfit]).toBeCloseTo(s[COL.lvr], 6);
      previous = arbShare;
    }
  });

  test("behavior: fee 0 on v2 gives the closed-form value 2L√P_T and hodl L(P_T/√P0 + √P0)", () => {
    const prices = Float64Array.from([1000, 1100, 900, 1250, 1210]);
    const row = new Float64Array(ARB_POOL_COLUMNS.length);
    runArbPool(prices, { liquidity: 10, feeRate: 0, dtYears: 0.01 }, row);
    expect(row[COL.lpValue]).toBeCloseTo(2 * 10 * Math.sqrt(1210), 9);
    expect(row[COL.hodlValue]).toBeCloseTo(10 * (1210 / Math.sqrt(1000) + Math.sqrt(1000)), 9);
    expect(row[COL.inRangeFraction]).toBe(1);
  });

  test("behavior: outside the v3 range nothing trades and no fees are earned", () => {
    const prices = Float64Array.from([1000, 1300, 1400, 1350, 1500]);
    const row = new Float64Array(ARB_POOL_COLUMNS.length);
    runArbPool(
      prices,
      {
        liquidity: 10,
        lower: 900,
        upper: 1100,
        feeRate: 0.003,
        dtYears: 0.01,
        noise: { turnoverPerYear: 50 },
      },
      row,
    );
    // after the first step the position is all quote: L(√B − √A)
    expect(row[COL.finalBase]).toBe(0);
    expect(row[COL.finalQuote]).toBeCloseTo(10 * (Math.sqrt(1100) - Math.sqrt(900)), 9);
    expect(row[COL.noiseFees]).toBe(0);
    expect(row[COL.inRangeFraction]).toBe(0);
  });

  test("behavior: deterministic noise fees are γ · turnover · value · Δt while in range", () => {
    const prices = Float64Array.from([1000, 1000, 1000]);
    const row = new Float64Array(ARB_POOL_COLUMNS.length);
    runArbPool(prices, { liquidity: 10, feeRate: 0.003, dtYears: 0.5, noise: { turnoverPerYear: 4 } }, row);
    const value = 20 * Math.sqrt(1000);
    expect(row[COL.noiseFees]).toBeCloseTo(2 * 0.003 * 4 * value * 0.5, 9);
    expect(row[COL.arbFees]).toBe(0);
  });

  test("behavior: arbitrage is profitable after fees, LVR ≥ 0, and value − hodl = Σ(x−x0)ΔP − LVR (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.boolean(),
        (steps, feeRate, concentrated) => {
          const prices = new Float64Array(steps.length + 1);
          prices[0] = 2000;
          for (let i = 0; i < steps.length; i++) prices[i + 1] = prices[i] * Math.exp(steps[i]);
          const row = new Float64Array(ARB_POOL_COLUMNS.length);
          const base = new Float64Array(prices.length);
          const range = concentrated ? { lower: 1800, upper: 2300 } : {};
          runArbPool(prices, { liquidity: 7, ...range, feeRate, dtYears: 1 / 365 }, row, 0, undefined, base);
          const scale = 1e-9 * row[COL.hodlValue];
          expect(row[COL.lvr]).toBeGreaterThanOrEqual(-scale);
          expect(row[COL.arbProfit]).toBeGreaterThanOrEqual(-scale);
          // exact decomposition: V_T − H_T = Σ (x_{t−1} − x_0)(P_t − P_{t−1}) − LVR
          let gamma = 0;
          for (let t = 1; t < prices.length; t++)
            gamma += (base[t - 1] - base[0]) * (prices[t] - prices[t - 1]);
          expect(row[COL.lpValue] - row[COL.hodlValue]).toBeCloseTo(gamma - row[COL.lvr], 6);
          expect(base[prices.length - 1]).toBe(row[COL.finalBase]);
          // without fees the pool sits at the reference price, where its holdings are worth least: LP ≤ hodl
          if (feeRate === 0) expect(row[COL.lpValue]).toBeLessThanOrEqual(row[COL.hodlValue] + scale);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("behavior: bad parameters name the field and value", () => {
    const row = new Float64Array(ARB_POOL_COLUMNS.length);
    const prices = Float64Array.from([1, 2]);
    expect(() => runArbPool(prices, { liquidity: 1, feeRate: 1.5, dtYears: 1 }, row)).toThrow(/feeRate 1.5/);
    expect(() =>
      runArbPool(prices, { liquidity: 1, lower: 5, upper: 2, feeRate: 0, dtYears: 1 }, row),
    ).toThrow(/upper 2/);
    expect(() =>
      runArbPool(
        prices,
        { liquidity: 1, feeRate: 0, dtYears: 1, noise: { turnoverPerYear: 1, volumeSigma: 0.5 } },
        row,
      ),
    ).toThrow(/rng/);
  });
});
