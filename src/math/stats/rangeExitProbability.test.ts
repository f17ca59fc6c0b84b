import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createRng } from "../../sim/rng.js";
import { barrierHitProbability } from "./barrierHitProbability.js";
import { normalCdf } from "./normalCdf.js";
import { rangeExitProbability } from "./rangeExitProbability.js";

describe("barrierHitProbability", () => {
  test("default: driftless log price gives the reflection principle 2Φ(−m/s)", () => {
    const sigma = 0.7;
    const T = 0.25;
    // drift μ = σ²/2 makes the log price driftless
    const p = barrierHitProbability({
      price: 100,
      barrier: 130,
      volatility: sigma,
      drift: 0.5 * sigma * sigma,
      horizonYears: T,
    });
    expect(p).toBeCloseTo(2 * normalCdf(-Math.log(1.3) / (sigma * Math.sqrt(T))), 14);
  });
  test("behavior: limits", () => {
    const base = { price: 100, volatility: 0.5, horizonYears: 1 };
    expect(barrierHitProbability({ ...base, barrier: 100 })).toBe(1);
    expect(barrierHitProbability({ ...base, barrier: 0 })).toBe(0);
    expect(barrierHitProbability({ ...base, barrier: Number.POSITIVE_INFINITY })).toBe(0);
    expect(barrierHitProbability({ ...base, barrier: 1e12 })).toBeLessThan(1e-12);
    expect(barrierHitProbability({ ...base, barrier: 100.0001 })).toBeGreaterThan(0.999);
  });
  test("behavior: the double barrier with a far lower bound equals the single up barrier", () => {
    const base = { price: 100, volatility: 0.9, drift: 0.3, horizonYears: 0.5 };
    const single = barrierHitProbability({ ...base, barrier: 140 });
    expect(rangeExitProbability({ ...base, lower: 1e-6, upper: 140 })).toBeCloseTo(single, 10);
  });
});

describe("rangeExitProbability", () => {
  test("default: symmetric driftless case equals Feller's series, P(sup|W| < 1 on [0,1]) = 0.37078", () => {
    // ln price driftless (μ = σ²/2), σ = 1, T = 1, range ln-width ±1 around P.
    let stay = 0;
    for (let j = 0; j < 20; j++)
      stay += ((4 / Math.PI) * (-1) ** j * Math.exp((-((2 * j + 1) ** 2) * Math.PI ** 2) / 8)) / (2 * j + 1);
    expect(stay).toBeCloseTo(0.37078, 5);
    const p = rangeExitProbability({
      price: 1,
      lower: Math.exp(-1),
      upper: Math.E,
      volatility: 1,
      drift: 0.5,
      horizonYears: 1,
    });
    expect(p).toBeCloseTo(1 - stay, 12);
  });
  test("behavior: limits (A → 0, B → ∞ gives 0; P at a barrier gives 1)", () => {
    const base = { price: 100, volatility: 0.8, horizonYears: 1 };
    expect(rangeExitProbability({ ...base, lower: 0, upper: Number.POSITIVE_INFINITY })).toBe(0);
    expect(rangeExitProbability({ ...base, lower: 1e-9, upper: 1e12 })).toBeLessThan(1e-9);
    expect(rangeExitProbability({ ...base, lower: 100, upper: 200 })).toBe(1);
    expect(rangeExitProbability({ ...base, lower: 50, upper: 100 })).toBe(1);
    expect(rangeExitProbability({ ...base, lower: 99.9999, upper: 200 })).toBeGreaterThan(0.999);
  });
  test("behavior: image and Fourier series agree (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: 0.3, max: 2, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: 0.005, max: 2, noNaN: true }),
        (frac, width, sigma, drift, T) => {
          const lower = 100;
          const upper = 100 * Math.exp(width);
          const price = 100 * Math.exp(frac * width);
          const base = { price, lower, upper, volatility: sigma, drift, horizonYears: T };
          const a = rangeExitProbability({ ...base, series: "image" });
          const b = rangeExitProbability({ ...base, series: "fourier" });
          // |θ|L ≤ 12 here: the Fourier terms carry factors up to e^{|θ|L}, so cancellation stays below ~1e-10
          expect(Math.abs(a - b)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });
  test("behavior: agrees with 20,000 simulated paths (Brownian-bridge corrected) within 3 standard errors", () => {
    const P = 2000;
    const A = 1700;
    const B = 2400;
    const sigma = 0.9;
    const mu = 0.4;
    const T = 5 / 365;
    const exact = rangeExitProbability({
      price: P,
      lower: A,
      upper: B,
      volatility: sigma,
      drift: mu,
      horizonYears: T,
    });
    const rng = createRng(2024);
    const paths = 20_000;
    const steps = 100;
    const dt = T / steps;
    const s = sigma * Math.sqrt(dt);
    const m = (mu - 0.5 * sigma * sigma) * dt;
    const a = Math.log(A);
    const b = Math.log(B);
    let exits = 0;
    for (let j = 0; j < paths; j++) {
      let x = Math.log(P);
      for (let k = 0; k < steps; k++) {
        const y = x + m + s * rng.nextNormal();
        if (y <= a || y >= b) {
          exits++;
          break;
        }
        // Brownian bridge: probability the path crossed a barrier between the two sampled points
        const pUp = Math.exp((-2 * (b - x) * (b - y)) / (s * s));
        const pDown = Math.exp((-2 * (x - a) * (y - a)) / (s * s));
        if (rng.nextFloat() < pUp + pDown) {
          exits++;
          break;
        }
        x = y;
      }
    }
    const est = exits / paths;
    const se = Math.sqrt((exact * (1 - exact)) / paths);
    expect(exact).toBeGreaterThan(0.2);
    expect(exact).toBeLessThan(0.8);
    expect(Math.abs(est - exact)).toBeLessThan(3 * se);
  });
  test("behavior: rejects an empty range naming the field", () => {
    expect(() =>
      rangeExitProbability({ price: 1, lower: 2, upper: 2, volatility: 1, horizonYears: 1 }),
    ).toThrow(/upper 2/);
  });
});
