import { describe, expect, test } from "vitest";
import { createRng } from "../../sim/rng.js";
import { deltaGammaVarEs } from "./deltaGammaVarEs.js";
import { historicalVarEs } from "./historicalVarEs.js";
import { monteCarloVarEs } from "./monteCarloVarEs.js";
import { normalCdf } from "./normalCdf.js";
import { normalQuantile } from "./normalQuantile.js";
import { varEsFromPnl } from "./varEsFromPnl.js";

/** A constant-product LP position with liquidity L: value 2L√P (quote units). */
const lpValue = (L: number) => (p: number) => 2 * L * Math.sqrt(p);

describe("normalCdf / normalQuantile", () => {
  test("default: published values", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 11);
  });
  test("behavior: quantile inverts the cdf", () => {
    for (const p of [1e-10, 1e-4, 0.02, 0.3, 0.5, 0.77, 0.99, 1 - 1e-9])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
  });
});

describe("varEsFromPnl", () => {
  test("default", () => {
    expect(varEsFromPnl([-5, -3, 1, 2, 4, 0, -1, 3, 2, 1], 0.8)).toEqual({
      valueAtRisk: 3,
      expectedShortfall: 4,
      scenarios: 10,
    });
  });
  test("behavior: ES ≥ VaR on random samples", () => {
    const rng = createRng(3);
    for (let k = 0; k < 50; k++) {
      const pnl = Float64Array.from({ length: 10 + k * 7 }, () => rng.nextNormal() * (1 + k));
      const r = varEsFromPnl(pnl, 0.9 + 0.0019 * k);
      expect(r.expectedShortfall).toBeGreaterThanOrEqual(r.valueAtRisk);
    }
  });
  test("behavior: rejects a confidence outside (0, 1)", () => {
    expect(() => varEsFromPnl([1], 1)).toThrow(/confidence 1/);
  });
});

describe("historicalVarEs", () => {
  const rets = [0.01, -0.05, 0.02, -0.03, 0.04];
  test("default: hand-made scenario set", () => {
    const r = historicalVarEs({ price: 100, value: (p) => p, logReturns: rets, confidence: 0.6 });
    const l1 = 100 * (1 - Math.exp(-0.05));
    const l2 = 100 * (1 - Math.exp(-0.03));
    expect(r.scenarios).toBe(5);
    expect(r.valueAtRisk).toBeCloseTo(l2, 12);
    expect(r.expectedShortfall).toBeCloseTo((l1 + l2) / 2, 12);
  });
  test("behavior: overlapping and non-overlapping horizon windows", () => {
    const over = historicalVarEs({
      price: 100,
      value: (p) => p,
      logReturns: rets,
      horizon: 2,
      confidence: 0.75,
    });
    // windows: −0.04, −0.03, −0.01, 0.01 → k = 1 → worst −0.04
    expect(over.scenarios).toBe(4);
    expect(over.valueAtRisk).toBeCloseTo(100 * (1 - Math.exp(-0.04)), 12);
    const non = historicalVarEs({
      price: 100,
      value: (p) => p,
      logReturns: rets,
      horizon: 2,
      overlapping: false,
      confidence: 0.5,
    });
    // windows [0,1] −0.04 and [2,3] −0.01 → k = 1
    expect(non.scenarios).toBe(2);
    expect(non.valueAtRisk).toBeCloseTo(100 * (1 - Math.exp(-0.04)), 12);
  });
  test("behavior: a full delta hedge of a linear position removes the risk; an LP is hedged to second order", () => {
    const hedged = historicalVarEs({
      price: 100,
      value: (p) => p,
      hedge: (p) => -(p - 100),
      logReturns: rets,
      confidence: 0.6,
    });
    expect(Math.abs(hedged.valueAtRisk)).toBeLessThan(1e-12);
    const L = 10;
    const lp = historicalVarEs({ price: 100, value: lpValue(L), logReturns: rets, confidence: 0.8 });
    const delta = L / Math.sqrt(100);
    const lpHedged = historicalVarEs({
      price: 100,
      value: lpValue(L),
      hedge: (p) => -delta * (p - 100),
      logReturns: rets,
      confidence: 0.8,
    });
    expect(lpHedged.valueAtRisk).toBeLessThan(lp.valueAtRisk / 10);
    expect(lpHedged.valueAtRisk).toBeGreaterThan(0); // the LP is short gamma: hedged it loses on every move
  });
  test("behavior: rejects a horizon longer than the data", () => {
    expect(() => historicalVarEs({ price: 1, value: (p) => p, logReturns: rets, horizon: 6 })).toThrow(
      /horizon 6/,
    );
  });
});

describe("deltaGammaVarEs", () => {
  test("default: a linear position gives the normal VaR δ P σ √T z", () => {
    const r = deltaGammaVarEs({ price: 100, value: (p) => 3 * p, volatility: 0.5, horizonYears: 1 / 365 });
    const s = 0.5 * Math.sqrt(1 / 365);
    expect(r.delta).toBeCloseTo(3, 8);
    expect(r.valueAtRisk).toBeCloseTo(3 * 100 * s * normalQuantile(0.99), 6);
    // normal ES = σ φ(z)/(1 − α)
    const z = normalQuantile(0.99);
    expect(r.expectedShortfall).toBeCloseTo(
      (300 * s * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI) / 0.01,
      3,
    );
  });
  test("behavior: LP delta and gamma match the closed form", () => {
    const L = 50;
    const r = deltaGammaVarEs({ price: 2000, value: lpValue(L), volatility: 0.6, horizonYears: 1 / 365 });
    expect(r.delta).toBeCloseTo(L / Math.sqrt(2000), 8);
    expect(r.gamma / (-L / (2 * 2000 ** 1.5))).toBeCloseTo(1, 5);
  });
  test("behavior: close to full revaluation for small moves (LP with a short hedge)", () => {
    const L = 50;
    const delta = L / Math.sqrt(2000);
    const common = {
      price: 2000,
      value: lpValue(L),
      hedge: (p: number) => -0.5 * delta * (p - 2000),
      volatility: 0.3,
      horizonYears: 1 / 365,
    };
    const cf = deltaGammaVarEs(common);
    const normals = new Float64Array(200_000);
    createRng(9).fillNormal(normals);
    const sim = deltaGammaVarEs({ ...common, method: "simulation", normals });
    // the same draws for both, so only the model differs
    const replay = () => {
      let i = 0;
      return { nextNormal: () => normals[i++] };
    };
    const mc = monteCarloVarEs({ ...common, paths: 200_000, rng: replay() });
    // ΔP ≈ PσZ√T drops the e^x convexity term of relative size ≈ σ√T z/2 ≈ 1.8 % here
    expect(Math.abs(sim.valueAtRisk / mc.valueAtRisk - 1)).toBeLessThan(0.03);
    expect(Math.abs(cf.valueAtRisk / mc.valueAtRisk - 1)).toBeLessThan(0.05);
    // ten times smaller moves: ten times closer
    const small = { ...common, volatility: 0.03 };
    const sim2 = deltaGammaVarEs({ ...small, method: "simulation", normals });
    const mc2 = monteCarloVarEs({ ...small, paths: 200_000, rng: replay() });
    expect(Math.abs(sim2.valueAtRisk / mc2.valueAtRisk - 1)).toBeLessThan(0.003);
    expect(sim.expectedShortfall).toBeGreaterThanOrEqual(sim.valueAtRisk);
    expect(cf.expectedShortfall).toBeGreaterThanOrEqual(cf.valueAtRisk);
  });
  test("behavior: Cornish–Fisher tracks the exact quadratic-normal quantile for a gamma-heavy position", () => {
    // delta-neutral short gamma: loss = −b Z² with b < 0: chi-square, CF is only approximate; within 15 %
    const common = {
      price: 100,
      value: (p: number) => -((p - 100) ** 2),
      volatility: 0.2,
      horizonYears: 0.01,
      confidence: 0.95,
    };
    const normals = new Float64Array(100_000);
    createRng(4).fillNormal(normals);
    const sim = deltaGammaVarEs({ ...common, method: "simulation", normals });
    const cf = deltaGammaVarEs(common);
    // exact: loss = x² Z², x = Pσ√T = 2 → VaR = 4 · (z_{0.975})²
    expect(sim.valueAtRisk).toBeCloseTo(4 * normalQuantile(0.975) ** 2, 0);
    expect(Math.abs(cf.valueAtRisk / sim.valueAtRisk - 1)).toBeLessThan(0.15);
  });
});

describe("monteCarloVarEs", () => {
  test("default: linear position equals the analytic (lognormal) VaR and ES within MC error", () => {
    const q = 2;
    const S0 = 1000;
    const sigma = 0.8;
    const T = 7 / 365;
    const alpha = 0.99;
    const N = 200_000;
    const r = monteCarloVarEs({
      price: S0,
      value: (p) => q * p,
      volatility: sigma,
      horizonYears: T,
      paths: N,
      rng: createRng(1),
      confidence: alpha,
    });
    const s = sigma * Math.sqrt(T);
    const z = normalQuantile(alpha);
    const varExact = q * S0 * (1 - Math.exp(-0.5 * s * s - s * z));
    const esExact = q * S0 * (1 - normalCdf(-z - s) / (1 - alpha));
    // s.e. of an empirical quantile: √(α(1−α)/N) / f(VaR), f ≈ φ(z) / (q S0 s e^{x})
    const se =
      (Math.sqrt((alpha * (1 - alpha)) / N) * q * S0 * s * Math.exp(-0.5 * s * s - s * z)) /
      (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI));
    expect(Math.abs(r.valueAtRisk - varExact)).toBeLessThan(4 * se);
    expect(Math.abs(r.expectedShortfall / esExact - 1)).toBeLessThan(0.02);
    // and the normal (delta) VaR q S0 s z is the small-move limit
    expect(Math.abs(r.valueAtRisk / (q * S0 * s * z) - 1)).toBeLessThan(0.1);
    expect(r.expectedShortfall).toBeGreaterThanOrEqual(r.valueAtRisk);
  });
  test("behavior: same seed, same answer (pure)", () => {
    const a = monteCarloVarEs({
      price: 10,
      value: lpValue(3),
      volatility: 0.5,
      horizonYears: 0.1,
      paths: 1000,
      rng: createRng(5),
    });
    const b = monteCarloVarEs({
      price: 10,
      value: lpValue(3),
      volatility: 0.5,
      horizonYears: 0.1,
      paths: 1000,
      rng: createRng(5),
    });
    expect(a).toEqual(b);
  });
  test("behavior: rejects bad volatility naming the field", () => {
    expect(() =>
      monteCarloVarEs({ price: 10, value: (p) => p, volatility: 0, horizonYears: 1, rng: createRng(1) }),
    ).toThrow(/volatility 0/);
  });
});
