import { requireNumber } from "../errors/guards.js";
/**
 * Returns the indices of at most `maxPoints` rows of a series of `length` rows, evenly strided, always keeping the
 * first and last row. Used to keep report charts small.
 */
export function downsampleIndices(length: number, maxPoints: number): Int32Array {
  requireNumber(length, "length");
  requireNumber(maxPoints, "maxPoints");
  if (length <= maxPoints) return Int32Array.from({ length }, (_, i) => i);
  const out = new Int32Array(maxPoints);
  const step = (length - 1) / (maxPoints - 1);
  for (let j = 0; j < maxPoints; j++) out[j] = Math.round(j * step);
  return out;
}
