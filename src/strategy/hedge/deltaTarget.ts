import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";

export type DeltaTargetParameters = {
  /** Delta of the LP position(s) to hedge, base units (∂value/∂price; long positive). */
  lpDelta: number;
  /** Fraction of the delta to offset: 1 = fully hedged, 0.5 = half, 0 = unhedged. */
  hedgeRatio: number;
};
export type DeltaTargetReturnType = number;
export type DeltaTargetErrorType = InvalidInputError;

/**
 * Returns the target hedge position in base units: −hedgeRatio · lpDelta (a short for a long LP delta), so that
 * lpDelta + target = (1 − hedgeRatio) · lpDelta. Pure; allocates nothing (reuse one parameter object in loops).
 *
 * @example
 * import { deltaTarget } from "lpguard/strategy";
 * deltaTarget({ lpDelta: 10, hedgeRatio: 0.8 }); // -8 (short 8 ETH)
 * @see DESIGN.md vocabulary: delta = ∂value/∂price in base units (long positive)
 */
export function deltaTarget(p: DeltaTargetParameters): DeltaTargetReturnType {
  requireObject(p, "options");
  if (!Number.isFinite(p.lpDelta))
    throw new InvalidInputError({ field: "lpDelta", value: p.lpDelta, expected: "a finite number" });
  if (!Number.isFinite(p.hedgeRatio))
    throw new InvalidInputError({ field: "hedgeRatio", value: p.hedgeRatio, expected: "a finite number" });
  const t = -p.hedgeRatio * p.lpDelta;
  return t === 0 ? 0 : t;
}
