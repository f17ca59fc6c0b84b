import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { loadPoolSeries } from "../data/poolSeries.js";
import type { PoolMeta } from "../types/series.js";
import { aggregateSwapMinutes, formatMinuteCsv, type SwapRecord } from "./aggregateSwapMinutes.js";

const T0 = Date.UTC(2024, 0, 5, 23, 50) / 1000; // 10 minutes before a UTC midnight

const swapArb = fc.record({
  dt: fc.integer({ min: 0, max: 400 }), // seconds after the previous swap
  amount0: fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
  amount1: fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
  liquidity: fc.bigInt({ min: 1n, max: 2n ** 100n }),
  tick: fc.integer({ min: -887_272, max: 887_272 }),
});

function build(
  raw: { dt: number; amount0: bigint; amount1: bigint; liquidity: bigint; tick: number }[],
): SwapRecord[] {
  let t = T0;
  return raw.map((r, i) => {
    t += r.dt;
    return { blockNumber: BigInt(i + 1), logIndex: 0, blockTime: t, sqrtPriceX96: 2n ** 96n, ...r };
  });
}

describe("aggregateSwapMinutes", () => {
  test("default: sums, extremes, open/close and carried quiet minutes", () => {
    const swaps = build([
      { dt: 5, amount0: 100n, amount1: -7n, liquidity: 10n, tick: 5 },
      { dt: 10, amount0: -40n, amount1: 3n, liquidity: 11n, tick: 9 },
      { dt: 20, amount0: 1n, amount1: -1n, liquidity: 12n, tick: 2 },
      { dt: 130, amount0: 5n, amount1: -5n, liquidity: 13n, tick: 4 }, // two minutes later
    ]);
    const days = aggregateSwapMinutes(swaps);
    const rows = days.get("2024-01-05")!;
    expect(rows.map((r) => r.closeTick)).toEqual([2, 2, 4]);
    expect(rows[0]).toMatchObject({
      netAmount0: 61n,
      netAmount1: -5n,
      inAmount0: 101n,
      inAmount1: 3n,
      openTick: 5,
      highestTick: 9,
      lowestTick: 2,
      closeTick: 2,
      currentLiquidity: 12n,
    });
    // The quiet minute carries the close tick and L, with zero amounts.
    expect(rows[1]).toMatchObject({
      netAmount0: 0n,
      inAmount1: 0n,
      openTick: 2,
      lowestTick: 2,
      currentLiquidity: 12n,
    });
  });

  test("behavior: per-day totals equal the swaps' totals, every day is contiguous and starts at a swap", () => {
    fc.assert(
      fc.property(fc.array(swapArb, { minLength: 1, maxLength: 60 }), (raw) => {
        const swaps = build(raw);
        const days = aggregateSwapMinutes([...swaps].reverse()); // input order must not matter
        let net0 = 0n;
        let in1 = 0n;
        let n = 0;
        for (const [day, rows] of days) {
          for (let i = 0; i < rows.length; i++) {
            const r = rows[i]!;
            expect(new Date(r.time).toISOString().slice(0, 10)).toBe(day);
            if (i > 0) expect(r.time - rows[i - 1]!.time).toBe(60_000);
            expect(r.lowestTick).toBeLessThanOrEqual(Math.min(r.openTick, r.closeTick));
            expect(r.highestTick).toBeGreaterThanOrEqual(Math.max(r.openTick, r.closeTick));
            net0 += r.netAmount0;
            in1 += r.inAmount1;
          }
          n += rows.length;
        }
        expect(net0).toBe(swaps.reduce((a, s) => a + s.amount0, 0n));
        expect(in1).toBe(swaps.reduce((a, s) => a + (s.amount1 > 0n ? s.amount1 : 0n), 0n));
        expect(n).toBeGreaterThan(0);
        const last = swaps[swaps.length - 1]!;
        const lastDay = [...days.values()].at(-1)!;
        expect(lastDay.at(-1)!.closeTick).toBe(last.tick);
      }),
      { numRuns: 200 },
    );
  });

  test("behavior: the written CSV loads through the backtest's own loader with the same values", () => {
    const swaps = build([
      {
        dt: 1,
        amount0: 1896925364n,
        amount1: -835312916639995304n,
        liquidity: 12453647101533358277n,
        tick: 199045,
      },
      {
        dt: 70,
        amount0: 80389587217n,
        amount1: -35395146543385074471n,
        liquidity: 12453647101533358277n,
        tick: 199043,
      },
      {
        dt: 200,
        amount0: -5n * 10n ** 9n,
        amount1: 2n * 10n ** 18n,
        liquidity: 12453647101533358000n,
        tick: 199050,
      },
    ]);
    const [day, rows] = [...aggregateSwapMinutes(swaps)][0]!;
    const dir = mkdtempSync(join(tmpdir(), "lpguard-fetch-"));
    try {
      const address = "0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640";
      writeFileSync(join(dir, `ethereum-${address}-${day}.minute.csv`), formatMinuteCsv(rows));
      const meta: PoolMeta = {
        chain: "ethereum",
        address,
        fee: 0.0005,
        feePips: 500,
        tickSpacing: 10,
        token0: { symbol: "USDC", address: "0x0", decimals: 6 },
        token1: { symbol: "WETH", address: "0x1", decimals: 18 },
        baseToken: 1,
      };
      const s = loadPoolSeries({ path: dir, meta });
      expect(s.length).toBe(rows.length);
      for (let i = 0; i < rows.length; i++) {
        expect(s.closeTick[i]).toBe(rows[i]!.closeTick);
        expect(s.time[i]).toBe(rows[i]!.time);
        expect(s.inAmount1[i]).toBe(Number(rows[i]!.inAmount1));
        expect(s.liquidity[i]).toBe(Number(rows[i]!.currentLiquidity));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
