import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { sqrtRawPriceAtTick, tickToPrice, tickToPriceUnchecked } from "../../math/units.js";
import { MAX_TICK, MIN_TICK } from "../../math/v3/constants.js";
import type { PoolMeta } from "../../types/series.js";
import { createTickPriceCache, sharedTickPriceCache, tickPriceIndex } from "./tickPriceCache.js";

const meta = {
  token0: { symbol: "USDC", decimals: 6 },
  token1: { symbol: "WETH", decimals: 18 },
  baseToken: 1,
  fee: 0.0005,
  tickSpacing: 10,
} as unknown as PoolMeta;
const orientation = { decimals0: 6, decimals1: 18, baseToken: 1 as const };

describe("tick price cache", () => {
  test("every lookup equals the direct values, bit for bit, through growth, re-centring and revisits", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_TICK, max: MAX_TICK }),
        fc.array(
          fc.oneof(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -400_000, max: 400_000 })),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (start, moves) => {
          const cache = createTickPriceCache(meta);
          let tick = start;
          const seen: number[] = [];
          for (const m of moves) {
            tick = Math.min(MAX_TICK, Math.max(MIN_TICK, tick + m));
            seen.push(tick);
          }
          // twice: the second pass reads filled entries (a table that grew keeps the earlier ones)
          for (const t of [...seen, ...seen]) {
            const k = tickPriceIndex(cache, t);
            expect(Object.is(cache.table[k], sqrtRawPriceAtTick(t))).toBe(true);
            expect(Object.is(cache.table[k + 1], tickToPriceUnchecked(t, orientation))).toBe(true);
            expect(Object.is(cache.table[k + 2], 1 / sqrtRawPriceAtTick(t))).toBe(true);
          }
          expect(cache.table.length).toBe(3 * cache.size + 3);
        },
      ),
      // 60 runs: each fills windows of up to ~10^6 ticks (two units.ts calls and a division per tick), ~0.3 s a run
      { numRuns: 60 },
    );
  });

  test("the window spans MIN_TICK..MAX_TICK after both ends are seen, and P matches tickToPrice", () => {
    const cache = createTickPriceCache(meta);
    for (const t of [0, MIN_TICK, MAX_TICK, -201_000, 195_000]) {
      const k = tickPriceIndex(cache, t);
      const exact = tickToPrice({ tick: t, ...orientation });
      expect(Math.abs(cache.table[k + 1] / exact - 1)).toBeLessThan(1e-12);
    }
    expect(cache.min).toBeLessThanOrEqual(MIN_TICK);
    expect(cache.min + cache.size - 1).toBeGreaterThanOrEqual(MAX_TICK);
    // the window is filled when it is created (so later ticks are hits), clamped to the pool's tick range
    const fresh = createTickPriceCache(meta);
    tickPriceIndex(fresh, 1000);
    expect(fresh.size).toBe(4096);
    for (let j = 0; j < fresh.size; j++)
      expect(Object.is(fresh.table[3 * j], sqrtRawPriceAtTick(fresh.min + j))).toBe(true);
    const edge = createTickPriceCache(meta);
    tickPriceIndex(edge, MAX_TICK);
    expect(Number.isNaN(edge.table[3 * (MAX_TICK - edge.min + 1)])).toBe(true);
    expect(Number.isNaN(edge.table[3 * (MAX_TICK - edge.min)])).toBe(false);
    // a hit returns the same slot without recomputing
    const k = tickPriceIndex(cache, 195_000);
    cache.table[k + 1] = 42;
    expect(cache.table[tickPriceIndex(cache, 195_000) + 1]).toBe(42);
  });

  test("the shared cache is one per price orientation, and its entries equal a private cache's", () => {
    const a = sharedTickPriceCache(meta);
    expect(sharedTickPriceCache({ ...meta })).toBe(a);
    const flipped = { ...meta, baseToken: 0 } as unknown as PoolMeta;
    const b = sharedTickPriceCache(flipped);
    expect(b).not.toBe(a);
    const own = createTickPriceCache(meta);
    const ownFlipped = createTickPriceCache(flipped);
    for (const t of [-201_000, -200_999, 0, 195_000, -201_000 + 5000]) {
      const k = tickPriceIndex(a, t);
      const j = tickPriceIndex(own, t);
      for (let d = 0; d < 3; d++) expect(Object.is(a.table[k + d], own.table[j + d])).toBe(true);
      const kb = tickPriceIndex(b, t);
      const jb = tickPriceIndex(ownFlipped, t);
      expect(Object.is(b.table[kb + 1], ownFlipped.table[jb + 1])).toBe(true);
      expect(b.table[kb + 1]).not.toBe(a.table[k + 1]);
    }
  });
});
