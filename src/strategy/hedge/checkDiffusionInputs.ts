import { InvalidInputError } from "../../errors/index.js";

/**
 * Throws InvalidInputError naming the first bad input of a band or rebalance formula that moves delta by Γ·S·σ·√T:
 * `volatility` (annual fraction ≥ 0), `horizonYears` (≥ 0) and `price` (> 0), each finite.
 */
export function checkDiffusionInputs(p: { volatility: number; horizonYears: number; price: number }): void {
  if (!(p.volatility >= 0 && Number.isFinite(p.volatility)))
    throw new InvalidInputError({
      field: "volatility",
      value: p.volatility,
      expected: "an annual fraction >= 0",
    });
  if (!(p.horizonYears >= 0 && Number.isFinite(p.horizonYears)))
    throw new InvalidInputError({ field: "horizonYears", value: p.horizonYears, expected: "years >= 0" });
  if (!(p.price > 0 && Number.isFinite(p.price)))
    throw new InvalidInputError({ field: "price", value: p.price, expected: "a finite number > 0" });
}
