import { requireObject } from "../../errors/guards.js";
import { assertPositive, InvalidInputError } from "../../errors/math.js";
import { normalQuantile } from "./normalQuantile.js";
import { type VarEs, varEsFromPnl } from "./varEsFromPnl.js";

export type DeltaGammaVarEsParameters = {
  /** Current price (quote per base). */
  price: number;
  /** Position value in quote units as a function of price. */
  value: (price: number) => number;
  /** Optional hedge value as a function of price, added to `value`. */
  hedge?: (price: number) => number;
  /** Annualised volatility of log price (decimal fraction). */
  volatility: number;
  /** Horizon in years (1/365 for a day). */
  horizonYears: number;
  /** Confidence level, default 0.99. */
  confidence?: number;
  /**
   * "cornishFisher" (default): quantile of the quadratic form from its first four cumulants.
   * "simulation": exact quantile of the quadratic-normal form evaluated on `normals`.
   */
  method?: "cornishFisher" | "simulation";
  /** Standard normal draws for method "simulation" (e.g. from createRng(seed).fillNormal). */
  normals?: ArrayLike<number>;
  /** Relative bump for the central finite differences of delta and gamma, default 1e-4. */
  bump?: number;
};
export type DeltaGammaVarEsReturnType = VarEs & {
  value: number;
  /** ∂(V + H)/∂P at the current price, base units. */
  delta: number;
  /** ∂²(V + H)/∂P², base units per quote. */
  gamma: number;
};
export type DeltaGammaVarEsErrorType = InvalidInputError;

/**
 * Returns the delta–gamma VaR and ES (quote units, positive = loss) of a position plus optional hedge.
 *
 * Formula: δ and Γ of V + H by central differences at P; the price move over the horizon is approximated as
 * ΔP = P σ √T Z, Z ~ N(0, 1) (zero drift, first order in the log return), so
 * ΔV ≈ a Z + b Z² with a = δ P σ √T, b = ½ Γ (P σ √T)².
 * Its cumulants are κ1 = b, κ2 = a² + 2b², κ3 = 6a²b + 8b³, κ4 = 48a²b² + 48b⁴. The Cornish–Fisher quantile of the
 * loss −ΔV at confidence α, with z = Φ⁻¹(α), skew s and excess kurtosis k of the loss, is
 * w = z + (z² − 1)s/6 + (z³ − 3z)k/24 − (2z³ − 5z)s²/36, VaR = −κ1 + √κ2 · w; ES averages that quantile over
 * u ∈ (α, 1) with a 2,000-point midpoint rule. Method "simulation" evaluates aZ + bZ² on the given normals and takes
 * the empirical VaR/ES (exact for the quadratic model, up to sampling error). Neither captures moves large enough
 * to leave the range where the quadratic fits (use historical or Monte Carlo full revaluation then).
 *
 * @example
 * import { deltaGammaVarEs } from "./deltaGammaVarEs.js";
 * deltaGammaVarEs({ price: 100, value: (p) => p, volatility: 0.5, horizonYears: 1 / 365 }).valueAtRisk; // ≈ 6.09
 * @see Mina, J. and Ulmer, A. (1999) "Delta-gamma four ways", RiskMetrics Group; Jaschke, S. (2002) "The Cornish-Fisher expansion in the context of delta-gamma-normal approximations", J. Risk 4(4)
 */
export function deltaGammaVarEs(options: DeltaGammaVarEsParameters): DeltaGammaVarEsReturnType {
  const {
    price,
    value,
    hedge,
    volatility,
    horizonYears,
    confidence = 0.99,
    method = "cornishFisher",
    normals,
    bump = 1e-4,
  } = requireObject(options, "options");
  assertPositive("price", price);
  assertPositive("volatility", volatility);
  assertPositive("horizonYears", horizonYears);
  assertPositive("bump", bump);
  if (!(confidence > 0 && confidence < 1))
    throw new InvalidInputError({ field: "confidence", value: confidence, expected: "a number in (0, 1)" });
  const total = (p: number) => value(p) + (hedge ? hedge(p) : 0);
  const v0 = total(price);
  const dp = price * bump;
  const vUp = total(price + dp);
  const vDown = total(price - dp);
  const delta = (vUp - vDown) / (2 * dp);
  const gamma = (vUp - 2 * v0 + vDown) / (dp * dp);
  if (!Number.isFinite(delta + gamma + v0))
    throw new InvalidInputError({
      field: "value(price)",
      value: v0,
      expected: "a finite, differentiable value",
    });
  const x = price * volatility * Math.sqrt(horizonYears);
  const a = delta * x;
  const b = 0.5 * gamma * x * x;
  if (method === "simulation") {
    if (!normals || normals.length < 1)
      throw new InvalidInputError({
        field: "normals",
        value: normals?.length ?? 0,
        expected: "standard normal draws",
      });
    const pnl = new Float64Array(normals.length);
    for (let i = 0; i < normals.length; i++) {
      const z = normals[i];
      pnl[i] = a * z + b * z * z;
    }
    return { ...varEsFromPnl(pnl, confidence), value: v0, delta, gamma };
  }
  if (method !== "cornishFisher")
    throw new InvalidInputError({
      field: "method",
      value: method,
      expected: '"cornishFisher" or "simulation"',
    });
  const k2 = a * a + 2 * b * b;
  if (k2 === 0) return { valueAtRisk: 0, expectedShortfall: 0, scenarios: 0, value: v0, delta, gamma };
  const sd = Math.sqrt(k2);
  // loss = −ΔV: mean −b, odd cumulants change sign.
  const skew = -(6 * a * a * b + 8 * b * b * b) / (k2 * sd);
  const kurt = (48 * a * a * b * b + 48 * b * b * b * b) / (k2 * k2);
  const q = (u: number) => {
    const z = normalQuantile(u);
    const w =
      z +
      ((z * z - 1) * skew) / 6 +
      ((z * z * z - 3 * z) * kurt) / 24 -
      ((2 * z * z * z - 5 * z) * skew * skew) / 36;
    return -b + sd * w;
  };
  const valueAtRisk = q(confidence);
  const m = 2000;
  let s = 0;
  for (let i = 0; i < m; i++) s += q(confidence + ((i + 0.5) * (1 - confidence)) / m);
  const expectedShortfall = Math.max(valueAtRisk, s / m);
  return { valueAtRisk, expectedShortfall, scenarios: 0, value: v0, delta, gamma };
}
