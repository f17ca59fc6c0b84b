import { requireNumeric } from "../../errors/guards.js";
import { HALF_SQUARE_FIRST, HALF_SQUARE_LAST } from "./_expHalfSquare.js";

/** standardNormalCdf's in/out slot. */
const CDF_IO = new Float64Array(1);

/**
 * Returns the standard normal cumulative distribution Φ(x) = ∫_{−∞}^x e^{−t²/2}/√(2π) dt, to about 1e-15 relative
 * in both tails (Φ(−8) = 6.22096057427178e−16 to all printed digits; Φ(x) underflows to 0 below x ≈ −38.5).
 *
 * Formula: W. J. Cody's rational Chebyshev approximations (the `ANORM` routine of SPECFUN, the erf/erfc
 * approximations of Cody 1969 rewritten in x instead of x/√2): a rational function of degree 4/4 in x² for
 * |x| ≤ 0.66291; for 0.66291 < |x| ≤ √32, Φ(−|x|) = e^{−x²/2}·R₈(|x|)/S₈(|x|); beyond √32 the asymptotic form
 * Φ(−|x|) = e^{−x²/2}/|x|·(1/√(2π) − R(1/x²)). The small tail is computed directly (never as 1 − Φ) and
 * e^{−x²/2} is evaluated as e^{−x₀²/2}·e^{−(x−x₀)(x+x₀)/2} with x₀ = trunc(16x)/16, so that the rounding of x²
 * does not cost relative accuracy deep in the tail (the reason for working in x rather than x/√2); the first factor
 * comes from a table and the second is shared with the density of the same |x| (`_expHalfSquare.ts`, same bits).
 *
 * @example
 * import { standardNormalCdf } from "./standardNormalCdf.js";
 * standardNormalCdf(1.96); // 0.9750021048517795
 * The coefficients are Cody's, written as the shortest decimals of their float64 values.
 * @see Cody, W. J. (1969) "Rational Chebyshev approximations for the error function", Math. Comp. 23, 631–637
 * @see Cody, W. J. (1993) "Algorithm 715: SPECFUN", ACM TOMS 19, 22–32 (routine ANORM)
 */
export function standardNormalCdf(x: number): number {
  requireNumeric(x, "x");
  CDF_IO[0] = x;
  normalCdfSlot(CDF_IO, 0);
  return CDF_IO[0];
}

/**
 * Writes Φ(a[i]) over a[i]: standardNormalCdf's arithmetic behind a call that passes no double. The arithmetic is
 * too large for V8 to inline, and V8 boxes a double passed to or returned from a call it does not inline (a heap
 * number per call, measured: 2 per Φ in the option venue's per-bar Black-76); `standardNormalCdf` around it is small
 * enough to be inlined into its callers, so Φ allocates nothing.
 */
export function normalCdfSlot(a: Float64Array, i: number): void {
  const x = a[i];
  const y = Math.abs(x);
  if (y <= 0.66291) {
    const xsq = y > 1.1102230246251565e-16 ? x * x : 0;
    let xnum = 0.06568233791820745 * xsq;
    let xden = xsq;
    xnum = (xnum + 2.2352520354606837) * xsq;
    xden = (xden + 47.202581904688245) * xsq;
    xnum = (xnum + 161.02823106855587) * xsq;
    xden = (xden + 976.0985517377767) * xsq;
    xnum = (xnum + 1067.6894854603709) * xsq;
    xden = (xden + 10260.932208618979) * xsq;
    const r = (x * (xnum + 18154.98125334356)) / (xden + 45507.78933502673);
    a[i] = 0.5 + r;
    return;
  }
  if (Number.isNaN(x)) return; // a[i] is NaN
  let r: number; // Φ(−|x|)·e^{x²/2}
  if (y <= 5.656854248) {
    let xnum = 1.0765576773720192e-8 * y;
    let xden = y;
    xnum = (xnum + 0.39894151208813466) * y;
    xden = (xden + 22.266688044328117) * y;
    xnum = (xnum + 8.883149794388377) * y;
    xden = (xden + 235.387901782625) * y;
    xnum = (xnum + 93.50665613217785) * y;
    xden = (xden + 1519.3775994075547) * y;
    xnum = (xnum + 597.2702763948002) * y;
    xden = (xden + 6485.558298266761) * y;
    xnum = (xnum + 2494.5375852903726) * y;
    xden = (xden + 18615.571640885097) * y;
    xnum = (xnum + 6848.190450536283) * y;
    xden = (xden + 34900.95272114598) * y;
    xnum = (xnum + 11602.65143764735) * y;
    xden = (xden + 38912.00328609327) * y;
    r = (xnum + 9842.714838383978) / (xden + 19685.429676859992);
  } else if (y < 38.6) {
    const xsq = 1 / (x * x);
    let xnum = 0.023073441764940174 * xsq;
    let xden = xsq;
    xnum = (xnum + 0.215898534057957) * xsq;
    xden = (xden + 1.284260096144911) * xsq;
    xnum = (xnum + 0.12740116116024736) * xsq;
    xden = (xden + 0.4682382124808651) * xsq;
    xnum = (xnum + 0.022235277870649807) * xsq;
    xden = (xden + 0.06598813786892856) * xsq;
    xnum = (xnum + 0.0014216191932278934) * xsq;
    xden = (xden + 0.0037823963320275824) * xsq;
    const q = (xsq * (xnum + 0.000029112874951168793)) / (xden + 0.00007297515550839662);
    r = (0.3989422804014327 - q) / y;
  } else {
    a[i] = x > 0 ? 1 : 0; // Φ(−|x|) underflows
    return;
  }
  // e^{−x²/2} as e^{−x₀²/2}·e^{−(y−x₀)(y+x₀)/2} (the first factor from the table; the second kept for the density).
  const k = Math.trunc(y * 16);
  const x0 = k / 16;
  const second = Math.exp(-0.5 * ((y - x0) * (y + x0)));
  HALF_SQUARE_LAST[0] = y;
  HALF_SQUARE_LAST[1] = second;
  const tail = HALF_SQUARE_FIRST[k] * second * r; // Φ(−|x|)
  a[i] = x > 0 ? 1 - tail : tail;
}
