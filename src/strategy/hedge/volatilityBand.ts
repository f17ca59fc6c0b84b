import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import { checkDiffusionInputs } from "./checkDiffusionInputs.js";

export type VolatilityBandParameters = {
  /** Multiplier of the one-standard-deviation drift of delta (dimensionless, e.g. 1–3). */
  k: number;
  /** Annualised volatility σ of the price (0.8 = 80 %/yr). */
  volatility: number;
  /** Horizon Δt over which the drift is measured, years (1 h = 1 / 8760). */
  horizonYears: number;
  /** Gamma Γ = ∂delta/∂price of the hedged position, base units per (quote per base); sign ignored. */
  gamma: number;
  /** Price S, quote per base. */
  price: number;
};

/**
 * Returns a volatility-scaled no-trade band in base units: band = k · |Γ| · S · σ · √Δt.
 * Derivation: over Δt the price moves by about S·σ·√Δt (one standard deviation), so the position's delta
 * moves by |Γ| · S · σ · √Δt; the band is k such moves. (A band on the hedge's value in quote, the
 * "k·σ·√Δt·|Γ|·S²" form, is this times S: dollar gamma.) Allocation-free.
 *
 * @example
 * import { volatilityBand } from "lpguard/strategy";
 * volatilityBand({ k: 2, volatility: 0.8, horizonYears: 1 / 8760, gamma: -0.0025, price: 2000 }); // 0.0855 base
 * @see Zakamouline (2006), "Efficient analytic approximation of the optimal hedging strategy for a European
 *   call option with transaction costs", Quantitative Finance 6(5) — bands scale with Γ·S·σ
 */
export function volatilityBand(p: VolatilityBandParameters): number {
  requireObject(p, "options");
  checkDiffusionInputs(p);
  const band = p.k * (p.gamma < 0 ? -p.gamma : p.gamma) * p.price * p.volatility * Math.sqrt(p.horizonYears);
  if (!(band >= 0 && Number.isFinite(band)))
    throw new InvalidInputError({
      field: "k",
      value: p.k,
      expected: "a finite multiplier >= 0 (band was not)",
    });
  return band;
}
