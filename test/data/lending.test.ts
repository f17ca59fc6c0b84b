import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadLendingReserve } from "../../src/data/index.js";
import { sharedData } from "../helpers/sharedData.js";

const AAVE = sharedData("aave", "polygon-v3");
const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;

describe("loadLendingReserve on the Aave v3 Polygon files", () => {
  test("behavior: each day file is 1,440 contiguous minutes named by its asset", () => {
    for (const f of readdirSync(AAVE)) {
      const s = loadLendingReserve(join(AAVE, f));
      expect(s.length).toBe(1440);
      expect(s.gaps).toEqual([]);
      expect(s.asset).toBe(f.includes("0x2791bca1") ? "USDC" : "WETH");
    }
  });

  test("behavior: folder mode joins the 4 days per asset; rates match README §2 ranges", () => {
    const usdc = loadLendingReserve(AAVE, { asset: "USDC" });
    const weth = loadLendingReserve(AAVE, { asset: "0x7ceb23fd6bc0add59e62ac25578270cff1b9f619" });
    for (const s of [usdc, weth]) {
      expect(s.length).toBe(4 * 1440);
      expect(s.gaps).toEqual([]);
      expect(s.time[0]).toBe(Date.UTC(2023, 7, 14));
      expect(s.time[s.length - 1]).toBe(Date.UTC(2023, 7, 17, 23, 59));
    }
    expect(usdc.asset).toBe("USDC");
    expect(weth.asset).toBe("WETH");
    expect(mean(usdc.variableBorrowRate)).toBeGreaterThan(0.05);
    expect(mean(usdc.variableBorrowRate)).toBeLessThan(0.065);
    expect(mean(usdc.liquidityRate)).toBeGreaterThan(0.04);
    expect(mean(usdc.liquidityRate)).toBeLessThan(0.05);
    expect(mean(weth.variableBorrowRate)).toBeCloseTo(0.021, 2);
    expect(mean(weth.liquidityRate)).toBeCloseTo(0.004, 2);
  });

  test("behavior: index growth over 4 days agrees with the mean rate / 365 within 25 %", () => {
    for (const s of [
      loadLendingReserve(AAVE, { asset: "USDC" }),
      loadLendingReserve(AAVE, { asset: "WETH" }),
    ]) {
      const days = (s.time[s.length - 1] - s.time[0]) / 86_400_000;
      const growth = s.variableBorrowIndex[s.length - 1] / s.variableBorrowIndex[0] - 1;
      const expected = (mean(s.variableBorrowRate) * days) / 365;
      expect(Math.abs(growth / expected - 1)).toBeLessThan(0.25);
    }
  });

  test("behavior: a folder with two reserves needs asset", () => {
    expect(() => loadLendingReserve(AAVE)).toThrow(/several reserves.*pass asset/);
    expect(() => loadLendingReserve(AAVE, { asset: "DAI" })).toThrow(/no Aave reserve files/);
  });
});
