import { requireFinite, requireObject } from "../errors/guards.js";
import { tickToPrice } from "../math/units.js";
import type { PoolSeries } from "../types/series.js";

/** What the optimiser reads from a trailing window of a pool series. */
export type PoolStats = {
  /** Close price of the last bar, quote per base. */
  price: number;
  /** Mean fee income per unit of raw active liquidity per minute, quote: fee · (quote in + base in · P) / L. */
  feePerRawLMinute: number;
  /** Raw liquidity units per human unit: 10^((decimals0 + decimals1)/2). */
  rawPerHumanL: number;
  /** Log returns of closes every `barMinutes` minutes. */
  returns: Float64Array;
  /** Annualised volatility of those returns (close to close). */
  realisedVol: number;
  minutes: number;
};

/** Returns the trailing statistics of a pool series (pure: the series comes in as an argument). */
export function poolStats(series: PoolSeries, barMinutes: number): PoolStats {
  requireObject(series, "series");
  requireFinite(barMinutes, "barMinutes");
  const m = series.meta;
  const n = series.length;
  const price = (i: number) =>
    tickToPrice({
      tick: series.closeTick[i],
      decimals0: m.token0.decimals,
      decimals1: m.token1.decimals,
      baseToken: m.baseToken,
    });
  const quoteIsToken0 = m.baseToken === 1;
  const decQ = quoteIsToken0 ? m.token0.decimals : m.token1.decimals;
  const decB = quoteIsToken0 ? m.token1.decimals : m.token0.decimals;
  let fee = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const L = series.liquidity[i];
    if (!(L > 0)) continue;
    const inQ = quoteIsToken0 ? series.inAmount0[i] : series.inAmount1[i];
    const inB = quoteIsToken0 ? series.inAmount1[i] : series.inAmount0[i];
    const income = m.fee * (inQ / 10 ** decQ + (inB / 10 ** decB) * price(i));
    fee += income / L;
    count++;
  }
  const bars = Math.floor((n - 1) / barMinutes);
  const returns = new Float64Array(Math.max(0, bars));
  let prev = Math.log(price(0));
  let ss = 0;
  for (let k = 1; k <= bars; k++) {
    const cur = Math.log(price(k * barMinutes));
    returns[k - 1] = cur - prev;
    ss += (cur - prev) ** 2;
    prev = cur;
  }
  return {
    price: price(n - 1),
    feePerRawLMinute: count > 0 ? fee / count : 0,
    rawPerHumanL: 10 ** ((m.token0.decimals + m.token1.decimals) / 2),
    returns,
    realisedVol: bars > 0 ? Math.sqrt((ss / bars) * ((365 * 1440) / barMinutes)) : 0,
    minutes: n,
  };
}
