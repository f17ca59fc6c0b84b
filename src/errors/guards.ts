/**
 * Entry guards of the public library: one line at the top of a function turns a caller's `null`, `undefined`,
 * string-for-a-number or BigInt-for-a-number into an InvalidInputError naming the argument
 * ("options null is invalid: expected an object."), instead of a bare TypeError from deep inside.
 * Each returns its argument, narrowed, so `const { a, b } = requireObject(options, "options")` reads naturally.
 * Hot per-bar functions stay unguarded (documented "unchecked", with a checked twin).
 */
import { InvalidInputError } from "./math.js";

/** Returns `value` when it is a non-null object that is not an array (an options object), else throws. */
export function requireObject<T>(value: T, name: string): NonNullable<T> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new InvalidInputError({ field: name, value, expected: "an object" });
  return value as NonNullable<T>;
}

/** Returns `value` when it is a finite number, else throws. */
export function requireFinite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new InvalidInputError({ field: name, value, expected: "a finite number" });
  return value;
}

/** Returns `value` when it is a number that is not NaN (±Infinity allowed), else throws. */
export function requireNumber(value: unknown, name: string): number {
  if (typeof value !== "number" || Number.isNaN(value))
    throw new InvalidInputError({ field: name, value, expected: "a number" });
  return value;
}

/** Returns `value` when it is of type number (NaN and ±Infinity allowed: for functions that pass NaN through). */
export function requireNumeric(value: unknown, name: string): number {
  if (typeof value !== "number") throw new InvalidInputError({ field: name, value, expected: "a number" });
  return value;
}

/** Returns `value` when it is a safe integer, else throws. */
export function requireInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw new InvalidInputError({ field: name, value, expected: "an integer" });
  return value;
}

/** Returns `value` when it is a string, else throws. */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== "string") throw new InvalidInputError({ field: name, value, expected: "a string" });
  return value;
}

/** Returns `value` when it is a bigint, else throws. */
export function requireBigInt(value: unknown, name: string): bigint {
  if (typeof value !== "bigint") throw new InvalidInputError({ field: name, value, expected: "a bigint" });
  return value;
}

/** Returns `value` when it is a function, else throws. */
// biome-ignore lint/complexity/noBannedTypes: any callable
export function requireFunction<T extends Function>(value: T, name: string): T {
  if (typeof value !== "function")
    throw new InvalidInputError({ field: name, value, expected: "a function" });
  return value;
}

/** Returns `value` when it is an array (holes allowed; the caller checks elements), else throws. */
export function requireArray<T>(value: T, name: string): NonNullable<T> {
  if (!Array.isArray(value)) throw new InvalidInputError({ field: name, value, expected: "an array" });
  return value as NonNullable<T>;
}

/**
 * Returns `value` when it is an array or typed array whose every element is a finite number, else throws naming
 * the first bad element (`prices[3]`). O(n): for entry points, not for per-bar code.
 */
export function requireFiniteArray<T>(value: T, name: string): NonNullable<T> {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value)) || value instanceof DataView)
    throw new InvalidInputError({ field: name, value, expected: "an array of finite numbers" });
  const a = value as unknown as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== "number" || !Number.isFinite(x))
      throw new InvalidInputError({ field: `${name}[${i}]`, value: x, expected: "a finite number" });
  }
  return value as NonNullable<T>;
}

/** Returns `value` when it is an array or a typed array (O(1): elements unchecked), else throws. */
export function requireArrayLike<T>(value: T, name: string): NonNullable<T> {
  if (!(Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))))
    throw new InvalidInputError({ field: name, value, expected: "an array or typed array" });
  return value as NonNullable<T>;
}

/** Returns `value` when it is a Float64Array, else throws. */
export function requireFloat64Array<T>(value: T, name: string): NonNullable<T> {
  if (!(value instanceof Float64Array))
    throw new InvalidInputError({ field: name, value, expected: "a Float64Array" });
  return value as NonNullable<T>;
}

/** Returns `value` when it is an array whose every element is a non-null object, else throws naming the element. */
export function requireObjectArray<T>(value: T, name: string): NonNullable<T> {
  requireArray(value, name);
  const a = value as unknown as unknown[];
  for (let i = 0; i < a.length; i++) requireObject(a[i], `${name}[${i}]`);
  return value as NonNullable<T>;
}
