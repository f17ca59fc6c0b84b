import { describe, expect, test } from "vitest";
import { volatilityBand } from "./volatilityBand.js";

describe("volatilityBand", () => {
  test("default: k · |Γ| · S · σ · √Δt by hand", () => {
    // 2 · 0.0025 · 2000 · 0.8 · sqrt(1/8760) = 8 / sqrt(8760)
    expect(
      volatilityBand({ k: 2, volatility: 0.8, horizonYears: 1 / 8760, gamma: -0.0025, price: 2000 }),
    ).toBeCloseTo(8 / Math.sqrt(8760), 14);
  });

  test("behavior: scales with √Δt and σ; equals the one-σ move of delta of a v2 position", () => {
    const base = { k: 1, volatility: 0.5, horizonYears: 0.01, gamma: 0.001, price: 1000 };
    expect(volatilityBand({ ...base, horizonYears: 0.04 }) / volatilityBand(base)).toBeCloseTo(2, 12);
    expect(volatilityBand({ ...base, volatility: 1.5 }) / volatilityBand(base)).toBeCloseTo(3, 12);
    // v2 with L: delta = L/√P, gamma = −L/(2 P^1.5); a 1-σ move changes delta by ≈ |Γ| · P · σ√Δt
    const L = 1000;
    const P = 2000;
    const sd = 0.8 * Math.sqrt(1 / 8760);
    // central difference: average of the up and down one-σ moves (first order in sd, error O(sd²))
    const moved = (L / Math.sqrt(P * (1 - sd)) - L / Math.sqrt(P * (1 + sd))) / 2;
    const band = volatilityBand({
      k: 1,
      volatility: 0.8,
      horizonYears: 1 / 8760,
      gamma: -L / (2 * P ** 1.5),
      price: P,
    });
    expect(Math.abs(moved) / band).toBeCloseTo(1, 3);
    expect(() => volatilityBand({ ...base, price: 0 })).toThrow(/price 0/);
    expect(() => volatilityBand({ ...base, volatility: -1 })).toThrow(/volatility -1/);
  });
});
