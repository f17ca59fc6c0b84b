import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { daysFromCivil, formatDateTime, parseDateMs, parseTimestampMs } from "./timestamp.js";

describe("parseTimestampMs", () => {
  test("default", () => {
    expect(parseTimestampMs("2022-07-19 00:01:00")).toBe(Date.UTC(2022, 6, 19, 0, 1, 0));
  });

  test("behavior: every supported format", () => {
    expect(parseTimestampMs("2023-01-01")).toBe(Date.UTC(2023, 0, 1));
    expect(parseTimestampMs("2022-01-01T08:00:00.009Z")).toBe(Date.UTC(2022, 0, 1, 8, 0, 0, 9));
    expect(parseTimestampMs("2020-01-01 03:00:00.000")).toBe(Date.UTC(2020, 0, 1, 3));
    expect(parseTimestampMs("2020-01-01 03:00:00.5")).toBe(Date.UTC(2020, 0, 1, 3, 0, 0, 500));
    expect(parseTimestampMs("2023-08-14 00:00:00+00:00")).toBe(Date.UTC(2023, 7, 14));
    expect(parseTimestampMs("2020-01-01 03:00:00+03:00")).toBe(Date.UTC(2020, 0, 1, 0));
    expect(parseTimestampMs("1640995200006")).toBe(1640995200006);
    expect(parseTimestampMs("x2022-07-19 00:01:00", 1)).toBe(Date.UTC(2022, 6, 19, 0, 1));
  });

  test("behavior: rejects malformed and out-of-range text with NaN", () => {
    for (const bad of [
      "",
      "2022-13-01",
      "2022-02-29",
      "2022-07-19 24:00:00",
      "2022-07-19 00:60:00",
      "2022-07-19 00:00:60",
      "2022/07/19",
      "2022-07-19X00:00:00",
      "2022-07-19 00:00:00Q",
      "2022-07-19 00:00:00.",
      "12a4",
      "2022-07-19 0:00:00",
    ])
      expect(parseTimestampMs(bad), bad).toBeNaN();
    expect(parseTimestampMs("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
  });

  test("behavior: agrees with Date.UTC / toISOString on random instants (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseTimestampMs(iso)).toBe(ms);
        expect(parseTimestampMs(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`)).toBe(ms - (ms % 1000));
        expect(parseTimestampMs(String(ms))).toBe(ms);
      }),
    );
  });
});

describe("daysFromCivil", () => {
  test("default", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
  });

  test("behavior: equals Date.UTC / 86400000 (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1600-01-01"), max: new Date("2400-12-31"), noInvalidDate: true }),
        (d) => {
          const y = d.getUTCFullYear();
          const m = d.getUTCMonth() + 1;
          const day = d.getUTCDate();
          expect(daysFromCivil(y, m, day)).toBe(Date.UTC(y, m - 1, day) / 86_400_000);
        },
      ),
    );
  });
});

describe("parseDateMs", () => {
  test("default", () => {
    expect(parseDateMs("2022-08-22")).toBe(Date.UTC(2022, 7, 22));
    expect(parseDateMs("2022-08-22 00:00:00")).toBeNaN();
  });
});

describe("formatDateTime", () => {
  test("default", () => {
    expect(formatDateTime(Date.UTC(2023, 2, 24, 13))).toBe("2023-03-24 13:00:00");
  });
});
