import { requireArrayLike } from "../../errors/guards.js";
import { assertFinite, InvalidInputError } from "../../errors/math.js";

/**
 * Returns the Pearson correlation of two equally long series (e.g. log returns of two assets).
 *
 * Formula: ρ = Σ (x − x̄)(y − ȳ) / √(Σ (x − x̄)² · Σ (y − ȳ)²), computed with two passes for accuracy.
 * Throws InvalidInputError for unequal lengths, fewer than 2 points or a constant series.
 *
 * @example
 * import { pearsonCorrelation } from "./pearsonCorrelation.js";
 * pearsonCorrelation([1, 2, 3], [2, 4, 7]); // 0.9934
 * @see https://en.wikipedia.org/wiki/Pearson_correlation_coefficient
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  requireArrayLike(x, "x");
  requireArrayLike(y, "y");
  const n = x.length;
  if (y.length !== n)
    throw new InvalidInputError({ field: "y.length", value: y.length, expected: `${n} (x.length)` });
  if (n < 2) throw new InvalidInputError({ field: "x.length", value: n, expected: ">= 2" });
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - mx;
    const b = y[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  if (!(sxx > 0))
    throw new InvalidInputError({ field: "x", value: "constant", expected: "a non-constant series" });
  if (!(syy > 0))
    throw new InvalidInputError({ field: "y", value: "constant", expected: "a non-constant series" });
  const rho = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  assertFinite("correlation", rho);
  return rho;
}
