import { describe, expect, test } from "vitest";
import { createRegimeSwitchingModel } from "./regimeSwitching.js";
import { createRng } from "./rng.js";

describe("createRegimeSwitchingModel", () => {
  test("default: state 1 is occupied p01/(p01 + p10) of the time, with its own volatility", () => {
    const p01 = 0.02;
    const p10 = 0.05;
    const sigma: [number, number] = [0.3, 1.2];
    const model = createRegimeSwitchingModel({ mu: [0, 0], sigma, p01, p10 });
    const steps = 500;
    const dt = 1 / 8760;
    const out = new Float64Array(steps + 1);
    const states = new Uint8Array(steps);
    let ones = 0;
    let n = 0;
    const sq = [0, 0];
    const cnt = [0, 0];
    for (let i = 0; i < 2000; i++) {
      out[0] = 100;
      model.fillPath(createRng(8, i), out, dt, states);
      for (let t = 0; t < steps; t++) {
        const k = states[t];
        ones += k;
        n++;
        sq[k] += Math.log(out[t + 1] / out[t]) ** 2;
        cnt[k]++;
      }
    }
    expect(Math.abs(ones / n - p01 / (p01 + p10))).toBeLessThan(0.015);
    for (const k of [0, 1]) expect(Math.abs(sq[k] / cnt[k] / (sigma[k] ** 2 * dt) - 1)).toBeLessThan(0.03);
  });

  test("behavior: p01 = p10 = 0 with an initial state stays in that state", () => {
    const model = createRegimeSwitchingModel({
      mu: [0, 0],
      sigma: [0.1, 1],
      p01: 0,
      p10: 0,
      initialState: 1,
    });
    const out = new Float64Array(101);
    const states = new Uint8Array(100);
    out[0] = 1;
    model.fillPath(createRng(1), out, 0.01, states);
    expect(states.every((s) => s === 1)).toBe(true);
  });

  test("behavior: a probability above 1 is rejected by name", () => {
    expect(() => createRegimeSwitchingModel({ mu: [0, 0], sigma: [0.1, 0.2], p01: 1.5, p10: 0.1 })).toThrow(
      /p01 1.5/,
    );
  });
});
