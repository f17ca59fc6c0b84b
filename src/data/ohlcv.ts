/** Loader for OHLCV bar files such as the Binance spot hourly klines (`../shared/data/prices`, README §3). */
import { basename } from "node:path";
import { DataFormatError } from "../errors/data.js";
import { requireObject } from "../errors/guards.js";
import type { OhlcvSeries } from "../types/series.js";
import { parseCsvColumns, readCsv } from "./csv.js";
import { findGaps, orderError } from "./gaps.js";

export type LoadOhlcvOptions = {
  /** The flag or config path that named the file, used in path errors (default `"file"`). */
  field?: string;
  /** Symbol to record; default: the file name up to the first `_` or `.` (`ETHUSDT_1h.csv` -> `ETHUSDT`). */
  symbol?: string;
  /**
   * Drop the last row. The Binance hourly files end with a partial candle recorded while the hour was still
   * open (README §3), so load them with `dropLast: true` for backtests. Default false: every row is returned.
   */
  dropLast?: boolean;
};

/**
 * Largest price accepted (quote per base). Prices are multiplied by amounts, squared in variances and
 * exponentiated in models; 1e15 leaves float64 headroom for all of that (a bigger price is a data error).
 */
const MAX_PRICE = 1e15;
const PRICE_REASON = "price must be > 0 and <= 1e15";
/** Largest volume accepted (base units). */
const MAX_VOLUME = 1e30;

export type LoadOhlcvErrorType = DataFormatError;

/**
 * Returns the OHLCV bars of a CSV file with columns `timestamp,open,high,low,close,volume` (times in ms UTC,
 * prices in quote units, volume in base units). The bar length `barMs` is inferred as the smallest step between
 * rows (3,600,000 for hourly files). Missing bars are recorded in `gaps` and NOT filled.
 *
 * Validation (DataFormatError with file, line, column, value): prices finite and > 0, volume >= 0,
 * high >= max(open, close), low <= min(open, close), times strictly increasing and on the bar grid.
 * @example
 * import { loadOhlcv } from "lpguard/data";
 * const eth = loadOhlcv("prices/binance-spot-1h/ETHUSDT_1h.csv", { dropLast: true });
 * eth.gaps; // [{ index: 10741, fromTime: 2023-03-24 12:00, toTime: 2023-03-24 14:00 (ms), missingBars: 1 }]
 * @see https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints (klines)
 */
export function loadOhlcv(path: string, options: LoadOhlcvOptions = {}): OhlcvSeries {
  const { symbol, dropLast = false, field } = requireObject(options, "options");
  const csv = readCsv(path, { required: ["timestamp", "open", "high", "low", "close", "volume"], field });
  const c = parseCsvColumns(csv, {
    timestamp: "time",
    open: "float",
    high: "float",
    low: "float",
    close: "float",
    volume: "float",
  });
  const n = dropLast ? Math.max(0, csv.rowCount - 1) : csv.rowCount;
  if (n === 0) throw new DataFormatError({ file: path, line: 2, reason: "no data rows" });
  const { timestamp: time, open, high, low, close, volume } = c;
  const bad = (r: number, column: string, value: number, reason: string) =>
    new DataFormatError({ file: path, line: r + 2, column, value, reason });
  let barMs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < n; r++) {
    const o = open[r];
    const h = high[r];
    const l = low[r];
    const cl = close[r];
    if (!(o > 0 && o <= MAX_PRICE)) throw bad(r, "open", o, PRICE_REASON);
    if (!(h > 0 && h <= MAX_PRICE)) throw bad(r, "high", h, PRICE_REASON);
    if (!(l > 0 && l <= MAX_PRICE)) throw bad(r, "low", l, PRICE_REASON);
    if (!(cl > 0 && cl <= MAX_PRICE)) throw bad(r, "close", cl, PRICE_REASON);
    if (!(volume[r] >= 0 && volume[r] <= MAX_VOLUME))
      throw bad(r, "volume", volume[r], "volume must be in [0, 1e30]");
    if (h < l) throw bad(r, "high", h, `high below low ${l}`);
    if (h < o || h < cl) throw bad(r, "high", h, `high below max(open ${o}, close ${cl})`);
    if (l > o || l > cl) throw bad(r, "low", l, `low above min(open ${o}, close ${cl})`);
    if (r > 0) {
      const dt = time[r] - time[r - 1];
      if (!(dt > 0)) throw orderError(path, r + 2, "timestamp", time[r], time[r - 1]);
      if (dt < barMs) barMs = dt;
    }
  }
  if (!Number.isFinite(barMs)) barMs = 0;
  const gaps = barMs > 0 ? findGaps({ file: path, time, length: n, barMs }) : [];
  const cut = <T extends Float64Array>(a: T): T => (n === a.length ? a : (a.slice(0, n) as T));
  return {
    symbol: symbol ?? basename(path).split(/[_.]/)[0],
    barMs,
    length: n,
    time: cut(time),
    open: cut(open),
    high: cut(high),
    low: cut(low),
    close: cut(close),
    volume: cut(volume),
    gaps,
  };
}
