import { requireObject } from "../../errors/guards.js";
import { assertFinite, type InvalidInputError } from "../../errors/math.js";
import { annualisationFactor } from "./annualisationFactor.js";
import { checkOhlc, type OhlcVolatilityParameters, type OhlcVolatilityReturnType } from "./ohlcInput.js";

export type YangZhangVolatilityParameters = OhlcVolatilityParameters & {
  /** Weight of the open-to-close variance; default the variance-minimising k = 0.34 / (1.34 + (n+1)/(n−1)). */
  k?: number;
};
export type YangZhangVolatilityReturnType = OhlcVolatilityReturnType & { k: number };
export type YangZhangVolatilityErrorType = InvalidInputError;

/**
 * Returns the Yang–Zhang realised volatility, annualised, and the weight k it used.
 *
 * Formula, over bars i = 1..n (bar 0 only supplies the first previous close):
 * o_i = ln(O_i / C_{i−1}) (overnight), c_i = ln(C_i / O_i) (open to close),
 * σ²_o = sample variance of o, σ²_c = sample variance of c (n − 1 denominators),
 * σ²_rs = Rogers–Satchell mean over the same bars, k = 0.34 / (1.34 + (n+1)/(n−1)),
 * σ²_bar = σ²_o + k σ²_c + (1 − k) σ²_rs; volatility = √(σ²_bar · barsPerYear).
 * Unbiased under drift and opening jumps, minimum variance among this family.
 *
 * @example
 * import { yangZhangVolatility } from "./yangZhangVolatility.js";
 * yangZhangVolatility({ open, high, low, close, barMs: 3_600_000 }).volatility;
 * @see Yang, D. and Zhang, Q. (2000) "Drift-independent volatility estimation based on high, low, open and close prices", J. Business 73(3), eq. (9)
 */
export function yangZhangVolatility(p: YangZhangVolatilityParameters): YangZhangVolatilityReturnType {
  requireObject(p, "options");
  const bpy = annualisationFactor(p);
  const total = checkOhlc(p, 3);
  const n = total - 1;
  let so = 0;
  let soo = 0;
  let sc = 0;
  let scc = 0;
  let srs = 0;
  for (let i = 1; i <= n; i++) {
    const h = Math.log(p.high[i]);
    const l = Math.log(p.low[i]);
    const o = Math.log(p.open[i]);
    const c = Math.log(p.close[i]);
    const on = o - Math.log(p.close[i - 1]);
    const oc = c - o;
    so += on;
    soo += on * on;
    sc += oc;
    scc += oc * oc;
    srs += (h - c) * (h - o) + (l - c) * (l - o);
  }
  const varO = Math.max(0, (soo - (so * so) / n) / (n - 1));
  const varC = Math.max(0, (scc - (sc * sc) / n) / (n - 1));
  const varRs = Math.max(0, srs / n);
  const k = p.k ?? 0.34 / (1.34 + (n + 1) / (n - 1));
  const variancePerBar = varO + k * varC + (1 - k) * varRs;
  const volatility = Math.sqrt(variancePerBar * bpy);
  assertFinite("volatility", volatility);
  return { volatility, variancePerBar, count: n, k };
}
