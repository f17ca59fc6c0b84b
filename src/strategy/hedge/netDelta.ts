import { requireArrayLike } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";

export type NetDeltaReturnType = number;
export type NetDeltaErrorType = InvalidInputError;

/**
 * Returns the net delta (base units) of several positions on the same base asset: Σ deltas[i] over
 * i < count, restricted to the positions with baseAssetIds[i] === baseAssetId when ids are given. Deltas of
 * positions on different base assets are not additive (different units), hence the filter. Allocates nothing.
 *
 * @example
 * import { netDelta } from "lpguard/strategy";
 * netDelta(Float64Array.of(10, -4, 3), Int32Array.of(0, 0, 1), 0); // 6 (the ETH positions only)
 * @see DESIGN.md vocabulary: delta = ∂value/∂price in base units
 */
export function netDelta(
  deltas: Float64Array,
  baseAssetIds?: Int32Array,
  baseAssetId = 0,
  count: number = deltas?.length,
): NetDeltaReturnType {
  requireArrayLike(deltas, "deltas");
  if (!(Number.isInteger(count) && count >= 0 && count <= deltas.length))
    throw new InvalidInputError({
      field: "count",
      value: count,
      expected: `an integer in [0, ${deltas.length}]`,
    });
  if (baseAssetIds !== undefined && baseAssetIds.length < count)
    throw new InvalidInputError({
      field: "baseAssetIds.length",
      value: baseAssetIds.length,
      expected: `at least count ${count}`,
    });
  let sum = 0;
  if (baseAssetIds === undefined) for (let i = 0; i < count; i++) sum += deltas[i];
  else for (let i = 0; i < count; i++) if (baseAssetIds[i] === baseAssetId) sum += deltas[i];
  if (!Number.isFinite(sum))
    throw new InvalidInputError({ field: "deltas", value: sum, expected: "finite deltas" });
  return sum;
}
