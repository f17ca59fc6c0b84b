import { requireObject } from "../../errors/guards.js";
import { assertPositive, InvalidInputError } from "../../errors/math.js";
import { checkRange, lpSlopeUnchecked, lpValueUnchecked } from "./_lp.js";
import type { Strip, StripOption } from "./types.js";

export type ReplicateLpPayoffParameters = {
  /** Liquidity L in √(base·quote) human units, ≥ 0. */
  liquidity: number;
  /** Lower price of the range A ≥ 0 (0 with `upper` = Infinity: full-range v2 position). */
  lower: number;
  /** Upper price of the range B > A (may be Infinity). */
  upper: number;
  /** Forward price for the expiry (the expansion point of Carr–Madan), > 0. */
  forward: number;
  /** Strikes available on the venue for that expiry (any order; duplicates are merged), each > 0. */
  strikes: readonly number[];
};

export type ReplicateLpPayoffReturnType = Strip;
export type ReplicateLpPayoffErrorType = InvalidInputError;

/**
 * Returns the static option strip (bond, forward, puts, calls) that replicates the expiry value of a v3 (or v2)
 * liquidity position on the available strikes.
 *
 * Carr–Madan: f(S) = f(F) + f′(F)(S − F) + ∫₀^F f″(K)(K − S)⁺dK + ∫_F^∞ f″(K)(S − K)⁺dK, with
 * f″(K) = −L/(2K^{3/2}) on (A, B) and 0 outside (DESIGN.md). Discretisation: the strip's payoff is the
 * piecewise-linear interpolant g of f through the strikes K₁ < … < Kₙ, extended by the chord from (0, f(0) = 0) below
 * K₁ and by the tangent f′(Kₙ⁺) above Kₙ. Every piecewise-linear payoff is exactly a bond, a forward and options at its
 * kinks, so the weights are the slope jumps of g:
 *   wᵢ = sᵢ − sᵢ₋₁,  sᵢ = (f(Kᵢ₊₁) − f(Kᵢ))/(Kᵢ₊₁ − Kᵢ)  =  ∫ f″(K)·hatᵢ(K) dK,
 * the integral of f″ against the hat function of node i, i.e. f″(Kᵢ)·(Kᵢ₊₁ − Kᵢ₋₁)/2 (the trapezoid rule) up to
 * O(ΔK³). Because the chord slopes integrate f″ exactly, the jumps of f″ at A and B (f′ is continuous, f″ is not)
 * need no special case, and nodes whose hat does not meet (A, B) get weight exactly 0 (they are omitted).
 * bond = g(F) and forwardUnits = g′(F⁺) (the slope of the chord containing F); they tend to f(F), f′(F) as ΔK → 0
 * (|g(F) − f(F)| ≤ max|f″|ΔK²/8, |g′ − f′| ≤ max|f″|ΔK/2). Strikes ≤ F become puts, strikes > F calls.
 * All weights are ≤ 0: the LP is short every option (concave payoff), so a hedge buys them.
 *
 * Error (see {@link Strip.errorBound}): on each strike interval [a, b], |f − g| ≤ sup|f″|·(b − a)²/8 (linear
 * interpolation; the proof via the Green's function of −d²/dS² needs only a bounded f″, so the kinks at A and B are
 * covered) with sup|f″| = L/(2·max(a, A)^{3/2}) when [a, b] meets (A, B), else the error is 0. Halving the spacing
 * divides the bound by 4. Below K₁ the chord from 0 is exact when A ≥ K₁ (f is linear on [0, A]); otherwise the
 * exact maximum of f − g there is reported. Above Kₙ the tangent is exact when B ≤ Kₙ (f is flat); otherwise the
 * error grows without bound (a v2 position cut at the venue's highest strike). Since f is concave, g ≤ f on [K₁, Kₙ].
 *
 * @example
 * import { replicateLpPayoff } from "./replicateLpPayoff.js";
 * const strip = replicateLpPayoff({ liquidity: 1000, lower: 2500, upper: 3000, forward: 2766, strikes: [2400, 2500, 2600, 2700, 2800, 2900, 3000, 3100] });
 * strip.puts.length + strip.calls.length; // 6 (2500 … 3000; 2400 and 3100 get weight 0)
 * @see Carr, P. and Madan, D. (1998) "Towards a theory of volatility trading", in Volatility, Risk Books (eq. 1)
 * @see Lambert, G. (2021) "Uniswap v3 LP tokens as perpetual put and call options" (LP payoff as an option strip)
 */
export function replicateLpPayoff(params: ReplicateLpPayoffParameters): ReplicateLpPayoffReturnType {
  requireObject(params, "options");
  const { liquidity, lower, upper, forward, strikes } = params;
  checkRange(liquidity, lower, upper);
  assertPositive("forward", forward);
  if (!Array.isArray(strikes) || strikes.length === 0)
    throw new InvalidInputError({ field: "strikes", value: strikes, expected: "at least one strike" });
  for (let i = 0; i < strikes.length; i++) assertPositive(`strikes[${i}]`, strikes[i]);
  const k = Float64Array.from(new Set(strikes)).sort();
  const n = k.length;
  const sqrtA = Math.sqrt(lower);
  const sqrtB = Math.sqrt(upper);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = lpValueUnchecked(liquidity, sqrtA, sqrtB, k[i]);
  // slope[i] is the slope of g on [K_{i-1}, K_i] with K_{-1} = 0 (i = 0) … slope[n] above K_{n-1} (tangent).
  const slope = new Float64Array(n + 1);
  slope[0] = f[0] / k[0];
  for (let i = 1; i < n; i++) slope[i] = (f[i] - f[i - 1]) / (k[i] - k[i - 1]);
  slope[n] = lpSlopeUnchecked(liquidity, sqrtA, sqrtB, k[n - 1]);

  const puts: StripOption[] = [];
  const calls: StripOption[] = [];
  for (let i = 0; i < n; i++) {
    const left = i === 0 ? 0 : k[i - 1];
    const right = i === n - 1 ? Number.POSITIVE_INFINITY : k[i + 1];
    if (right <= lower || left >= upper) continue; // f is linear on the hat's support: exact zero weight
    const weight = slope[i + 1] - slope[i];
    if (weight === 0) continue;
    (k[i] <= forward ? puts : calls).push({ strike: k[i], weight });
  }
  // g on the interval containing F: node j = number of strikes ≤ F; slope[j] is the slope to the right of K_{j-1}.
  let j = 0;
  while (j < n && k[j] <= forward) j++;
  const baseStrike = j === 0 ? 0 : k[j - 1];
  const baseValue = j === 0 ? 0 : f[j - 1];
  const bond = baseValue + slope[j] * (forward - baseStrike);

  // Error bounds.
  let interior = 0;
  for (let i = 0; i + 1 < n; i++) {
    const a = k[i];
    const b = k[i + 1];
    if (b <= lower || a >= upper || liquidity === 0) continue;
    const m = liquidity / (2 * Math.max(a, lower) ** 1.5);
    interior = Math.max(interior, (m * (b - a) ** 2) / 8);
  }
  let belowLowestStrike = 0;
  if (lower < k[0] && liquidity > 0) {
    // f concave on [0, K₁]: max(f − g) is where f′(S) = s₀ inside (A, min(B, K₁)), else at an end point.
    const s0 = slope[0];
    const invB = sqrtB === Number.POSITIVE_INFINITY ? 0 : 1 / sqrtB;
    const root = 1 / (s0 / liquidity + invB);
    const star = Math.min(Math.max(root * root, lower), Math.min(upper, k[0]));
    belowLowestStrike = Math.max(0, lpValueUnchecked(liquidity, sqrtA, sqrtB, star) - s0 * star);
  }
  const aboveHighestStrike = upper <= k[n - 1] || liquidity === 0 ? 0 : null;
  return {
    forward,
    bond,
    forwardUnits: slope[j],
    puts,
    calls,
    lowestStrike: k[0],
    highestStrike: k[n - 1],
    errorBound: { interior, belowLowestStrike, aboveHighestStrike },
  };
}
