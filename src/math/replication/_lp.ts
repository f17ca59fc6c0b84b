/** Internal helpers of math/replication: LP payoff value and slope without checks, range validation. */
import { assertFinite, InvalidInputError } from "../../errors/math.js";

/**
 * Validates an LP range for the replication functions (internal to math/replication).
 * @internal
 */
export function checkRange(liquidity: number, lower: number, upper: number): void {
  assertFinite("liquidity", liquidity);
  if (liquidity < 0)
    throw new InvalidInputError({ field: "liquidity", value: liquidity, expected: "a number >= 0" });
  if (!(Number.isFinite(lower) && lower >= 0))
    throw new InvalidInputError({ field: "lower", value: lower, expected: "a finite price >= 0" });
  if (!(upper > lower) || Number.isNaN(upper))
    throw new InvalidInputError({
      field: "upper",
      value: upper,
      expected: `a price > lower (${lower}), or Infinity`,
    });
}

/**
 * f(S) with √A, √B precomputed; no checks (internal).
 * @internal
 */
export function lpValueUnchecked(
  liquidity: number,
  sqrtLower: number,
  sqrtUpper: number,
  price: number,
): number {
  if (price === 0) return 0;
  const sqrtPrice = Math.sqrt(price);
  if (sqrtPrice >= sqrtUpper) return liquidity * (sqrtUpper - sqrtLower);
  if (sqrtPrice <= sqrtLower) return liquidity * price * (1 / sqrtLower - 1 / sqrtUpper);
  // L((√S − √A) + √S(√B − √S)/√B): no cancellation in narrow ranges; √B = ∞ gives L(2√S − √A).
  const tail =
    sqrtUpper === Number.POSITIVE_INFINITY ? sqrtPrice : (sqrtPrice * (sqrtUpper - sqrtPrice)) / sqrtUpper;
  return liquidity * (sqrtPrice - sqrtLower + tail);
}

/**
 * f′(S+), the right derivative (base units); no checks (internal).
 * @internal
 */
export function lpSlopeUnchecked(
  liquidity: number,
  sqrtLower: number,
  sqrtUpper: number,
  price: number,
): number {
  const sqrtPrice = Math.sqrt(price);
  if (sqrtPrice >= sqrtUpper) return 0;
  const inv = sqrtUpper === Number.POSITIVE_INFINITY ? 0 : 1 / sqrtUpper;
  if (sqrtPrice < sqrtLower) return liquidity * (1 / sqrtLower - inv);
  return liquidity * (1 / sqrtPrice - inv);
}
