import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { BaseError } from "../../errors/base.js";
import { InvalidInputError, NoSolutionError } from "../../errors/math.js";
import { black76 } from "./black76.js";
import { impliedVol } from "./impliedVol.js";

const kindArb = fc.constantFrom("call" as const, "put" as const);

describe("impliedVol", () => {
  test("default", () => {
    // Hull's example: the call worth 4.7594 at σ = 20 % (S = 42, K = 40, r = 10 %, T = 0.5; F = S·e^{rT}).
    const F = 42 * Math.exp(0.05);
    const { price } = black76({
      forward: F,
      strike: 40,
      timeToExpiry: 0.5,
      vol: 0.2,
      rate: 0.1,
      kind: "call",
    });
    expect(
      impliedVol({ price, forward: F, strike: 40, timeToExpiry: 0.5, rate: 0.1, kind: "call" }),
    ).toBeCloseTo(0.2, 14);
  });

  test("behavior: round trip recovers σ to 1e-8 over deep ITM/OTM quotes where vega is not negligible", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 1e-3, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: -0.05, max: 0.1, noNaN: true }),
        kindArb,
        (forward, m, timeToExpiry, vol, rate, kind) => {
          // |ln F/K| up to 3σ√T.
          const strike = forward * Math.exp(m * vol * Math.sqrt(timeToExpiry));
          const g = black76({ forward, strike, timeToExpiry, vol, rate, kind });
          // "Vega not negligible": a relative change of 1e-12 in the premium moves σ by less than 1e-9.
          fc.pre(g.vega > 1e-3 * g.price);
          const iv = impliedVol({ price: g.price, forward, strike, timeToExpiry, rate, kind });
          expect(Math.abs(iv - vol)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("behavior: out-of-the-money quotes invert to ~1e-13 relative", () => {
    let worst = 0;
    for (const T of [0.003, 0.05, 0.5, 2]) {
      for (const vol of [0.05, 0.3, 0.8, 2]) {
        for (const m of [-3, -2, -1, -0.25, 0, 0.25, 1, 2, 3]) {
          const F = 2758;
          const K = F * Math.exp(m * vol * Math.sqrt(T));
          const kind = K >= F ? "call" : "put";
          const { price } = black76({ forward: F, strike: K, timeToExpiry: T, vol, kind });
          const iv = impliedVol({ price, forward: F, strike: K, timeToExpiry: T, kind });
          worst = Math.max(worst, Math.abs(iv / vol - 1));
        }
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  test("behavior: NoSolutionError below intrinsic and at or above the upper bound", () => {
    const a = { forward: 3000, strike: 2500, timeToExpiry: 0.1 };
    expect(() => impliedVol({ ...a, price: 499, kind: "call" })).toThrow(NoSolutionError);
    expect(() => impliedVol({ ...a, price: 499, kind: "call" })).toThrow(/below the intrinsic value 500/);
    expect(() => impliedVol({ ...a, price: 3000, kind: "call" })).toThrow(/upper bound 3000/);
    expect(() => impliedVol({ ...a, price: 2500, kind: "put" })).toThrow(NoSolutionError);
    // discounted bounds with a rate
    expect(() => impliedVol({ ...a, rate: 0.1, price: 500 * Math.exp(-0.01) - 1e-6, kind: "call" })).toThrow(
      NoSolutionError,
    );
    expect(impliedVol({ ...a, price: 500, kind: "call" })).toBe(0);
    expect(() => impliedVol({ ...a, price: -1, kind: "call" })).toThrow(InvalidInputError);
    expect(() => impliedVol({ ...a, timeToExpiry: 0, price: 600, kind: "call" })).toThrow(/timeToExpiry 0/);
  });

  test("behavior: never returns NaN: any input gives a finite vol ≥ 0 or a BaseError", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: false }),
        fc.double({ min: 1e-6, max: 1e9 }),
        fc.double({ min: 1e-6, max: 1e9 }),
        fc.double({ min: 1e-9, max: 100 }),
        kindArb,
        (price, forward, strike, timeToExpiry, kind) => {
          try {
            const v = impliedVol({ price, forward, strike, timeToExpiry, kind });
            expect(Number.isFinite(v) && v >= 0).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(BaseError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  test("behavior: prices at the edge of the bounds and extreme strikes converge", () => {
    // Tiny time value of a far OTM call: still inverts (log objective).
    const F = 2766;
    const T = 0.0034;
    const { price } = black76({ forward: F, strike: 4000, timeToExpiry: T, vol: 1.2, kind: "call" });
    expect(price).toBeGreaterThan(0);
    expect(price).toBeLessThan(1e-5);
    expect(impliedVol({ price, forward: F, strike: 4000, timeToExpiry: T, kind: "call" })).toBeCloseTo(
      1.2,
      9,
    );
    // A call worth almost the forward: vol is huge but finite.
    const high = black76({ forward: F, strike: 2766, timeToExpiry: 1, vol: 8, kind: "call" });
    expect(
      impliedVol({ price: high.price, forward: F, strike: 2766, timeToExpiry: 1, kind: "call" }),
    ).toBeCloseTo(8, 8);
  });
});
