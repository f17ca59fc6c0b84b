import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../errors/math.js";
import { v3Value } from "../v3/float/v3Value.js";
import { lpPayoff } from "./lpPayoff.js";
import { replicateLpPayoff } from "./replicateLpPayoff.js";
import { replicationError } from "./replicationError.js";
import { stripPayoff } from "./stripPayoff.js";

const S0 = 2758.38;
const A = 0.9 * S0;
const B = 1.1 * S0;
const F = 2766.15;
const L = 19457.8;
const strikesEvery = (h: number, lo = 1000, hi = 5000) => {
  const ks: number[] = [];
  for (let k = lo; k <= hi + 1e-9; k += h) ks.push(k);
  return ks;
};
const grid = Float64Array.from({ length: 8001 }, (_, i) => i);

describe("lpPayoff", () => {
  test("default", () => {
    expect(lpPayoff({ liquidity: 100, lower: 1, upper: 16, price: 4 })).toBe(200);
  });

  test("behavior: agrees with math/v3/float v3Value and with 2L√S for a full range", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        fc.double({ min: 100, max: 10000, noNaN: true }),
        (price, l) => {
          const v = lpPayoff({ liquidity: l, lower: A, upper: B, price });
          expect(v).toBeCloseTo(v3Value(l, Math.sqrt(price), Math.sqrt(A), Math.sqrt(B)), 6);
          expect(lpPayoff({ liquidity: l, lower: 0, upper: Number.POSITIVE_INFINITY, price })).toBeCloseTo(
            2 * l * Math.sqrt(price),
            6,
          );
        },
      ),
    );
    expect(lpPayoff({ liquidity: 5, lower: 0, upper: Number.POSITIVE_INFINITY, price: 0 })).toBe(0);
  });

  test("behavior: rejects bad ranges", () => {
    expect(() => lpPayoff({ liquidity: 1, lower: 3, upper: 2, price: 1 })).toThrow(/upper 2/);
    expect(() => lpPayoff({ liquidity: -1, lower: 1, upper: 2, price: 1 })).toThrow(InvalidInputError);
  });
});

describe("replicateLpPayoff", () => {
  test("default", () => {
    const strip = replicateLpPayoff({
      liquidity: L,
      lower: A,
      upper: B,
      forward: F,
      strikes: strikesEvery(100),
    });
    // options only where the hat of the strike meets (A, B): 2400 … 3100
    expect(strip.puts.map((p) => p.strike)).toEqual([2400, 2500, 2600, 2700]);
    expect(strip.calls.map((c) => c.strike)).toEqual([2800, 2900, 3000, 3100]);
    for (const o of [...strip.puts, ...strip.calls]) expect(o.weight).toBeLessThan(0);
  });

  test("behavior: the strip pays exactly the LP payoff at every strike and outside a range inside the strikes", () => {
    const strikes = strikesEvery(100);
    const strip = replicateLpPayoff({ liquidity: L, lower: A, upper: B, forward: F, strikes });
    for (const S of [...strikes, 0, 1, 500, 2000, 3200, 6000, 1e5]) {
      const f = lpPayoff({ liquidity: L, lower: A, upper: B, price: S });
      expect(Math.abs(stripPayoff(strip, S) - f), `S = ${S}`).toBeLessThan(1e-9 * (1 + f));
    }
  });

  test("behavior: weights are the trapezoid rule f″(K)·(K₊ − K₋)/2 up to O(ΔK³) inside the range", () => {
    const strip = replicateLpPayoff({
      liquidity: L,
      lower: A,
      upper: B,
      forward: F,
      strikes: strikesEvery(25),
    });
    const inner = [...strip.puts, ...strip.calls].filter((o) => o.strike - 25 > A && o.strike + 25 < B);
    expect(inner.length).toBeGreaterThan(15);
    for (const o of inner) {
      const trapezoid = (-L / (2 * o.strike ** 1.5)) * 25;
      expect(Math.abs(o.weight / trapezoid - 1)).toBeLessThan(1e-4);
    }
    // total option weight = f′ jump across the whole range = −f′(A⁻) = −L(1/√A − 1/√B)
    const total = [...strip.puts, ...strip.calls].reduce((s, o) => s + o.weight, 0);
    expect(total).toBeCloseTo(-L * (1 / Math.sqrt(A) - 1 / Math.sqrt(B)), 9);
  });

  test("behavior: error on a price grid is within the bound max|f″|ΔK²/8 and shrinks ~4x when spacing halves", () => {
    let prev = Number.NaN;
    for (const h of [200, 100, 50, 25, 12.5]) {
      const strip = replicateLpPayoff({
        liquidity: L,
        lower: A,
        upper: B,
        forward: F,
        strikes: strikesEvery(h),
      });
      const e = replicationError({ liquidity: L, lower: A, upper: B, strip, grid });
      const bound = ((L / (2 * A ** 1.5)) * (h * h)) / 8; // the hand-derived bound at the range's lower end
      expect(strip.errorBound.interior).toBeCloseTo(bound, 6);
      expect(e.bound).toBe(strip.errorBound.interior);
      expect(e.maxAbsError).toBeLessThanOrEqual(bound + 1e-9);
      expect(e.rmsError).toBeLessThan(e.maxAbsError);
      if (!Number.isNaN(prev)) expect(prev / e.maxAbsError).toBeGreaterThan(3.5);
      if (!Number.isNaN(prev)) expect(prev / e.maxAbsError).toBeLessThan(4.5);
      prev = e.maxAbsError;
    }
  });

  test("behavior: the strip under-replicates a concave payoff (g ≤ f) on random strike sets, within the bound", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 10, max: 600 }), { minLength: 2, maxLength: 40 }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        (ticks, width) => {
          const strikes = ticks.map((t) => t * 10);
          const lower = S0 * (1 - width);
          const upper = S0 * (1 + width);
          const strip = replicateLpPayoff({ liquidity: 1000, lower, upper, forward: F, strikes });
          const inside = grid.filter(
            (s, i) => i % 4 === 0 && s >= strip.lowestStrike && s <= strip.highestStrike,
          );
          for (const s of inside) {
            const d = stripPayoff(strip, s) - lpPayoff({ liquidity: 1000, lower, upper, price: s });
            expect(d).toBeLessThanOrEqual(1e-9);
            expect(-d).toBeLessThanOrEqual(strip.errorBound.interior + 1e-9);
          }
          const e = replicationError({
            liquidity: 1000,
            lower,
            upper,
            strip,
            grid: inside.length ? inside : [strip.lowestStrike],
          });
          expect(e.maxAbsError).toBeLessThanOrEqual(strip.errorBound.interior + 1e-9);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("behavior: bond and forward tend to f(F) and f′(F) (errors ≤ max|f″|ΔK²/8 and ΔK/2)", () => {
    const fF = lpPayoff({ liquidity: L, lower: A, upper: B, price: F });
    const slope = L * (1 / Math.sqrt(F) - 1 / Math.sqrt(B));
    for (const h of [100, 10, 1]) {
      const strip = replicateLpPayoff({
        liquidity: L,
        lower: A,
        upper: B,
        forward: F,
        strikes: strikesEvery(h),
      });
      const m = L / (2 * A ** 1.5);
      expect(Math.abs(strip.bond - fF)).toBeLessThanOrEqual((m * h * h) / 8 + 1e-9);
      expect(Math.abs(strip.forwardUnits - slope)).toBeLessThanOrEqual((m * h) / 2);
    }
  });

  test("behavior: v2 full range cut at the chain's strike limits (500 … 8000): exact maximum error below, unbounded above", () => {
    const strikes = [500, 1000, 1500, 2000, 2200, 2400, 2600, 2800, 3000, 3200, 3500, 4000, 5000, 6000, 8000];
    const strip = replicateLpPayoff({
      liquidity: 100,
      lower: 0,
      upper: Number.POSITIVE_INFINITY,
      forward: F,
      strikes,
    });
    // below 500: f − chord of 2L√S from 0 peaks at S = 125 with value L√500/2
    expect(strip.errorBound.belowLowestStrike).toBeCloseTo((100 * Math.sqrt(500)) / 2, 9);
    const below = replicationError({
      liquidity: 100,
      lower: 0,
      upper: Number.POSITIVE_INFINITY,
      strip,
      grid: Float64Array.from({ length: 501 }, (_, i) => i),
    });
    expect(below.maxAbsError).toBeCloseTo(strip.errorBound.belowLowestStrike, 6);
    expect(below.priceAtMaxError).toBe(125);
    expect(strip.errorBound.aboveHighestStrike).toBeNull();
    const all = replicationError({
      liquidity: 100,
      lower: 0,
      upper: Number.POSITIVE_INFINITY,
      strip,
      grid: [1000, 20000],
    });
    expect(all.bound).toBeNull();
    // inside the strikes the interior bound uses max|f″| at each interval's left end
    const inside = replicationError({
      liquidity: 100,
      lower: 0,
      upper: Number.POSITIVE_INFINITY,
      strip,
      grid: Float64Array.from({ length: 7501 }, (_, i) => 500 + i),
    });
    expect(inside.maxAbsError).toBeLessThanOrEqual(strip.errorBound.interior);
    expect(strip.calls.at(-1)?.strike).toBe(8000); // the tangent at 8000 needs a call there
  });

  test("behavior: a range below every strike: one put at the lowest strike (chord from 0), error below it reported exactly", () => {
    const strip = replicateLpPayoff({
      liquidity: 10,
      lower: 2000,
      upper: 2100,
      forward: F,
      strikes: [2500, 3000, 3500],
    });
    const top = 10 * (Math.sqrt(2100) - Math.sqrt(2000));
    expect(strip.puts).toEqual([{ strike: 2500, weight: -top / 2500 }]);
    expect(strip.calls).toEqual([]);
    expect(strip.forwardUnits).toBe(0);
    expect(strip.bond).toBeCloseTo(top, 12);
    const e = replicationError({
      liquidity: 10,
      lower: 2000,
      upper: 2100,
      strip,
      grid: Float64Array.from({ length: 40001 }, (_, i) => i / 10),
    });
    expect(e.maxAbsError).toBeCloseTo(strip.errorBound.belowLowestStrike, 6);
    expect(e.bound).toBe(strip.errorBound.belowLowestStrike);
    expect(strip.errorBound.aboveHighestStrike).toBe(0);
  });

  test("behavior: rejects bad inputs naming the field", () => {
    const ok = { liquidity: 1, lower: 1, upper: 2, forward: 1.5, strikes: [1, 2] };
    expect(() => replicateLpPayoff({ ...ok, strikes: [] })).toThrow(/strikes/);
    expect(() => replicateLpPayoff({ ...ok, strikes: [1, -2] })).toThrow(/strikes\[1\] -2/);
    expect(() => replicateLpPayoff({ ...ok, forward: 0 })).toThrow(/forward 0/);
    expect(() =>
      replicationError({ liquidity: 1, lower: 1, upper: 2, strip: replicateLpPayoff(ok), grid: [] }),
    ).toThrow(/grid/);
  });
});
