import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createRng } from "../../sim/rng.js";
import { ewmaCorrelation } from "./ewmaCorrelation.js";
import { pearsonCorrelation } from "./pearsonCorrelation.js";

function correlatedPair(seed: number, n: number, rho: number) {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.nextNormal();
    const b = rng.nextNormal();
    x[i] = 0.01 * a;
    y[i] = 0.02 * (rho * a + Math.sqrt(1 - rho * rho) * b);
  }
  return { x, y };
}

describe("pearsonCorrelation", () => {
  test("default", () => {
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 7])).toBeCloseTo(0.9933992677987828, 14);
  });
  test("behavior: a series with itself is 1, with its negative −1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 50 }),
        (xs) => {
          fc.pre(Math.max(...xs) - Math.min(...xs) > 1e-6);
          expect(pearsonCorrelation(xs, xs)).toBeCloseTo(1, 10);
          expect(
            pearsonCorrelation(
              xs,
              xs.map((v) => -3 * v + 1),
            ),
          ).toBeCloseTo(-1, 10);
        },
      ),
    );
  });
  test("behavior: a constructed pair has correlation ≈ ρ within 4 s.e.", () => {
    const rho = 0.6;
    const n = 20_000;
    const { x, y } = correlatedPair(1, n, rho);
    // s.e. of the sample correlation ≈ (1 − ρ²)/√n
    expect(Math.abs(pearsonCorrelation(x, y) - rho)).toBeLessThan((4 * (1 - rho * rho)) / Math.sqrt(n));
  });
  test("behavior: rejects a constant series", () => {
    expect(() => pearsonCorrelation([1, 1, 1], [1, 2, 3])).toThrow(/constant/);
  });
});

describe("ewmaCorrelation", () => {
  test("default: proportional series give 1", () => {
    expect(ewmaCorrelation({ x: [0.01, -0.02, 0.015], y: [0.02, -0.04, 0.03] })).toBeCloseTo(1, 14);
  });
  test("behavior: recursion by hand", () => {
    const x = [0.01, 0.02];
    const y = [0.01, -0.01];
    const l = 0.9;
    const c = l * 1e-4 + 0.1 * -2e-4;
    const vx = l * 1e-4 + 0.1 * 4e-4;
    const vy = l * 1e-4 + 0.1 * 1e-4;
    expect(ewmaCorrelation({ x, y, lambda: l })).toBeCloseTo(c / Math.sqrt(vx * vy), 14);
  });
  test("behavior: tracks ρ of a long correlated pair", () => {
    const { x, y } = correlatedPair(2, 5000, -0.5);
    const out = new Float64Array(5000);
    ewmaCorrelation({ x, y, lambda: 0.99, out });
    let m = 0;
    for (let i = 1000; i < 5000; i++) m += out[i] / 4000;
    expect(m).toBeCloseTo(-0.5, 1);
  });
});
