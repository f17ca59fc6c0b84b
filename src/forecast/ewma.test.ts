import { describe, expect, test } from "vitest";
import { createRng } from "../sim/rng.js";
import { createEwmaForecaster } from "./ewma.js";
import { decayPerStep, halfLifeOfDecay, parseDurationMs } from "./halfLife.js";

describe("createEwmaForecaster", () => {
  test("default: recursion by hand", () => {
    const f = createEwmaForecaster({ lambda: 0.94, warmup: 1 });
    expect(f.isStable).toBe(false);
    f.add(0.01); // seed: σ² = 1e-4
    expect(f.isStable).toBe(true);
    f.add(0.02); // 0.94·1e-4 + 0.06·4e-4 = 1.18e-4
    expect(f.variance).toBeCloseTo(1.18e-4, 18);
    f.add(-0.03); // 0.94·1.18e-4 + 0.06·9e-4
    expect(f.variance).toBeCloseTo(0.94 * 1.18e-4 + 0.06 * 9e-4, 18);
    expect(f.forecastVariance(5)).toBeCloseTo(5 * f.variance, 18);
    expect(f.count).toBe(3);
  });
  test("behavior: warm-up seeds with the mean square", () => {
    const f = createEwmaForecaster({ warmup: 3 });
    for (const r of [0.01, 0.02, 0.03]) f.add(r);
    expect(f.variance).toBeCloseTo((1e-4 + 4e-4 + 9e-4) / 3, 18);
  });
  test("behavior: rejects bad λ and non-finite returns", () => {
    expect(() => createEwmaForecaster({ lambda: 0 })).toThrow(/lambda 0/);
    expect(() => createEwmaForecaster().add(Number.NaN)).toThrow(/ret NaN/);
  });
  test("behavior: a half-life in time gives the same annualised vol for minute and hourly bars of one path", () => {
    // 90 days of GBM minute log returns, σ = 0.8; the hourly returns are their sums over each hour.
    const rng = createRng(11);
    const perMin = 0.8 / Math.sqrt(365 * 1440);
    const n = 90 * 1440;
    const minute = new Float64Array(n);
    for (let i = 0; i < n; i++) minute[i] = perMin * rng.nextNormal();
    const hourly = new Float64Array(n / 60);
    for (let i = 0; i < n; i++) hourly[(i / 60) | 0] += minute[i];
    const fm = createEwmaForecaster({ halfLife: "20d", barMs: 60_000, warmup: 1440 });
    const fh = createEwmaForecaster({ halfLife: "20d", barMs: 3_600_000, warmup: 24 });
    for (const r of minute) fm.add(r);
    for (const r of hourly) fh.add(r);
    expect(fm.lambda).toBe(2 ** (-1 / (20 * 1440)));
    expect(fh.lambda).toBe(2 ** (-1 / (20 * 24)));
    const volM = Math.sqrt(fm.variance * 365 * 1440);
    const volH = Math.sqrt(fh.variance * 365 * 24);
    // Sampling error of the hourly estimate: effective N = (1 + λ)/(1 − λ) ≈ 1385 returns, so its vol has a relative
    // sd of about 1/√(2N) ≈ 1.9 %; the minute one ≈ 0.25 %. 3 sd: 6 %.
    expect(Math.abs(volH / volM - 1)).toBeLessThan(0.06);
    expect(Math.abs(volM / 0.8 - 1)).toBeLessThan(0.02);
    // The same λ per bar instead weights 60× more time on hourly bars: a different estimator.
    expect(createEwmaForecaster({ lambdaPerBar: fh.lambda }).lambda).not.toBe(fm.lambda);
  });
  test("behavior: durations and decays", () => {
    expect(parseDurationMs("3d", "h")).toBe(3 * 86_400_000);
    expect(parseDurationMs("12h", "h")).toBe(12 * 3_600_000);
    expect(parseDurationMs("90m", "h")).toBe(90 * 60_000);
    expect(parseDurationMs("1.5w", "h")).toBe(1.5 * 604_800_000);
    expect(parseDurationMs(5000, "h")).toBe(5000);
    for (const bad of ["3", "d", "-1d", "0h", "3 days", "", "1e9d"])
      expect(() => parseDurationMs(bad, "x.halfLife")).toThrow(/x\.halfLife/);
    // RiskMetrics: λ = 0.94 per day is a half-life of ≈ 11.2 days.
    expect(halfLifeOfDecay(0.94, 86_400_000) / 86_400_000).toBeCloseTo(11.2023, 4);
    expect(decayPerStep(halfLifeOfDecay(0.94, 3_600_000), 3_600_000)).toBeCloseTo(0.94, 14);
    expect(() => createEwmaForecaster({ halfLife: "1d" })).toThrow(/barMs/);
    expect(() => createEwmaForecaster({ halfLife: "1d", barMs: 60_000, lambdaPerBar: 0.9 })).toThrow(
      /lambdaPerBar/,
    );
  });
});
