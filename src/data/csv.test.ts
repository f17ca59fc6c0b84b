import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { DataFormatError } from "../errors/data.js";
import { parseCsvColumns, parseExactIntegerAt, parseFloatAt, parseTickAt, readCsv } from "./csv.js";

const bigIntString = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,39}$/))
  .map(([neg, d]) => (neg ? `-${d}` : d));

describe("parseExactIntegerAt", () => {
  test("default", () => {
    expect(parseExactIntegerAt("1234567890123456789012", 0, 22)).toBe(Number(1234567890123456789012n));
  });

  test("behavior: equals Number(BigInt(s)) for integers of 1 to 40 digits (property)", () => {
    fc.assert(
      fc.property(bigIntString, (s) => {
        expect(parseExactIntegerAt(s, 0, s.length)).toBe(Number(BigInt(s)));
      }),
      { numRuns: 2000 },
    );
  });

  test("behavior: rounding ties and near-ties at 2^53 · 2^k go to even like BigInt", () => {
    for (const b of [
      2n ** 70n + 2n ** 17n,
      2n ** 70n + 3n * 2n ** 17n,
      2n ** 64n + 2n ** 11n + 1n,
      2n ** 80n - 1n,
    ]) {
      const s = b.toString();
      expect(parseExactIntegerAt(s, 0, s.length)).toBe(Number(b));
    }
  });

  test("behavior: rejects non-integers with NaN", () => {
    for (const bad of ["", "-", "1.0", "1e5", "12x4", " 1", "+1"])
      expect(parseExactIntegerAt(bad, 0, bad.length), bad).toBeNaN();
  });
});

describe("parseFloatAt", () => {
  test("default", () => {
    expect(parseFloatAt("3676.22", 0, 7)).toBe(3676.22);
  });

  test("behavior: equals Number(s) on decimal strings (property)", () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.boolean(),
          fc.stringMatching(/^[0-9]{1,20}$/),
          fc.option(fc.stringMatching(/^[0-9]{0,30}$/)),
        ),
        ([neg, int, frac]) => {
          const s = `${neg ? "-" : ""}${int}${frac === null ? "" : `.${frac}`}`;
          expect(parseFloatAt(s, 0, s.length)).toBe(Number(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("behavior: exp10 = -2 reads percent as a fraction, equal to Number of the text with e-2 appended (property)", () => {
    expect(parseFloatAt("61.64", 0, 5, -2)).toBe(0.6164);
    fc.assert(
      fc.property(
        fc.tuple(fc.stringMatching(/^[0-9]{1,12}$/), fc.stringMatching(/^[0-9]{0,25}$/)),
        ([int, frac]) => {
          const s = `${int}.${frac}`;
          expect(parseFloatAt(s, 0, s.length, -2)).toBe(Number(`${s}e-2`));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test("behavior: exponents through the fallback, and garbage is NaN", () => {
    expect(parseFloatAt("1.5e-3", 0, 6)).toBe(0.0015);
    for (const bad of ["", ".", "-", "1.2.3", "abc", "Infinity", "0x10", "1e"])
      expect(parseFloatAt(bad, 0, bad.length), bad).toBeNaN();
  });
});

describe("parseTickAt", () => {
  test("default", () => {
    expect(parseTickAt("202693", 0, 6)).toBe(202693);
  });

  test("behavior: float-formatted ticks, negatives, fractions", () => {
    expect(parseTickAt("197030.0", 0, 8)).toBe(197030);
    expect(parseTickAt("-29256.00", 0, 9)).toBe(-29256);
    expect(parseTickAt("1.5", 0, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(parseTickAt("1.", 0, 2)).toBeNaN();
    expect(parseTickAt("abc", 0, 3)).toBeNaN();
  });
});

describe("readCsv", () => {
  test("default", () => {
    const csv = readCsv("mem.csv", { text: "a,b\n1,2\n3,4\n" });
    expect(csv.header).toEqual(["a", "b"]);
    expect(csv.rowCount).toBe(2);
  });

  test("behavior: CRLF, BOM, quoted header and trailing blank lines", () => {
    const csv = readCsv("mem.csv", { text: '\uFEFF"a",b\r\n1,2\r\n3,4\r\n\r\n\n' });
    expect(csv.header).toEqual(["a", "b"]);
    expect(csv.rowCount).toBe(2);
    const { a, b } = parseCsvColumns(csv, { a: "float", b: "exactInteger" });
    expect([...a]).toEqual([1, 3]);
    expect([...b]).toEqual([2, 4]);
  });

  test("behavior: a blank line between rows is an error with its line", () => {
    expect(() => readCsv("mem.csv", { text: "a\n1\n\n2\n" })).toThrow(
      /mem\.csv, line 3: blank line between data rows/,
    );
  });

  test("behavior: missing required columns are all named", () => {
    expect(() => readCsv("mem.csv", { text: "a\n1\n", required: ["a", "b", "c"] })).toThrow(
      /line 1, column b, c: missing required columns b, c/,
    );
  });
});

describe("parseCsvColumns", () => {
  test("default", () => {
    const csv = readCsv("mem.csv", { text: "t,x,tick\n2022-01-01,1.5,-3\n2022-01-02,2,4.0\n" });
    const c = parseCsvColumns(csv, { t: "time", x: "float", tick: "tick" });
    expect([...c.t]).toEqual([Date.UTC(2022, 0, 1), Date.UTC(2022, 0, 2)]);
    expect([...c.x]).toEqual([1.5, 2]);
    expect(c.tick).toBeInstanceOf(Int32Array);
    expect([...c.tick]).toEqual([-3, 4]);
  });

  test("behavior: fused integer parse equals Number(BigInt(s)) in every column position (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(bigIntString, bigIntString), { minLength: 1, maxLength: 20 }), (rows) => {
        const text = `a,b\n${rows.map(([x, y]) => `${x},${y}`).join("\n")}\n`;
        const { a, b } = parseCsvColumns(readCsv("mem.csv", { text }), {
          a: "exactInteger",
          b: "exactInteger",
        });
        rows.forEach(([x, y], i) => {
          expect(a[i]).toBe(Number(BigInt(x)));
          expect(b[i]).toBe(Number(BigInt(y)));
        });
      }),
      { numRuns: 300 },
    );
  });

  test("behavior: extra field is a ragged row naming the extra column", () => {
    const csv = readCsv("mem.csv", { text: "a,b\n1,2\n1,2,3\n" });
    expect(() => parseCsvColumns(csv, { a: "float" })).toThrow(
      /mem\.csv, line 3, column #3 \(after b\): ragged row: 3 fields, the header has 2/,
    );
  });

  test("behavior: an empty or garbage field names line, column and value", () => {
    const csv = readCsv("mem.csv", { text: "a,b\n1,2\n1,\n" });
    const err = (() => {
      try {
        parseCsvColumns(csv, { b: "exactInteger" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).shortMessage).toBe(
      'mem.csv, line 3, column b: not an integer (value "").',
    );
    expect(() => parseCsvColumns(readCsv("m.csv", { text: "t\n2022-02-30\n" }), { t: "time" })).toThrow(
      /m\.csv, line 2, column t: not a timestamp .*\(value "2022-02-30"\)/,
    );
  });
});

describe("parseCsvColumns: numbers out of range", () => {
  const table = (text: string) => readCsv("cells.csv", { text });

  test("behavior: a 400-digit integer names file, line, column and a short value", () => {
    const big = "9".repeat(400);
    let msg = "";
    try {
      parseCsvColumns(table(`t,liquidity\n2022-01-01,5\n2022-01-02,${big}\n`), {
        t: "time",
        liquidity: "exactInteger",
      });
    } catch (e) {
      expect(e).toBeInstanceOf(DataFormatError);
      msg = (e as DataFormatError).shortMessage;
    }
    expect(msg).toMatch(
      /^cells\.csv, line 3, column liquidity: integer out of range: \|x\| must be < 2\^256/,
    );
    expect(msg.length).toBeLessThan(220);
  });

  test("behavior: an integer just below 2^256 passes, 2^256 does not", () => {
    const below = (2n ** 256n - 2n ** 210n).toString();
    const at = (2n ** 256n).toString();
    const cols = parseCsvColumns(table(`a\n${below}\n`), { a: "exactInteger" });
    expect(cols.a[0]).toBe(Number(BigInt(below)));
    expect(() => parseCsvColumns(table(`a\n${at}\n`), { a: "exactInteger" })).toThrow(/out of range/);
  });

  test("behavior: a float that overflows float64 says so", () => {
    expect(() => parseCsvColumns(table(`r\n1e309\n`), { r: "float" })).toThrow(
      /line 2, column r: number out of range: \|x\| overflows float64/,
    );
    expect(() => parseCsvColumns(table(`r\n-${"9".repeat(400)}\n`), { r: "float" })).toThrow(
      /overflows float64/,
    );
  });
});
