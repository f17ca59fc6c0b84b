/**
 * Funding schedules of the paper exchange: the recorded Binance USDⓈ-M settlements of a funding file (README §4
 * of the shared data; optionally shifted by `offsetMs` onto the exchange clock), an explicit series, or a
 * constant rate every `intervalMs` (UTC-aligned, Binance: 00:00/08:00/16:00).
 */
import { loadFunding } from "../../data/funding.js";
import { ConfigError } from "../../errors/config.js";
import type { FundingSeries } from "../../types/series.js";

export type FundingSettlement = { time: number; rate: number };

export type PaperFundingConfig =
  | { file: string; offsetMs?: number }
  | { series: FundingSettlement[] | FundingSeries; offsetMs?: number }
  | { rate: number; intervalMs?: number };

export type FundingSchedule = {
  /** Settlements with fromExclusive < time ≤ toInclusive, oldest first (none for a constant rate on an unbounded range). */
  between(fromExclusive: number, toInclusive: number): FundingSettlement[];
  describe: string;
};

const EIGHT_HOURS = 8 * 3_600_000;

function fromSorted(rows: FundingSettlement[], describe: string): FundingSchedule {
  const time = Float64Array.from(rows, (r) => r.time);
  const rate = Float64Array.from(rows, (r) => r.rate);
  const lowerBound = (t: number) => {
    let lo = 0;
    let hi = time.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (time[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    describe,
    between(from, to) {
      const out: FundingSettlement[] = [];
      for (let i = lowerBound(from); i < time.length && time[i] <= to; i++)
        out.push({ time: time[i], rate: rate[i] });
      return out;
    },
  };
}

/** Returns the schedule of a funding config. @throws {ConfigError} naming the field for a bad rate or series. */
export function createFundingSchedule(cfg: PaperFundingConfig | undefined): FundingSchedule {
  if (cfg === undefined) return { describe: "none", between: () => [] };
  if ("file" in cfg) {
    const s = loadFunding(cfg.file);
    const off = cfg.offsetMs ?? 0;
    const rows: FundingSettlement[] = [];
    for (let i = 0; i < s.length; i++) rows.push({ time: s.time[i] + off, rate: s.rate[i] });
    return fromSorted(rows, `${s.venue} ${s.symbol} file (${s.length} settlements, offset ${off} ms)`);
  }
  if ("series" in cfg) {
    const off = cfg.offsetMs ?? 0;
    const src = cfg.series;
    const list: FundingSettlement[] = Array.isArray(src)
      ? src.map((r) => ({ time: r.time + off, rate: r.rate }))
      : Array.from({ length: src.length }, (_, i) => ({ time: src.time[i] + off, rate: src.rate[i] }));
    list.forEach((r, i) => {
      if (!Number.isFinite(r.time) || !Number.isFinite(r.rate))
        throw new ConfigError({
          path: `funding.series[${i}]`,
          value: r,
          reason: "needs a finite time and rate",
        });
    });
    return fromSorted(
      list.sort((a, b) => a.time - b.time),
      `series (${list.length} settlements, offset ${off} ms)`,
    );
  }
  const { rate } = cfg;
  const interval = cfg.intervalMs ?? EIGHT_HOURS;
  if (!Number.isFinite(rate))
    throw new ConfigError({ path: "funding.rate", value: rate, reason: "must be finite" });
  if (!(interval > 0))
    throw new ConfigError({ path: "funding.intervalMs", value: interval, reason: "must be > 0" });
  return {
    describe: `constant ${rate} every ${interval} ms`,
    between(from, to) {
      const out: FundingSettlement[] = [];
      if (!Number.isFinite(from) || !Number.isFinite(to)) return out;
      for (let t = Math.floor(from / interval) * interval + interval; t <= to; t += interval)
        out.push({ time: t, rate });
      return out;
    },
  };
}
