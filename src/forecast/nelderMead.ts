import { requireArrayLike, requireFunction, requireObject } from "../errors/guards.js";
export type NelderMeadOptions = {
  /** Initial simplex step per coordinate (default 0.5). */
  step?: number;
  /** Stop when the spread of function values in the simplex falls below this (default 1e-10). */
  tolerance?: number;
  /** Maximum function evaluations (default 2000). */
  maxEvaluations?: number;
};
export type NelderMeadResult = { x: Float64Array; value: number; evaluations: number; converged: boolean };

/**
 * Returns the minimiser of `f` found by the Nelder–Mead downhill simplex (reflection 1, expansion 2,
 * contraction ½, shrink ½). Non-finite function values are treated as +∞ (rejected points).
 *
 * @see Nelder, J.A. and Mead, R. (1965) "A simplex method for function minimization", Computer Journal 7(4); Lagarias et al. (1998) SIAM J. Optim. 9(1)
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  requireFunction(f, "f");
  requireArrayLike(x0, "x0");
  const { step = 0.5, tolerance = 1e-10, maxEvaluations = 2000 } = requireObject(options, "options");
  const d = x0.length;
  const pts: Float64Array[] = [];
  const vals = new Float64Array(d + 1);
  let evals = 0;
  const ev = (x: Float64Array) => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  for (let i = 0; i <= d; i++) {
    const p = Float64Array.from(x0);
    if (i > 0) p[i - 1] += step;
    pts.push(p);
    vals[i] = ev(p);
  }
  const order = Array.from({ length: d + 1 }, (_, i) => i);
  const centroid = new Float64Array(d);
  const xr = new Float64Array(d);
  const xe = new Float64Array(d);
  const xc = new Float64Array(d);
  let converged = false;
  while (evals < maxEvaluations) {
    order.sort((a, b) => vals[a] - vals[b]);
    const best = order[0];
    const worst = order[d];
    const second = order[d - 1];
    if (Math.abs(vals[worst] - vals[best]) <= tolerance * (1 + Math.abs(vals[best]))) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let i = 0; i < d; i++) {
      const p = pts[order[i]];
      for (let j = 0; j < d; j++) centroid[j] += p[j] / d;
    }
    const pw = pts[worst];
    for (let j = 0; j < d; j++) xr[j] = centroid[j] + (centroid[j] - pw[j]);
    const fr = ev(xr);
    if (fr < vals[best]) {
      for (let j = 0; j < d; j++) xe[j] = centroid[j] + 2 * (centroid[j] - pw[j]);
      const fe = ev(xe);
      if (fe < fr) {
        pw.set(xe);
        vals[worst] = fe;
      } else {
        pw.set(xr);
        vals[worst] = fr;
      }
      continue;
    }
    if (fr < vals[second]) {
      pw.set(xr);
      vals[worst] = fr;
      continue;
    }
    const outside = fr < vals[worst];
    for (let j = 0; j < d; j++)
      xc[j] = outside ? centroid[j] + 0.5 * (xr[j] - centroid[j]) : centroid[j] + 0.5 * (pw[j] - centroid[j]);
    const fc = ev(xc);
    if (fc < (outside ? fr : vals[worst])) {
      pw.set(xc);
      vals[worst] = fc;
      continue;
    }
    const pb = pts[best];
    for (let i = 1; i <= d; i++) {
      const p = pts[order[i]];
      for (let j = 0; j < d; j++) p[j] = pb[j] + 0.5 * (p[j] - pb[j]);
      vals[order[i]] = ev(p);
    }
  }
  let bi = 0;
  for (let i = 1; i <= d; i++) if (vals[i] < vals[bi]) bi = i;
  return { x: Float64Array.from(pts[bi]), value: vals[bi], evaluations: evals, converged };
}
