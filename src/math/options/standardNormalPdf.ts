import { requireNumeric } from "../../errors/guards.js";
import { HALF_SQUARE_LAST, HALF_SQUARE_PDF_FIRST } from "./_expHalfSquare.js";
/**
 * Returns the standard normal density φ(x) = e^{−x²/2}/√(2π), to about 1e-15 relative for |x| < 38.
 *
 * Formula: e^{−x²/2} is evaluated as e^{−x₀²/2}·e^{−(x−x₀)(x+x₀)/2} with x₀ = trunc(16x)/16 (x₀² is exact), the same
 * split as in Cody's ANORM, so the rounding of x² does not cost relative accuracy in the tails (`_expHalfSquare.ts`:
 * the first factor from a table, the second shared with the cdf of the same |x|).
 *
 * @example
 * import { standardNormalPdf } from "./standardNormalPdf.js";
 * standardNormalPdf(0); // 0.3989422804014327
 * @see Cody, W. J. (1993) "Algorithm 715: SPECFUN", ACM TOMS 19, 22–32
 */
export function standardNormalPdf(x: number): number {
  requireNumeric(x, "x");
  const y = Math.abs(x);
  if (y < 1) return 0.3989422804014327 * Math.exp(-0.5 * x * x);
  if (!(y < 39)) return Number.isNaN(y) ? Number.NaN : 0; // φ(39) < 2^−1074
  const k = Math.trunc(y * 16);
  const x0 = k / 16;
  // The second factor of the split from the cdf when it just split the same y (see _expHalfSquare.ts: same bits).
  const second = y === HALF_SQUARE_LAST[0] ? HALF_SQUARE_LAST[1] : Math.exp(-0.5 * (y - x0) * (y + x0));
  return HALF_SQUARE_PDF_FIRST[k] * second;
}
