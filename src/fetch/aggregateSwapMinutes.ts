import { RpcFetchError } from "../errors/fetch.js";
/**
 * Turns a pool's `Swap` events into the one-minute rows of the shared data format (`../shared/data/README.md` §1):
 * the same columns, units and conventions as the files the backtest loads, so a fetched pool replays like a
 * bundled one.
 */

/** One Uniswap v3 `Swap` event, as the pool emitted it (amounts seen from the pool: positive = into the pool). */
export type SwapRecord = {
  blockNumber: bigint;
  logIndex: number;
  /** Block time, seconds since the epoch. */
  blockTime: number;
  amount0: bigint;
  amount1: bigint;
  sqrtPriceX96: bigint;
  liquidity: bigint;
  tick: number;
};

/** One minute row. Amounts and liquidity exact (bigint), ticks as integers. */
export type SwapMinute = {
  /** Start of the minute bucket, ms since the epoch (UTC). */
  time: number;
  netAmount0: bigint;
  netAmount1: bigint;
  inAmount0: bigint;
  inAmount1: bigint;
  openTick: number;
  highestTick: number;
  lowestTick: number;
  closeTick: number;
  currentLiquidity: bigint;
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Returns the minute rows of `swaps` grouped by UTC day, as the shared files hold them:
 * - a minute with swaps sums `amount0`/`amount1` into `netAmount*`, the positive parts into `inAmount*`
 *   (the swappers' input, fee included); `openTick`/`closeTick` are the pool tick after the first/last swap of the
 *   minute and `highestTick`/`lowestTick` the extremes after each swap; `currentLiquidity` is the last swap's L;
 * - a minute without swaps between two that have some carries the previous close tick (all four ticks) and L, with
 *   zero amounts;
 * - each day runs from its first minute with a swap to its last one (nothing is carried over from the day before).
 *
 * Swaps are ordered by (block, log index) first, so the input order does not matter.
 */
export function aggregateSwapMinutes(swaps: readonly SwapRecord[]): Map<string, SwapMinute[]> {
  const sorted = [...swaps].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  const days = new Map<string, SwapMinute[]>();
  let current: SwapMinute | undefined;
  let currentDay = "";
  for (const s of sorted) {
    const minute = Math.floor((s.blockTime * 1000) / MINUTE_MS) * MINUTE_MS;
    if (current !== undefined && minute < current.time)
      throw new RpcFetchError({
        what: `swap at block ${s.blockNumber}`,
        reason: "its block time is before the previous swap's minute (blocks out of time order)",
        retryable: false,
      });
    if (current === undefined || minute !== current.time) {
      const day = new Date(Math.floor(minute / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
      let rows = days.get(day);
      if (rows === undefined) {
        rows = [];
        days.set(day, rows);
      } else if (current !== undefined && day === currentDay) {
        // Fill the quiet minutes since the last row of the same day.
        for (let t = current.time + MINUTE_MS; t < minute; t += MINUTE_MS)
          rows.push({
            time: t,
            netAmount0: 0n,
            netAmount1: 0n,
            inAmount0: 0n,
            inAmount1: 0n,
            openTick: current.closeTick,
            highestTick: current.closeTick,
            lowestTick: current.closeTick,
            closeTick: current.closeTick,
            currentLiquidity: current.currentLiquidity,
          });
      }
      current = {
        time: minute,
        netAmount0: 0n,
        netAmount1: 0n,
        inAmount0: 0n,
        inAmount1: 0n,
        openTick: s.tick,
        highestTick: s.tick,
        lowestTick: s.tick,
        closeTick: s.tick,
        currentLiquidity: s.liquidity,
      };
      currentDay = day;
      rows.push(current);
    }
    current.netAmount0 += s.amount0;
    current.netAmount1 += s.amount1;
    if (s.amount0 > 0n) current.inAmount0 += s.amount0;
    if (s.amount1 > 0n) current.inAmount1 += s.amount1;
    if (s.tick > current.highestTick) current.highestTick = s.tick;
    if (s.tick < current.lowestTick) current.lowestTick = s.tick;
    current.closeTick = s.tick;
    current.currentLiquidity = s.liquidity;
  }
  return days;
}

/** The header of the shared minute files, in their column order. */
export const MINUTE_FILE_HEADER =
  "timestamp,netAmount0,netAmount1,closeTick,openTick,lowestTick,highestTick,inAmount0,inAmount1,currentLiquidity";

/** Formats one day's rows as the shared CSV (header included, `\n` line ends, integer ticks). */
export function formatMinuteCsv(rows: readonly SwapMinute[]): string {
  const out: string[] = [MINUTE_FILE_HEADER];
  for (const r of rows) {
    const ts = new Date(r.time).toISOString();
    out.push(
      `${ts.slice(0, 10)} ${ts.slice(11, 19)},${r.netAmount0},${r.netAmount1},${r.closeTick},${r.openTick},${r.lowestTick},${r.highestTick},${r.inAmount0},${r.inAmount1},${r.currentLiquidity}`,
    );
  }
  return `${out.join("\n")}\n`;
}
