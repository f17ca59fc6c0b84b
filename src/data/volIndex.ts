/** Loader for the Deribit DVOL daily file (`../shared/data/volatility`, README §5). */
import { basename } from "node:path";
import { DataFormatError } from "../errors/data.js";
import { requireObject } from "../errors/guards.js";
import type { VolIndexSeries } from "../types/series.js";
import { parseCsvColumns, readCsv } from "./csv.js";
import { findGaps } from "./gaps.js";

const DAY_MS = 86_400_000;

export type LoadVolIndexOptions = {
  /** Name to record; default: the file name without `.csv`. */
  name?: string;
  /** The flag or config path that named the file, used in path errors (default `"file"`). */
  field?: string;
};

export type LoadVolIndexErrorType = DataFormatError;

/**
 * Returns a daily implied-volatility index (columns `date,dvol_close`) as annualised decimal fractions:
 * `vol = dvol_close / 100` (61.64 -> 0.6164, by shifting the decimal point, so correctly rounded). `time` is 00:00 UTC of the candle's day. Missing days are recorded
 * in `gaps`, not filled; values must be finite and > 0.
 * @example
 * import { loadVolIndex } from "lpguard/data";
 * loadVolIndex("volatility/deribit-dvol-eth-daily.csv").vol[0]; // 0.6164
 * @see https://docs.deribit.com/#public-get_volatility_index_data
 */
export function loadVolIndex(path: string, options: LoadVolIndexOptions = {}): VolIndexSeries {
  const { name, field } = requireObject(options, "options");
  const csv = readCsv(path, { required: ["date", "dvol_close"], field });
  const c = parseCsvColumns(csv, { date: "time", dvol_close: "percent" });
  const n = csv.rowCount;
  if (n === 0) throw new DataFormatError({ file: path, line: 2, reason: "no data rows" });
  const vol = c.dvol_close;
  for (let r = 0; r < n; r++) {
    if (!(vol[r] > 0 && vol[r] <= 100))
      throw new DataFormatError({
        file: path,
        line: r + 2,
        column: "dvol_close",
        value: vol[r] * 100,
        reason: "must be > 0 and <= 10000 (percent)",
      });
  }
  const gaps = findGaps({ file: path, time: c.date, barMs: DAY_MS });
  return { name: name ?? basename(path).replace(/\.csv$/i, ""), length: n, time: c.date, vol, gaps };
}
