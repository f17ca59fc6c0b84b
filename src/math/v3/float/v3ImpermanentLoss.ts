import { requireObject } from "../../../errors/guards.js";
import { assertFinite, assertPositive, type InvalidInputError } from "../../../errors/math.js";
import { checkRange } from "./checkRange.js";
import { v3AmountBase } from "./v3AmountBase.js";
import { v3AmountQuote } from "./v3AmountQuote.js";

export type V3ImpermanentLossParameters = {
  /** Current price, quote per base. */
  price: number;
  /** Entry price, quote per base. */
  entryPrice: number;
  /** Lower end A of the range, quote per base. */
  lower: number;
  /** Upper end B of the range, quote per base. */
  upper: number;
};
export type V3ImpermanentLossReturnType = number;
export type V3ImpermanentLossErrorType = InvalidInputError;

/**
 * Returns the impermanent loss of a concentrated-liquidity position on [A, B] entered at `entryPrice`.
 *
 * Formula: IL = value(P) / hodl(P) − 1 with hodl(P) = base(P0)·P + quote(P0), amounts from `v3AmountBase` /
 * `v3AmountQuote`; computed as (value − hodl)/hodl to keep precision near P = P0. Independent of L, always ≤ 0.
 *
 * @example
 * import { v3ImpermanentLoss } from "./v3ImpermanentLoss.js";
 * v3ImpermanentLoss({ price: 4, entryPrice: 1, lower: 0.25, upper: 16 }); // -0.2857… (= 2.5 / 3.5 − 1)
 * @see https://uniswap.org/whitepaper-v3.pdf
 * @throws {InvalidInputError} when a price is not a finite number > 0 or `lower >= upper`.
 */
export function v3ImpermanentLoss(options: V3ImpermanentLossParameters): number {
  const { price, entryPrice, lower, upper } = requireObject(options, "options");
  assertPositive("price", price);
  assertPositive("entryPrice", entryPrice);
  checkRange("lower", lower, "upper", upper);
  const sa = Math.sqrt(lower);
  const sb = Math.sqrt(upper);
  const s = Math.sqrt(price);
  const s0 = Math.sqrt(entryPrice);
  const base = v3AmountBase(1, s, sa, sb);
  const base0 = v3AmountBase(1, s0, sa, sb);
  const quote = v3AmountQuote(1, s, sa, sb);
  const quote0 = v3AmountQuote(1, s0, sa, sb);
  const hodl = base0 * price + quote0;
  const il = ((base - base0) * price + (quote - quote0)) / hodl;
  assertFinite("impermanentLoss", il);
  // value ≤ hodl holds exactly; clamp a rounding residue of order 1e-17 above zero.
  return il > 0 ? 0 : il;
}
