import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { blackScholes } from "./blackScholes.js";

describe("blackScholes", () => {
  test("default", () => {
    // Hull, "Options, Futures, and Other Derivatives", example 15.6: c = 4.76, p = 0.81.
    const a = { spot: 42, strike: 40, timeToExpiry: 0.5, vol: 0.2, rate: 0.1 };
    expect(blackScholes({ ...a, kind: "call" }).price.toFixed(2)).toBe("4.76");
    expect(blackScholes({ ...a, kind: "put" }).price.toFixed(2)).toBe("0.81");
  });

  test("behavior: Hull's greeks example (S=49, K=50, r=5 %, σ=20 %, T=0.3846): delta 0.522, gamma 0.066, vega 12.1, theta −4.31, rho 8.91", () => {
    const g = blackScholes({
      spot: 49,
      strike: 50,
      timeToExpiry: 0.3846,
      vol: 0.2,
      rate: 0.05,
      kind: "call",
    });
    expect(g.delta.toFixed(3)).toBe("0.522");
    expect(g.gamma.toFixed(3)).toBe("0.066");
    expect(g.vega.toFixed(1)).toBe("12.1");
    expect(g.theta.toFixed(2)).toBe("-4.31");
    expect(g.rho.toFixed(2)).toBe("8.91");
  });

  test("behavior: put–call parity with a dividend yield, C − P = S·e^{−qT} − K·e^{−rT}", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: -0.05, max: 0.2, noNaN: true }),
        fc.double({ min: -0.05, max: 0.2, noNaN: true }),
        (spot, m, T, vol, rate, q) => {
          const strike = spot * Math.exp(m);
          const a = { spot, strike, timeToExpiry: T, vol, rate, dividendYield: q };
          const c = blackScholes({ ...a, kind: "call" }).price;
          const p = blackScholes({ ...a, kind: "put" }).price;
          const parity = spot * Math.exp(-q * T) - strike * Math.exp(-rate * T);
          expect(Math.abs(c - p - parity)).toBeLessThanOrEqual(1e-12 * Math.max(spot, strike));
        },
      ),
    );
  });

  test("behavior: theta and rho match finite differences", () => {
    const base = {
      spot: 2758,
      strike: 3000,
      timeToExpiry: 0.1,
      vol: 0.75,
      rate: 0.04,
      dividendYield: 0.02,
      kind: "put" as const,
    };
    const g = blackScholes(base);
    const h = 1e-6;
    const dT =
      -(
        blackScholes({ ...base, timeToExpiry: 0.1 + h }).price -
        blackScholes({ ...base, timeToExpiry: 0.1 - h }).price
      ) /
      (2 * h);
    const dR =
      (blackScholes({ ...base, rate: 0.04 + h }).price - blackScholes({ ...base, rate: 0.04 - h }).price) /
      (2 * h);
    expect(g.theta).toBeCloseTo(dT, 4);
    expect(g.rho).toBeCloseTo(dR, 4);
  });
});
