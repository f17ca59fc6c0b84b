import { describe, expect, test } from "vitest";
import { createEwmaForecaster } from "./ewma.js";

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
});
