import { InvalidInputError } from "../errors/math.js";

/** Throws InvalidInputError unless `value` is a finite number in [min, max] (bounds inclusive). */
export function checkNumber(field: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity ? "a finite number" : `a finite number in [${min}, ${max}]`;
    throw new InvalidInputError({ field, value, expected: range });
  }
  return value;
}

/** Throws InvalidInputError unless `value` is a finite number > 0. */
export function checkPositive(field: string, value: unknown): number {
  if (typeof value !== "number" || !(Number.isFinite(value) && value > 0))
    throw new InvalidInputError({ field, value, expected: "a finite number > 0" });
  return value;
}

/** Throws InvalidInputError unless `value` is an integer in [min, max]. */
export function checkInteger(
  field: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    throw new InvalidInputError({ field, value, expected: `an integer in [${min}, ${max}]` });
  return value;
}

/** Throws InvalidInputError unless the path buffer has at least 2 points and a positive start price. */
export function checkPathBuffer(out: Float64Array, dtYears: number): void {
  if (out.length < 2)
    throw new InvalidInputError({ field: "out.length", value: out.length, expected: ">= 2" });
  checkPositive("out[0]", out[0]);
  checkPositive("dtYears", dtYears);
}
