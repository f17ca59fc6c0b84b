import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { BaseError } from "./base.js";
import {
  requireArray,
  requireArrayLike,
  requireBigInt,
  requireFinite,
  requireFiniteArray,
  requireFloat64Array,
  requireFunction,
  requireInteger,
  requireNumber,
  requireNumeric,
  requireObject,
  requireObjectArray,
  requireString,
} from "./guards.js";
import { InvalidInputError } from "./math.js";

const GARBAGE: unknown[] = [
  null,
  undefined,
  0,
  Number.NaN,
  "x",
  {},
  [],
  -1n,
  Object.freeze({ a: 1 }),
  // biome-ignore lint/suspicious/noSparseArray: an array with holes is one of the garbage values
  [1, , 3],
];

/** Each guard with the values it accepts; everything else in GARBAGE must be refused. */
const CASES: [string, (v: unknown, n: string) => unknown, (v: unknown) => boolean][] = [
  ["requireObject", requireObject, (v) => v !== null && typeof v === "object" && !Array.isArray(v)],
  ["requireFinite", requireFinite, (v) => typeof v === "number" && Number.isFinite(v)],
  ["requireNumber", requireNumber, (v) => typeof v === "number" && !Number.isNaN(v)],
  ["requireNumeric", requireNumeric, (v) => typeof v === "number"],
  ["requireInteger", requireInteger, (v) => Number.isSafeInteger(v)],
  ["requireString", requireString, (v) => typeof v === "string"],
  ["requireBigInt", requireBigInt, (v) => typeof v === "bigint"],
  ["requireFunction", requireFunction as (v: unknown, n: string) => unknown, (v) => typeof v === "function"],
  ["requireArray", requireArray, (v) => Array.isArray(v)],
  ["requireArrayLike", requireArrayLike, (v) => Array.isArray(v) || ArrayBuffer.isView(v)],
  ["requireFloat64Array", requireFloat64Array, (v) => v instanceof Float64Array],
  [
    "requireFiniteArray",
    requireFiniteArray,
    (v) => Array.isArray(v) && v.every((x) => Number.isFinite(x)) && !v.includes(undefined),
  ],
  ["requireObjectArray", requireObjectArray, (v) => Array.isArray(v) && v.length === 0],
];

describe("entry guards", () => {
  test("default: a good value comes back unchanged", () => {
    const o = { a: 1 };
    expect(requireObject(o, "options")).toBe(o);
    expect(requireFinite(1.5, "x")).toBe(1.5);
    expect(requireNumber(Number.POSITIVE_INFINITY, "x")).toBe(Number.POSITIVE_INFINITY);
    expect(requireNumeric(Number.NaN, "x")).toBeNaN();
    const f = Float64Array.of(1, 2);
    expect(requireFloat64Array(f, "prices")).toBe(f);
    expect(requireFiniteArray(f, "prices")).toBe(f);
    expect(requireObjectArray([o], "rows")).toEqual([o]);
  });

  test("behavior: each guard accepts exactly its kind and refuses the rest with the argument's name first", () => {
    for (const [guard, fn, ok] of CASES)
      for (const v of GARBAGE) {
        if (ok(v)) {
          expect(() => fn(v, "arg"), `${guard}(${String(v)})`).not.toThrow();
          continue;
        }
        let err: unknown;
        try {
          fn(v, "options.arg");
        } catch (e) {
          err = e;
        }
        expect(err, `${guard}(${String(v)})`).toBeInstanceOf(InvalidInputError);
        expect((err as BaseError).shortMessage).toMatch(
          /^options\.arg(\[\d+\])? .+ is invalid: expected .+\.$/,
        );
      }
  });

  test("behavior: requireFiniteArray names the first bad element (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 30 }),
        fc.nat(),
        fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, "1", null, 1n),
        (xs, at, bad) => {
          const a: unknown[] = [...xs];
          const i = xs.length === 0 ? 0 : at % (xs.length + 1);
          a.splice(i, 0, bad);
          expect(() => requireFiniteArray(a, "prices")).toThrow(new RegExp(`^prices\\[${i}\\] `));
          expect(requireFiniteArray(xs, "prices")).toBe(xs);
        },
      ),
    );
  });

  test("behavior: requireObjectArray names the element", () => {
    expect(() => requireObjectArray([{}, null], "events")).toThrow(
      /^events\[1\] null is invalid: expected an object\.$/,
    );
    expect(() => requireObject([], "options")).toThrow(/^options \[\] is invalid: expected an object\.$/);
  });
});
