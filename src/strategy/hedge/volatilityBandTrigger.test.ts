import { describe, expect, test } from "vitest";
import { volatilityBand } from "./volatilityBand.js";
import { volatilityBandTrigger } from "./volatilityBandTrigger.js";

describe("volatilityBandTrigger", () => {
  const p = { k: 2, volatility: 0.8, horizonYears: 1 / 8760, gamma: -0.0025, price: 2000 };

  test("default: fires outside the volatility-scaled band", () => {
    expect(volatilityBandTrigger({ ...p, target: -10, hedge: -9.8 })).toBe(true);
    expect(volatilityBandTrigger({ ...p, target: -10, hedge: -9.95 })).toBe(false);
  });

  test("behavior: boundary at the band; higher volatility widens it", () => {
    const band = volatilityBand(p);
    expect(volatilityBandTrigger({ ...p, target: 0, hedge: band })).toBe(false);
    expect(volatilityBandTrigger({ ...p, target: 0, hedge: band * (1 + 1e-9) })).toBe(true);
    expect(volatilityBandTrigger({ ...p, volatility: 1.6, target: 0, hedge: band * 1.5 })).toBe(false);
  });
});
