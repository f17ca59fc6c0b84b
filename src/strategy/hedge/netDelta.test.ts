import { describe, expect, test } from "vitest";
import { netDelta } from "./netDelta.js";

describe("netDelta", () => {
  test("default: sums all deltas", () => {
    expect(netDelta(Float64Array.of(10, -4, 3))).toBe(9);
    expect(netDelta(new Float64Array(0))).toBe(0);
  });

  test("behavior: only positions on the given base asset, and only the first count", () => {
    const d = Float64Array.of(10, -4, 3, 100);
    const ids = Int32Array.of(0, 0, 1, 0);
    expect(netDelta(d, ids, 0)).toBe(106);
    expect(netDelta(d, ids, 1)).toBe(3);
    expect(netDelta(d, ids, 0, 3)).toBe(6);
    expect(netDelta(d, undefined, 0, 2)).toBe(6);
  });

  test("behavior: bad count or short id array names the field", () => {
    expect(() => netDelta(Float64Array.of(1), undefined, 0, 2)).toThrow(/count 2/);
    expect(() => netDelta(Float64Array.of(1, 2), Int32Array.of(0), 0)).toThrow(/baseAssetIds\.length 1/);
    expect(() => netDelta(Float64Array.of(1, Number.NaN))).toThrow(/deltas/);
  });
});
