import { requireArrayLike, requireInteger } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";

/** Summary statistics of a sample (see `summarize`). */
export type Summary = {
  count: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator; 0 for one value). */
  std: number;
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  /** Share of values < 0. */
  probLoss: number;
  /** Mean of the lowest 5% of values (the lowest ⌈0.05·n⌉), in the values' units: a loss tail shows as negative. */
  expectedShortfall5: number;
};

function quantileSorted(sorted: Float64Array, q: number): number {
  // linear interpolation between order statistics (Hyndman & Fan type 7, the R/NumPy default)
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Returns mean, sample standard deviation, quantiles p1…p99 (type-7 interpolation), the probability of a
 * negative value and the 5% expected shortfall (mean of the lowest ⌈5%⌉ of values) of a sample.
 * Copies and sorts the values once; the input is not modified.
 *
 * @see https://doi.org/10.2307/2684934 (Hyndman & Fan 1996, Sample quantiles in statistical packages)
 * @throws {InvalidInputError} if the sample is empty or has a non-finite value.
 */
export function summarize(values: Float64Array): Summary {
  requireArrayLike(values, "values");
  const n = values.length;
  if (n === 0) throw new InvalidInputError({ field: "values.length", value: 0, expected: ">= 1" });
  let sum = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v))
      throw new InvalidInputError({ field: `values[${i}]`, value: v, expected: "a finite number" });
    sum += v;
    if (v < 0) neg++;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sorted = Float64Array.from(values).sort();
  const k = Math.max(1, Math.ceil(0.05 * n));
  let tail = 0;
  for (let i = 0; i < k; i++) tail += sorted[i];
  return {
    count: n,
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    p1: quantileSorted(sorted, 0.01),
    p5: quantileSorted(sorted, 0.05),
    p25: quantileSorted(sorted, 0.25),
    p50: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    probLoss: neg / n,
    expectedShortfall5: tail / k,
  };
}

/** Returns column `col` of a row-major result matrix with `cols` columns as a new Float64Array. */
export function column(rows: Float64Array, cols: number, col: number): Float64Array {
  requireArrayLike(rows, "rows");
  requireInteger(cols, "cols");
  requireInteger(col, "col");
  if (!(Number.isInteger(cols) && cols > 0 && rows.length % cols === 0))
    throw new InvalidInputError({
      field: "cols",
      value: cols,
      expected: `a positive divisor of rows.length (${rows.length})`,
    });
  if (!(Number.isInteger(col) && col >= 0 && col < cols))
    throw new InvalidInputError({ field: "col", value: col, expected: `an integer in [0, ${cols - 1}]` });
  const n = rows.length / cols;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[i * cols + col];
  return out;
}
