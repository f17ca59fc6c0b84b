/**
 * e^{−y²/2} split as e^{−x₀²/2}·e^{−(y−x₀)(y+x₀)/2} with x₀ = trunc(16y)/16 (x₀² is exact), the split of Cody's
 * ANORM that keeps the rounding of y² out of the tails; shared by standardNormalCdf and standardNormalPdf (internal
 * to math/options). Two speed tricks, each giving the same bits as evaluating the split inline:
 * - the first factor depends only on k = trunc(16y), so it is a table built once with the same expression
 *   (`Math.exp(-0.5 * x0 * x0)`, x0 = k/16) instead of an `exp` per call;
 * - the cdf keeps the second factor of the y it last split, and the density of the same y reuses it (Black-76 and
 *   Black–Scholes take Φ(ωd₁) and φ(d₁) of the same |d₁|). The cdf evaluates −0.5·((y−x₀)(y+x₀)) and the density
 *   (−0.5·(y−x₀))·(y+x₀): the same double, as a scaling by a power of two is exact here (y − x₀ is 0 or ≥ 2⁻⁵³ and
 *   no product overflows).
 * Plain data, read inline by the two functions: a helper call returning a double would box it when V8 does not
 * inline the call.
 */

/** Table size: k = trunc(16y) for y < 39 (the largest y either function splits). */
const TABLE_SIZE = 39 * 16;

/** [k] e^{−x₀²/2}, x₀ = k/16 (the cdf's first factor). */
export const HALF_SQUARE_FIRST = new Float64Array(TABLE_SIZE);
/** [k] (1/√(2π))·e^{−x₀²/2}: the density's first product, rounded as `0.3989… * Math.exp(…)` rounds it. */
export const HALF_SQUARE_PDF_FIRST = new Float64Array(TABLE_SIZE);
for (let k = 0; k < TABLE_SIZE; k++) {
  const x0 = k / 16;
  HALF_SQUARE_FIRST[k] = Math.exp(-0.5 * x0 * x0);
  HALF_SQUARE_PDF_FIRST[k] = 0.3989422804014327 * HALF_SQUARE_FIRST[k];
}

/**
 * [0] the y the cdf last split, [1] its second factor e^{−(y−x₀)(y+x₀)/2} (NaN at first: NaN never equals a y).
 * Written by the cdf, read by the density.
 */
export const HALF_SQUARE_LAST = new Float64Array([Number.NaN, 0]);
