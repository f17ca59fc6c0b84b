import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../errors/math.js";
import { buildVolSurface } from "./buildVolSurface.js";

const slice1 = {
  timeToExpiry: 0.1,
  forward: 2766,
  strikes: [2000, 2500, 2800, 3200, 4000],
  vols: [0.89, 0.79, 0.76, 0.75, 0.8],
};
const slice2 = { timeToExpiry: 0.4, forward: 2790, strikes: [2000, 2800, 4000], vols: [0.8, 0.72, 0.74] };

describe("buildVolSurface", () => {
  test("default", () => {
    const s = buildVolSurface({ slices: [slice1] });
    for (let i = 0; i < slice1.strikes.length; i++)
      expect(s.volAt(slice1.strikes[i], 0.1)).toBeCloseTo(slice1.vols[i], 14);
  });

  test("behavior: flat extrapolation in strike and constant vol outside the quoted expiries", () => {
    const s = buildVolSurface({ slices: [slice1, slice2] });
    expect(s.volAt(500, 0.1)).toBeCloseTo(0.89, 14);
    expect(s.volAt(20000, 0.1)).toBeCloseTo(0.8, 14);
    // before the first expiry: the first slice's vol at the same log-moneyness
    expect(s.volAt(2800, 0.01)).toBeCloseTo(0.76, 14);
    expect(s.volAt(2000, 2)).toBeCloseTo(0.8, 12);
  });

  test("behavior: total variance is linear in T between expiries at constant log-moneyness", () => {
    const s = buildVolSurface({ slices: [slice1, slice2], interpolation: "linear" });
    const tm = 0.25;
    const F = s.forwardAt(tm);
    expect(F).toBeCloseTo(Math.exp(0.5 * Math.log(2766) + 0.5 * Math.log(2790)), 9);
    const k = Math.log(2800 / F);
    const w1 = buildVolSurface({ slices: [slice1], interpolation: "linear" }).totalVarianceAt(
      2766 * Math.exp(k),
      0.1,
    );
    const w2 = buildVolSurface({ slices: [slice2], interpolation: "linear" }).totalVarianceAt(
      2790 * Math.exp(k),
      0.4,
    );
    expect(s.totalVarianceAt(2800, tm)).toBeCloseTo(0.5 * w1 + 0.5 * w2, 14);
  });

  test("behavior: monotone cubic does not overshoot the quotes and linear is exactly linear in k", () => {
    const cubic = buildVolSurface({ slices: [slice1] });
    const lin = buildVolSurface({ slices: [slice1], interpolation: "linear" });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, u) => {
        const k0 = Math.log(slice1.strikes[i] / 2766);
        const k1 = Math.log(slice1.strikes[i + 1] / 2766);
        const K = 2766 * Math.exp(k0 + u * (k1 - k0));
        const w0 = slice1.vols[i] ** 2 * 0.1;
        const w1 = slice1.vols[i + 1] ** 2 * 0.1;
        const w = cubic.totalVarianceAt(K, 0.1);
        expect(w).toBeGreaterThanOrEqual(Math.min(w0, w1) - 1e-15);
        expect(w).toBeLessThanOrEqual(Math.max(w0, w1) + 1e-15);
        expect(lin.totalVarianceAt(K, 0.1)).toBeCloseTo(
          w0 + ((Math.log(K / 2766) - k0) / (k1 - k0)) * (w1 - w0),
          14,
        );
      }),
    );
  });

  test("behavior: a flat smile gives a flat surface", () => {
    const s = buildVolSurface({
      slices: [{ timeToExpiry: 0.5, forward: 100, strikes: [80, 90, 100, 120], vols: [0.3, 0.3, 0.3, 0.3] }],
    });
    for (const K of [10, 85, 100, 111, 1000])
      for (const T of [0.01, 0.5, 3]) expect(s.volAt(K, T)).toBeCloseTo(0.3, 14);
  });

  test("behavior: rejects bad quotes naming the field", () => {
    expect(() => buildVolSurface({ slices: [] })).toThrow(InvalidInputError);
    expect(() => buildVolSurface({ slices: [{ ...slice1, vols: [0.5] }] })).toThrow(/slices\[0\]\.vols/);
    expect(() => buildVolSurface({ slices: [{ ...slice1, strikes: [1, 1, 2, 3, 4] }] })).toThrow(
      /distinct strikes/,
    );
    expect(() => buildVolSurface({ slices: [slice1, slice1] })).toThrow(/distinct expiry times/);
    expect(() =>
      buildVolSurface({ slices: [{ ...slice1, vols: [0.5, Number.NaN, 0.5, 0.5, 0.5] }] }),
    ).toThrow(/vols\[1\] NaN/);
  });
});
