import { requireObject } from "../../errors/guards.js";
import { assertFinite, assertPositive, InvalidInputError, NoSolutionError } from "../../errors/math.js";
import { barrierHitProbability } from "./barrierHitProbability.js";
import { normalCdf } from "./normalCdf.js";

export type RangeExitProbabilityParameters = {
  /** Current price P (quote per base), > 0. */
  price: number;
  /** Lower bound A of the range, ≥ 0 (0 = no lower barrier). */
  lower: number;
  /** Upper bound B of the range, > A (Infinity = no upper barrier). */
  upper: number;
  /** Annualised GBM volatility σ (decimal fraction). */
  volatility: number;
  /** Annualised GBM drift μ of the price (default 0); the log price drifts at ν = μ − σ²/2. */
  drift?: number;
  /** Horizon T in years. */
  horizonYears: number;
  /** Series used: "auto" (default: images when σ√T < ln(B/A), else Fourier), or force one (for cross-checks). */
  series?: "auto" | "image" | "fourier";
};
export type RangeExitProbabilityErrorType = InvalidInputError | NoSolutionError;

/**
 * Returns the probability that a GBM price starting at P leaves the range [A, B] before the horizon T
 * (continuous monitoring), i.e. 1 − P(A < P_t < B for all t ≤ T).
 *
 * With X_t = ln(P_t/A) a Brownian motion with drift ν = μ − σ²/2 and volatility σ on (0, L), L = ln(B/A), start
 * y = ln(P/A), θ = ν/σ², s = σ√T, the survival probability has two convergent series (both used, chosen for speed):
 *
 * Images: q = Σ_{n∈ℤ} [e^{2nθL} D(y + 2nL) − e^{θ(2nL − 2y)} D(2nL − y)], D(c) = Φ((L − c − νT)/s) − Φ((−c − νT)/s).
 *
 * Fourier (eigenfunction expansion): q = (2/L) e^{−ν²T/(2σ²)} Σ_{k≥1} sin(kπy/L) e^{−k²π²s²/(2L²)}
 *   · (kπ/L) [e^{−θy} − (−1)^k e^{θ(L−y)}] / (θ² + (kπ/L)²).
 *
 * The images converge fast for small s/L, the Fourier series for large s/L ("auto" takes Fourier when s ≥ L and
 * |θ|L ≤ 20, since its terms carry factors up to e^{|θ|L} that cancel). P outside or on [A, B] gives 1;
 * A = 0 or B = ∞ reduce to {@link barrierHitProbability} (both gives 0).
 *
 * @example
 * import { rangeExitProbability } from "./rangeExitProbability.js";
 * rangeExitProbability({ price: 2000, lower: 1800, upper: 2200, volatility: 0.7, horizonYears: 7 / 365 });
 * @see Cox, D.R. and Miller, H.D. (1965) The Theory of Stochastic Processes, §5.7 (absorbing barriers, images and Fourier); Borodin, A. and Salminen, P. (2002) Handbook of Brownian Motion, part II, 2.1.1.6
 */
export function rangeExitProbability(options: RangeExitProbabilityParameters): number {
  const {
    price,
    lower,
    upper,
    volatility,
    drift = 0,
    horizonYears,
    series = "auto",
  } = requireObject(options, "options");
  assertPositive("price", price);
  assertPositive("volatility", volatility);
  assertPositive("horizonYears", horizonYears);
  assertFinite("drift", drift);
  if (!(lower >= 0 && lower < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({ field: "lower", value: lower, expected: "a finite price >= 0" });
  if (!(upper > lower))
    throw new InvalidInputError({ field: "upper", value: upper, expected: `a price > lower (${lower})` });
  if (price <= lower || price >= upper) return 1;
  const noLower = lower === 0;
  const noUpper = upper === Number.POSITIVE_INFINITY;
  if (noLower && noUpper) return 0;
  if (noLower || noUpper)
    return barrierHitProbability({
      price,
      barrier: noLower ? upper : lower,
      volatility,
      drift,
      horizonYears,
    });

  const sig2 = volatility * volatility;
  const nu = drift - 0.5 * sig2;
  const theta = nu / sig2;
  const s = volatility * Math.sqrt(horizonYears);
  const nt = nu * horizonYears;
  const L = Math.log(upper / lower);
  const y = Math.log(price / lower);
  // Fourier terms carry factors up to e^{|θ|L}: with strong drift they cancel badly, so auto uses images then.
  const useImages = series === "image" || (series === "auto" && (s < L || Math.abs(theta) * L > 20));
  let q = 0;
  if (useImages) {
    const D = (c: number) => normalCdf((L - c - nt) / s) - normalCdf((-c - nt) / s);
    const term = (logFactor: number, c: number) => {
      const d = D(c);
      return d === 0 ? 0 : Math.sign(d) * Math.exp(logFactor + Math.log(Math.abs(d)));
    };
    const nMax = Math.ceil((Math.abs(nt) + y + L + 10 * s) / (2 * L)) + 2;
    for (let n = -nMax; n <= nMax; n++) {
      q += term(2 * n * theta * L, y + 2 * n * L) - term(theta * (2 * n * L - 2 * y), 2 * n * L - y);
    }
  } else {
    const kMax = Math.min(1_000_000, Math.ceil((Math.sqrt(2 * 45) / Math.PI) * (L / s)) + 3);
    const pre = Math.log(2 / L) - (nu * nu * horizonYears) / (2 * sig2);
    for (let k = 1; k <= kMax; k++) {
      const w = (k * Math.PI) / L;
      const decay = -0.5 * w * w * s * s;
      const bracket =
        Math.exp(pre + decay - theta * y) - (k % 2 === 0 ? 1 : -1) * Math.exp(pre + decay + theta * (L - y));
      q += (Math.sin(w * y) * w * bracket) / (theta * theta + w * w);
    }
  }
  if (!Number.isFinite(q))
    throw new NoSolutionError({
      operation: "rangeExitProbability",
      reason: `series overflowed for drift ${drift}, volatility ${volatility}, range [${lower}, ${upper}]`,
    });
  return Math.min(1, Math.max(0, 1 - q));
}
