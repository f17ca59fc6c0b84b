import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadOhlcv, loadPoolSeries } from "../../src/data/index.js";
import { KNOWN_POOLS } from "../../src/data/pools.js";
import { DataFormatError } from "../../src/errors/data.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/data");
const meta = KNOWN_POOLS["0x45dda9cb7c25131df268515131f647d726f50608"];

/** Runs `fn`, expects a DataFormatError and returns it. */
function catchDataError(fn: () => unknown): DataFormatError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataFormatError);
    return err as DataFormatError;
  }
  throw new Error("expected a DataFormatError, nothing was thrown");
}

function loadPoolFixture(name: string): DataFormatError {
  return catchDataError(() => loadPoolSeries({ path: join(FIXTURES, name), meta }));
}

describe("loadPoolSeries", () => {
  test("behavior: missing column names the column and the header line", () => {
    const err = loadPoolFixture("pool_missing_column.csv");
    expect(err.file).toContain("pool_missing_column.csv");
    expect(err.line).toBe(1);
    expect(err.column).toBe("currentLiquidity");
    expect(err.shortMessage).toMatch(
      /pool_missing_column\.csv, line 1, column currentLiquidity: missing required column/,
    );
    expect(err.shortMessage).toContain('(value "timestamp,netAmount0');
  });

  test("behavior: ragged row names file, line, the first missing column and the row", () => {
    const err = loadPoolFixture("pool_ragged_row.csv");
    expect(err.line).toBe(3);
    expect(err.column).toBe("inAmount1");
    expect(err.shortMessage).toMatch(
      /pool_ragged_row\.csv, line 3, column inAmount1: ragged row: 8 fields, the header has 10/,
    );
    expect(err.shortMessage).toContain('(value "2022-07-19 00:01:00,296680501');
  });

  test("behavior: unparsable number names file, line, column and value", () => {
    const err = loadPoolFixture("pool_unparsable_number.csv");
    expect(err.shortMessage).toBe(
      `${join(FIXTURES, "pool_unparsable_number.csv")}, line 4, column inAmount1: not an integer (value "12x4").`,
    );
  });

  test("behavior: non-integral tick names file, line, column and value", () => {
    const err = loadPoolFixture("pool_non_integral_tick.csv");
    expect(err.shortMessage).toBe(
      `${join(FIXTURES, "pool_non_integral_tick.csv")}, line 3, column closeTick: tick is not an integer (value "203045.5").`,
    );
  });

  test("behavior: out-of-order timestamp names file, line, column and value", () => {
    const err = loadPoolFixture("pool_out_of_order.csv");
    expect(err.line).toBe(3);
    expect(err.shortMessage).toMatch(
      /pool_out_of_order\.csv, line 3, column timestamp: timestamp out of order \(previous row is 2022-07-19 00:01:00\) \(value "2022-07-19 00:00:00"\)/,
    );
  });

  test("behavior: duplicate timestamp names file, line, column and value", () => {
    const err = loadPoolFixture("pool_duplicate_timestamp.csv");
    expect(err.shortMessage).toMatch(
      /pool_duplicate_timestamp\.csv, line 4, column timestamp: duplicate timestamp .*\(value "2022-07-19 00:01:00"\)/,
    );
  });

  test("behavior: empty file names the file and line 1", () => {
    const err = loadPoolFixture("pool_empty.csv");
    expect(err.line).toBe(1);
    expect(err.shortMessage).toMatch(/pool_empty\.csv, line 1: file is empty: no header row/);
  });

  test("behavior: unknown pool address without meta is a clear error", () => {
    const err = catchDataError(() =>
      loadPoolSeries({
        path: join(FIXTURES, "polygon-0x0000000000000000000000000000000000000001-2022-07-19.minute.csv"),
      }),
    );
    expect(err.shortMessage).toMatch(
      /unknown pool address; pass meta .* \(value "0x0000000000000000000000000000000000000001"\)/,
    );
  });
});

describe("loadOhlcv", () => {
  test("behavior: high below low names file, line, column and value", () => {
    const err = catchDataError(() => loadOhlcv(join(FIXTURES, "ohlcv_high_below_low.csv")));
    expect(err.shortMessage).toBe(
      `${join(FIXTURES, "ohlcv_high_below_low.csv")}, line 3, column high: high below low 3714.1 (value 3700.5).`,
    );
  });
});
