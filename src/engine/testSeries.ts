/**
 * Builds a PoolSeries from plain numbers, for tests, examples and benchmarks (no files). The meta defaults to a
 * USDC(6)/WETH(18) 0.05 % pool with base = token1, like the Polygon pool.
 */

import { requireArrayLike, requireObject } from "../errors/guards.js";
import type { PoolMeta, PoolSeries } from "../types/series.js";

export const TEST_POOL_META: PoolMeta = {
  chain: "test",
  address: "0x0000000000000000000000000000000000000000",
  fee: 0.0005,
  feePips: 500,
  tickSpacing: 10,
  token0: { symbol: "USDC", address: "0x0", decimals: 6 },
  token1: { symbol: "WETH", address: "0x1", decimals: 18 },
  baseToken: 1,
};

export type PoolSeriesRows = {
  closeTick: ArrayLike<number>;
  lowTick?: ArrayLike<number>;
  highTick?: ArrayLike<number>;
  inAmount0?: ArrayLike<number>;
  inAmount1?: ArrayLike<number>;
  liquidity: ArrayLike<number> | number;
  startTime?: number;
  meta?: PoolMeta;
};

/** Returns a one-minute PoolSeries with the given columns (low/high default to close, volumes to 0). */
export function makePoolSeries(rows: PoolSeriesRows): PoolSeries {
  requireObject(rows, "rows");
  requireArrayLike(rows.closeTick, "rows.closeTick");
  const n = rows.closeTick.length;
  const t0 = rows.startTime ?? 1_658_188_800_000;
  const close = Int32Array.from(rows.closeTick);
  const L =
    typeof rows.liquidity === "number"
      ? new Float64Array(n).fill(rows.liquidity)
      : Float64Array.from(rows.liquidity);
  return {
    meta: rows.meta ?? TEST_POOL_META,
    length: n,
    time: Float64Array.from({ length: n }, (_, i) => t0 + i * 60_000),
    openTick: Int32Array.from(close),
    highTick: rows.highTick ? Int32Array.from(rows.highTick) : Int32Array.from(close),
    lowTick: rows.lowTick ? Int32Array.from(rows.lowTick) : Int32Array.from(close),
    closeTick: close,
    netAmount0: new Float64Array(n),
    netAmount1: new Float64Array(n),
    inAmount0: rows.inAmount0 ? Float64Array.from(rows.inAmount0) : new Float64Array(n),
    inAmount1: rows.inAmount1 ? Float64Array.from(rows.inAmount1) : new Float64Array(n),
    liquidity: L,
    gaps: [],
  };
}

/**
 * A random-walk minute series from tick `start` (±20 ticks a minute from a fixed LCG seeded with `seed`, no
 * global random source) with fees on both sides and constant pool liquidity: the engine tests' common market.
 */
export function randomWalkSeries(n: number, seed = 12345, start = 202_690): PoolSeries {
  const closeTick: number[] = [];
  let t = start;
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    t += ((s >> 8) % 41) - 20;
    closeTick.push(t);
  }
  return makePoolSeries({
    closeTick,
    inAmount0: closeTick.map(() => 2e9),
    inAmount1: closeTick.map(() => 1e18),
    liquidity: 1e17,
  });
}
