import type { BacktestConfig } from "../config/index.js";
import type { PoolSeries } from "../types/series.js";
import { configHedges } from "./hedgeSetup.js";

/** Returns the data's bar in ms: the smallest positive step between consecutive rows (NaN for fewer than two). */
export function dataBarMs(time: ArrayLike<number>): number {
  let bar = Number.POSITIVE_INFINITY;
  for (let i = 1; i < time.length; i++) {
    const d = time[i] - time[i - 1];
    if (d > 0 && d < bar) bar = d;
  }
  return Number.isFinite(bar) ? bar : Number.NaN;
}

/**
 * Returns one notice per latency of a config (`latencyMinutes`, each hedge's `latencyMs`) that is not a whole number
 * of the data's bars. The engine fills an order at the first bar at or after decision + latency, so such a latency
 * acts as the next multiple of the bar (1 ms and 59 s both fill at the next minute of minute data): the run goes on
 * with it rounded up, and the notice says so, naming the config path.
 */
export function latencyNotices(config: BacktestConfig, series: Pick<PoolSeries, "time">): string[] {
  const bar = dataBarMs(series.time);
  if (!(bar > 0)) return [];
  const out: string[] = [];
  const check = (path: string, ms: number) => {
    if (!(ms > 0) || ms % bar === 0) return;
    const eff = Math.ceil(ms / bar) * bar;
    out.push(
      `${path}: ${ms} ms is not a multiple of the data's ${bar} ms bar; orders fill at the first bar at or after decision + latency, so it acts as ${eff} ms`,
    );
  };
  check("latencyMinutes", config.latencyMinutes * 60_000);
  const first = config.hedge !== undefined ? 1 : 0;
  configHedges(config).forEach((h, i) => {
    const ms = (h as { latencyMs?: number }).latencyMs;
    if (ms === undefined) return;
    const path = i < first ? "hedge.latencyMs" : `hedges.${i - first}.latencyMs`;
    check(path, ms);
  });
  return out;
}
