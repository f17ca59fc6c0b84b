import { requireArrayLike, requireObject } from "../../errors/guards.js";
import { assertFinite, InvalidInputError } from "../../errors/math.js";

export type EwmaCorrelationParameters = {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Decay λ in (0, 1), default 0.94 (RiskMetrics). */
  lambda?: number;
  /** When given (length ≥ n), receives the correlation after each pair. */
  out?: Float64Array;
};
export type EwmaCorrelationErrorType = InvalidInputError;

/**
 * Returns the RiskMetrics EWMA correlation of two zero-mean return series after the last observation.
 *
 * Formula: c_t = λ c_{t−1} + (1 − λ) x_t y_t, v^x_t = λ v^x_{t−1} + (1 − λ) x_t², likewise v^y; seeded with the
 * first products (c_0 = x_0 y_0, …); ρ_t = c_t / √(v^x_t v^y_t).
 *
 * @example
 * import { ewmaCorrelation } from "./ewmaCorrelation.js";
 * ewmaCorrelation({ x: [0.01, -0.02, 0.015], y: [0.02, -0.04, 0.03] }); // 1
 * @see J.P. Morgan/Reuters (1996) RiskMetrics — Technical Document, 4th ed., §5.3
 */
export function ewmaCorrelation(options: EwmaCorrelationParameters): number {
  const { x, y, lambda = 0.94, out } = requireObject(options, "options");
  requireArrayLike(x, "options.x");
  requireArrayLike(y, "options.y");
  const n = x.length;
  if (y.length !== n)
    throw new InvalidInputError({ field: "y.length", value: y.length, expected: `${n} (x.length)` });
  if (n < 1) throw new InvalidInputError({ field: "x.length", value: n, expected: ">= 1" });
  if (!(lambda > 0 && lambda < 1))
    throw new InvalidInputError({ field: "lambda", value: lambda, expected: "a number in (0, 1)" });
  if (out && out.length < n)
    throw new InvalidInputError({ field: "out.length", value: out.length, expected: `>= ${n}` });
  let c = x[0] * y[0];
  let vx = x[0] * x[0];
  let vy = y[0] * y[0];
  const w = 1 - lambda;
  let rho = Number.NaN;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      c = lambda * c + w * x[t] * y[t];
      vx = lambda * vx + w * x[t] * x[t];
      vy = lambda * vy + w * y[t] * y[t];
    }
    const d = Math.sqrt(vx * vy);
    rho = d > 0 ? Math.max(-1, Math.min(1, c / d)) : 0;
    if (out) out[t] = rho;
  }
  assertFinite("correlation", rho);
  return rho;
}
