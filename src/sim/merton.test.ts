import { describe, expect, test } from "vitest";
import { createMertonModel } from "./merton.js";
import { createRng } from "./rng.js";

function terminalLogStats(
  model: ReturnType<typeof createMertonModel>,
  paths: number,
  steps: number,
  T: number,
) {
  const out = new Float64Array(steps + 1);
  let s = 0;
  let s2 = 0;
  let sumS = 0;
  for (let i = 0; i < paths; i++) {
    out[0] = 1;
    model.fillPath(createRng(21, i), out, T / steps);
    const l = Math.log(out[steps]);
    s += l;
    s2 += l * l;
    sumS += out[steps];
  }
  return { meanLog: s / paths, varLog: s2 / paths - (s / paths) ** 2, meanS: sumS / paths };
}

describe("createMertonModel", () => {
  test("default: Var[ln S_T/S0] = σ²T + λT(μ_J² + σ_J²) and, compensated, E[S_T] = S0·e^{μT}", () => {
    const p = { mu: 0.05, sigma: 0.3, lambda: 10, jumpMean: -0.05, jumpStd: 0.1 };
    const T = 1;
    const { varLog, meanS } = terminalLogStats(createMertonModel(p), 20_000, 100, T);
    const theory = p.sigma ** 2 * T + p.lambda * T * (p.jumpMean ** 2 + p.jumpStd ** 2);
    expect(Math.abs(varLog / theory - 1)).toBeLessThan(0.05);
    expect(Math.abs(meanS / Math.exp(p.mu * T) - 1)).toBeLessThan(0.015);
  });

  test("behavior: without compensation the mean log return shifts by λT·μ_J", () => {
    const p = { mu: 0, sigma: 0.2, lambda: 20, jumpMean: -0.03, jumpStd: 0.02, compensated: false };
    const { meanLog } = terminalLogStats(createMertonModel(p), 10_000, 50, 1);
    // E[ln S_T] = −σ²T/2 + λTμ_J = −0.02 − 0.6; SE ≈ √(0.04 + 20·0.0013)/100 ≈ 0.003
    expect(meanLog).toBeCloseTo(-0.02 + 20 * -0.03, 1);
    expect(Math.abs(meanLog - (-0.02 - 0.6))).toBeLessThan(0.015);
  });

  test("behavior: λ = 0 reduces to GBM (variance σ²T)", () => {
    const { varLog } = terminalLogStats(
      createMertonModel({ mu: 0, sigma: 0.4, lambda: 0, jumpMean: 0.1, jumpStd: 0.1 }),
      10_000,
      20,
      1,
    );
    expect(Math.abs(varLog / 0.16 - 1)).toBeLessThan(0.05);
  });

  test("behavior: a negative intensity is rejected by name", () => {
    expect(() => createMertonModel({ mu: 0, sigma: 0.2, lambda: -1, jumpMean: 0, jumpStd: 0 })).toThrow(
      /lambda -1/,
    );
  });
});
