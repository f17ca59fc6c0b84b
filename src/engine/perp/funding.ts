import { requireArrayLike, requireNumber, requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import type { FundingSeries } from "../../types/series.js";

/** A half-open index range [start, end) into a series; empty when start === end. Reused, never allocated per call. */
export type IndexRange = { start: number; end: number };

/** Milliseconds in the 365-day year used to annualise funding (exchanges quote APR = rate · intervals per 365 d). */
export const YEAR_MS = 365 * 86_400_000;

/** Returns the first index i in [0, length) with time[i] > t, or `length` (binary search, O(log n)). */
function upperBound(time: Float64Array, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Writes into `out` and returns the index range [start, end) of the funding settlements crossed by the window
 * (fromTime, toTime] — settlements with fromTime < time[i] ≤ toTime — found by binary search with no allocation.
 * Consecutive windows (a, b], (b, c] therefore never count a settlement twice. The engine then accrues
 * `series.rate[i]` for each i in the range, at the mark price of time[i].
 *
 * @example
 * const range = { start: 0, end: 0 };
 * fundingSettlementsBetween(series, prevTime, now, range);
 * for (let i = range.start; i < range.end; i++) perp.accrueFunding(series.rate[i], markAt(series.time[i]));
 * @see https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Get-Funding-Rate-History
 */
export function fundingSettlementsBetween(
  series: FundingSeries,
  fromTime: number,
  toTime: number,
  out: IndexRange,
): IndexRange {
  requireObject(series, "series");
  requireArrayLike(series.time, "series.time");
  requireNumber(fromTime, "fromTime");
  requireNumber(toTime, "toTime");
  requireObject(out, "out");
  if (Number.isNaN(fromTime))
    throw new InvalidInputError({ field: "fromTime", value: fromTime, expected: "a time in ms" });
  if (Number.isNaN(toTime))
    throw new InvalidInputError({ field: "toTime", value: toTime, expected: "a time in ms" });
  if (toTime < fromTime)
    throw new InvalidInputError({
      field: "toTime",
      value: toTime,
      expected: `a time >= fromTime ${fromTime}`,
    });
  out.start = upperBound(series.time, series.length, fromTime);
  out.end = upperBound(series.time, series.length, toTime);
  return out;
}

/**
 * Returns the funding rate per interval equivalent to a constant annual rate, without compounding:
 * rate = annualRate · intervalMs / YEAR_MS (0.1095 per year over 8 h intervals = 0.0001 per interval), the
 * convention exchanges use to quote funding APR.
 */
export function fundingRatePerInterval(annualRate: number, intervalMs: number): number {
  if (!Number.isFinite(annualRate))
    throw new InvalidInputError({ field: "annualRate", value: annualRate, expected: "a finite number" });
  if (!(intervalMs > 0 && Number.isFinite(intervalMs)))
    throw new InvalidInputError({ field: "intervalMs", value: intervalMs, expected: "a finite number > 0" });
  return (annualRate * intervalMs) / YEAR_MS;
}
