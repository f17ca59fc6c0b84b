import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";

/** Milliseconds in the 365-day crypto year used for annualisation (markets trade every day). */
export const MS_PER_YEAR = 365 * 86_400_000;

export type AnnualisationFactorParameters = {
  /** Bars per year, e.g. 8760 for hourly crypto bars, 365 for daily. Wins over `barMs`. */
  barsPerYear?: number;
  /** Bar length in ms; barsPerYear = 365 · 86 400 000 / barMs (365-day crypto year). */
  barMs?: number;
};

export type AnnualisationFactorErrorType = InvalidInputError;

/**
 * Returns the number of bars per year used to annualise a per-bar variance: σ²_year = σ²_bar · barsPerYear.
 *
 * Formula: barsPerYear as given, else 365 · 86 400 000 / barMs (a 365-day year: crypto trades 24/7, so there are
 * 8760 hourly and 365 daily bars a year, not 252 trading days). Units: bars per year.
 *
 * @example
 * import { annualisationFactor } from "./annualisationFactor.js";
 * annualisationFactor({ barMs: 3_600_000 }); // 8760
 * @see https://en.wikipedia.org/wiki/Volatility_(finance)#Mathematical_definition
 */
export function annualisationFactor(options: AnnualisationFactorParameters): number {
  const { barsPerYear, barMs } = requireObject(options, "options");
  if (barsPerYear !== undefined) {
    if (!(Number.isFinite(barsPerYear) && barsPerYear > 0))
      throw new InvalidInputError({
        field: "barsPerYear",
        value: barsPerYear,
        expected: "a finite number > 0",
      });
    return barsPerYear;
  }
  if (barMs !== undefined) {
    if (!(Number.isFinite(barMs) && barMs > 0))
      throw new InvalidInputError({ field: "barMs", value: barMs, expected: "a finite number > 0" });
    return MS_PER_YEAR / barMs;
  }
  throw new InvalidInputError({ field: "barsPerYear", value: undefined, expected: "barsPerYear or barMs" });
}
