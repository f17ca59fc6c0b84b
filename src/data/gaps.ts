/** Ordering checks, gap detection and time lookups on the `time` column of a series. */
import { DataFormatError } from "../errors/data.js";
import {
  requireArrayLike,
  requireInteger,
  requireNumber,
  requireObject,
  requireString,
} from "../errors/guards.js";
import type { SeriesGap } from "../types/series.js";
import { formatDateTime } from "./timestamp.js";

export type FindGapsParameters = {
  /** File the times came from (for error messages). Row `i` is line `i + firstLine`. */
  file: string;
  time: Float64Array;
  length?: number;
  /** Nominal bar or interval length, ms. */
  barMs: number;
  /**
   * 0 (default): bars sit on an exact grid; a step that is not a whole number of bars is an error.
   * > 0: timestamps carry latency (funding settlements); a step counts as a gap when it exceeds
   * `barMs + toleranceMs`, and `missingBars = round(step / barMs) - 1`.
   */
  toleranceMs?: number;
  /** Line of row 0 (default 2: the header is line 1). */
  firstLine?: number;
};

export type FindGapsErrorType = DataFormatError;

/**
 * Returns the gaps of a series whose rows should be `barMs` apart: one SeriesGap per step of more than one bar,
 * with `index` the row after the gap and `missingBars` = step / barMs − 1. Throws DataFormatError (with the line)
 * on a duplicate or out-of-order time, or on a step off the bar grid.
 * @example
 * import { findGaps } from "lpguard/data";
 * findGaps({ file: "x.csv", time: Float64Array.of(0, 3_600_000, 10_800_000), barMs: 3_600_000 });
 * // [{ index: 2, fromTime: 3600000, toTime: 10800000, missingBars: 1 }]
 */
export function findGaps(options: FindGapsParameters): SeriesGap[] {
  requireArrayLike(requireObject(options, "options").time, "options.time");
  const { file, time, length = time.length, barMs, toleranceMs = 0, firstLine = 2 } = options;
  const gaps: SeriesGap[] = [];
  for (let i = 1; i < length; i++) {
    const dt = time[i] - time[i - 1];
    if (!(dt > 0)) throw orderError(file, i + firstLine, "timestamp", time[i], time[i - 1]);
    if (toleranceMs === 0) {
      if (dt % barMs !== 0)
        throw new DataFormatError({
          file,
          line: i + firstLine,
          column: "timestamp",
          value: formatDateTime(time[i]),
          reason: `step of ${dt} ms from the previous row is not a whole number of ${barMs} ms bars`,
        });
      if (dt > barMs)
        gaps.push({ index: i, fromTime: time[i - 1], toTime: time[i], missingBars: dt / barMs - 1 });
    } else if (dt > barMs + toleranceMs) {
      const missingBars = Math.max(1, Math.round(dt / barMs) - 1);
      gaps.push({ index: i, fromTime: time[i - 1], toTime: time[i], missingBars });
    }
  }
  return gaps;
}

/** Returns the DataFormatError for a time that does not follow the previous one (duplicate or earlier). */
export function orderError(
  file: string,
  line: number,
  column: string,
  timeMs: number,
  prevMs: number,
): DataFormatError {
  requireString(file, "file");
  requireInteger(line, "line");
  requireString(column, "column");
  requireNumber(timeMs, "timeMs");
  requireNumber(prevMs, "prevMs");
  return new DataFormatError({
    file,
    line,
    column,
    value: formatDateTime(timeMs),
    reason:
      timeMs === prevMs
        ? "duplicate timestamp (same as the previous row)"
        : `timestamp out of order (previous row is ${formatDateTime(prevMs)})`,
  });
}

/**
 * Returns the largest index i < length with `time[i] <= timeMs`, or -1 if `timeMs` is before the first row
 * (binary search, O(log n); `time` must be increasing).
 * @example
 * import { indexAtOrBefore } from "lpguard/data";
 * indexAtOrBefore(Float64Array.of(10, 20, 30), 25); // 1
 */
export function indexAtOrBefore(time: Float64Array, timeMs: number, length = time?.length): number {
  requireArrayLike(time, "time");
  requireNumber(timeMs, "timeMs");
  let lo = 0;
  let hi = length - 1;
  if (hi < 0 || !(timeMs >= time[0])) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (time[mid] <= timeMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
