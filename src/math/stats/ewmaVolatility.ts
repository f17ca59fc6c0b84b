import { requireObject } from "../../errors/guards.js";
import { assertFinite, InvalidInputError } from "../../errors/math.js";
import { annualisationFactor } from "./annualisationFactor.js";

export type EwmaVolatilityParameters = {
  /** Log returns per bar, oldest first. */
  returns: ArrayLike<number>;
  /** Decay λ in (0, 1); RiskMetrics uses 0.94 for daily data (default). */
  lambda?: number;
  /** Starting variance σ²_0 (per bar); default r_0², the first squared return. */
  initialVariance?: number;
  barsPerYear?: number;
  barMs?: number;
  /** When given (length ≥ n), receives the variance forecast after each return: out[t] = σ²_{t+1}. */
  out?: Float64Array;
};
export type EwmaVolatilityReturnType = {
  /** Annualised volatility forecast for the next bar, √(σ²_{n} · barsPerYear). */
  volatility: number;
  /** Variance forecast for the next bar, per bar. */
  variancePerBar: number;
};
export type EwmaVolatilityErrorType = InvalidInputError;

/**
 * Returns the exponentially weighted (RiskMetrics) volatility forecast for the next bar, annualised.
 *
 * Formula: σ²_{t+1} = λ σ²_t + (1 − λ) r_t², zero mean, σ²_0 = `initialVariance` (default r_0²), so after all n
 * returns σ²_n = λ^n σ²_0 + (1 − λ) Σ_t λ^{n−1−t} r_t²; volatility = √(σ²_n · barsPerYear).
 *
 * @example
 * import { ewmaVolatility } from "./ewmaVolatility.js";
 * ewmaVolatility({ returns: [0.01, -0.02], lambda: 0.9, initialVariance: 1e-4, barsPerYear: 1 }).variancePerBar;
 * // 0.9·(0.9·1e-4 + 0.1·1e-4) + 0.1·4e-4 = 1.3e-4
 * @see J.P. Morgan/Reuters (1996) RiskMetrics — Technical Document, 4th ed., §5.2
 */
export function ewmaVolatility(options: EwmaVolatilityParameters): EwmaVolatilityReturnType {
  const {
    returns,
    lambda = 0.94,
    initialVariance,
    barsPerYear,
    barMs,
    out,
  } = requireObject(options, "options");
  const bpy = annualisationFactor({ barsPerYear, barMs });
  if (!(lambda > 0 && lambda < 1))
    throw new InvalidInputError({ field: "lambda", value: lambda, expected: "a number in (0, 1)" });
  const n = returns.length;
  if (n < 1) throw new InvalidInputError({ field: "returns.length", value: n, expected: ">= 1" });
  if (out && out.length < n)
    throw new InvalidInputError({ field: "out.length", value: out.length, expected: `>= ${n}` });
  let v = initialVariance ?? returns[0] * returns[0];
  if (!(v >= 0 && v < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({ field: "initialVariance", value: v, expected: "a finite number >= 0" });
  const w = 1 - lambda;
  for (let t = 0; t < n; t++) {
    const r = returns[t];
    v = lambda * v + w * r * r;
    if (out) out[t] = v;
  }
  assertFinite("variancePerBar", v);
  return { volatility: Math.sqrt(v * bpy), variancePerBar: v };
}
