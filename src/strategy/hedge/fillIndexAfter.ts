import { requireArrayLike, requireInteger, requireNumber } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import { gallopSearch } from "../../math/search.js";

/**
 * Returns the index of the first bar at which an order decided at `decisionTime` can fill after
 * `latencyMs`: the smallest i ≥ startIndex with times[i] ≥ decisionTime + latencyMs, or `length` if none
 * (the order does not fill within the data). `times` must be sorted ascending. The search gallops forward
 * from startIndex (1, 2, 4, … bars) and then bisects, so it costs O(log k) for a fill k bars ahead and is
 * O(1) in the common case of a fill on the next bar. Allocation-free.
 *
 * @example
 * import { fillIndexAfter } from "lpguard/strategy";
 * const times = Float64Array.of(0, 60_000, 120_000, 180_000);
 * fillIndexAfter(60_000, 500, times, 1); // 2: decided at bar 1, fills on the next minute bar
 * @see nautilus_trader LatencyModel (docs/concepts/backtesting.md): orders reach the venue after a delay
 */
export function fillIndexAfter(
  decisionTime: number,
  latencyMs: number,
  times: Float64Array,
  startIndex: number,
  length: number = times?.length,
): number {
  requireNumber(decisionTime, "decisionTime");
  requireNumber(latencyMs, "latencyMs");
  requireArrayLike(times, "times");
  requireInteger(startIndex, "startIndex");
  if (!(latencyMs >= 0 && Number.isFinite(latencyMs)))
    throw new InvalidInputError({ field: "latencyMs", value: latencyMs, expected: "a finite number >= 0" });
  if (!(Number.isInteger(startIndex) && startIndex >= 0))
    throw new InvalidInputError({ field: "startIndex", value: startIndex, expected: "an integer >= 0" });
  if (!(Number.isInteger(length) && length >= 0 && length <= times.length))
    throw new InvalidInputError({
      field: "length",
      value: length,
      expected: `an integer in [0, ${times.length}]`,
    });
  const target = decisionTime + latencyMs;
  if (Number.isNaN(target))
    throw new InvalidInputError({ field: "decisionTime", value: decisionTime, expected: "a time in ms" });
  return gallopSearch(times, target, startIndex, length, false);
}
