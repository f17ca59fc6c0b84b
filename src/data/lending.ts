/** Loader for the Aave v3 reserve minute files (`../shared/data/aave/polygon-v3`, README §2). */
import { basename, join } from "node:path";
import { DataFormatError } from "../errors/data.js";
import { requireObject } from "../errors/guards.js";
import type { LendingReserveSeries, SeriesGap } from "../types/series.js";
import { parseCsvColumns, readCsv } from "./csv.js";
import { findGaps, orderError } from "./gaps.js";
import { isInputDir, readInputDir } from "./inputPath.js";
import { findTokenMeta } from "./pools.js";

const MINUTE_MS = 60_000;
/** `polygon-aave_v3-0x<asset>-YYYY-MM-DD.minute.csv`. */
const AAVE_FILE_RE = /^([A-Za-z]+)-aave_v3-(0x[0-9a-fA-F]{40})-(\d{4}-\d{2}-\d{2})(\.minute)?\.csv$/;

export type LoadLendingReserveOptions = {
  /**
   * In folder mode, the reserve to load: a token address or a symbol from the pool registry (`USDC`, `WETH`).
   * Required when the folder holds more than one reserve.
   */
  asset?: string;
  /** The flag or config path that named the file, used in path errors (default `"file"`). */
  field?: string;
};

export type LoadLendingReserveErrorType = DataFormatError;

/** Throws DataFormatError on the first value < 0 (rates) or <= 0 (indexes, `positive`). */
function checkColumn(file: string, column: string, values: Float64Array, positive: boolean): void {
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    // Annual rates above 100 (10,000 %) or indexes above 1e6 are not Aave data; they would overflow the accrual.
    if (positive ? !(v > 0 && v <= 1e6) : !(v >= 0 && v <= 100))
      throw new DataFormatError({
        file,
        line: r + 2,
        column,
        value: v,
        reason: positive ? "index must be in (0, 1e6]" : "rate must be in [0, 100] (annual fraction)",
      });
  }
}

function readDay(file: string, field: string) {
  const csv = readCsv(file, {
    field,
    required: [
      "block_timestamp",
      "liquidity_rate",
      "stable_borrow_rate",
      "variable_borrow_rate",
      "liquidity_index",
      "variable_borrow_index",
    ],
  });
  const c = parseCsvColumns(csv, {
    block_timestamp: "time",
    liquidity_rate: "float",
    stable_borrow_rate: "float",
    variable_borrow_rate: "float",
    liquidity_index: "float",
    variable_borrow_index: "float",
  });
  checkColumn(file, "liquidity_rate", c.liquidity_rate, false);
  checkColumn(file, "stable_borrow_rate", c.stable_borrow_rate, false);
  checkColumn(file, "variable_borrow_rate", c.variable_borrow_rate, false);
  checkColumn(file, "liquidity_index", c.liquidity_index, true);
  checkColumn(file, "variable_borrow_index", c.variable_borrow_index, true);
  return { file, n: csv.rowCount, c };
}

/**
 * Returns the Aave v3 reserve series (annual rates as decimal fractions, indexes dimensionless = ray / 1e27) of
 * one minute file, or of every day file of one reserve in a folder (sorted by the date in the name and joined).
 * The asset is named from the token address in the file name through the pool registry (USDC, WETH), or is the
 * address itself when unknown. Missing minutes are recorded in `gaps` and not filled; a duplicate or
 * out-of-order time is a DataFormatError with its line.
 * @example
 * import { loadLendingReserve } from "lpguard/data";
 * loadLendingReserve("aave/polygon-v3", { asset: "WETH" }).length; // 5760 (4 days)
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/ReserveLogic.sol
 */
export function loadLendingReserve(
  path: string,
  options: LoadLendingReserveOptions = {},
): LendingReserveSeries {
  const { asset, field = "path" } = requireObject(options, "options");
  let files: string[];
  if (isInputDir(path, field)) {
    const want = asset?.toLowerCase();
    const picked: { day: string; file: string; address: string }[] = [];
    for (const name of readInputDir(path, field)) {
      const m = AAVE_FILE_RE.exec(name);
      if (!m) continue;
      const address = m[2].toLowerCase();
      if (want !== undefined && want !== address && want !== findTokenMeta(address)?.symbol.toLowerCase())
        continue;
      picked.push({ day: m[3], file: join(path, name), address });
    }
    const addresses = new Set(picked.map((p) => p.address));
    if (picked.length === 0 || addresses.size > 1)
      throw new DataFormatError({
        file: path,
        value: asset,
        reason:
          picked.length === 0
            ? "no Aave reserve files <chain>-aave_v3-0x…-YYYY-MM-DD.minute.csv for this asset"
            : `folder holds several reserves (${[...addresses].join(", ")}); pass asset`,
      });
    picked.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    files = picked.map((p) => p.file);
  } else {
    files = [path];
  }
  const m = AAVE_FILE_RE.exec(basename(files[0]));
  const address = m?.[2].toLowerCase();
  const assetName = address ? (findTokenMeta(address)?.symbol ?? address) : (asset ?? basename(files[0]));

  const days = files.map((f) => readDay(f, field));
  const length = days.reduce((s, d) => s + d.n, 0);
  if (length === 0) throw new DataFormatError({ file: files[0], line: 2, reason: "no data rows" });
  const out = {
    time: new Float64Array(length),
    liquidityRate: new Float64Array(length),
    stableBorrowRate: new Float64Array(length),
    variableBorrowRate: new Float64Array(length),
    liquidityIndex: new Float64Array(length),
    variableBorrowIndex: new Float64Array(length),
  };
  const gaps: SeriesGap[] = [];
  let at = 0;
  for (const d of days) {
    if (d.n === 0) continue;
    const dayGaps = findGaps({ file: d.file, time: d.c.block_timestamp, barMs: MINUTE_MS });
    if (at > 0) {
      const prev = out.time[at - 1];
      const t0 = d.c.block_timestamp[0];
      if (!(t0 > prev)) throw orderError(d.file, 2, "block_timestamp", t0, prev);
      if (t0 - prev > MINUTE_MS)
        gaps.push({
          index: at,
          fromTime: prev,
          toTime: t0,
          missingBars: Math.round((t0 - prev) / MINUTE_MS) - 1,
        });
    }
    for (const g of dayGaps) gaps.push({ ...g, index: g.index + at });
    out.time.set(d.c.block_timestamp, at);
    out.liquidityRate.set(d.c.liquidity_rate, at);
    out.stableBorrowRate.set(d.c.stable_borrow_rate, at);
    out.variableBorrowRate.set(d.c.variable_borrow_rate, at);
    out.liquidityIndex.set(d.c.liquidity_index, at);
    out.variableBorrowIndex.set(d.c.variable_borrow_index, at);
    at += d.n;
  }
  return { asset: assetName, length, ...out, gaps };
}
