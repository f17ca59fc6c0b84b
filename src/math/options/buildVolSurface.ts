import { requireObject } from "../../errors/guards.js";
import { assertPositive, InvalidInputError } from "../../errors/math.js";
import { assertFiniteOutput } from "./_assert.js";

/** The quotes of one expiry: implied vols at strikes, and the forward for that expiry. */
export type VolSlice = {
  /** Years to expiry, > 0; slices must have distinct times. */
  timeToExpiry: number;
  /** Forward price for the expiry, quote per base, > 0. */
  forward: number;
  /** Strikes (any order, distinct, > 0). */
  strikes: readonly number[];
  /** Implied vols (decimal per √year, > 0), one per strike. */
  vols: readonly number[];
};

export type BuildVolSurfaceParameters = {
  slices: readonly VolSlice[];
  /**
   * How total variance is interpolated across log-moneyness within an expiry: `"monotoneCubic"` (Fritsch–Carlson
   * piecewise cubic Hermite with harmonic-mean slopes, as MATLAB `pchip`; no overshoot between quotes) or
   * `"linear"`. Default `"monotoneCubic"`.
   */
  interpolation?: "linear" | "monotoneCubic";
};

/** A queryable implied-volatility surface. */
export type VolSurface = {
  /** Returns the implied vol (decimal per √year) at `strike` for `timeToExpiry` years. */
  volAt(strike: number, timeToExpiry: number): number;
  /** Returns the total implied variance w = σ²T at `strike` for `timeToExpiry` years. */
  totalVarianceAt(strike: number, timeToExpiry: number): number;
  /** Returns the forward used for `timeToExpiry`: ln F linear in T between slices, flat outside. */
  forwardAt(timeToExpiry: number): number;
  /** Slice times, ascending. */
  readonly times: readonly number[];
};

export type BuildVolSurfaceErrorType = InvalidInputError;

type Slice = { t: number; forward: number; k: Float64Array; w: Float64Array; m: Float64Array };

/**
 * Returns a volatility surface built from per-expiry implied-vol quotes.
 *
 * Within an expiry the total variance w = σ²T is interpolated in log-moneyness k = ln(K/F) (monotone cubic or
 * linear), and held flat beyond the first and last quoted strikes. Across expiries w is linear in T at constant
 * log-moneyness (each slice measured against its own forward); before the first expiry and after the last, the vol
 * of the nearest slice at that k is held (w scales with T). The forward for a query time is interpolated with ln F
 * linear in T. Linear-in-T total variance keeps calendar arbitrage out whenever the quoted slices are free of it.
 *
 * @example
 * import { buildVolSurface } from "./buildVolSurface.js";
 * const s = buildVolSurface({ slices: [{ timeToExpiry: 0.1, forward: 2766, strikes: [2500, 3000], vols: [0.79, 0.75] }] });
 * s.volAt(3000, 0.1); // 0.75
 * @see Gatheral, J. (2006) "The Volatility Surface", Wiley, ch. 3 (total variance, calendar arbitrage)
 * @see Fritsch, F. N. and Carlson, R. E. (1980) "Monotone piecewise cubic interpolation", SIAM J. Numer. Anal. 17, 238–246
 */
export function buildVolSurface(params: BuildVolSurfaceParameters): VolSurface {
  requireObject(params, "options");
  const { slices, interpolation = "monotoneCubic" } = params;
  if (interpolation !== "linear" && interpolation !== "monotoneCubic")
    throw new InvalidInputError({
      field: "interpolation",
      value: interpolation,
      expected: '"linear" or "monotoneCubic"',
    });
  if (!Array.isArray(slices) || slices.length === 0)
    throw new InvalidInputError({ field: "slices", value: slices, expected: "at least one expiry slice" });
  const built: Slice[] = slices.map((s, i) => buildSlice(s, i, interpolation === "monotoneCubic"));
  built.sort((a, b) => a.t - b.t);
  for (let i = 1; i < built.length; i++)
    if (built[i].t === built[i - 1].t)
      throw new InvalidInputError({
        field: "slices.timeToExpiry",
        value: built[i].t,
        expected: "distinct expiry times (merge quotes of one expiry into one slice)",
      });

  const forwardAt = (t: number): number => {
    const n = built.length;
    if (t <= built[0].t) return built[0].forward;
    if (t >= built[n - 1].t) return built[n - 1].forward;
    const j = upperIndex(built, t);
    const a = built[j - 1];
    const b = built[j];
    const u = (t - a.t) / (b.t - a.t);
    return Math.exp((1 - u) * Math.log(a.forward) + u * Math.log(b.forward));
  };

  const totalVarianceAt = (strike: number, t: number): number => {
    assertPositive("strike", strike);
    assertPositive("timeToExpiry", t);
    const k = Math.log(strike / forwardAt(t));
    const n = built.length;
    let w: number;
    if (t <= built[0].t) w = (sliceVariance(built[0], k) * t) / built[0].t;
    else if (t >= built[n - 1].t) w = (sliceVariance(built[n - 1], k) * t) / built[n - 1].t;
    else {
      const j = upperIndex(built, t);
      const a = built[j - 1];
      const b = built[j];
      const u = (t - a.t) / (b.t - a.t);
      w = (1 - u) * sliceVariance(a, k) + u * sliceVariance(b, k);
    }
    assertFiniteOutput("totalVarianceAt", w);
    return w;
  };

  return {
    volAt: (strike, t) => Math.sqrt(totalVarianceAt(strike, t) / t),
    totalVarianceAt,
    forwardAt: (t) => {
      assertPositive("timeToExpiry", t);
      return forwardAt(t);
    },
    times: built.map((s) => s.t),
  };
}

/** Index of the first slice with time > t (caller guarantees t is strictly inside the slice times). */
function upperIndex(built: readonly Slice[], t: number): number {
  let j = 1;
  while (built[j].t <= t) j++;
  return j;
}

function buildSlice(s: VolSlice, i: number, cubic: boolean): Slice {
  const field = `slices[${i}]`;
  assertPositive(`${field}.timeToExpiry`, s.timeToExpiry);
  assertPositive(`${field}.forward`, s.forward);
  const n = s.strikes.length;
  if (n === 0 || s.vols.length !== n)
    throw new InvalidInputError({
      field: `${field}.vols`,
      value: s.vols.length,
      expected: `one vol per strike (${n} strikes, at least one)`,
    });
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => s.strikes[a] - s.strikes[b]);
  const k = new Float64Array(n);
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const strike = s.strikes[order[j]];
    const vol = s.vols[order[j]];
    assertPositive(`${field}.strikes[${order[j]}]`, strike);
    assertPositive(`${field}.vols[${order[j]}]`, vol);
    k[j] = Math.log(strike / s.forward);
    w[j] = vol * vol * s.timeToExpiry;
    if (j > 0 && !(k[j] > k[j - 1]))
      throw new InvalidInputError({
        field: `${field}.strikes[${order[j]}]`,
        value: strike,
        expected: "distinct strikes",
      });
  }
  return { t: s.timeToExpiry, forward: s.forward, k, w, m: cubic ? pchipSlopes(k, w) : new Float64Array(0) };
}

/** Fritsch–Carlson slopes with the harmonic-mean rule and shape-preserving end conditions (MATLAB pchip). */
function pchipSlopes(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length;
  const m = new Float64Array(n);
  if (n < 2) return m;
  const h = new Float64Array(n - 1);
  const d = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    h[i] = x[i + 1] - x[i];
    d[i] = (y[i + 1] - y[i]) / h[i];
  }
  if (n === 2) {
    m[0] = m[1] = d[0];
    return m;
  }
  for (let i = 1; i < n - 1; i++) {
    if (d[i - 1] * d[i] <= 0) m[i] = 0;
    else {
      const w1 = 2 * h[i] + h[i - 1];
      const w2 = h[i] + 2 * h[i - 1];
      m[i] = (w1 + w2) / (w1 / d[i - 1] + w2 / d[i]);
    }
  }
  m[0] = endSlope(h[0], h[1], d[0], d[1]);
  m[n - 1] = endSlope(h[n - 2], h[n - 3], d[n - 2], d[n - 3]);
  return m;
}

function endSlope(h0: number, h1: number, d0: number, d1: number): number {
  let m = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
  if (Math.sign(m) !== Math.sign(d0)) m = 0;
  else if (Math.sign(d0) !== Math.sign(d1) && Math.abs(m) > Math.abs(3 * d0)) m = 3 * d0;
  return m;
}

/** Total variance of one slice at log-moneyness k: interpolated inside the quotes, flat outside. */
function sliceVariance(s: Slice, k: number): number {
  const n = s.k.length;
  if (k <= s.k[0]) return s.w[0];
  if (k >= s.k[n - 1]) return s.w[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s.k[mid] <= k) lo = mid;
    else hi = mid;
  }
  const h = s.k[hi] - s.k[lo];
  const u = (k - s.k[lo]) / h;
  if (s.m.length === 0) return s.w[lo] + u * (s.w[hi] - s.w[lo]);
  const u2 = u * u;
  const u3 = u2 * u;
  return (
    (2 * u3 - 3 * u2 + 1) * s.w[lo] +
    (u3 - 2 * u2 + u) * h * s.m[lo] +
    (-2 * u3 + 3 * u2) * s.w[hi] +
    (u3 - u2) * h * s.m[hi]
  );
}
