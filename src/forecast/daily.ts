import { requireArrayLike, requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";

const DAY_MS = 86_400_000;

export type AggregateDailyReturnType = {
  /** Start of each UTC day (ms), ascending. */
  dayMs: Float64Array;
  /** Daily log return: sum of the intraday log returns (= close-to-close log return of the day). */
  ret: Float64Array;
  /** Daily realised variance: sum of the squared intraday log returns (per-day units). */
  rv: Float64Array;
  /** Intraday returns in the day. */
  bars: Int32Array;
  length: number;
};

/**
 * Returns daily log returns and daily realised variances from intraday (e.g. hourly) log returns.
 *
 * Formula: for UTC day d, ret_d = Σ_{i∈d} r_i and RV_d = Σ_{i∈d} r_i², where return i belongs to the day of
 * `time[i]` (e.g. the open time of the bar whose close ends the return). Days without returns do not appear.
 * With `completeOnly`, a first or last day with fewer returns than the fullest day is dropped (a series that
 * starts or ends mid-day, such as the Binance files whose first bar has no previous close).
 *
 * @see Andersen, T., Bollerslev, T., Diebold, F. and Labys, P. (2003) "Modeling and forecasting realized volatility", Econometrica 71(2)
 */
export function aggregateDaily(
  time: ArrayLike<number>,
  returns: ArrayLike<number>,
  options: { completeOnly?: boolean } = {},
): AggregateDailyReturnType {
  requireArrayLike(time, "time");
  requireArrayLike(returns, "returns");
  const { completeOnly = false } = requireObject(options, "options");
  const n = returns.length;
  if (time.length !== n)
    throw new InvalidInputError({
      field: "time.length",
      value: time.length,
      expected: `${n} (returns.length)`,
    });
  const dayMs = new Float64Array(n);
  const ret = new Float64Array(n);
  const rv = new Float64Array(n);
  const bars = new Int32Array(n);
  let m = -1;
  let prevDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    if (!Number.isFinite(r))
      throw new InvalidInputError({ field: `returns[${i}]`, value: r, expected: "a finite return" });
    const d = Math.floor(time[i] / DAY_MS) * DAY_MS;
    if (d < prevDay)
      throw new InvalidInputError({ field: `time[${i}]`, value: time[i], expected: "ascending times" });
    if (d !== prevDay) {
      m++;
      dayMs[m] = d;
      prevDay = d;
    }
    ret[m] += r;
    rv[m] += r * r;
    bars[m]++;
  }
  let from = 0;
  let to = m + 1;
  if (completeOnly && to > 0) {
    let full = 0;
    for (let i = 0; i < to; i++) full = Math.max(full, bars[i]);
    if (to > 1 && bars[to - 1] < full) to--;
    if (to > 1 && bars[0] < full) from++;
  }
  return {
    dayMs: dayMs.slice(from, to),
    ret: ret.slice(from, to),
    rv: rv.slice(from, to),
    bars: bars.slice(from, to),
    length: to - from,
  };
}
