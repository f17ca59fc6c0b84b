import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadVolIndex } from "../../src/data/index.js";
import { sharedData } from "../helpers/sharedData.js";

describe("loadVolIndex on Deribit DVOL", () => {
  test("behavior: 1,269 consecutive days as decimal fractions", () => {
    const file = sharedData("volatility", "deribit-dvol-eth-daily.csv");
    const s = loadVolIndex(file);
    expect(s.name).toBe("deribit-dvol-eth-daily");
    expect(s.length).toBe(1269);
    expect(s.gaps).toEqual([]);
    expect(s.time[0]).toBe(Date.UTC(2023, 0, 1));
    expect(s.time[s.length - 1]).toBe(Date.UTC(2026, 5, 22));
    // Independent parse: every vol equals Number("<dvol_close>e-2") of the raw text (61.64 -> 0.6164 exactly).
    const lines = readFileSync(file, "utf8").trim().split("\n").slice(1);
    expect(lines.map((l) => Number(`${l.split(",")[1]}e-2`))).toEqual([...s.vol]);
    expect(s.vol[0]).toBe(0.6164);
    // README §5: DVOL 31-46 on the pool days 2023-08-13..17.
    for (let d = 13; d <= 17; d++) {
      const i = (Date.UTC(2023, 7, d) - s.time[0]) / 86_400_000;
      expect(s.vol[i]).toBeGreaterThanOrEqual(0.31);
      expect(s.vol[i]).toBeLessThanOrEqual(0.46);
    }
  });
});
