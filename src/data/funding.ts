/** Loader for perpetual funding-rate files (`../shared/data/funding`, README §4) and a lookup for engines. */
import { basename } from "node:path";
import { DataFormatError } from "../errors/data.js";
import { requireArrayLike, requireNumber, requireObject } from "../errors/guards.js";
import type { FundingSeries } from "../types/series.js";
import { csvField, parseCsvColumns, readCsv } from "./csv.js";
import { findGaps, indexAtOrBefore } from "./gaps.js";

const HOUR_MS = 3_600_000;

/** The file formats `loadFunding` recognises by their header. */
export const FUNDING_FORMATS = {
  /** `funding_time_ms,funding_time_utc,symbol,funding_rate` — Binance USDⓈ-M `GET /fapi/v1/fundingRate`, 8 h. */
  binanceUsdm: ["funding_time_ms", "funding_time_utc", "symbol", "funding_rate"],
  /** `time_ms,time_utc,coin,funding_rate,premium` — Hyperliquid `fundingHistory`, 1 h. */
  hyperliquid: ["time_ms", "time_utc", "coin", "funding_rate", "premium"],
  /** `Symbol,Date,Funding Rate` — supervik/historical-funding-rates-fetcher; venue from the file name. */
  multiVenue: ["Symbol", "Date", "Funding Rate"],
} as const;

/**
 * Per venue of the multi-venue files: interval and the offset of the `Date` column from UTC. The collector wrote
 * Binance and Bybit times in its local zone, UTC+3 (settlements at 03:00/11:00/19:00), so 3 h are subtracted;
 * dYdX times are UTC.
 */
const MULTI_VENUE = {
  binance: { intervalMs: 8 * HOUR_MS, utcOffsetMs: 3 * HOUR_MS },
  bybit: { intervalMs: 8 * HOUR_MS, utcOffsetMs: 3 * HOUR_MS },
  dydx: { intervalMs: HOUR_MS, utcOffsetMs: 0 },
} as const;

/**
 * Settlement latency tolerated before a step counts as a gap: Hyperliquid times are up to ~2 minutes late,
 * Binance a few ms. A step is a gap when it exceeds interval + tolerance.
 */
const TOLERANCE_MS = 10 * 60_000;

export type LoadFundingErrorType = DataFormatError;

/** Largest |rate| per funding interval accepted: 100 % (venues cap it at a few percent). */
const MAX_ABS_RATE = 1;

export type LoadFundingOptions = {
  /** The flag or config path that named the file, used in path errors (default `"file"`). */
  field?: string;
};

/**
 * Returns the funding series of a file in one of the three formats of README §4, detected by the header:
 * Binance USDⓈ-M (8 h), Hyperliquid (1 h, with gaps) or the multi-venue collector files (Binance and Bybit 8 h,
 * dYdX 1 h; venue taken from the file name; Binance/Bybit `Date` shifted from UTC+3 to UTC).
 *
 * `rate[i]` is the rate for one interval, as a decimal fraction, settled at `time[i]`; positive = longs pay
 * shorts; payment = notional × rate. Times keep the venue's raw settlement time, latency included (e.g.
 * 2022-01-01T08:00:00.009Z), and are not rounded to the hour. A step longer than the interval plus 10 minutes is
 * recorded as a gap (`missingBars = round(step / interval) − 1`); nothing is filled.
 * @example
 * import { loadFunding } from "lpguard/data";
 * const f = loadFunding("funding/binance-usdm/binance-usdm-ETHUSDT-funding-2022-2025.csv");
 * f.intervalMs; // 28800000
 * @see https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Get-Funding-Rate-History
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/funding
 */
export function loadFunding(path: string, options: LoadFundingOptions = {}): FundingSeries {
  const { field } = requireObject(options, "options");
  const csv = readCsv(path, { field });
  const has = (cols: readonly string[]) => cols.every((c) => csv.header.includes(c));
  let venue: string;
  let intervalMs: number;
  let time: Float64Array;
  let rate: Float64Array;
  let symbol: string;
  let offsetMs = 0;
  if (has(FUNDING_FORMATS.binanceUsdm)) {
    const c = parseCsvColumns(csv, { funding_time_ms: "time", funding_rate: "float" });
    venue = "binance";
    intervalMs = 8 * HOUR_MS;
    time = c.funding_time_ms;
    rate = c.funding_rate;
    symbol = csv.rowCount > 0 ? csvField(csv, 0, "symbol") : "";
  } else if (has(FUNDING_FORMATS.hyperliquid)) {
    const c = parseCsvColumns(csv, { time_ms: "time", funding_rate: "float" });
    venue = "hyperliquid";
    intervalMs = HOUR_MS;
    time = c.time_ms;
    rate = c.funding_rate;
    symbol = csv.rowCount > 0 ? csvField(csv, 0, "coin") : "";
  } else if (has(FUNDING_FORMATS.multiVenue)) {
    const name = basename(path).toLowerCase();
    const v = (Object.keys(MULTI_VENUE) as (keyof typeof MULTI_VENUE)[]).find((k) => name.includes(`_${k}_`));
    if (!v)
      throw new DataFormatError({
        file: path,
        value: basename(path),
        reason: "multi-venue funding file: the name must contain _binance_, _bybit_ or _dydx_",
      });
    const c = parseCsvColumns(csv, { Date: "time", "Funding Rate": "float" });
    venue = v;
    intervalMs = MULTI_VENUE[v].intervalMs;
    offsetMs = MULTI_VENUE[v].utcOffsetMs;
    time = c.Date;
    rate = c["Funding Rate"];
    symbol = csv.rowCount > 0 ? csvField(csv, 0, "Symbol") : "";
  } else {
    throw new DataFormatError({
      file: path,
      line: 1,
      value: csv.header.join(","),
      reason:
        "unknown funding format: expected a header with funding_time_ms,symbol,funding_rate (Binance USDⓈ-M), time_ms,coin,funding_rate (Hyperliquid) or Symbol,Date,Funding Rate",
    });
  }
  const n = csv.rowCount;
  if (n === 0) throw new DataFormatError({ file: path, line: 2, reason: "no data rows" });
  const rateColumn = csv.header.includes("funding_rate") ? "funding_rate" : "Funding Rate";
  for (let i = 0; i < n; i++)
    if (!(Math.abs(rate[i]) <= MAX_ABS_RATE))
      throw new DataFormatError({
        file: path,
        line: i + 2,
        column: rateColumn,
        value: rate[i],
        reason: "funding rate must be in [-1, 1] per interval (a decimal fraction)",
      });
  if (offsetMs !== 0) for (let i = 0; i < n; i++) time[i] -= offsetMs;
  const gaps = findGaps({ file: path, time, barMs: intervalMs, toleranceMs: TOLERANCE_MS });
  return { venue, symbol, intervalMs, length: n, time, rate, gaps };
}

/**
 * Returns the index of the funding settlement in force at `timeMs`: the last settlement at or before it, or -1
 * if `timeMs` is before the first settlement, or falls in a gap (more than one interval plus 10 minutes of
 * latency after the last settlement). Binary search, O(log n).
 */
export function fundingIndexAt(series: FundingSeries, timeMs: number): number {
  requireObject(series, "series");
  requireArrayLike(series.time, "series.time");
  requireNumber(timeMs, "timeMs");
  const i = indexAtOrBefore(series.time, timeMs, series.length);
  if (i < 0 || timeMs - series.time[i] > series.intervalMs + TOLERANCE_MS) return -1;
  return i;
}

/**
 * Returns the funding rate (per interval, decimal fraction) of the settlement in force at `timeMs` (see
 * `fundingIndexAt`), or undefined when there is none (before the data or inside a gap).
 * @example
 * import { fundingRateAt, loadFunding } from "lpguard/data";
 * fundingRateAt(loadFunding(file), Date.UTC(2022, 0, 1, 9)); // rate settled at 2022-01-01 08:00
 */
export function fundingRateAt(series: FundingSeries, timeMs: number): number | undefined {
  requireObject(series, "series");
  requireArrayLike(series.time, "series.time");
  requireNumber(timeMs, "timeMs");
  const i = fundingIndexAt(series, timeMs);
  return i < 0 ? undefined : series.rate[i];
}
