import { requireFloat64Array, requireInteger } from "../errors/guards.js";
import { InvalidInputError, NoSolutionError } from "../errors/math.js";

export type OlsResult = {
  coefficients: Float64Array;
  /** 1 − SSR/SST. */
  rSquared: number;
  /** SSR / (n − k). */
  residualVariance: number;
  n: number;
};

/**
 * Returns the ordinary least-squares fit of y on the columns of X (row-major n×k, include a column of ones for
 * an intercept), solved by Householder QR (no normal equations, so no squaring of the condition number).
 *
 * @see Golub, G. and Van Loan, C. (2013) Matrix Computations, 4th ed., §5.3 (least squares by QR)
 */
export function olsFit(x: Float64Array, y: Float64Array, n: number, k: number): OlsResult {
  requireFloat64Array(x, "x");
  requireFloat64Array(y, "y");
  requireInteger(n, "n");
  requireInteger(k, "k");
  if (n <= k) throw new InvalidInputError({ field: "n", value: n, expected: `> ${k} observations` });
  const a = Float64Array.from(x.subarray(0, n * k));
  const b = Float64Array.from(y.subarray(0, n));
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i * k + j] * a[i * k + j];
    norm = Math.sqrt(norm);
    if (norm === 0)
      throw new NoSolutionError({ operation: "olsFit", reason: `column ${j} is all zero (rank deficient)` });
    const alpha = a[j * k + j] > 0 ? -norm : norm;
    // v = x − alpha e1, stored in place in column j from row j
    a[j * k + j] -= alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += a[i * k + j] * a[i * k + j];
    if (vv > 0) {
      for (let c = j + 1; c < k; c++) {
        let s = 0;
        for (let i = j; i < n; i++) s += a[i * k + j] * a[i * k + c];
        s = (2 * s) / vv;
        for (let i = j; i < n; i++) a[i * k + c] -= s * a[i * k + j];
      }
      let s = 0;
      for (let i = j; i < n; i++) s += a[i * k + j] * b[i];
      s = (2 * s) / vv;
      for (let i = j; i < n; i++) b[i] -= s * a[i * k + j];
    }
    // R diagonal
    a[j * k + j] = alpha;
    for (let i = j + 1; i < n; i++) a[i * k + j] = 0;
  }
  const beta = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j];
    for (let c = j + 1; c < k; c++) s -= a[j * k + c] * beta[c];
    const d = a[j * k + j];
    if (Math.abs(d) < 1e-300)
      throw new NoSolutionError({ operation: "olsFit", reason: "design matrix is rank deficient" });
    beta[j] = s / d;
  }
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i];
  ym /= n;
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let c = 0; c < k; c++) f += x[i * k + c] * beta[c];
    ssr += (y[i] - f) ** 2;
    sst += (y[i] - ym) ** 2;
  }
  return { coefficients: beta, rSquared: sst > 0 ? 1 - ssr / sst : 0, residualVariance: ssr / (n - k), n };
}
