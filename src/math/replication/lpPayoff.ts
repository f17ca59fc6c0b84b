import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";
import { checkRange, lpValueUnchecked } from "./_lp.js";

export type LpPayoffParameters = {
  /** Liquidity L in √(base·quote) human units, ≥ 0. */
  liquidity: number;
  /** Lower price of the range A, ≥ 0 (0 with `upper` = Infinity is a full-range v2 position). */
  lower: number;
  /** Upper price of the range B, > lower (may be Infinity). */
  upper: number;
  /** Price S at which to value the position, quote per base, ≥ 0. */
  price: number;
};

export type LpPayoffErrorType = InvalidInputError;

/**
 * Returns the value in quote units of a liquidity position at price S (its payoff if held to a date with price S,
 * fees excluded).
 *
 * Formula (DESIGN.md): inside [A, B] f = L(2√S − √A − S/√B); below A f = L·S·(1/√A − 1/√B); above B
 * f = L(√B − √A). With A = 0 and B = ∞ this is the v2 value 2L√S. f′ is continuous; f″(S) = −L/(2S^{3/2}) on (A, B)
 * and 0 outside, with jumps at A and B.
 *
 * @example
 * import { lpPayoff } from "./lpPayoff.js";
 * lpPayoff({ liquidity: 100, lower: 1, upper: 16, price: 4 }); // 200
 * @see https://uniswap.org/whitepaper-v3.pdf (eq. 6.29–6.30)
 */
export function lpPayoff(params: LpPayoffParameters): number {
  requireObject(params, "options");
  const { liquidity, lower, upper, price } = params;
  checkRange(liquidity, lower, upper);
  if (!(Number.isFinite(price) && price >= 0))
    throw new InvalidInputError({ field: "price", value: price, expected: "a finite number >= 0" });
  return lpValueUnchecked(liquidity, Math.sqrt(lower), Math.sqrt(upper), price);
}
