import { InvalidInputError } from "../../errors/math.js";

/** Throws InvalidInputError (field `weight`) unless 0 < weight < 1 (internal helper, not re-exported). */
export function checkWeight(weight: number): void {
  if (!(weight > 0 && weight < 1))
    throw new InvalidInputError({ field: "weight", value: weight, expected: "a number in (0, 1)" });
}
