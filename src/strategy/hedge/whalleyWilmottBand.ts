import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";

export type WhalleyWilmottBandParameters = {
  /** Price S, quote per base. */
  price: number;
  /** Gamma Γ = ∂²value/∂S² of the hedged position, base units per (quote per base); sign ignored. */
  gamma: number;
  /** Proportional transaction cost λ: cost of trading one unit of value, as a fraction (fee + half-spread + impact). */
  proportionalCost: number;
  /** Absolute risk aversion γ of an exponential utility, per quote unit (1 / USD). */
  riskAversion: number;
  /** Risk-free rate r, annual (default 0). */
  rate?: number;
  /** Time to expiry T − t, years (default 0: no discounting; LP positions have no expiry). */
  timeToExpiryYears?: number;
};

/**
 * Returns the half-width of the Whalley–Wilmott optimal no-trade band around the target hedge, in base units:
 *   H = ( 3/2 · e^{−r(T−t)} · λ · S · Γ² / γ )^{1/3}.
 * Units: λ dimensionless, S quote/base, Γ base²/quote, γ 1/quote, so H is in base units. Hedge only when
 * |target − hedge| > H (see absoluteBandTrigger), and then trade to the nearest edge of the band, not to the
 * target: that is the asymptotically optimal policy for small costs. H ∝ λ^{1/3}, ∝ γ^{−1/3}, ∝ |Γ|^{2/3}.
 * Allocation-free.
 *
 * @example
 * import { whalleyWilmottBand } from "lpguard/strategy";
 * whalleyWilmottBand({ price: 2000, gamma: -0.5, proportionalCost: 0.001, riskAversion: 1 }); // 0.9086 = 0.75^(1/3)
 * @see Whalley, A. E. & Wilmott, P. (1997), "An asymptotic analysis of an optimal hedging model for option
 *   pricing with transaction costs", Mathematical Finance 7(3), 307–324, eq. for the hedging bandwidth.
 */
export function whalleyWilmottBand(p: WhalleyWilmottBandParameters): number {
  requireObject(p, "options");
  const r = p.rate ?? 0;
  const tau = p.timeToExpiryYears ?? 0;
  // Valid inputs in one test, the error reporting in a separate function: the body stays small enough for V8 to
  // inline it (and drop the parameter object) in a policy's per-bar path.
  if (
    p.price > 0 &&
    Number.isFinite(p.price) &&
    Number.isFinite(p.gamma) &&
    p.proportionalCost >= 0 &&
    Number.isFinite(p.proportionalCost) &&
    p.riskAversion > 0 &&
    Number.isFinite(p.riskAversion) &&
    Number.isFinite(r) &&
    tau >= 0 &&
    Number.isFinite(tau)
  ) {
    const h = Math.cbrt(
      (1.5 * Math.exp(-r * tau) * p.proportionalCost * p.price * p.gamma * p.gamma) / p.riskAversion,
    );
    if (Number.isFinite(h)) return h;
  }
  return invalidBand(p, r, tau);
}

/** Throws the error naming the first invalid input of whalleyWilmottBand (or a non-finite band). */
function invalidBand(p: WhalleyWilmottBandParameters, r: number, tau: number): never {
  if (!(p.price > 0 && Number.isFinite(p.price)))
    throw new InvalidInputError({ field: "price", value: p.price, expected: "a finite number > 0" });
  if (!Number.isFinite(p.gamma))
    throw new InvalidInputError({ field: "gamma", value: p.gamma, expected: "a finite number" });
  if (!(p.proportionalCost >= 0 && Number.isFinite(p.proportionalCost)))
    throw new InvalidInputError({
      field: "proportionalCost",
      value: p.proportionalCost,
      expected: "a fraction >= 0",
    });
  if (!(p.riskAversion > 0 && Number.isFinite(p.riskAversion)))
    throw new InvalidInputError({
      field: "riskAversion",
      value: p.riskAversion,
      expected: "a number > 0 (1/quote)",
    });
  if (!Number.isFinite(r))
    throw new InvalidInputError({ field: "rate", value: r, expected: "a finite number" });
  if (!(tau >= 0 && Number.isFinite(tau)))
    throw new InvalidInputError({ field: "timeToExpiryYears", value: tau, expected: "years >= 0" });
  throw new InvalidInputError({ field: "gamma", value: p.gamma, expected: "inputs giving a finite band" });
}
