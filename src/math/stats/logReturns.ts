import { requireArrayLike } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";

/**
 * Returns the log returns r_i = ln(price_{i+1} / price_i) of a price series (length n − 1).
 *
 * Units: dimensionless, per bar. Writes into `out` when given (length ≥ n − 1), so hot loops allocate nothing.
 * Throws InvalidInputError naming the index of the first price that is not finite and > 0.
 *
 * @example
 * import { logReturns } from "./logReturns.js";
 * logReturns(new Float64Array([100, 110, 99])); // Float64Array [0.09531, -0.10536]
 * @see https://en.wikipedia.org/wiki/Rate_of_return#Logarithmic_or_continuously_compounded_return
 */
export function logReturns(price: ArrayLike<number>, out?: Float64Array): Float64Array {
  requireArrayLike(price, "price");
  const n = price.length;
  const r = out ?? new Float64Array(Math.max(0, n - 1));
  if (r.length < n - 1)
    throw new InvalidInputError({ field: "out.length", value: r.length, expected: `>= ${n - 1}` });
  for (let i = 0; i < n; i++) {
    const p = price[i];
    if (!(p > 0 && p < Number.POSITIVE_INFINITY))
      throw new InvalidInputError({ field: `price[${i}]`, value: p, expected: "a finite price > 0" });
    if (i > 0) r[i - 1] = Math.log(p / price[i - 1]);
  }
  return r;
}
