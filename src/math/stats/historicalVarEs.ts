import { requireObject } from "../../errors/guards.js";
import { assertPositive, InvalidInputError } from "../../errors/math.js";
import { type VarEs, varEsFromPnl } from "./varEsFromPnl.js";

export type HistoricalVarEsParameters = {
  /** Current price (quote per base). */
  price: number;
  /** Position value in quote units as a function of price, e.g. an LP position's value. */
  value: (price: number) => number;
  /** Optional hedge value as a function of price, added to `value` (e.g. a short perp: p ↦ −h·(p − price0)). */
  hedge?: (price: number) => number;
  /** Historical log returns per bar, oldest first. */
  logReturns: ArrayLike<number>;
  /** Horizon in bars; each scenario is the sum of `horizon` consecutive returns (default 1). */
  horizon?: number;
  /** Overlapping windows start at every bar (n − h + 1 scenarios, default); otherwise stride h (⌊n/h⌋ scenarios). */
  overlapping?: boolean;
  /** Confidence level, default 0.99. */
  confidence?: number;
};
export type HistoricalVarEsReturnType = VarEs & { value: number };
export type HistoricalVarEsErrorType = InvalidInputError;

/**
 * Returns the historical-simulation VaR and ES (quote units, positive = loss) of a position plus optional hedge.
 *
 * Formula: scenario j has horizon log return R_j = Σ_{i=s_j}^{s_j+h−1} r_i (s_j = j for overlapping windows,
 * j·h for non-overlapping) and price P_j = P · e^{R_j}; its P&L is V(P_j) + H(P_j) − V(P) − H(P), every scenario
 * fully revalued. VaR and ES come from {@link varEsFromPnl}. Overlapping windows use all the data but the
 * scenarios are autocorrelated (the effective sample is ≈ n/h); non-overlapping are independent but few.
 *
 * @example
 * import { historicalVarEs } from "./historicalVarEs.js";
 * historicalVarEs({ price: 100, value: (p) => p, logReturns: [0.01, -0.05, 0.02], confidence: 0.6 });
 * // valueAtRisk = 100·(1 − e^{-0.05}) ≈ 4.877
 * @see Jorion, P. (2007) Value at Risk, 3rd ed., ch. 10 "VaR methods"
 */
export function historicalVarEs(options: HistoricalVarEsParameters): HistoricalVarEsReturnType {
  const {
    price,
    value,
    hedge,
    logReturns,
    horizon = 1,
    overlapping = true,
    confidence = 0.99,
  } = requireObject(options, "options");
  assertPositive("price", price);
  const n = logReturns.length;
  if (!(Number.isInteger(horizon) && horizon >= 1 && horizon <= n))
    throw new InvalidInputError({
      field: "horizon",
      value: horizon,
      expected: `an integer in [1, ${n}] bars`,
    });
  const v0 = value(price) + (hedge ? hedge(price) : 0);
  if (!Number.isFinite(v0))
    throw new InvalidInputError({ field: "value(price)", value: v0, expected: "a finite value" });
  const count = overlapping ? n - horizon + 1 : Math.floor(n / horizon);
  const stride = overlapping ? 1 : horizon;
  const pnl = new Float64Array(count);
  // rolling window sum
  let sum = 0;
  for (let i = 0; i < horizon; i++) sum += logReturns[i];
  for (let j = 0; j < count; j++) {
    const start = j * stride;
    if (j > 0) {
      if (overlapping) sum += logReturns[start + horizon - 1] - logReturns[start - 1];
      else {
        sum = 0;
        for (let i = start; i < start + horizon; i++) sum += logReturns[i];
      }
    }
    const p = price * Math.exp(sum);
    pnl[j] = value(p) + (hedge ? hedge(p) : 0) - v0;
  }
  return { ...varEsFromPnl(pnl, confidence), value: v0 };
}
