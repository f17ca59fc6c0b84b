import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { whalleyWilmottBand } from "./whalleyWilmottBand.js";

describe("whalleyWilmottBand", () => {
  test("default: hand value (3/2 · 0.001 · 2000 · 0.25 / 1)^{1/3} = 0.75^{1/3}", () => {
    expect(
      whalleyWilmottBand({ price: 2000, gamma: -0.5, proportionalCost: 0.001, riskAversion: 1 }),
    ).toBeCloseTo(0.75 ** (1 / 3), 14);
  });

  test("behavior: discounting, e^{−r(T−t)} inside the cube root", () => {
    const base = { price: 2000, gamma: -0.5, proportionalCost: 0.001, riskAversion: 1 };
    const d = whalleyWilmottBand({ ...base, rate: 0.05, timeToExpiryYears: 2 });
    expect(d / whalleyWilmottBand(base)).toBeCloseTo(Math.exp(-0.1 / 3), 14);
    expect(whalleyWilmottBand({ ...base, proportionalCost: 0 })).toBe(0);
    expect(() => whalleyWilmottBand({ ...base, riskAversion: 0 })).toThrow(/riskAversion 0/);
    expect(() => whalleyWilmottBand({ ...base, proportionalCost: -1 })).toThrow(/proportionalCost -1/);
  });

  test("behavior: property, scaling laws ∝ λ^{1/3}, ∝ γ^{−1/3}, ∝ |Γ|^{2/3}, ∝ S^{1/3}", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.05, noNaN: true }),
        fc.double({ min: 1e-8, max: 10, noNaN: true }),
        fc.double({ min: 1.5, max: 100, noNaN: true }),
        (price, gamma, proportionalCost, riskAversion, m) => {
          const base = { price, gamma, proportionalCost, riskAversion };
          const h = whalleyWilmottBand(base);
          expect(whalleyWilmottBand({ ...base, proportionalCost: proportionalCost * m }) / h).toBeCloseTo(
            m ** (1 / 3),
            9,
          );
          expect(whalleyWilmottBand({ ...base, riskAversion: riskAversion * m }) / h).toBeCloseTo(
            m ** (-1 / 3),
            9,
          );
          expect(whalleyWilmottBand({ ...base, gamma: -gamma * m }) / h).toBeCloseTo(m ** (2 / 3), 9);
          expect(whalleyWilmottBand({ ...base, price: price * m }) / h).toBeCloseTo(m ** (1 / 3), 9);
        },
      ),
    );
  });
});
