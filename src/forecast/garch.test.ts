import { describe, expect, test } from "vitest";
import { createRng } from "../sim/rng.js";
import { createGarchForecaster, fitGarch11, garchForecastVariance } from "./garch.js";
import { nelderMead } from "./nelderMead.js";

function simulateGarch(seed: number, n: number, omega: number, alpha: number, beta: number): Float64Array {
  const rng = createRng(seed);
  const r = new Float64Array(n);
  let v = omega / (1 - alpha - beta);
  for (let i = 0; i < n + 500; i++) {
    const e = Math.sqrt(v) * rng.nextNormal();
    if (i >= 500) r[i - 500] = e;
    v = omega + alpha * e * e + beta * v;
  }
  return r;
}

/** Gaussian log-likelihood written out independently (σ²_1 = mean square, zero mean). */
function logLik(r: Float64Array, omega: number, alpha: number, beta: number): number {
  let ss = 0;
  for (const x of r) ss += x * x;
  let v = ss / r.length;
  let ll = 0;
  for (const x of r) {
    ll += -0.5 * (Math.log(2 * Math.PI * v) + (x * x) / v);
    v = omega + alpha * x * x + beta * v;
  }
  return ll;
}

describe("nelderMead", () => {
  test("default: minimises the Rosenbrock function", () => {
    const res = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], {
      maxEvaluations: 5000,
      tolerance: 1e-16,
    });
    expect(res.x[0]).toBeCloseTo(1, 3);
    expect(res.x[1]).toBeCloseTo(1, 3);
  });
});

describe("fitGarch11", () => {
  const truth = { omega: 4e-6, alpha: 0.08, beta: 0.9 };
  const r = simulateGarch(42, 5000, truth.omega, truth.alpha, truth.beta);
  const fit = fitGarch11(r, { demean: false });

  test("default: recovers the parameters of a series it generated (5,000 points)", () => {
    // asymptotic s.e. on 5,000 points ≈ 0.01 for α and β, ~30 % for ω
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(0.03);
    expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(0.04);
    expect(Math.abs(fit.persistence - 0.98)).toBeLessThan(0.015);
    expect(fit.omega / truth.omega).toBeGreaterThan(0.4);
    expect(fit.omega / truth.omega).toBeLessThan(2.5);
    expect(fit.converged).toBe(true);
  });
  test("behavior: reported log-likelihood matches an independent evaluation and beats the true parameters", () => {
    expect(fit.logLikelihood).toBeCloseTo(logLik(r, fit.omega, fit.alpha, fit.beta), 6);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(logLik(r, truth.omega, truth.alpha, truth.beta));
  });
  test("behavior: long-run vol and constraints", () => {
    expect(fit.longRunVariance).toBeCloseTo(fit.omega / (1 - fit.alpha - fit.beta), 15);
    expect(fit.longRunVol).toBeCloseTo(Math.sqrt(fit.longRunVariance * 365), 12);
    expect(fit.alpha).toBeGreaterThanOrEqual(0);
    expect(fit.beta).toBeGreaterThanOrEqual(0);
    expect(fit.persistence).toBeLessThan(1);
  });
  test("behavior: rejects short or constant input", () => {
    expect(() => fitGarch11(new Float64Array(10))).toThrow(/returns.length 10/);
    expect(() => fitGarch11(new Float64Array(100))).toThrow(/constant/);
  });
});

describe("garchForecastVariance", () => {
  test("default: equals the sum of iterated expectations", () => {
    const p = { omega: 1e-5, alpha: 0.1, beta: 0.85 };
    let v = 5e-4;
    let sum = 0;
    for (let k = 0; k < 10; k++) {
      sum += v;
      v = p.omega + (p.alpha + p.beta) * v; // E[ε²] = σ²
    }
    expect(garchForecastVariance(p, 5e-4, 10)).toBeCloseTo(sum, 16);
  });
  test("behavior: converges to the long-run variance per period", () => {
    const p = { omega: 1e-5, alpha: 0.1, beta: 0.85 };
    const h = 200_000; // transient (σ² − V_L)/((1 − p) h) = 3e-8 relative 1.5e-4
    expect(garchForecastVariance(p, 5e-4, h) / h / (1e-5 / 0.05)).toBeCloseTo(1, 3);
  });
});

describe("createGarchForecaster", () => {
  test("default: streaming recursion by hand", () => {
    const f = createGarchForecaster({ omega: 1e-5, alpha: 0.1, beta: 0.8, mu: 0.001, initialVariance: 2e-4 });
    f.add(0.021);
    expect(f.variance).toBeCloseTo(1e-5 + 0.1 * 0.02 ** 2 + 0.8 * 2e-4, 18);
    expect(f.forecastVariance(1)).toBe(f.variance);
  });
  test("behavior: rejects non-stationary parameters", () => {
    expect(() => createGarchForecaster({ omega: 1e-5, alpha: 0.2, beta: 0.8, mu: 0 })).toThrow(
      /alpha \+ beta < 1/,
    );
  });
});
