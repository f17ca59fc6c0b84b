import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { NonFiniteOutputError } from "../errors/io.js";
import { toJsonText } from "./json.js";
import { formatNumber, renderKeyValue, renderTable } from "./table.js";

describe("toJsonText", () => {
  test("default: as JSON.stringify with 2 spaces, bigints as decimal strings", () => {
    expect(toJsonText({ a: 1, l: 123456789012345678901234567890n })).toBe(
      '{\n  "a": 1,\n  "l": "123456789012345678901234567890"\n}\n',
    );
  });

  test("behavior: NaN/Infinity anywhere throw naming the JSON path (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        (xs, at, bad) => {
          const i = at % xs.length;
          const good = { strategies: xs.map((x) => ({ fees: { mean: x } })) };
          expect(() => toJsonText(good)).not.toThrow();
          good.strategies[i].fees.mean = bad;
          expect(() => toJsonText(good)).toThrow(NonFiniteOutputError);
          expect(() => toJsonText(good)).toThrow(`strategies[${i}].fees.mean is`);
        },
      ),
    );
  });
});

describe("renderTable", () => {
  test("behavior: a non-finite cell throws naming its column and row; a key/value table names the key", () => {
    expect(() =>
      renderTable(
        ["name", "fees"],
        [
          ["a", 1],
          ["b", Number.NaN],
        ],
      ),
    ).toThrow(/^table: fees \(row 2\) is NaN/);
    expect(() => renderKeyValue([["IL", Number.NEGATIVE_INFINITY]])).toThrow(/^table: IL is -Infinity/);
    expect(() => formatNumber(Number.POSITIVE_INFINITY)).toThrow(NonFiniteOutputError);
    expect(renderTable(["n", "v"], [["a", 1234.5]])).toBe("n        v\n-  -------\na  1,234.5\n");
  });
});
