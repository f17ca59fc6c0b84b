/**
 * Internal guards shared by the v3 exact ports: the ABI types of the Solidity arguments (`uint160`, `uint128`,
 * `int256`, ...) checked on native `bigint`, which is unbounded. Not exported from the folder's index.
 */
import { InvalidInputError } from "../../errors/math.js";

/** Throws InvalidInputError unless `value` is a bigint in [0, max] (the unsigned Solidity type `type`). */
export function assertUint(field: string, value: bigint, max: bigint, type: string): void {
  if (typeof value !== "bigint" || value < 0n || value > max)
    throw new InvalidInputError({ field, value, expected: `a ${type} bigint in [0, ${max}]` });
}

/** Throws InvalidInputError unless `value` is a bigint in [min, max] (the signed Solidity type `type`). */
export function assertInt(field: string, value: bigint, min: bigint, max: bigint, type: string): void {
  if (typeof value !== "bigint" || value < min || value > max)
    throw new InvalidInputError({ field, value, expected: `an ${type} bigint in [${min}, ${max}]` });
}
