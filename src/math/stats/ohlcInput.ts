import { InvalidInputError } from "../../errors/math.js";
import type { AnnualisationFactorParameters } from "./annualisationFactor.js";

/** OHLC bars as columns (typed arrays of equal length), plus how to annualise. */
export type OhlcVolatilityParameters = AnnualisationFactorParameters & {
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
};

/** The result of every realised-volatility estimator. */
export type OhlcVolatilityReturnType = {
  /** Annualised volatility √(variancePerBar · barsPerYear), decimal fraction (0.6 = 60 %/yr). */
  volatility: number;
  /** Variance per bar of log price. */
  variancePerBar: number;
  /** Number of bars (or returns) that entered the estimate. */
  count: number;
};

/**
 * Returns the bar count after checking OHLC columns: equal lengths, at least `minBars`, every price finite > 0
 * and low ≤ open, close ≤ high. Throws InvalidInputError naming the column and index.
 */
export function checkOhlc(p: OhlcVolatilityParameters, minBars: number): number {
  const n = p.close.length;
  for (const [name, col] of [
    ["open", p.open],
    ["high", p.high],
    ["low", p.low],
  ] as const)
    if (col.length !== n)
      throw new InvalidInputError({
        field: `${name}.length`,
        value: col.length,
        expected: `${n} (close.length)`,
      });
  if (n < minBars)
    throw new InvalidInputError({ field: "close.length", value: n, expected: `>= ${minBars} bars` });
  for (let i = 0; i < n; i++) {
    const o = p.open[i];
    const h = p.high[i];
    const l = p.low[i];
    const c = p.close[i];
    if (!(l > 0 && h < Number.POSITIVE_INFINITY && l <= o && l <= c && o <= h && c <= h))
      throw new InvalidInputError({
        field: `bar[${i}]`,
        value: { open: o, high: h, low: l, close: c },
        expected: "finite prices > 0 with low <= open, close <= high",
      });
  }
  return n;
}
