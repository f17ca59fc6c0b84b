import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { sharedData } from "../../test/helpers/sharedData.js";
import { createBlockBootstrapModel } from "./blockBootstrap.js";
import { createRng } from "./rng.js";

function ethHourlyLogReturns(): Float64Array {
  const lines = readFileSync(sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv"), "utf8")
    .trim()
    .split("\n");
  const closes = lines.slice(1).map((l) => Number(l.split(",")[4]));
  const r = new Float64Array(closes.length - 1);
  for (let i = 1; i < closes.length; i++) r[i - 1] = Math.log(closes[i] / closes[i - 1]);
  return r;
}

function moments(x: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i];
    s2 += x[i] * x[i];
  }
  const mean = s / x.length;
  return { mean, variance: s2 / x.length - mean * mean };
}

describe("createBlockBootstrapModel", () => {
  const source = ethHourlyLogReturns();
  const src = moments(source);

  for (const kind of ["stationary", "fixed"] as const) {
    test(`behavior: ${kind} blocks reproduce the mean and variance of real ETH hourly returns`, () => {
      const model = createBlockBootstrapModel({ logReturns: source, kind, blockLength: 24 });
      const steps = 720;
      const out = new Float64Array(steps + 1);
      const all = new Float64Array(steps * 400);
      for (let i = 0; i < 400; i++) {
        out[0] = 1;
        model.fillPath(createRng(17, i), out, 1 / 8760);
        for (let t = 0; t < steps; t++) all[i * steps + t] = Math.log(out[t + 1] / out[t]);
      }
      const sim = moments(all);
      expect(Math.abs(sim.variance / src.variance - 1)).toBeLessThan(0.06);
      // mean per hour is tiny; compare on the scale of its standard error √(var/(N/blockLength))
      expect(Math.abs(sim.mean - src.mean)).toBeLessThan(4 * Math.sqrt(src.variance / (all.length / 24)));
      // every resampled return is one of the source returns
      const sorted = Float64Array.from(source).sort();
      for (let t = 0; t < 200; t++) {
        const x = all[t];
        let lo = 0;
        let hi = sorted.length - 1;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (sorted[mid] <= x) lo = mid;
          else hi = mid;
        }
        expect(Math.min(Math.abs(sorted[lo] - x), Math.abs(sorted[hi] - x))).toBeLessThan(1e-12);
      }
    });
  }

  test("behavior: fixed blocks copy runs of consecutive source returns", () => {
    const r = Float64Array.from({ length: 100 }, (_, i) => (i + 1) * 1e-4);
    const model = createBlockBootstrapModel({ logReturns: r, kind: "fixed", blockLength: 5 });
    const out = new Float64Array(21);
    out[0] = 1;
    model.fillPath(createRng(2), out, 1);
    const idx = Array.from({ length: 20 }, (_, t) => Math.round(Math.log(out[t + 1] / out[t]) * 1e4) - 1);
    for (let b = 0; b < 4; b++)
      for (let j = 1; j < 5; j++) expect(idx[b * 5 + j]).toBe((idx[b * 5 + j - 1] + 1) % 100);
  });

  test("behavior: an empty return series is rejected by name", () => {
    expect(() => createBlockBootstrapModel({ logReturns: new Float64Array(0), blockLength: 5 })).toThrow(
      /logReturns.length/,
    );
  });
});
