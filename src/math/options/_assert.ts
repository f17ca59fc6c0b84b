import { InvalidInputError } from "../../errors/math.js";

/** Throws InvalidInputError unless `value` is a finite number ≥ 0 (internal to math/options and math/replication). */
export function assertNonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new InvalidInputError({ field, value, expected: "a finite number >= 0" });
}

/** Throws InvalidInputError naming an output that is not finite (NaN never leaves math). */
export function assertFiniteOutput(field: string, value: number): void {
  if (!Number.isFinite(value))
    throw new InvalidInputError({
      field,
      value,
      expected: "a finite result (inputs out of floating-point range)",
    });
}
