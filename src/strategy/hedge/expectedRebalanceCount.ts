import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import { checkDiffusionInputs } from "./checkDiffusionInputs.js";

export type ExpectedRebalanceCountParameters = {
  /** Annualised volatility σ. */
  volatility: number;
  /** Gamma Γ of the hedged position, base per (quote per base); sign ignored. */
  gamma: number;
  /** Price S, quote per base. */
  price: number;
  /** Horizon T, years. */
  horizonYears: number;
  /** Half-width b of the band, base units; the hedge is re-centred on the target at each rebalance. */
  band: number;
};

/**
 * Returns the expected number of rebalances over T of a hedge kept within ±b of a diffusing delta target:
 *   N ≈ σ² · Γ² · S² · T / b².
 * Derivation: the target delta moves as dΔ = Γ dS = Γ S σ dW, a driftless diffusion with variance rate
 * v = Γ²S²σ². Starting at the centre, the expected exit time from (−b, b) is b²/v (Karlin & Taylor 1981,
 * §7.5: E[τ] = (b − x)(x + b)/v at x = 0); rebalancing re-centres, so exits form a renewal process with rate
 * v/b² and N ≈ T·v/b² (for b ≪ the range over which Γ changes). With the band in quote instead
 * (b_q = b·S) this is the σ²Γ²S⁴T/b_q² form. Discrete monitoring makes slightly fewer trades.
 * Allocation-free.
 *
 * @example
 * import { expectedRebalanceCount } from "lpguard/strategy";
 * expectedRebalanceCount({ volatility: 0.8, gamma: -0.0025, price: 2000, horizonYears: 1, band: 0.5 }); // 64
 * @see Karlin, S. & Taylor, H. M. (1981), A Second Course in Stochastic Processes, Academic Press
 */
export function expectedRebalanceCount(p: ExpectedRebalanceCountParameters): number {
  requireObject(p, "options");
  if (!(p.band > 0 && Number.isFinite(p.band)))
    throw new InvalidInputError({
      field: "band",
      value: p.band,
      expected: "a finite number > 0 (base units)",
    });
  checkDiffusionInputs(p);
  if (!Number.isFinite(p.gamma))
    throw new InvalidInputError({ field: "gamma", value: p.gamma, expected: "a finite number" });
  const x = (p.volatility * p.gamma * p.price) / p.band;
  return x * x * p.horizonYears;
}
