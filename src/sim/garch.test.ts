import { describe, expect, test } from "vitest";
import { createGarchModel } from "./garch.js";
import { createRng } from "./rng.js";

describe("createGarchModel", () => {
  test("default: the variance of returns is the unconditional ω/(1 − α − β)", () => {
    const omega = 1e-5;
    const alpha = 0.1;
    const beta = 0.8;
    const model = createGarchModel({ omega, alpha, beta });
    const steps = 200;
    const out = new Float64Array(steps + 1);
    let s = 0;
    let s2 = 0;
    let n = 0;
    let s4 = 0;
    for (let i = 0; i < 3000; i++) {
      out[0] = 1;
      model.fillPath(createRng(3, i), out, 1 / 8760);
      for (let t = 1; t <= steps; t++) {
        const r = Math.log(out[t] / out[t - 1]);
        s += r;
        s2 += r * r;
        s4 += r ** 4;
        n++;
      }
    }
    const v = s2 / n - (s / n) ** 2;
    expect(Math.abs(v / (omega / (1 - alpha - beta)) - 1)).toBeLessThan(0.03);
    // volatility clustering gives excess kurtosis: κ = 3(1 − (α+β)²)/(1 − (α+β)² − 2α²) = 3.18 > 3
    const kurt = s4 / n / (v * v);
    expect(kurt).toBeGreaterThan(3.05);
  });

  test("behavior: α = 0 gives i.i.d. normal returns with variance ω/(1 − β)", () => {
    const model = createGarchModel({ omega: 2e-4, alpha: 0, beta: 0.5 });
    const out = new Float64Array(50_001);
    out[0] = 1;
    model.fillPath(createRng(4), out, 1);
    let s2 = 0;
    for (let t = 1; t < out.length; t++) s2 += Math.log(out[t] / out[t - 1]) ** 2;
    expect(Math.abs(s2 / 50_000 / 4e-4 - 1)).toBeLessThan(0.03);
  });

  test("behavior: a non-stationary α + β is rejected by name", () => {
    expect(() => createGarchModel({ omega: 1e-5, alpha: 0.3, beta: 0.7 })).toThrow(/alpha \+ beta 1/);
  });
});
