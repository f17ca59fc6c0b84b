import { describe, expect, test } from "vitest";
import { relativeBandTrigger } from "./relativeBandTrigger.js";

describe("relativeBandTrigger", () => {
  test("default: fires when off by more than a fraction of the target", () => {
    expect(relativeBandTrigger({ target: -10, hedge: -8.5, fraction: 0.1 })).toBe(true);
    expect(relativeBandTrigger({ target: -10, hedge: -9.5, fraction: 0.1 })).toBe(false);
  });

  test("behavior: boundary at fraction · |target|; a zero target closes any hedge", () => {
    expect(relativeBandTrigger({ target: -8, hedge: -7, fraction: 0.125 })).toBe(false); // gap 1 = 0.125 · 8
    expect(relativeBandTrigger({ target: -8, hedge: -6.999999, fraction: 0.125 })).toBe(true);
    expect(relativeBandTrigger({ target: 8, hedge: 9, fraction: 0.125 })).toBe(false);
    expect(relativeBandTrigger({ target: 8, hedge: 9.000001, fraction: 0.125 })).toBe(true);
    expect(relativeBandTrigger({ target: 0, hedge: 1e-9, fraction: 0.5 })).toBe(true);
    expect(relativeBandTrigger({ target: 0, hedge: 0, fraction: 0.5 })).toBe(false);
  });
});
