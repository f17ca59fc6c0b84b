import { describe, expect, test } from "vitest";
import { DataFormatError } from "../errors/data.js";
import { findPoolMeta, findTokenMeta, getPoolMeta, KNOWN_POOLS } from "./pools.js";

describe("findPoolMeta", () => {
  test("default", () => {
    const meta = findPoolMeta("0x45DDA9CB7C25131DF268515131F647D726F50608");
    expect(meta?.chain).toBe("polygon");
    expect(meta?.token1.symbol).toBe("WETH");
  });

  test("behavior: fee, feePips and tick spacing are consistent (Uniswap v3 factory fee tiers)", () => {
    const spacing: Record<number, number> = { 500: 10, 3000: 60 };
    for (const meta of Object.values(KNOWN_POOLS)) {
      expect(meta.feePips / 1e6).toBe(meta.fee);
      expect(meta.tickSpacing).toBe(spacing[meta.feePips]);
      expect(meta.baseToken).toBe(1);
      expect(meta.token0.address < meta.token1.address).toBe(true); // Uniswap sorts tokens by address
    }
  });
});

describe("getPoolMeta", () => {
  test("behavior: unknown address is a DataFormatError naming it", () => {
    expect(() => getPoolMeta("0xabc", "f.csv")).toThrow(DataFormatError);
    expect(() => getPoolMeta("0xabc", "f.csv")).toThrow(/unknown pool address.*\(value "0xabc"\)/);
  });
});

describe("findTokenMeta", () => {
  test("default", () => {
    expect(findTokenMeta("0x2791bca1f2de4661ed88a30c99a7a9449aa84174")?.symbol).toBe("USDC");
    expect(findTokenMeta("0x0")).toBeUndefined();
  });
});
