import { describe, expect, test } from "vitest";
import { ewmaVolatility } from "./ewmaVolatility.js";

describe("ewmaVolatility", () => {
  test("default: recursion by hand", () => {
    // σ²1 = 0.9·1e-4 + 0.1·1e-4 = 1e-4; σ²2 = 0.9·1e-4 + 0.1·4e-4 = 1.3e-4
    const r = ewmaVolatility({
      returns: [0.01, -0.02],
      lambda: 0.9,
      initialVariance: 1e-4,
      barsPerYear: 365,
    });
    expect(r.variancePerBar).toBeCloseTo(1.3e-4, 18);
    expect(r.volatility).toBeCloseTo(Math.sqrt(1.3e-4 * 365), 15);
  });
  test("behavior: RiskMetrics λ = 0.94 default, seed r0², path in out", () => {
    const out = new Float64Array(3);
    const ret = [0.02, 0.01, -0.03];
    const r = ewmaVolatility({ returns: ret, barsPerYear: 1, out });
    let v = ret[0] ** 2;
    for (let i = 0; i < 3; i++) {
      v = 0.94 * v + 0.06 * ret[i] ** 2;
      expect(out[i]).toBeCloseTo(v, 18);
    }
    expect(r.variancePerBar).toBe(out[2]);
  });
  test("behavior: closed form λ^n σ0² + (1−λ) Σ λ^{n−1−t} r_t²", () => {
    const ret = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 0.01);
    const lambda = 0.97;
    let s = lambda ** 50 * 2e-4;
    for (let t = 0; t < 50; t++) s += (1 - lambda) * lambda ** (49 - t) * ret[t] ** 2;
    expect(
      ewmaVolatility({ returns: ret, lambda, initialVariance: 2e-4, barsPerYear: 1 }).variancePerBar,
    ).toBeCloseTo(s, 16);
  });
  test("behavior: rejects λ outside (0, 1)", () => {
    expect(() => ewmaVolatility({ returns: [0.1], lambda: 1, barsPerYear: 1 })).toThrow(/lambda 1/);
  });
});
