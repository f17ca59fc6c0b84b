import { requireObject } from "../../errors/guards.js";
import { assertFinite, assertPositive, InvalidInputError } from "../../errors/math.js";
import { v2AmountBase } from "../v2/v2AmountBase.js";
import { v2AmountQuote } from "../v2/v2AmountQuote.js";
import { v2Gamma } from "../v2/v2Gamma.js";
import { v2ImpermanentLoss } from "../v2/v2ImpermanentLoss.js";
import { v2LiquidityForDeposit } from "../v2/v2LiquidityForDeposit.js";
import { v2LvrPerYear } from "../v2/v2LvrPerYear.js";
import { v2Value } from "../v2/v2Value.js";
import { checkRange } from "../v3/float/checkRange.js";
import { v3AmountBase } from "../v3/float/v3AmountBase.js";
import { v3AmountQuote } from "../v3/float/v3AmountQuote.js";
import { v3Gamma } from "../v3/float/v3Gamma.js";
import { v3ImpermanentLoss } from "../v3/float/v3ImpermanentLoss.js";
import { v3LiquidityForDeposit } from "../v3/float/v3LiquidityForDeposit.js";
import { v3LvrPerYear } from "../v3/float/v3LvrPerYear.js";
import { checkWeight } from "../weighted/checkWeight.js";
import { weightedImpermanentLoss } from "../weighted/weightedImpermanentLoss.js";
import { weightedLiquidityForDeposit } from "../weighted/weightedLiquidityForDeposit.js";
import { weightedValue } from "../weighted/weightedValue.js";

/** The pool kinds `analyzePosition` understands. */
export const PositionKind = { v2: "v2", v3: "v3", weighted: "weighted" } as const;
export type PositionKind = (typeof PositionKind)[keyof typeof PositionKind];

export type AnalyzePositionParameters = {
  /** `v2` constant product, `v3` concentrated on [lower, upper], `weighted` two-asset Balancer pool. */
  kind: PositionKind;
  /** Current price, quote per base. */
  price: number;
  /** Entry price, quote per base: the entry amounts are the position's amounts there (same liquidity). */
  entryPrice: number;
  /** Liquidity L (v2, v3: √(base·quote) human units) or invariant k = base^w·quote^(1−w) (weighted). */
  liquidity?: number;
  /** Deposit value in quote units at `entryPrice`, instead of `liquidity`. */
  deposit?: number;
  /** Lower end of the range (v3 only), quote per base. */
  lower?: number;
  /** Upper end of the range (v3 only), quote per base. */
  upper?: number;
  /** Base weight in (0, 1) (weighted only). */
  weight?: number;
  /** Annualised volatility of log price; when given, LVR and the break-even fee APR are returned. */
  vol?: number;
};

export type AnalyzePositionReturnType = {
  kind: PositionKind;
  price: number;
  entryPrice: number;
  /** Value now, quote units. */
  value: number;
  /** Value now of the amounts held at entry, quote units. */
  hodlValue: number;
  /** value / hodlValue − 1 (≤ 0), from the kind's closed form. */
  impermanentLoss: number;
  /** Base amount now (base units). */
  amountBase: number;
  /** Quote amount now (quote units). */
  amountQuote: number;
  /** Base amount at entry. */
  entryAmountBase: number;
  /** Quote amount at entry. */
  entryAmountQuote: number;
  liquidity: number;
  /** ∂value/∂price, base units (= amountBase). */
  delta: number;
  /** ∂²value/∂price². */
  gamma: number;
  /** Loss-versus-rebalancing rate, quote per year (only with `vol`). */
  lvrPerYear?: number;
  /** Fee APR at which fees pay for LVR: lvrPerYear / value (only with `vol`). */
  breakEvenFeeApr?: number;
  /** True when lower ≤ price < upper (always true for v2 and weighted). */
  inRange: boolean;
  lower?: number;
  upper?: number;
  weight?: number;
};

export type AnalyzePositionErrorType = InvalidInputError;

/**
 * Returns the analytics of one LP position (v2, v3 on a range, or a two-asset weighted pool): value, held
 * value of the entry amounts, impermanent loss, amounts, delta, gamma and, with `vol`, LVR per year and the
 * break-even fee APR.
 *
 * Formulas (value in quote, P in quote per base): v2 value = 2L√P, delta = L/√P, gamma = −L/(2P^{3/2}),
 * LVR = σ²/8·value; v3 amounts base = L(1/√P − 1/√B), quote = L(√P − √A) inside [A, B] (all base below,
 * all quote above), gamma = −L/(2P^{3/2}) inside and 0 outside, LVR = σ²L√P/4 inside; weighted
 * V = k(P/w)^w(1−w)^(w−1), delta = wV/P, gamma = w(w−1)V/P², LVR = σ²/2·w(1−w)·V.
 * IL = value/hodlValue − 1. Every input is validated and every output checked finite.
 *
 * @example
 * import { analyzePosition } from "./analyzePosition.js";
 * analyzePosition({ kind: "v2", price: 4, entryPrice: 1, liquidity: 100 });
 * // { value: 400, hodlValue: 500, impermanentLoss: -0.2, amountBase: 50, amountQuote: 200, delta: 50, ... }
 * @see https://arxiv.org/abs/2208.06046 (Milionis et al., 2022), https://uniswap.org/whitepaper-v3.pdf
 * @throws {InvalidInputError} naming the field: `kind` unknown, `price`/`entryPrice`/`liquidity`/`deposit`
 *   not finite > 0, neither or both of `liquidity` and `deposit`, v3 without `lower`/`upper` or with
 *   `lower >= upper`, a range given to v2/weighted, `weight` missing or outside (0, 1), `vol` < 0.
 */
export function analyzePosition(parameters: AnalyzePositionParameters): AnalyzePositionReturnType {
  requireObject(parameters, "options");
  const { kind, price, entryPrice, liquidity: liquidityIn, deposit, lower, upper, weight, vol } = parameters;
  if (kind !== "v2" && kind !== "v3" && kind !== "weighted")
    throw new InvalidInputError({ field: "kind", value: kind, expected: "one of v2, v3, weighted" });
  assertPositive("price", price);
  assertPositive("entryPrice", entryPrice);
  if (liquidityIn === undefined && deposit === undefined)
    throw new InvalidInputError({
      field: "liquidity",
      value: undefined,
      expected: "one of liquidity or deposit",
    });
  if (liquidityIn !== undefined && deposit !== undefined)
    throw new InvalidInputError({
      field: "deposit",
      value: deposit,
      expected: "to be omitted when liquidity is given (give one of them)",
    });
  if (liquidityIn !== undefined) assertPositive("liquidity", liquidityIn);
  if (deposit !== undefined) assertPositive("deposit", deposit);
  if (kind === "v3") {
    if (lower === undefined)
      throw new InvalidInputError({ field: "lower", value: lower, expected: "a number > 0 for kind v3" });
    if (upper === undefined)
      throw new InvalidInputError({ field: "upper", value: upper, expected: "a number > lower for kind v3" });
    checkRange("lower", lower, "upper", upper);
  } else {
    if (lower !== undefined)
      throw new InvalidInputError({ field: "lower", value: lower, expected: `no range for kind ${kind}` });
    if (upper !== undefined)
      throw new InvalidInputError({ field: "upper", value: upper, expected: `no range for kind ${kind}` });
  }
  if (kind === "weighted") {
    if (weight === undefined)
      throw new InvalidInputError({
        field: "weight",
        value: weight,
        expected: "a number in (0, 1) for kind weighted",
      });
    checkWeight(weight);
  } else if (weight !== undefined) {
    throw new InvalidInputError({ field: "weight", value: weight, expected: `no weight for kind ${kind}` });
  }
  if (vol !== undefined && !(vol >= 0 && vol < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({ field: "vol", value: vol, expected: "a finite number >= 0" });

  let result: AnalyzePositionReturnType;
  if (kind === "v2") result = analyzeV2(price, entryPrice, liquidityIn, deposit, vol);
  else if (kind === "v3") result = analyzeV3(price, entryPrice, liquidityIn, deposit, lower!, upper!, vol);
  else result = analyzeWeighted(price, entryPrice, liquidityIn, deposit, weight!, vol);

  for (const [field, v] of Object.entries(result)) if (typeof v === "number") assertFinite(field, v);
  return result;
}

function lvrFields(lvrPerYear: number | undefined, value: number) {
  return lvrPerYear === undefined ? {} : { lvrPerYear, breakEvenFeeApr: lvrPerYear / value };
}

function analyzeV2(
  price: number,
  entryPrice: number,
  liquidityIn: number | undefined,
  deposit: number | undefined,
  vol: number | undefined,
): AnalyzePositionReturnType {
  const liquidity = liquidityIn ?? v2LiquidityForDeposit({ deposit: deposit!, entryPrice });
  const s = Math.sqrt(price);
  const s0 = Math.sqrt(entryPrice);
  const amountBase = v2AmountBase(liquidity, s);
  const entryAmountBase = v2AmountBase(liquidity, s0);
  const entryAmountQuote = v2AmountQuote(liquidity, s0);
  const value = v2Value(liquidity, s);
  const lvr = vol === undefined ? undefined : v2LvrPerYear(liquidity, s, vol);
  return {
    kind: "v2",
    price,
    entryPrice,
    value,
    hodlValue: entryAmountBase * price + entryAmountQuote,
    impermanentLoss: v2ImpermanentLoss({ price, entryPrice }),
    amountBase,
    amountQuote: v2AmountQuote(liquidity, s),
    entryAmountBase,
    entryAmountQuote,
    liquidity,
    delta: amountBase,
    gamma: v2Gamma(liquidity, s),
    ...lvrFields(lvr, value),
    inRange: true,
  };
}

function analyzeV3(
  price: number,
  entryPrice: number,
  liquidityIn: number | undefined,
  deposit: number | undefined,
  lower: number,
  upper: number,
  vol: number | undefined,
): AnalyzePositionReturnType {
  const liquidity = liquidityIn ?? v3LiquidityForDeposit({ deposit: deposit!, entryPrice, lower, upper });
  const sa = Math.sqrt(lower);
  const sb = Math.sqrt(upper);
  const s = Math.sqrt(price);
  const s0 = Math.sqrt(entryPrice);
  const amountBase = v3AmountBase(liquidity, s, sa, sb);
  const amountQuote = v3AmountQuote(liquidity, s, sa, sb);
  const entryAmountBase = v3AmountBase(liquidity, s0, sa, sb);
  const entryAmountQuote = v3AmountQuote(liquidity, s0, sa, sb);
  const value = amountBase * price + amountQuote;
  const lvr = vol === undefined ? undefined : v3LvrPerYear(liquidity, s, sa, sb, vol);
  return {
    kind: "v3",
    price,
    entryPrice,
    value,
    hodlValue: entryAmountBase * price + entryAmountQuote,
    impermanentLoss: v3ImpermanentLoss({ price, entryPrice, lower, upper }),
    amountBase,
    amountQuote,
    entryAmountBase,
    entryAmountQuote,
    liquidity,
    delta: amountBase,
    gamma: v3Gamma(liquidity, s, sa, sb),
    ...lvrFields(lvr, value),
    inRange: s >= sa && s < sb, // the same test as v3Gamma and v3LvrPerYear
    lower,
    upper,
  };
}

function analyzeWeighted(
  price: number,
  entryPrice: number,
  liquidityIn: number | undefined,
  deposit: number | undefined,
  weight: number,
  vol: number | undefined,
): AnalyzePositionReturnType {
  const liquidity = liquidityIn ?? weightedLiquidityForDeposit({ deposit: deposit!, entryPrice, weight });
  const value = weightedValue(liquidity, price, weight);
  const value0 = weightedValue(liquidity, entryPrice, weight);
  const amountBase = (weight * value) / price;
  const entryAmountBase = (weight * value0) / entryPrice;
  const entryAmountQuote = (1 - weight) * value0;
  const lvr = vol === undefined ? undefined : ((vol * vol) / 2) * weight * (1 - weight) * value;
  return {
    kind: "weighted",
    price,
    entryPrice,
    value,
    hodlValue: entryAmountBase * price + entryAmountQuote,
    impermanentLoss: weightedImpermanentLoss({ price, entryPrice, weight }),
    amountBase,
    amountQuote: (1 - weight) * value,
    entryAmountBase,
    entryAmountQuote,
    liquidity,
    delta: amountBase,
    gamma: ((weight - 1) * amountBase) / price,
    ...lvrFields(lvr, value),
    inRange: true,
    weight,
  };
}
