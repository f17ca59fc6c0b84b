/**
 * Loader for the Uniswap v3 one-minute pool files (`../shared/data/uniswap-v3`, README §1).
 */
import { basename, join } from "node:path";
import { DataFormatError } from "../errors/data.js";
import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { PoolMeta, PoolSeries, SeriesGap } from "../types/series.js";
import { parseCsvColumns, readCsv } from "./csv.js";
import { orderError } from "./gaps.js";
import { isInputDir, readInputDir } from "./inputPath.js";
import { getPoolMeta } from "./pools.js";
import { formatDateTime, parseDateMs } from "./timestamp.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Tick bounds of Uniswap v3 (`TickMath.MIN_TICK`, `MAX_TICK`). */
const MAX_TICK = 887_272;

/** `Polygon-0x…-YYYY-MM-DD.csv` (2022 files) and `polygon-0x…-YYYY-MM-DD.minute.csv` / `ethereum-…`. */
const POOL_FILE_RE = /^([A-Za-z]+)-(0x[0-9a-fA-F]{40})-(\d{4}-\d{2}-\d{2})(\.minute)?\.csv$/;

export const POOL_COLUMNS = [
  "timestamp",
  "netAmount0",
  "netAmount1",
  "closeTick",
  "openTick",
  "lowestTick",
  "highestTick",
  "inAmount0",
  "inAmount1",
  "currentLiquidity",
] as const;

export type LoadPoolSeriesParameters = {
  /** A folder of day files (picked by the date in the file name) or a single file. */
  path: string;
  /** First UTC day to load, `YYYY-MM-DD`, inclusive. */
  from?: string;
  /** Last UTC day to load, `YYYY-MM-DD`, inclusive. */
  to?: string;
  /** Pool description; required when the file name carries no address of a known pool (see `KNOWN_POOLS`). */
  meta?: PoolMeta;
  /** The flag or config path that named `path`, used in path errors (default `"path"`). */
  field?: string;
  /**
   * Longest run of missing minutes that is filled (default 4,320 = 3 days); a longer gap raises DataFormatError.
   * Pass `Infinity` to join distant blocks (e.g. all 44 Polygon days, 2022 to 2025) into one series.
   */
  maxFillMinutes?: number;
};

export type LoadPoolSeriesReturnType = PoolSeries;
export type LoadPoolSeriesErrorType = DataFormatError | InvalidInputError;

type Chunk = {
  file: string;
  n: number;
  time: Float64Array;
  openTick: Int32Array;
  highTick: Int32Array;
  lowTick: Int32Array;
  closeTick: Int32Array;
  netAmount0: Float64Array;
  netAmount1: Float64Array;
  inAmount0: Float64Array;
  inAmount1: Float64Array;
  liquidity: Float64Array;
};

function checkDay(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDateMs(value);
  if (Number.isNaN(ms)) throw new InvalidInputError({ field, value, expected: "a date YYYY-MM-DD" });
  return ms;
}

function readChunk(file: string, field: string): Chunk {
  const csv = readCsv(file, { required: POOL_COLUMNS, field });
  const c = parseCsvColumns(csv, {
    timestamp: "time",
    netAmount0: "exactInteger",
    netAmount1: "exactInteger",
    inAmount0: "exactInteger",
    inAmount1: "exactInteger",
    currentLiquidity: "exactInteger",
    openTick: "tick",
    highestTick: "tick",
    lowestTick: "tick",
    closeTick: "tick",
  });
  const n = csv.rowCount;
  const bad = (r: number, column: string, value: number, reason: string) =>
    new DataFormatError({ file, line: r + 2, column, value, reason });
  for (let r = 0; r < n; r++) {
    const t = c.timestamp[r];
    if (t % MINUTE_MS !== 0)
      throw new DataFormatError({
        file,
        line: r + 2,
        column: "timestamp",
        value: formatDateTime(t),
        reason: "timestamp is not on a whole minute",
      });
    const lo = c.lowestTick[r];
    const hi = c.highestTick[r];
    if (lo > hi) throw bad(r, "lowestTick", lo, `lowestTick above highestTick ${hi}`);
    if (lo < -MAX_TICK) throw bad(r, "lowestTick", lo, `tick outside [${-MAX_TICK}, ${MAX_TICK}]`);
    if (hi > MAX_TICK) throw bad(r, "highestTick", hi, `tick outside [${-MAX_TICK}, ${MAX_TICK}]`);
    const o = c.openTick[r];
    if (o < -MAX_TICK || o > MAX_TICK)
      throw bad(r, "openTick", o, `tick outside [${-MAX_TICK}, ${MAX_TICK}]`);
    const cl = c.closeTick[r];
    if (cl < -MAX_TICK || cl > MAX_TICK)
      throw bad(r, "closeTick", cl, `tick outside [${-MAX_TICK}, ${MAX_TICK}]`);
    if (c.inAmount0[r] < 0) throw bad(r, "inAmount0", c.inAmount0[r], "swap input volume is negative");
    if (c.inAmount1[r] < 0) throw bad(r, "inAmount1", c.inAmount1[r], "swap input volume is negative");
    if (c.currentLiquidity[r] < 0)
      throw bad(r, "currentLiquidity", c.currentLiquidity[r], "liquidity is negative");
  }
  return {
    file,
    n,
    time: c.timestamp,
    openTick: c.openTick,
    highTick: c.highestTick,
    lowTick: c.lowestTick,
    closeTick: c.closeTick,
    netAmount0: c.netAmount0,
    netAmount1: c.netAmount1,
    inAmount0: c.inAmount0,
    inAmount1: c.inAmount1,
    liquidity: c.currentLiquidity,
  };
}

/** Returns the pool files to read (sorted by day) and the pool address found in their names, if any. */
function resolveFiles(
  field: string,
  path: string,
  from: string | undefined,
  to: string | undefined,
): { files: string[]; address: string | undefined } {
  if (!isInputDir(path, field)) {
    const m = POOL_FILE_RE.exec(basename(path));
    return { files: [path], address: m?.[2].toLowerCase() };
  }
  const picked: { day: string; name: string; address: string }[] = [];
  for (const name of readInputDir(path, field)) {
    const m = POOL_FILE_RE.exec(name);
    if (!m) continue;
    const day = m[3];
    if ((from !== undefined && day < from) || (to !== undefined && day > to)) continue;
    picked.push({ day, name, address: m[2].toLowerCase() });
  }
  if (picked.length === 0)
    throw new DataFormatError({
      file: path,
      reason: `no pool files <chain>-<address>-YYYY-MM-DD[.minute].csv in [${from ?? "first"}, ${to ?? "last"}]`,
    });
  picked.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (let i = 0; i < picked.length; i++) {
    if (picked[i].address !== picked[0].address)
      throw new DataFormatError({
        file: join(path, picked[i].name),
        value: picked[i].address,
        reason: `folder mixes pools (${picked[0].address} and ${picked[i].address}); pass one pool's folder or file`,
      });
    if (i > 0 && picked[i].day === picked[i - 1].day)
      throw new DataFormatError({
        file: join(path, picked[i].name),
        value: picked[i].day,
        reason: `two files for the same day (also ${picked[i - 1].name})`,
      });
  }
  return { files: picked.map((p) => join(path, p.name)), address: picked[0].address };
}

/**
 * Returns one contiguous one-minute PoolSeries for a Uniswap v3 pool from a single day file or a folder of day
 * files (picked by the date in the name, filtered to [from, to], sorted and concatenated).
 *
 * Parsing: amounts and liquidity are parsed exactly as integers and stored as `Number(BigInt(s))` (one rounding
 * to float64); ticks may be written `202693` or `197030.0` and must be integral.
 *
 * Gap policy: a minute missing inside the span (a day file starting at 00:01, a day ending at 23:58, whole
 * missing days between files) is FILLED the way README §1 defines a minute without swaps: the four ticks equal
 * the previous `closeTick`, all amounts are 0 and liquidity is carried forward. Each filled run is one SeriesGap:
 * `index` is the first real row after it, the filled rows are `[index - missingBars, index)`, `fromTime`/`toTime`
 * are the real rows around it. Minutes before the first row (a first file starting at 00:02) are not filled,
 * nor after the last row. A run longer than `maxFillMinutes` is an error. A duplicate or out-of-order timestamp
 * is a DataFormatError with its file and line.
 *
 * Source quirk kept as is: in about 5 % of rows `openTick`/`closeTick` lie outside [lowestTick, highestTick]
 * (demeter-fetch resampling); only lowestTick <= highestTick is checked.
 * @example
 * import { loadPoolSeries } from "lpguard/data";
 * const pool = loadPoolSeries({ path: "data/uniswap-v3/polygon-weth-usdc-005", from: "2022-07-19", to: "2022-08-22" });
 * pool.length; // 50400 minutes (35 days)
 * @see ../shared/data/README.md §1; demeter-fetch minute resampling (zelos-alpha/demeter-fetch).
 */
export function loadPoolSeries(options: LoadPoolSeriesParameters): LoadPoolSeriesReturnType {
  const {
    path,
    from,
    to,
    meta,
    maxFillMinutes = 3 * 1440,
    field = "path",
  } = requireObject(options, "options");
  const fromMs = checkDay("from", from);
  const toMs = checkDay("to", to);
  if (fromMs !== undefined && toMs !== undefined && toMs < fromMs)
    throw new InvalidInputError({ field: "to", value: to, expected: `a date on or after from (${from})` });
  if (!(maxFillMinutes >= 0))
    throw new InvalidInputError({
      field: "maxFillMinutes",
      value: maxFillMinutes,
      expected: "a number >= 0",
    });
  const { files, address } = resolveFiles(field, path, from, to);
  let poolMeta = meta;
  if (!poolMeta) {
    if (address === undefined)
      throw new DataFormatError({
        file: path,
        reason: "the file name has no pool address (<chain>-0x…-YYYY-MM-DD.csv); pass meta",
      });
    poolMeta = getPoolMeta(address, files[0]);
  }
  const lo = fromMs ?? Number.NEGATIVE_INFINITY;
  const hi = toMs !== undefined ? toMs + DAY_MS : Number.POSITIVE_INFINITY;

  // Pass 1: parse, validate order, plan the fills.
  const chunks: Chunk[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const gaps: SeriesGap[] = [];
  let out = 0;
  let prevTime = Number.NaN;
  for (const file of files) {
    const ch = readChunk(file, field);
    let a = 0;
    let b = ch.n;
    for (let r = 1; r < ch.n; r++)
      if (!(ch.time[r] > ch.time[r - 1]))
        throw orderError(file, r + 2, "timestamp", ch.time[r], ch.time[r - 1]);
    while (a < b && ch.time[a] < lo) a++;
    while (b > a && ch.time[b - 1] >= hi) b--;
    if (a === b) continue;
    const t0 = ch.time[a];
    if (out > 0) {
      if (!(t0 > prevTime)) throw orderError(file, a + 2, "timestamp", t0, prevTime);
      const missing = (t0 - prevTime) / MINUTE_MS - 1;
      if (missing > maxFillMinutes)
        throw new DataFormatError({
          file,
          line: a + 2,
          column: "timestamp",
          value: formatDateTime(t0),
          reason: `${missing} minutes missing since ${formatDateTime(prevTime)}, more than maxFillMinutes ${maxFillMinutes}`,
        });
      out += missing;
    }
    for (let r = a + 1; r < b; r++) {
      const missing = (ch.time[r] - ch.time[r - 1]) / MINUTE_MS - 1;
      if (missing > maxFillMinutes)
        throw new DataFormatError({
          file,
          line: r + 2,
          column: "timestamp",
          value: formatDateTime(ch.time[r]),
          reason: `${missing} minutes missing since ${formatDateTime(ch.time[r - 1])}, more than maxFillMinutes ${maxFillMinutes}`,
        });
    }
    out += (ch.time[b - 1] - t0) / MINUTE_MS + 1;
    prevTime = ch.time[b - 1];
    chunks.push(ch);
    starts.push(a);
    ends.push(b);
  }
  if (out === 0)
    throw new DataFormatError({
      file: files.length === 1 ? files[0] : path,
      line: 2,
      reason: `no data rows${from !== undefined || to !== undefined ? ` in [${from ?? "first"}, ${to ?? "last"}]` : ""}`,
    });

  // Pass 2: copy the rows and fill the missing minutes.
  const length = out;
  const time = new Float64Array(length);
  const openTick = new Int32Array(length);
  const highTick = new Int32Array(length);
  const lowTick = new Int32Array(length);
  const closeTick = new Int32Array(length);
  const netAmount0 = new Float64Array(length);
  const netAmount1 = new Float64Array(length);
  const inAmount0 = new Float64Array(length);
  const inAmount1 = new Float64Array(length);
  const liquidity = new Float64Array(length);
  let i = 0;
  for (let k = 0; k < chunks.length; k++) {
    const ch = chunks[k];
    for (let r = starts[k]; r < ends[k]; r++) {
      const t = ch.time[r];
      if (i > 0) {
        const prev = time[i - 1];
        const missing = (t - prev) / MINUTE_MS - 1;
        if (missing > 0) {
          const tick = closeTick[i - 1];
          const l = liquidity[i - 1];
          for (let f = 1; f <= missing; f++) {
            time[i] = prev + f * MINUTE_MS;
            openTick[i] = tick;
            highTick[i] = tick;
            lowTick[i] = tick;
            closeTick[i] = tick;
            liquidity[i] = l;
            i++;
          }
          gaps.push({ index: i, fromTime: prev, toTime: t, missingBars: missing });
        }
      }
      time[i] = t;
      openTick[i] = ch.openTick[r];
      highTick[i] = ch.highTick[r];
      lowTick[i] = ch.lowTick[r];
      closeTick[i] = ch.closeTick[r];
      netAmount0[i] = ch.netAmount0[r];
      netAmount1[i] = ch.netAmount1[r];
      inAmount0[i] = ch.inAmount0[r];
      inAmount1[i] = ch.inAmount1[r];
      liquidity[i] = ch.liquidity[r];
      i++;
    }
  }
  return {
    meta: poolMeta,
    length,
    time,
    openTick,
    highTick,
    lowTick,
    closeTick,
    netAmount0,
    netAmount1,
    inAmount0,
    inAmount1,
    liquidity,
    gaps,
  };
}
