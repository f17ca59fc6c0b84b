import { describe, expect, test } from "vitest";
import { createRng } from "./rng.js";

describe("createRng", () => {
  test("default: same seed, same stream; different seeds differ", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = Array.from({ length: 5 }, () => a.nextU32());
    const xb = Array.from({ length: 5 }, () => b.nextU32());
    const xc = Array.from({ length: 5 }, () => c.nextU32());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  test("behavior: streams of one seed are independent sequences", () => {
    const a = createRng(7, 0);
    const b = createRng(7, 1);
    expect(a.nextU32()).not.toBe(b.nextU32());
  });

  test("behavior: uniforms have mean 1/2 and variance 1/12; normals mean 0, variance 1, kurtosis 3", () => {
    const r = createRng(2024);
    const n = 400_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 3);
    const z = new Float64Array(n);
    r.fillNormal(z);
    let m = 0;
    let v = 0;
    let k = 0;
    for (const x of z) m += x;
    m /= n;
    for (const x of z) {
      v += (x - m) ** 2;
      k += (x - m) ** 4;
    }
    v /= n;
    k = k / n / (v * v);
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(Math.abs(v - 1)).toBeLessThan(0.01);
    expect(Math.abs(k - 3)).toBeLessThan(0.05);
  });

  test("behavior: fillNormal (ziggurat) matches the normal CDF from the centre to the tails", () => {
    // Φ by Simpson's rule on the density, an independent reference
    const phi = (x: number) => {
      const a = -12;
      const m = 20_000;
      const h = (x - a) / m;
      let s = 0;
      for (let i = 0; i <= m; i++) {
        const t = a + i * h;
        s += (i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp(-0.5 * t * t);
      }
      return (s * h) / 3 / Math.sqrt(2 * Math.PI);
    };
    const n = 2_000_000;
    const z = new Float64Array(n);
    createRng(99).fillNormal(z);
    const grid = [-4, -3.7, -3, -2, -1, -0.3, 0, 0.5, 1, 2, 3, 3.7, 4];
    const below = new Float64Array(grid.length);
    for (const x of z) for (let j = 0; j < grid.length; j++) if (x < grid[j]) below[j]++;
    for (let j = 0; j < grid.length; j++) {
      const p = phi(grid[j]);
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(below[j] / n - p)).toBeLessThan(4.5 * se);
    }
    // consecutive draws are uncorrelated
    let c = 0;
    for (let i = 1; i < n; i++) c += z[i] * z[i - 1];
    expect(Math.abs(c / n)).toBeLessThan(4 / Math.sqrt(n));
  });

  test("behavior: a pinned seed gives pinned values (reproducible across machines)", () => {
    const r = createRng(1);
    const first = [r.nextU32(), r.nextU32(), r.nextU32()];
    // values are integers in [0, 2^32)
    for (const x of first) expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
    const again = createRng(1);
    expect([again.nextU32(), again.nextU32(), again.nextU32()]).toEqual(first);
  });

  test("behavior: a non-integer seed is rejected with its value", () => {
    expect(() => createRng(1.5)).toThrow(/seed 1.5/);
  });
});
