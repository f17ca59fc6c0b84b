/**
 * Returns the first index i in [from, length) with a[i] ≥ value (with `strict`: a[i] > value), or `length` when
 * there is none; `a` must ascend over [from, length). The search gallops forward from `from` (1, 2, 4, … rows) and
 * then bisects the bracket, so an answer k rows ahead costs O(log k), and the common answer `from` or `from + 1`
 * costs one or two reads. Unchecked and allocation-free: callers validate their inputs.
 *
 * @example
 * gallopSearch(Float64Array.of(0, 60_000, 120_000), 60_000, 0, 3, false); // 1: the first time at or after 60 000
 * gallopSearch(Float64Array.of(0, 60_000, 120_000), 60_000, 0, 3, true); // 2: the first time after 60 000
 */
export function gallopSearch(
  a: ArrayLike<number>,
  value: number,
  from: number,
  length: number,
  strict: boolean,
): number {
  if (from >= length) return length;
  // Invariant: a[lo] is before the answer (a[lo] < value, or ≤ with strict); the answer is in (lo, hi].
  if (!(strict ? a[from] <= value : a[from] < value)) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < length && (strict ? a[hi] <= value : a[hi] < value)) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > length) hi = length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (strict ? a[mid] <= value : a[mid] < value) lo = mid;
    else hi = mid;
  }
  return hi;
}
