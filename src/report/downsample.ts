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

/** Returns rows `idx` of a column (each times `scale`); a NaN row stays NaN. */
export function pickRows(a: ArrayLike<number>, idx: Int32Array, scale = 1): Float64Array {
  const out = new Float64Array(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = a[idx[j]] * scale;
  return out;
}
