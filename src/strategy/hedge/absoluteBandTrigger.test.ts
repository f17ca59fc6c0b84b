import { describe, expect, test } from "vitest";
import { absoluteBandTrigger } from "./absoluteBandTrigger.js";

describe("absoluteBandTrigger", () => {
  test("default: fires outside the band", () => {
    expect(absoluteBandTrigger({ target: -10, hedge: -9.25, band: 0.5 })).toBe(true);
    expect(absoluteBandTrigger({ target: -10, hedge: -9.75, band: 0.5 })).toBe(false);
  });

  test("behavior: boundary, exactly on the band does not fire, just beyond does (both sides)", () => {
    expect(absoluteBandTrigger({ target: 1, hedge: 0.5, band: 0.5 })).toBe(false);
    expect(absoluteBandTrigger({ target: 1, hedge: 0.5 - 1e-12, band: 0.5 })).toBe(true);
    expect(absoluteBandTrigger({ target: 1, hedge: 1.5, band: 0.5 })).toBe(false);
    expect(absoluteBandTrigger({ target: 1, hedge: 1.5 + 1e-12, band: 0.5 })).toBe(true);
    expect(absoluteBandTrigger({ target: 0, hedge: 0, band: 0 })).toBe(false);
    expect(absoluteBandTrigger({ target: Number.NaN, hedge: 0, band: 0 })).toBe(false);
  });
});
