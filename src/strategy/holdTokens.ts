import type { Intent, Strategy } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";

export type HoldTokensParameters = { baseFraction?: number };

/**
 * Returns the hold baseline: at bar 0 it swaps cash so that `baseFraction` (default 0.5) of its value is in base,
 * then holds the tokens. Its IL is 0 by definition; it is the benchmark the LP strategies are compared with.
 */
export function holdTokens(options: HoldTokensParameters = {}): Strategy {
  const { baseFraction = 0.5 } = requireObject(options, "options");
  if (!(baseFraction >= 0 && baseFraction <= 1))
    throw new InvalidInputError({
      field: "baseFraction",
      value: baseFraction,
      expected: "a number in [0, 1]",
    });
  return {
    name: "hold",
    stateless: true,
    init(): readonly Intent[] {
      return [{ kind: "swap", baseFraction }];
    },
    onBar(): undefined {
      return undefined;
    },
  };
}
