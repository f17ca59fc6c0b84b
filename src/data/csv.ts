/**
 * A fast, strict CSV reader for the plain market-data files in `../shared/data` (no quoted fields, no embedded
 * commas). The file is read once as a string; rows are located by offsets and numbers are parsed from char codes
 * straight into typed arrays, with no row objects and no per-field substrings on the common paths.
 */
import { DataFormatError } from "../errors/data.js";
import { requireArray, requireInteger, requireObject, requireString } from "../errors/guards.js";
import type { PathError } from "../errors/io.js";
import { readInputText } from "./inputPath.js";
import { parseTimestampMs } from "./timestamp.js";

/** A CSV file read into memory: its text, header and the offsets of every data row. */
export type CsvTable = {
  /** The path as given, used in error messages. */
  file: string;
  text: string;
  /** Column names from the header row (surrounding whitespace and quotes removed). */
  header: string[];
  /** Number of data rows (trailing blank lines are not rows). Data row `i` is line `i + 2` of the file. */
  rowCount: number;
  /** Offset in `text` of the first char of each data row. */
  rowStart: Int32Array;
  /** Offset in `text` just past the last char of each data row (before `\r\n` or `\n`). */
  rowEnd: Int32Array;
};

export type ReadCsvParameters = {
  /** Columns that must be present; a missing one raises DataFormatError naming all missing columns. */
  required?: readonly string[];
  /** Already-read file text (tests, benchmarks); otherwise the file is read with `fs.readFileSync(path, "utf8")`. */
  text?: string;
  /** The flag or config path that named the file, used in path errors (default `"file"`). */
  field?: string;
};

export type ReadCsvErrorType = DataFormatError | PathError;

/**
 * Returns the header and row offsets of the CSV file at `path` (checked first with `checkInputPath`: missing, a
 * folder, a FIFO or unreadable is a PathError naming `field`). Rejects an empty file, a missing required column
 * and a blank line between data rows with DataFormatError (line 1-based, header = line 1).
 * @example
 * import { readCsv } from "lpguard/data";
 * const csv = readCsv("ETHUSDT_1h.csv", { required: ["timestamp", "close"] });
 * csv.rowCount; // 34349
 */
export function readCsv(path: string, options: ReadCsvParameters = {}): CsvTable {
  requireString(path, "path");
  const { required = [], text, field } = requireObject(options, "options");
  let src = text ?? readInputText(path, field);
  if (src.charCodeAt(0) === 0xfeff) src = src.slice(1);
  const n = src.length;
  let headerEnd = src.indexOf("\n");
  if (headerEnd < 0) headerEnd = n;
  const headerText = src.slice(0, src.charCodeAt(headerEnd - 1) === 13 ? headerEnd - 1 : headerEnd);
  if (headerText.trim() === "")
    throw new DataFormatError({ file: path, line: 1, reason: "file is empty: no header row" });
  const header = headerText.split(",").map((h) => h.trim().replace(/^"(.*)"$/, "$1"));
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length > 0)
    throw new DataFormatError({
      file: path,
      line: 1,
      column: missing.join(", "),
      value: headerText,
      reason: `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
    });

  let cap = Math.max(16, (n / 48) | 0);
  let rowStart = new Int32Array(cap);
  let rowEnd = new Int32Array(cap);
  let rows = 0;
  let blankAt = -1; // row index of the first blank line not yet followed by data
  let pos = headerEnd + 1;
  while (pos < n) {
    let nl = src.indexOf("\n", pos);
    if (nl < 0) nl = n;
    const e = nl > pos && src.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (e === pos) {
      if (blankAt < 0) blankAt = rows;
      rows++;
    } else {
      if (blankAt >= 0)
        throw new DataFormatError({
          file: path,
          line: blankAt + 2,
          value: "",
          reason: "blank line between data rows",
        });
      if (rows === cap) {
        cap *= 2;
        const s2 = new Int32Array(cap);
        s2.set(rowStart);
        rowStart = s2;
        const e2 = new Int32Array(cap);
        e2.set(rowEnd);
        rowEnd = e2;
      }
      rowStart[rows] = pos;
      rowEnd[rows] = e;
      rows++;
    }
    pos = nl + 1;
  }
  if (blankAt >= 0) rows = blankAt;
  return { file: path, text: src, header, rowCount: rows, rowStart, rowEnd };
}

/**
 * How a column is parsed:
 * - `time`: a timestamp (see `parseTimestampMs`) -> ms UTC in a Float64Array;
 * - `float`: a decimal number -> Float64Array (correctly rounded);
 * - `percent`: a decimal number of percent -> its fraction (`61.64` -> 0.6164, the decimal shifted, so correctly
 *   rounded, not divided by 100 after rounding);
 * - `exactInteger`: an integer of any size -> Float64Array holding `Number(BigInt(s))`, i.e. the exact value
 *   rounded once to the nearest float64 (never via a lossy intermediate);
 * - `tick`: an integer written as `202693` or `197030.0` -> Int32Array; a non-zero fraction is an error.
 */
export type CsvColumnKind = "time" | "float" | "percent" | "exactInteger" | "tick";

type ColumnOut<K> = K extends "tick" ? Int32Array : Float64Array;

export type ParseCsvColumnsReturnType<S extends Record<string, CsvColumnKind>> = {
  [K in keyof S]: ColumnOut<S[K]>;
};

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

const TWO_POW_32 = 4_294_967_296;
/** Integers in the data are at most int256/uint256: |x| < 2^256 (the float64 nearest to 2^256). */
const TWO_POW_256 = 2 ** 256;

const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Returns the decimal number in `text[s, e)` times 10^exp10 (default 0; −2 reads a percentage as a fraction),
 * or NaN if it is not a number. Uses Clinger's fast path (at most 15
 * significant digits and a power of ten <= 10^22: both operands exact, one IEEE division, so correctly rounded)
 * and falls back to `Number()` on the validated substring otherwise.
 * @see W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990.
 */
export function parseFloatAt(text: string, s: number, e: number, exp10 = 0): number {
  requireString(text, "text");
  let p = s;
  let neg = false;
  const c0 = text.charCodeAt(p);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    p++;
  }
  let mantissa = 0;
  let sig = 0;
  let fracDigits = 0;
  let seenDot = false;
  let nDigits = 0;
  for (; p < e; p++) {
    const c = text.charCodeAt(p);
    if (c >= 48 && c <= 57) {
      nDigits++;
      if (sig > 0 || c !== 48) sig++;
      mantissa = mantissa * 10 + (c - 48);
      if (seenDot) fracDigits++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      break;
    }
  }
  const scale = fracDigits - exp10;
  if (p === e && nDigits > 0 && sig <= 15 && scale >= 0 && scale <= 22) {
    const v = mantissa / POW10[scale];
    return neg ? -v : v;
  }
  const str = text.slice(s, e);
  if (!FLOAT_RE.test(str)) return Number.NaN;
  if (exp10 === 0) return Number(str);
  return /[eE]/.test(str) ? Number(str) * 10 ** exp10 : Number(`${str}e${exp10}`);
}

/**
 * Returns the integer in `text[s, e)` as float64 equal to `Number(BigInt(s))` (exact value, rounded once),
 * or NaN if it is not an integer. Up to 25 digits, the value is accumulated exactly in two float64 limbs,
 * V = high · 2^32 + low (high < 2^53), and converted with one correctly rounded addition; longer integers go
 * through `BigInt`. No substring is allocated on the fast path.
 * @see IEEE 754-2008 §4.3 (round to nearest, ties to even, for a single operation)
 */
export function parseExactIntegerAt(text: string, s: number, e: number): number {
  requireString(text, "text");
  let p = s;
  let neg = false;
  if (text.charCodeAt(p) === 45) {
    neg = true;
    p++;
  }
  const n = e - p;
  if (n <= 0) return Number.NaN;
  if (n > 25) {
    for (let i = p; i < e; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return Number.NaN;
    }
    return Number(BigInt(text.slice(s, e)));
  }
  // V = high * 2^32 + low, both exact (high < 2^53 while V < 10^25 < 2^85).
  let high = 0;
  let low = 0;
  for (let i = p; i < e; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    low = low * 10 + c;
    const carry = low >= TWO_POW_32 ? Math.floor(low / TWO_POW_32) : 0;
    low -= carry * TWO_POW_32;
    high = high * 10 + carry;
  }
  // high * 2^32 is exact; the one addition rounds the exact sum to nearest-even, as Number(BigInt) does.
  const v = high * TWO_POW_32 + low;
  return neg ? -v : v;
}

/**
 * Returns the integer tick in `text[s, e)` written as `202693` or `197030.0` (any number of zero decimals),
 * `NaN` if it is not a number, or `Infinity` if it is a number with a non-zero fraction (e.g. `1.5`).
 */
export function parseTickAt(text: string, s: number, e: number): number {
  requireString(text, "text");
  let p = s;
  let neg = false;
  if (text.charCodeAt(p) === 45) {
    neg = true;
    p++;
  }
  let v = 0;
  let n = 0;
  for (; p < e; p++) {
    const c = text.charCodeAt(p) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    n++;
  }
  if (n === 0 || n > 9) return Number.NaN;
  if (p === e) return neg ? -v : v;
  if (text.charCodeAt(p) !== 46) return Number.NaN;
  let fractional = false;
  let nf = 0;
  for (p++; p < e; p++) {
    const c = text.charCodeAt(p) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    if (c !== 0) fractional = true;
    nf++;
  }
  if (nf === 0) return Number.NaN;
  return fractional ? Number.POSITIVE_INFINITY : neg ? -v : v;
}

const REASON: Record<CsvColumnKind, string> = {
  time: "not a timestamp (YYYY-MM-DD[ HH:MM:SS[.fff]][Z], ISO-8601 or epoch ms)",
  float: "not a number",
  percent: "not a number",
  exactInteger: "not an integer",
  tick: "not an integer tick",
};

const KIND_CODE: Record<CsvColumnKind, number> = { time: 0, float: 1, exactInteger: 2, tick: 3, percent: 4 };
const SKIP = -1;

/** Returns the offset of the next comma in `text[p, end)`, or `end`. */
function fieldEnd(text: string, p: number, end: number): number {
  const c = text.indexOf(",", p);
  return c < 0 || c > end ? end : c;
}

/**
 * Returns one typed array per requested column, parsed in a single pass over the rows: integer and tick fields
 * are parsed while they are scanned, other fields are delimited with `indexOf`. Every row must have exactly as
 * many fields as the header (else DataFormatError naming the first missing or extra field), and every requested
 * field must parse (else DataFormatError naming file, line, column and value).
 * @example
 * import { parseCsvColumns, readCsv } from "lpguard/data";
 * const csv = readCsv("ETHUSDT_1h.csv", { required: ["timestamp", "close"] });
 * const { timestamp, close } = parseCsvColumns(csv, { timestamp: "time", close: "float" });
 */
export function parseCsvColumns<S extends Record<string, CsvColumnKind>>(
  csv: CsvTable,
  spec: S,
): ParseCsvColumnsReturnType<S> {
  requireObject(csv, "csv");
  requireArray(csv.header, "csv.header");
  requireObject(spec, "spec");
  const { text, header, rowCount, rowStart, rowEnd, file } = csv;
  const ncols = header.length;
  const kindOf = new Int32Array(ncols).fill(SKIP);
  const nameOf: string[] = new Array(ncols).fill("");
  const outF: Float64Array[] = new Array(ncols);
  const outI: Int32Array[] = new Array(ncols);
  const empty64 = new Float64Array(0);
  const empty32 = new Int32Array(0);
  const result: Record<string, Float64Array | Int32Array> = {};
  for (const name of Object.keys(spec)) {
    const idx = header.indexOf(name);
    if (idx < 0)
      throw new DataFormatError({
        file,
        line: 1,
        column: name,
        value: header.join(","),
        reason: `missing required column ${name}`,
      });
    const kind = KIND_CODE[spec[name]];
    kindOf[idx] = kind;
    nameOf[idx] = name;
    if (kind === 3) result[name] = outI[idx] = new Int32Array(rowCount);
    else result[name] = outF[idx] = new Float64Array(rowCount);
  }
  for (let f = 0; f < ncols; f++) {
    if (outF[f] === undefined) outF[f] = empty64;
    if (outI[f] === undefined) outI[f] = empty32;
  }
  const last = ncols - 1;
  for (let r = 0; r < rowCount; r++) {
    const begin = rowStart[r];
    const end = rowEnd[r];
    let p = begin;
    for (let f = 0; f < ncols; f++) {
      const kind = kindOf[f];
      const s = p;
      let v = 0;
      let ok = true;
      let why = "";
      if (kind === SKIP) {
        p = fieldEnd(text, p, end);
      } else if (kind === 2) {
        // Exact integer, fused scan: V = high * 2^32 + low (see parseExactIntegerAt).
        let q = p;
        const neg = text.charCodeAt(q) === 45;
        if (neg) q++;
        const d0 = q;
        // Up to 15 digits the plain accumulation is exact; then continue in two limbs.
        const d15 = Math.min(d0 + 15, end);
        for (; q < d15; q++) {
          const c = text.charCodeAt(q) - 48;
          if (c < 0 || c > 9) break;
          v = v * 10 + c;
        }
        if (q === d15 && q < end) {
          let high = Math.floor(v / TWO_POW_32);
          let low = v - high * TWO_POW_32;
          for (; q < end; q++) {
            const c = text.charCodeAt(q) - 48;
            if (c < 0 || c > 9) break;
            low = low * 10 + c;
            const carry = low >= TWO_POW_32 ? Math.floor(low / TWO_POW_32) : 0;
            low -= carry * TWO_POW_32;
            high = high * 10 + carry;
          }
          v = high * TWO_POW_32 + low;
        }
        p = q;
        if (q === d0 || (q < end && text.charCodeAt(q) !== 44)) ok = false;
        else if (q - d0 > 25) v = Number(BigInt(text.slice(s, q)));
        else if (neg) v = -v;
        if (ok && !(Math.abs(v) < TWO_POW_256)) {
          ok = false;
          why = "integer out of range: |x| must be < 2^256 (a uint256)";
        }
      } else if (kind === 3) {
        let q = p;
        const neg = text.charCodeAt(q) === 45;
        if (neg) q++;
        const d0 = q;
        for (; q < end; q++) {
          const c = text.charCodeAt(q) - 48;
          if (c < 0 || c > 9) break;
          v = v * 10 + c;
        }
        if (q === d0 || q - d0 > 9) ok = false;
        else if (q < end && text.charCodeAt(q) === 46) {
          // `197030.0`: any number of zero decimals, at least one.
          const dot = q;
          for (q++; q < end && text.charCodeAt(q) === 48; q++);
          if (q === dot + 1 || (q < end && text.charCodeAt(q) !== 44)) ok = false;
        } else if (q < end && text.charCodeAt(q) !== 44) ok = false;
        if (neg) v = -v;
        p = q;
      } else {
        p = fieldEnd(text, p, end);
        v = kind === 0 ? parseTimestampMs(text, s, p) : parseFloatAt(text, s, p, kind === 4 ? -2 : 0);
        if (!Number.isFinite(v)) {
          ok = false;
          if (kind !== 0 && (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY))
            why = "number out of range: |x| overflows float64 (> 1.8e308)";
        }
      }
      if (!ok) {
        const e = fieldEnd(text, s, end);
        const raw = text.slice(s, e);
        const kindName = spec[nameOf[f]];
        throw new DataFormatError({
          file,
          line: r + 2,
          column: nameOf[f],
          value: raw,
          reason:
            why !== ""
              ? why
              : kindName === "tick" && parseTickAt(text, s, e) === Number.POSITIVE_INFINITY
                ? "tick is not an integer"
                : REASON[kindName],
        });
      }
      if (kind === 3) outI[f][r] = v;
      else if (kind !== SKIP) outF[f][r] = v;
      // p is at the comma after this field, or at the row end.
      if (f < last) {
        if (p >= end)
          throw new DataFormatError({
            file,
            line: r + 2,
            column: header[f + 1],
            value: text.slice(begin, end),
            reason: `ragged row: ${f + 1} fields, the header has ${ncols}`,
          });
        p++;
      } else if (p < end) {
        let extra = 1;
        for (let z = p + 1; z < end; z++) if (text.charCodeAt(z) === 44) extra++;
        throw new DataFormatError({
          file,
          line: r + 2,
          column: `#${ncols + 1} (after ${header[last]})`,
          value: text.slice(begin, end),
          reason: `ragged row: ${ncols + extra} fields, the header has ${ncols}`,
        });
      }
    }
  }
  return result as ParseCsvColumnsReturnType<S>;
}

/** Returns the raw text of field `column` in data row `row` (for string columns such as a symbol). */
export function csvField(csv: CsvTable, row: number, column: string): string {
  requireObject(csv, "csv");
  requireInteger(row, "row");
  requireString(column, "column");
  const idx = csv.header.indexOf(column);
  if (idx < 0)
    throw new DataFormatError({
      file: csv.file,
      line: 1,
      column,
      reason: `missing required column ${column}`,
    });
  const fields = csv.text.slice(csv.rowStart[row], csv.rowEnd[row]).split(",");
  return fields[idx] ?? "";
}
