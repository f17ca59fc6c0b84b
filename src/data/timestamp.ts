/**
 * Fixed-format timestamp parsing for the data loaders: reads digits straight from the file text by char code,
 * with no substring, regex or `Date` object per row.
 */

import { requireInteger, requireNumber, requireString } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";

const MS_PER_DAY = 86_400_000;

/**
 * Returns the number of days from 1970-01-01 to the proleptic Gregorian date `year-month-day`.
 * Formula: Howard Hinnant's `days_from_civil` (eras of 400 years = 146,097 days).
 * @see https://howardhinnant.github.io/date_algorithms.html#days_from_civil
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  requireInteger(year, "year");
  requireInteger(month, "month");
  requireInteger(day, "day");
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Reads `n` ASCII digits at `pos`; returns -1 if any is not a digit. */
function digits(text: string, pos: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(pos + i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Returns the time in ms since the Unix epoch (UTC) written in `text[start, end)`, or NaN if it is not one of:
 * - `YYYY-MM-DD` (midnight UTC),
 * - `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`, optionally with a fraction `.f` (1 to 9 digits, truncated to
 *   ms) and a zone `Z`, `+HH:MM` or `-HH:MM` (no zone means UTC),
 * - an integer of epoch milliseconds (all digits).
 * Ranges are checked (month 1–12, day within the month, hour < 24, minute < 60, second < 60).
 * @example
 * import { parseTimestampMs } from "lpguard/data";
 * parseTimestampMs("2022-01-01T08:00:00.009Z"); // 1641024000009
 */
export function parseTimestampMs(text: string, start = 0, end = text?.length): number {
  requireString(text, "text");
  const len = end - start;
  if (len <= 0) return Number.NaN;
  // Epoch ms: all digits.
  if (text.charCodeAt(start + 4) !== 45 /* - */) {
    if (len > 16) return Number.NaN;
    const v = digits(text, start, len);
    return v < 0 ? Number.NaN : v;
  }
  if (len < 10 || text.charCodeAt(start + 7) !== 45) return Number.NaN;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  const dayMs = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (len === 10) return dayMs;
  const sep = text.charCodeAt(start + 10);
  if (len < 19 || (sep !== 32 && sep !== 84) /* ' ' or T */) return Number.NaN;
  if (text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58) return Number.NaN;
  const hour = digits(text, start + 11, 2);
  const minute = digits(text, start + 14, 2);
  const second = digits(text, start + 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  let ms = 0;
  let pos = start + 19;
  if (pos < end && text.charCodeAt(pos) === 46 /* . */) {
    pos++;
    let n = 0;
    while (pos < end) {
      const c = text.charCodeAt(pos) - 48;
      if (c < 0 || c > 9) break;
      if (n < 3) ms = ms * 10 + c;
      n++;
      pos++;
    }
    if (n === 0 || n > 9) return Number.NaN;
    for (let k = n; k < 3; k++) ms *= 10;
  }
  let offsetMin = 0;
  if (pos < end) {
    const z = text.charCodeAt(pos);
    if (z === 90 /* Z */ && pos + 1 === end) {
      pos++;
    } else if ((z === 43 || z === 45) && end - pos === 6 && text.charCodeAt(pos + 3) === 58) {
      const oh = digits(text, pos + 1, 2);
      const om = digits(text, pos + 4, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
      offsetMin = (z === 43 ? 1 : -1) * (oh * 60 + om);
      pos = end;
    } else {
      return Number.NaN;
    }
  }
  return dayMs + ((hour * 60 + minute - offsetMin) * 60 + second) * 1000 + ms;
}

/**
 * Returns midnight UTC of a `YYYY-MM-DD` date in ms, or NaN if the text is not such a date.
 */
export function parseDateMs(date: string): number {
  requireString(date, "date");
  return typeof date === "string" && date.length === 10 ? parseTimestampMs(date) : Number.NaN;
}

/** Throws InvalidInputError unless `timeMs` is a time a Date can hold (finite, |t| <= 8.64e15). */
function checkTime(timeMs: number): void {
  if (!(Math.abs(timeMs) <= 8.64e15))
    throw new InvalidInputError({
      field: "timeMs",
      value: timeMs,
      expected: "finite ms since 1970 within ±8.64e15",
    });
}

/** Returns `YYYY-MM-DD` for a time in ms (UTC). */
export function formatDate(timeMs: number): string {
  requireNumber(timeMs, "timeMs");
  checkTime(timeMs);
  return new Date(timeMs).toISOString().slice(0, 10);
}

/** Returns `YYYY-MM-DD HH:MM:SS` for a time in ms (UTC), the format of the minute files. */
export function formatDateTime(timeMs: number): string {
  requireNumber(timeMs, "timeMs");
  checkTime(timeMs);
  const iso = new Date(timeMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
