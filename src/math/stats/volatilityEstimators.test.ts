import { describe, expect, test } from "vitest";
import { createRng } from "../../sim/rng.js";
import { annualisationFactor } from "./annualisationFactor.js";
import { closeToCloseVolatility } from "./closeToCloseVolatility.js";
import { garmanKlassVolatility } from "./garmanKlassVolatility.js";
import { parkinsonVolatility } from "./parkinsonVolatility.js";
import { rogersSatchellVolatility } from "./rogersSatchellVolatility.js";
import { yangZhangVolatility } from "./yangZhangVolatility.js";

/**
 * GBM OHLC bars from `sub` exact log steps per bar. With `bridge`, each step's maximum and minimum are drawn from
 * the Brownian bridge between its end points (M = (a + b + √((b − a)² − 2 s² ln U)) / 2), so high/low are those
 * of the continuous path (up to the max/min of one step being drawn independently); without it, high/low are
 * the max/min of the sampled points only (discrete monitoring).
 */
function gbmBars(
  seed: number,
  bars: number,
  sigmaPerBar: number,
  sub: number,
  driftPerBar = 0,
  bridge = true,
) {
  const rng = createRng(seed);
  const open = new Float64Array(bars);
  const high = new Float64Array(bars);
  const low = new Float64Array(bars);
  const close = new Float64Array(bars);
  const s = sigmaPerBar / Math.sqrt(sub);
  const m = driftPerBar / sub - 0.5 * s * s;
  let x = Math.log(100);
  for (let i = 0; i < bars; i++) {
    let hi = x;
    let lo = x;
    open[i] = Math.exp(x);
    for (let k = 0; k < sub; k++) {
      const x0 = x;
      x += m + s * rng.nextNormal();
      const d = x - x0;
      const mx = bridge ? (x0 + x + Math.sqrt(d * d - 2 * s * s * Math.log(1 - rng.nextFloat()))) / 2 : x;
      const mn = bridge ? (x0 + x - Math.sqrt(d * d - 2 * s * s * Math.log(1 - rng.nextFloat()))) / 2 : x;
      if (mx > hi) hi = mx;
      if (mn < lo) lo = mn;
    }
    high[i] = Math.exp(hi);
    low[i] = Math.exp(lo);
    close[i] = Math.exp(x);
  }
  return { open, high, low, close };
}

const sigmaYear = 0.8;
const bpy = 8760;
const sigmaBar = sigmaYear / Math.sqrt(bpy);
const bars = gbmBars(7, 4000, sigmaBar, 16);
const estimators = {
  closeToClose: () => closeToCloseVolatility({ close: bars.close, barsPerYear: bpy }),
  parkinson: () => parkinsonVolatility({ ...bars, barsPerYear: bpy }),
  garmanKlass: () => garmanKlassVolatility({ ...bars, barsPerYear: bpy }),
  rogersSatchell: () => rogersSatchellVolatility({ ...bars, barsPerYear: bpy }),
  yangZhang: () => yangZhangVolatility({ ...bars, barsPerYear: bpy }),
};

describe("annualisationFactor", () => {
  test("default", () => {
    expect(annualisationFactor({ barMs: 3_600_000 })).toBe(8760);
    expect(annualisationFactor({ barMs: 86_400_000 })).toBe(365);
    expect(annualisationFactor({ barsPerYear: 252, barMs: 3_600_000 })).toBe(252);
  });
  test("behavior: rejects missing and bad inputs naming the field", () => {
    expect(() => annualisationFactor({})).toThrow(/barsPerYear/);
    expect(() => annualisationFactor({ barMs: -1 })).toThrow(/barMs -1/);
  });
});

describe("realised volatility estimators", () => {
  test("default: constant bars give zero volatility", () => {
    const c = new Float64Array(10).fill(50);
    const p = { open: c, high: c, low: c, close: c, barsPerYear: bpy };
    expect(closeToCloseVolatility({ close: c, barsPerYear: bpy }).volatility).toBe(0);
    expect(parkinsonVolatility(p).volatility).toBe(0);
    expect(garmanKlassVolatility(p).volatility).toBe(0);
    expect(rogersSatchellVolatility(p).volatility).toBe(0);
    expect(yangZhangVolatility(p).volatility).toBe(0);
  });

  test("behavior: one bar by hand (Parkinson, Garman–Klass, Rogers–Satchell)", () => {
    const p = { open: [100], high: [102], low: [99], close: [101], barsPerYear: 1 };
    const hl = Math.log(102 / 99);
    const co = Math.log(101 / 100);
    expect(parkinsonVolatility(p).variancePerBar).toBeCloseTo((hl * hl) / (4 * Math.LN2), 15);
    expect(garmanKlassVolatility(p).variancePerBar).toBeCloseTo(
      0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co,
      15,
    );
    const rs = Math.log(102 / 101) * Math.log(102 / 100) + Math.log(99 / 101) * Math.log(99 / 100);
    expect(rogersSatchellVolatility(p).variancePerBar).toBeCloseTo(rs, 15);
  });

  test("behavior: Yang–Zhang k weight and composition", () => {
    const p = { ...gbmBars(3, 50, 0.01, 10), barsPerYear: 1 };
    const yz = yangZhangVolatility(p);
    const n = 49;
    expect(yz.k).toBeCloseTo(0.34 / (1.34 + (n + 1) / (n - 1)), 15);
    // bars open at the previous close, so the overnight variance is 0 and σ² = k σ²_c + (1 − k) σ²_rs
    const oc = Array.from({ length: n }, (_, i) => Math.log(p.close[i + 1] / p.open[i + 1]));
    const m = oc.reduce((a, b) => a + b, 0) / n;
    const varC = oc.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
    const rs = rogersSatchellVolatility({
      ...p,
      open: p.open.subarray(1),
      high: p.high.subarray(1),
      low: p.low.subarray(1),
      close: p.close.subarray(1),
    });
    expect(yz.variancePerBar).toBeCloseTo(yz.k * varC + (1 - yz.k) * rs.variancePerBar, 14);
  });

  test("behavior: every estimator is within sampling error of σ on GBM bars", () => {
    // Relative s.e. of σ̂ from a variance estimate with efficiency e (vs close-to-close) over n bars ≈ √(1/(2 n e)):
    // close-to-close (e = 1) 1.1 %, Parkinson (e ≈ 5.2) 0.49 %, Garman–Klass (e ≈ 7.4) 0.41 %, RS/YZ (e ≈ 6–8) ≈ 0.45 %.
    // Bound: 4 s.e.
    const se = {
      closeToClose: 0.0112,
      parkinson: 0.0049,
      garmanKlass: 0.0041,
      rogersSatchell: 0.0046,
      yangZhang: 0.0046,
    };
    for (const [name, f] of Object.entries(estimators)) {
      const v = f().volatility;
      expect(Math.abs(v / sigmaYear - 1), name).toBeLessThan(4 * se[name as keyof typeof se]);
    }
  });

  test("behavior: discrete monitoring biases range estimators down, close-to-close not", () => {
    const coarse = gbmBars(11, 3000, sigmaBar, 4, 0, false);
    const fine = gbmBars(11, 3000, sigmaBar, 256, 0, false);
    const pk = (b: typeof coarse) => parkinsonVolatility({ ...b, barsPerYear: bpy }).volatility;
    expect(pk(coarse)).toBeLessThan(0.85 * sigmaYear);
    expect(pk(fine)).toBeGreaterThan(pk(coarse));
    expect(
      Math.abs(closeToCloseVolatility({ close: coarse.close, barsPerYear: bpy }).volatility / sigmaYear - 1),
    ).toBeLessThan(0.05);
  });

  test("behavior: drift biases Parkinson and Garman–Klass up, Rogers–Satchell and Yang–Zhang stay unbiased", () => {
    // drift per bar of 2σ: a strong trend. Same seed with and without drift.
    const b = { ...gbmBars(5, 3000, sigmaBar, 16, 2 * sigmaBar), barsPerYear: bpy };
    const b0 = { ...gbmBars(5, 3000, sigmaBar, 16, 0), barsPerYear: bpy };
    const ratio = (f: (x: typeof b) => { volatility: number }) => f(b).volatility / f(b0).volatility;
    expect(ratio(parkinsonVolatility)).toBeGreaterThan(1.4);
    expect(ratio(garmanKlassVolatility)).toBeGreaterThan(1.1);
    expect(Math.abs(ratio(rogersSatchellVolatility) - 1)).toBeLessThan(0.03);
    expect(Math.abs(ratio(yangZhangVolatility) - 1)).toBeLessThan(0.03);
    expect(Math.abs(rogersSatchellVolatility(b).volatility / sigmaYear - 1)).toBeLessThan(0.02);
  });

  test("behavior: range estimators are more efficient than close-to-close across replications", () => {
    const cc: number[] = [];
    const gk: number[] = [];
    for (let seed = 100; seed < 140; seed++) {
      const b = gbmBars(seed, 100, sigmaBar, 64);
      cc.push(closeToCloseVolatility({ close: b.close, barsPerYear: bpy }).volatility);
      gk.push(garmanKlassVolatility({ ...b, barsPerYear: bpy }).volatility);
    }
    const sd = (x: number[]) => {
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
    };
    expect(sd(gk)).toBeLessThan(0.7 * sd(cc));
  });

  test("behavior: annualisation scales with barsPerYear (√ rule)", () => {
    const hourly = closeToCloseVolatility({ close: bars.close, barMs: 3_600_000 }).volatility;
    const daily = closeToCloseVolatility({ close: bars.close, barMs: 86_400_000 }).volatility;
    expect(hourly / daily).toBeCloseTo(Math.sqrt(24), 12);
  });

  test("behavior: rejects inconsistent bars naming the index", () => {
    expect(() => parkinsonVolatility({ high: [1, 2], low: [1, 3], barsPerYear: 1 })).toThrow(/bar\[1\]/);
    expect(() =>
      garmanKlassVolatility({ open: [1], high: [1, 2], low: [1], close: [1], barsPerYear: 1 }),
    ).toThrow(/high.length/);
    expect(() => closeToCloseVolatility({ close: [1, 0, 2], barsPerYear: 1 })).toThrow(
      /close\[1\]|close\[2\]/,
    );
  });
});
