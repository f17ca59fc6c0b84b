import { describe, expect, test } from "vitest";
import { createRng } from "../sim/rng.js";
import { createHmmFilter, fitGaussianHmm2, hmmForecastVariance } from "./hmm.js";

function simulate(seed: number, n: number) {
  const rng = createRng(seed);
  const sd = [0.01, 0.04];
  const stay = [0.98, 0.95];
  const r = new Float64Array(n);
  const s = new Uint8Array(n);
  let state = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.nextFloat() > stay[state]) state = 1 - state;
    s[i] = state;
    r[i] = (state === 0 ? 0.0005 : -0.002) + sd[state] * rng.nextNormal();
  }
  return { r, s };
}

describe("fitGaussianHmm2", () => {
  const { r, s } = simulate(77, 4000);
  const fit = fitGaussianHmm2(r);

  test("default: recovers two regimes on generated data, state 1 turbulent", () => {
    expect(fit.vols[0]).toBeGreaterThan(0.009);
    expect(fit.vols[0]).toBeLessThan(0.011);
    expect(fit.vols[1]).toBeGreaterThan(0.036);
    expect(fit.vols[1]).toBeLessThan(0.044);
    expect(Math.abs(fit.transition[0][0] - 0.98)).toBeLessThan(0.015);
    expect(Math.abs(fit.transition[1][1] - 0.95)).toBeLessThan(0.03);
    expect(fit.transition[0][0] + fit.transition[0][1]).toBeCloseTo(1, 12);
    expect(fit.converged).toBe(true);
  });
  test("behavior: Viterbi path and filtered probabilities classify the days", () => {
    let hitV = 0;
    let hitF = 0;
    for (let i = 0; i < r.length; i++) {
      if (fit.viterbi[i] === s[i]) hitV++;
      if ((fit.filtered[i] > 0.5 ? 1 : 0) === s[i]) hitF++;
    }
    expect(hitV / r.length).toBeGreaterThan(0.93);
    expect(hitF / r.length).toBeGreaterThan(0.9);
  });
  test("behavior: the streaming filter reproduces the fitted filtered probabilities", () => {
    const f = createHmmFilter(fit);
    for (let i = 0; i < 200; i++) f.add(r[i]);
    // the fit's forward pass starts from π and multiplies by A from t = 1: the same Hamilton filter after the first step
    expect(Math.abs(f.probs[1] - fit.filtered[199])).toBeLessThan(1e-6);
  });
  test("behavior: h-step forecast tends to the stationary mixture variance", () => {
    const [[p00, p01], [p10]] = fit.transition;
    const pi1 = p01 / (p01 + p10);
    const m = (1 - pi1) * fit.means[0] + pi1 * fit.means[1];
    const stat =
      (1 - pi1) * (fit.variances[0] + fit.means[0] ** 2) +
      pi1 * (fit.variances[1] + fit.means[1] ** 2) -
      m * m;
    const h = 200_000; // the transient from a pure state decays geometrically and is O(1/h) of the average
    expect(hmmForecastVariance(fit, [1, 0], h) / h / stat).toBeCloseTo(1, 3);
    expect(hmmForecastVariance(fit, [0, 1], 1)).toBeGreaterThan(hmmForecastVariance(fit, [1, 0], 1));
    expect(p00).toBeGreaterThan(0);
  });
  test("behavior: rejects short input", () => {
    expect(() => fitGaussianHmm2(new Float64Array(5))).toThrow(/returns.length 5/);
  });
});
