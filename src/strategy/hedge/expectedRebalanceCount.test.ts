import { describe, expect, test } from "vitest";
import { createRng } from "../../sim/rng.js";
import { expectedRebalanceCount } from "./expectedRebalanceCount.js";

describe("expectedRebalanceCount", () => {
  test("default: (σ Γ S / b)² T by hand", () => {
    // (0.8 · 0.0025 · 2000 / 0.5)² · 1 = 8² = 64
    expect(
      expectedRebalanceCount({ volatility: 0.8, gamma: -0.0025, price: 2000, horizonYears: 1, band: 0.5 }),
    ).toBeCloseTo(64, 12);
    expect(() =>
      expectedRebalanceCount({ volatility: 0.8, gamma: 1, price: 2000, horizonYears: 1, band: 0 }),
    ).toThrow(/band 0/);
  });

  test("behavior: Monte Carlo of a re-centred band matches N = vT/b² and the residual E[x²] = b²/6", () => {
    // delta error x follows dx = s dW (s² = v = 1 per year), reset to 0 whenever |x| >= b
    const rng = createRng(7);
    const b = 0.1;
    const T = 1;
    const steps = 200_000;
    const dt = T / steps;
    const sd = Math.sqrt(dt);
    const paths = 12;
    let exits = 0;
    let sumX2 = 0;
    for (let k = 0; k < paths; k++) {
      let x = 0;
      for (let i = 0; i < steps; i++) {
        x += sd * rng.nextNormal();
        if (x >= b || x <= -b) {
          exits++;
          x = 0;
        }
        sumX2 += x * x;
      }
    }
    const n = expectedRebalanceCount({ volatility: 1, gamma: 1, price: 1, horizonYears: T, band: b }); // 100
    // discrete monitoring overshoots the band by ≈ 0.5826·sd (Broadie–Glasserman–Kou 1997), about 1.8 % of b here
    const effectiveBand = b + 0.5826 * sd;
    expect(exits / paths / (T / effectiveBand ** 2)).toBeCloseTo(1, 1);
    expect(Math.abs(exits / paths / n - 1)).toBeLessThan(0.1);
    expect(sumX2 / (paths * steps) / ((b * b) / 6)).toBeCloseTo(1, 1);
  });
});
