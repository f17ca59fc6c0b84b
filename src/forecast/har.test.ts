import { describe, expect, test } from "vitest";
import { createRng } from "../sim/rng.js";
import { fitHar, harForecastVariance } from "./har.js";
import { olsFit } from "./ols.js";

/** Solves A x = b by Gaussian elimination with partial pivoting (independent of the QR solver). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** A persistent positive RV series (log-AR(1)). */
function rvSeries(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  const rv = new Float64Array(n);
  let x = 0;
  for (let i = 0; i < n; i++) {
    x = 0.95 * x + 0.3 * rng.nextNormal();
    rv[i] = 1e-3 * Math.exp(x);
  }
  return rv;
}

describe("fitHar", () => {
  const rv = rvSeries(8, 800);
  const fit = fitHar(rv);

  test("default: OLS equals the normal equations solved independently", () => {
    const XtX = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    const Xty = [0, 0, 0, 0];
    for (let t = 21; t <= rv.length - 2; t++) {
      let w = 0;
      let m = 0;
      for (let i = 0; i < 22; i++) {
        m += rv[t - i] / 22;
        if (i < 5) w += rv[t - i] / 5;
      }
      const x = [1, rv[t], w, m];
      for (let a = 0; a < 4; a++) {
        Xty[a] += x[a] * rv[t + 1];
        for (let b = 0; b < 4; b++) XtX[a][b] += x[a] * x[b];
      }
    }
    const beta = solve(XtX, Xty);
    expect(fit.intercept).toBeCloseTo(beta[0], 10);
    expect(fit.daily / beta[1]).toBeCloseTo(1, 6);
    expect(fit.weekly / beta[2]).toBeCloseTo(1, 6);
    expect(fit.monthly / beta[3]).toBeCloseTo(1, 6);
    expect(fit.count).toBe(800 - 22);
    expect(fit.rSquared).toBeGreaterThan(0.3); // a persistent series is predictable
    expect(fit.rSquared).toBeLessThan(1);
  });

  test("behavior: iterated forecasts by hand", () => {
    const hist = Array.from(fit.tail);
    const step = (h: number[]) => {
      const n = h.length;
      const w = h.slice(n - 5).reduce((a, b) => a + b, 0) / 5;
      const m = h.slice(n - 22).reduce((a, b) => a + b, 0) / 22;
      return fit.intercept + fit.daily * h[n - 1] + fit.weekly * w + fit.monthly * m;
    };
    const f1 = step(hist);
    const f2 = step([...hist, f1]);
    expect(harForecastVariance(fit, rv, 1)).toBeCloseTo(f1, 15);
    expect(harForecastVariance(fit, rv, 2)).toBeCloseTo(f1 + f2, 15);
  });

  test("behavior: rejects negative RV naming the index", () => {
    const bad = rvSeries(1, 50);
    bad[7] = -1;
    expect(() => fitHar(bad)).toThrow(/rv\[7\] -1/);
  });
});

describe("olsFit", () => {
  test("default: exact fit of a noiseless line", () => {
    const x = new Float64Array([1, 0, 1, 1, 1, 2, 1, 3]);
    const y = new Float64Array([1, 3, 5, 7]);
    const r = olsFit(x, y, 4, 2);
    expect(r.coefficients[0]).toBeCloseTo(1, 12);
    expect(r.coefficients[1]).toBeCloseTo(2, 12);
    expect(r.rSquared).toBeCloseTo(1, 12);
  });
});
