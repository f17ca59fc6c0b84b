import { assertPositive, InvalidInputError } from "../../../errors/math.js";

/** Throws InvalidInputError unless `0 < lower < upper` and both are finite (internal helper, not exported). */
export function checkRange(lowerField: string, lower: number, upperField: string, upper: number): void {
  assertPositive(lowerField, lower);
  assertPositive(upperField, upper);
  if (!(lower < upper))
    throw new InvalidInputError({
      field: lowerField,
      value: lower,
      expected: `a number < ${upperField} ${upper}`,
    });
}
