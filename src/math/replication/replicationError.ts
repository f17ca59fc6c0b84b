import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";
import { checkRange, lpValueUnchecked } from "./_lp.js";
import { stripPayoff } from "./stripPayoff.js";
import type { Strip } from "./types.js";

export type ReplicationErrorParameters = {
  /** The LP position the strip replicates: liquidity L, range [lower, upper] (see `lpPayoff`). */
  liquidity: number;
  lower: number;
  upper: number;
  strip: Strip;
  /** Settlement prices at which to compare payoffs (≥ 0, at least one). */
  grid: ArrayLike<number>;
};

export type ReplicationErrorReturnType = {
  /** max over the grid of |strip payoff − LP payoff|, quote units. */
  maxAbsError: number;
  /** √(mean of squared differences) over the grid, quote units. */
  rmsError: number;
  /** Grid price where the largest absolute difference occurs. */
  priceAtMaxError: number;
  /**
   * The analytic bound that applies to the grid's extent (the largest of the strip's region bounds touched by a grid
   * point), or `null` when a grid point lies above the highest strike and the range continues beyond it (unbounded).
   */
  bound: number | null;
};

export type ReplicationErrorErrorType = InvalidInputError;

/**
 * Returns the maximum absolute and RMS difference between a strip's payoff and the LP payoff on a price grid, with
 * the analytic bound that applies there.
 *
 * Formula: e(S) = stripPayoff(strip, S) − f(S); maxAbs = max|e|, rms = √(Σe²/n). The bound comes from
 * `strip.errorBound`: interior (max|f″|ΔK²/8 per interval) for grid points in [K₁, Kₙ], `belowLowestStrike` below
 * K₁, `aboveHighestStrike` above Kₙ.
 *
 * @example
 * import { replicateLpPayoff } from "./replicateLpPayoff.js";
 * import { replicationError } from "./replicationError.js";
 * const strip = replicateLpPayoff({ liquidity: 1000, lower: 2500, upper: 3000, forward: 2766, strikes: [2500, 2750, 3000] });
 * replicationError({ liquidity: 1000, lower: 2500, upper: 3000, strip, grid: [2600, 2800] }).maxAbsError; // ≤ strip.errorBound.interior
 * @see Carr, P. and Madan, D. (1998) "Towards a theory of volatility trading", in Volatility, Risk Books
 */
export function replicationError(params: ReplicationErrorParameters): ReplicationErrorReturnType {
  requireObject(params, "options");
  const { liquidity, lower, upper, strip, grid } = params;
  checkRange(liquidity, lower, upper);
  const n = grid.length;
  if (!(n > 0)) throw new InvalidInputError({ field: "grid", value: n, expected: "at least one price" });
  const sqrtA = Math.sqrt(lower);
  const sqrtB = Math.sqrt(upper);
  let maxAbsError = 0;
  let priceAtMaxError = grid[0];
  let sumSq = 0;
  let touchesBelow = false;
  let touchesInterior = false;
  let touchesAbove = false;
  for (let i = 0; i < n; i++) {
    const s = grid[i];
    const e = stripPayoff(strip, s) - lpValueUnchecked(liquidity, sqrtA, sqrtB, s);
    const a = Math.abs(e);
    if (a > maxAbsError) {
      maxAbsError = a;
      priceAtMaxError = s;
    }
    sumSq += e * e;
    if (s < strip.lowestStrike) touchesBelow = true;
    else if (s > strip.highestStrike) touchesAbove = true;
    else touchesInterior = true;
  }
  const eb = strip.errorBound;
  let bound: number | null = Math.max(
    touchesInterior ? eb.interior : 0,
    touchesBelow ? eb.belowLowestStrike : 0,
    touchesAbove && eb.aboveHighestStrike !== null ? eb.aboveHighestStrike : 0,
  );
  if (touchesAbove && eb.aboveHighestStrike === null) bound = null;
  return { maxAbsError, rmsError: Math.sqrt(sumSq / n), priceAtMaxError, bound };
}
