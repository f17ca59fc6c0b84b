import { requireString } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";

/** The two option kinds, as an `as const` object with a derived union type. */
export const OptionKind = { call: "call", put: "put" } as const;
/** `"call"` or `"put"`. */
export type OptionKind = (typeof OptionKind)[keyof typeof OptionKind];

/**
 * Returns ω = +1 for a call and −1 for a put, the sign in the unified Black formula ωD(F·Φ(ωd₁) − K·Φ(ωd₂)).
 * Throws InvalidInputError naming `field` for any other value.
 * @example
 * import { optionSign } from "./optionKind.js";
 * optionSign("put"); // -1
 * @see Black, F. (1976) "The pricing of commodity contracts", J. Financial Economics 3, 167–179
 */
export function optionSign(kind: OptionKind, field = "kind"): 1 | -1 {
  requireString(field, "field");
  if (kind === "call") return 1;
  if (kind === "put") return -1;
  throw new InvalidInputError({ field, value: kind, expected: '"call" or "put"' });
}
