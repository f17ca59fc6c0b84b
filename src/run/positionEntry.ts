/**
 * The position forms of a single-pool config turned into what the engine starts from: the market (with an entry
 * row for `entry: open`), checked ticks, and the starting cash (deposit, token amounts, or the exact tokens a raw
 * liquidity takes).
 */
import type { BacktestConfig } from "../config/index.js";
import { getAmountsForLiquidity, getSqrtRatioAtTick, MAX_TICK, MIN_TICK } from "../engine/v3Exact.js";
import { ConfigError } from "../errors/config.js";
import type { PoolMeta, PoolSeries } from "../types/series.js";

/**
 * Returns the series with an entry row before its first minute (`entry: open`): the same time, its open tick as
 * open/high/low/close, no volume, the first minute's liquidity. A passive strategy mints on that row at the open
 * tick's price, so the position earns the whole first minute's fees (and, in `path` mode, the path from the open
 * tick). The row adds one bar to the recorded series (with no position, so 0 in range).
 */
export function withOpenEntryRow(series: PoolSeries): PoolSeries {
  const n = series.length;
  if (n === 0) return series;
  const grow = <T extends Float64Array | Int32Array>(a: T, first: number): T => {
    const b = new (a.constructor as new (n: number) => T)(n + 1);
    b[0] = first;
    b.set(a, 1);
    return b;
  };
  const o = series.openTick[0];
  return {
    meta: series.meta,
    length: n + 1,
    time: grow(series.time, series.time[0]),
    openTick: grow(series.openTick, o),
    highTick: grow(series.highTick, o),
    lowTick: grow(series.lowTick, o),
    closeTick: grow(series.closeTick, o),
    netAmount0: grow(series.netAmount0, 0),
    netAmount1: grow(series.netAmount1, 0),
    inAmount0: grow(series.inAmount0, 0),
    inAmount1: grow(series.inAmount1, 0),
    liquidity: grow(series.liquidity, series.liquidity[0]),
    gaps: series.gaps.map((g) => ({ ...g, index: g.index + 1 })),
  };
}

/** Throws ConfigError naming `position.ticks.*` when the ticks are not usable on this pool. */
export function checkPositionTicks(config: BacktestConfig, meta: PoolMeta, file?: string): void {
  const t = config.position.ticks;
  if (t === undefined) return;
  const s = meta.tickSpacing;
  for (const k of ["lower", "upper"] as const) {
    const v = t[k];
    if (v % s !== 0)
      throw new ConfigError({
        file,
        path: `position.ticks.${k}`,
        value: v,
        reason: `must be a multiple of the pool's tick spacing ${s} (nearest: ${Math.floor(v / s) * s} or ${Math.ceil(v / s) * s})`,
      });
    const lo = Math.ceil(MIN_TICK / s) * s;
    const hi = Math.floor(MAX_TICK / s) * s;
    if (v < lo || v > hi)
      throw new ConfigError({
        file,
        path: `position.ticks.${k}`,
        value: v,
        reason: `must be in [${lo}, ${hi}]`,
      });
  }
}

/** Starting cash of a run in human units: the deposit (quote), the given amounts, or the tokens a raw L takes. */
export type StartingCash = { quote: number; base: number };

/**
 * Returns the position's starting cash (before hedge reserves). For `liquidity` it is exactly what the mint takes
 * at the entry row's tick (`getAmountsForLiquidity`, rounded up as the pool does), so the run holds nothing else.
 */
export function positionStartingCash(config: BacktestConfig, series: PoolSeries): StartingCash {
  const p = config.position;
  if (p.amounts !== undefined) return { quote: p.amounts.quote, base: p.amounts.base };
  if (p.liquidity !== undefined && p.ticks !== undefined && series.length > 0) {
    const meta = series.meta;
    const used = getAmountsForLiquidity(
      getSqrtRatioAtTick(series.closeTick[0]),
      getSqrtRatioAtTick(p.ticks.lower),
      getSqrtRatioAtTick(p.ticks.upper),
      BigInt(p.liquidity),
      true,
    );
    const a0 = Number(used.amount0) / 10 ** meta.token0.decimals;
    const a1 = Number(used.amount1) / 10 ** meta.token1.decimals;
    return meta.baseToken === 1 ? { quote: a0, base: a1 } : { quote: a1, base: a0 };
  }
  return { quote: p.deposit ?? 0, base: 0 };
}
