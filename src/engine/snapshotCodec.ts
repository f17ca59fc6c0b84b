import { InvalidInputError } from "../errors/math.js";

/**
 * A number as it travels in a snapshot: finite numbers as themselves, and the values JSON cannot hold (NaN, ±Infinity,
 * −0) as the strings "NaN", "Infinity", "-Infinity", "-0", so `JSON.parse(JSON.stringify(snapshot))` restores every
 * bit of engine state.
 */
export type SnapshotNumber = number | "NaN" | "Infinity" | "-Infinity" | "-0";

/** Returns `x` as a {@link SnapshotNumber} (finite non-negative-zero numbers unchanged). */
export function encodeNumber(x: number): SnapshotNumber {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0 && 1 / x < 0) return "-0";
  return x;
}

/** Returns the number a {@link SnapshotNumber} stands for; InvalidInputError naming `field` for anything else. */
export function decodeNumber(v: unknown, field: string): number {
  if (typeof v === "number") return v;
  switch (v) {
    case "NaN":
      return Number.NaN;
    case "Infinity":
      return Number.POSITIVE_INFINITY;
    case "-Infinity":
      return Number.NEGATIVE_INFINITY;
    case "-0":
      return -0;
    default:
      throw new InvalidInputError({
        field,
        value: v,
        expected: 'a number or "NaN", "Infinity", "-Infinity", "-0"',
      });
  }
}

/** Returns the numbers of `a` encoded for a snapshot. */
export function encodeNumbers(a: ArrayLike<number>): SnapshotNumber[] {
  const out: SnapshotNumber[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = encodeNumber(a[i]);
  return out;
}

/** Writes the decoded numbers of `v` into `into` (same length required). */
export function decodeNumbersInto(v: unknown, into: Float64Array | number[], field: string): void {
  if (!Array.isArray(v) || v.length !== into.length)
    throw new InvalidInputError({ field, value: v, expected: `an array of ${into.length} numbers` });
  for (let i = 0; i < v.length; i++) into[i] = decodeNumber(v[i], `${field}[${i}]`);
}

/**
 * Returns a copy of the plain numeric / boolean / string fields of `o` with numbers encoded (the state of a class
 * whose state is its fields, as PerpMarket).
 */
export function encodeFields(
  o: object,
  keys: readonly string[],
): Record<string, SnapshotNumber | boolean | string> {
  const r = o as Record<string, unknown>;
  const out: Record<string, SnapshotNumber | boolean | string> = {};
  for (const k of keys) {
    const v = r[k];
    if (typeof v === "number") out[k] = encodeNumber(v);
    else if (typeof v === "boolean" || typeof v === "string") out[k] = v;
    else throw new InvalidInputError({ field: k, value: v, expected: "a number, boolean or string field" });
  }
  return out;
}

/** Writes the fields of an {@link encodeFields} record back into `o` (numbers decoded, types checked). */
export function decodeFieldsInto(v: unknown, o: object, keys: readonly string[], field: string): void {
  if (v === null || typeof v !== "object")
    throw new InvalidInputError({ field, value: v, expected: "an object of state fields" });
  const src = v as Record<string, unknown>;
  const dst = o as Record<string, unknown>;
  for (const k of keys) {
    const cur = dst[k];
    const x = src[k];
    if (typeof cur === "number") dst[k] = decodeNumber(x, `${field}.${k}`);
    else if (typeof cur === typeof x) dst[k] = x;
    else throw new InvalidInputError({ field: `${field}.${k}`, value: x, expected: `a ${typeof cur}` });
  }
}

/** Returns `v` as a record, or throws InvalidInputError naming `field`. */
export function asRecord(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw new InvalidInputError({ field, value: v, expected: "an object" });
  return v as Record<string, unknown>;
}
