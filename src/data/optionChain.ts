/**
 * Loader for a Deribit option-chain snapshot (`../shared/data/options`, README §6): the fields of
 * `public/get_book_summary_by_currency?kind=option`, one row per listed option.
 */

import { DataFormatError } from "../errors/data.js";
import { requireArray, requireNumber, requireObject } from "../errors/guards.js";
import { assertPositive } from "../errors/math.js";
import type { OptionKind } from "../math/options/optionKind.js";
import type { StripChainQuote } from "../math/replication/priceStrip.js";
import { readCsv } from "./csv.js";
import { parseDateMs } from "./timestamp.js";

const DAY_MS = 86_400_000;
/** ACT/365: the year used for `timeToExpiry`. */
export const OPTION_YEAR_MS = 365 * DAY_MS;
/** Deribit options expire at 08:00 UTC. */
const EXPIRY_HOUR_MS = 8 * 3_600_000;
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const INSTRUMENT = /^([A-Z0-9_]+)-(\d{1,2})([A-Z]{3})(\d{2})-(\d+(?:[.d]\d+)?)-([CP])$/;

/** Columns the loader needs (names as in the Deribit API). */
export const OPTION_CHAIN_COLUMNS = [
  "instrument_name",
  "bid_price",
  "ask_price",
  "mark_price",
  "mark_iv",
  "underlying_price",
  "underlying_index",
  "estimated_delivery_price",
  "creation_timestamp",
] as const;

/** One listed option. Prices are in BASE units (ETH) per option on one unit of base: Deribit options are inverse. */
export type OptionQuote = StripChainQuote & {
  /** e.g. `ETH-26DEC25-2800-C`. */
  instrument: string;
  /** Expiry, ms since the epoch at 08:00 UTC of the expiry day (from the instrument name). */
  expiry: number;
  /** Strike, USD per ETH. */
  strike: number;
  kind: OptionKind;
  /** Best bid / ask in ETH per option; null when the book side is empty. */
  bid: number | null;
  ask: number | null;
  /** Deribit mark price in ETH per option; null if missing. */
  mark: number | null;
  /** Implied vol of the mark as a decimal (`mark_iv` / 100); null if missing. */
  markIv: number | null;
  /** `underlying_price`: the forward Deribit prices this option with, USD per ETH. */
  forward: number;
  /** `underlying_index`: the future (`ETH-26DEC25`) or synthetic forward (`SYN.ETH-23NOV25`). */
  underlyingIndex: string;
  /** Years from the snapshot time to 08:00 UTC on the expiry day, ACT/365. */
  timeToExpiry: number;
};

export type OptionChain = {
  /** The path as given. */
  file: string;
  /** Snapshot time, ms since the epoch: the earliest `creation_timestamp` (rows differ by a few ms). */
  snapshotTime: number;
  /** Underlying index, USD per ETH (`estimated_delivery_price`, the median over rows; equal in every row of the shared file). */
  indexPrice: number;
  quotes: OptionQuote[];
};

export type LoadOptionChainOptions = {
  /** The flag or config path that named the file, used in path errors (default `"file"`). */
  field?: string;
  /** Already-read file text (tests); otherwise the file is read from `path`. */
  text?: string;
};

export type LoadOptionChainErrorType = DataFormatError;

/**
 * Returns a Deribit option-chain snapshot with prices as numbers, empty bid/ask as `null`, expiries at 08:00 UTC
 * and ACT/365 times to expiry from the snapshot time.
 *
 * Validation (DataFormatError with file, line, column and value): required columns; an instrument name of the form
 * `ETH-26DEC25-2800-C`; prices finite and ≥ 0; `mark_iv` > 0; `underlying_price` and `estimated_delivery_price` > 0;
 * and, when the source-derived columns `expiry`, `strike`, `option_type` are present, agreement with the name.
 * USD premiums: see {@link inversePremiumToQuote} (mark × forward).
 *
 * @example
 * import { loadOptionChain } from "lpguard/data";
 * const chain = loadOptionChain("options/deribit-eth-option-chain-2025-11-22T0215Z.csv");
 * chain.quotes.length; // 830
 * chain.indexPrice; // 2758.38
 * @see https://docs.deribit.com/#public-get_book_summary_by_currency
 */
export function loadOptionChain(path: string, options: LoadOptionChainOptions = {}): OptionChain {
  const { text, field } = requireObject(options, "options");
  const csv = readCsv(path, {
    required: OPTION_CHAIN_COLUMNS,
    field,
    ...(text !== undefined ? { text } : {}),
  });
  if (csv.rowCount === 0) throw new DataFormatError({ file: path, line: 2, reason: "no data rows" });
  const col = (name: string) => csv.header.indexOf(name);
  const idx = {
    name: col("instrument_name"),
    bid: col("bid_price"),
    ask: col("ask_price"),
    mark: col("mark_price"),
    iv: col("mark_iv"),
    forward: col("underlying_price"),
    underlying: col("underlying_index"),
    index: col("estimated_delivery_price"),
    time: col("creation_timestamp"),
    expiryDate: col("expiry"),
    strike: col("strike"),
    type: col("option_type"),
  };
  const rows: { line: number; fields: string[]; time: number }[] = [];
  let snapshotTime = Number.POSITIVE_INFINITY;
  const indexValues: number[] = [];
  for (let r = 0; r < csv.rowCount; r++) {
    const line = r + 2;
    const fields = csv.text.slice(csv.rowStart[r], csv.rowEnd[r]).split(",");
    if (fields.length !== csv.header.length)
      throw new DataFormatError({
        file: path,
        line,
        value: fields.length,
        reason: `expected ${csv.header.length} fields`,
      });
    const time = number(path, line, "creation_timestamp", fields[idx.time], "positive");
    if (!Number.isInteger(time))
      throw new DataFormatError({
        file: path,
        line,
        column: "creation_timestamp",
        value: fields[idx.time],
        reason: "must be integer ms",
      });
    snapshotTime = Math.min(snapshotTime, time);
    indexValues.push(number(path, line, "estimated_delivery_price", fields[idx.index], "positive"));
    rows.push({ line, fields, time });
  }
  const quotes: OptionQuote[] = rows.map(({ line, fields }) => {
    const instrument = fields[idx.name].trim();
    const m = INSTRUMENT.exec(instrument);
    if (!m)
      throw new DataFormatError({
        file: path,
        line,
        column: "instrument_name",
        value: instrument,
        reason: "expected COIN-DDMMMYY-STRIKE-C|P",
      });
    const month = MONTHS.indexOf(m[3]);
    const day = Number(m[2]);
    const year = 2000 + Number(m[4]);
    const expiryDay = Date.UTC(year, month, day);
    if (month < 0 || new Date(expiryDay).getUTCDate() !== day)
      throw new DataFormatError({
        file: path,
        line,
        column: "instrument_name",
        value: instrument,
        reason: "invalid expiry date",
      });
    const expiry = expiryDay + EXPIRY_HOUR_MS;
    const strike = Number(m[5].replace("d", "."));
    const kind: OptionKind = m[6] === "C" ? "call" : "put";
    if (
      idx.expiryDate >= 0 &&
      fields[idx.expiryDate] !== "" &&
      parseDateMs(fields[idx.expiryDate]) !== expiryDay
    )
      throw new DataFormatError({
        file: path,
        line,
        column: "expiry",
        value: fields[idx.expiryDate],
        reason: `disagrees with ${instrument}`,
      });
    if (idx.strike >= 0 && fields[idx.strike] !== "" && Number(fields[idx.strike]) !== strike)
      throw new DataFormatError({
        file: path,
        line,
        column: "strike",
        value: fields[idx.strike],
        reason: `disagrees with ${instrument}`,
      });
    if (idx.type >= 0 && fields[idx.type] !== "" && fields[idx.type] !== m[6])
      throw new DataFormatError({
        file: path,
        line,
        column: "option_type",
        value: fields[idx.type],
        reason: `disagrees with ${instrument}`,
      });
    const ivText = fields[idx.iv];
    const markIv = ivText === "" ? null : number(path, line, "mark_iv", ivText, "positive", -2);
    return {
      instrument,
      expiry,
      strike,
      kind,
      bid: optional(path, line, "bid_price", fields[idx.bid]),
      ask: optional(path, line, "ask_price", fields[idx.ask]),
      mark: optional(path, line, "mark_price", fields[idx.mark]),
      markIv,
      forward: number(path, line, "underlying_price", fields[idx.forward], "positive"),
      underlyingIndex: fields[idx.underlying],
      timeToExpiry: (expiry - snapshotTime) / OPTION_YEAR_MS,
    };
  });
  indexValues.sort((a, b) => a - b);
  return { file: path, snapshotTime, indexPrice: indexValues[indexValues.length >> 1], quotes };
}

/**
 * Returns the premium in quote units (USD) of an inverse option quoted in base units (ETH): priceBase × forward.
 * Deribit defines an option's USD mark as `mark_price × underlying_price`, i.e. with the forward of its expiry, which
 * is also what makes `mark_iv` the Black-76 vol of the USD premium; multiplying by the index instead would mix a spot
 * conversion into a forward-settled price.
 * @example
 * import { inversePremiumToQuote } from "lpguard/data";
 * inversePremiumToQuote(0.087551, 2766.24); // 242.19 (USD)
 * @see https://docs.deribit.com/#public-get_book_summary_by_currency
 */
export function inversePremiumToQuote(priceBase: number, forward: number): number {
  requireNumber(priceBase, "priceBase");
  requireNumber(forward, "forward");
  return priceBase * forward;
}

/** Returns the premium in base units (ETH) of a quote-unit (USD) premium: priceQuote / forward (inverse of {@link inversePremiumToQuote}). */
export function quotePremiumToInverse(priceQuote: number, forward: number): number {
  requireNumber(priceQuote, "priceQuote");
  assertPositive("forward", forward);
  return priceQuote / forward;
}

/** One expiry of a chain: its strikes (ascending, calls and puts merged), median forward and time to expiry. */
export type OptionChainExpiry = {
  expiry: number;
  timeToExpiry: number;
  forward: number;
  strikes: number[];
  quoteCount: number;
};

/**
 * Returns the chain's expiries in ascending order with their strikes and median forward.
 * @example
 * import { loadOptionChain, optionChainExpiries } from "lpguard/data";
 * optionChainExpiries(loadOptionChain("…chain.csv")).length; // 11
 */
export function optionChainExpiries(chain: OptionChain): OptionChainExpiry[] {
  requireObject(chain, "chain");
  requireArray(chain.quotes, "chain.quotes");
  const groups = new Map<number, OptionQuote[]>();
  for (const q of chain.quotes) {
    const g = groups.get(q.expiry);
    if (g) g.push(q);
    else groups.set(q.expiry, [q]);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([expiry, qs]) => {
      const forwards = qs.map((q) => q.forward).sort((a, b) => a - b);
      return {
        expiry,
        timeToExpiry: qs[0].timeToExpiry,
        forward: forwards[forwards.length >> 1],
        strikes: [...new Set(qs.map((q) => q.strike))].sort((a, b) => a - b),
        quoteCount: qs.length,
      };
    });
}

function optional(file: string, line: number, column: string, text: string): number | null {
  return text === "" ? null : number(file, line, column, text, "nonNegative");
}

/** Parses a decimal; `exp10` shifts the decimal point exactly (mark_iv percent -> fraction, correctly rounded). */
function number(
  file: string,
  line: number,
  column: string,
  text: string | undefined,
  rule: "positive" | "nonNegative",
  exp10 = 0,
): number {
  const t = (text ?? "").trim();
  const v =
    t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)
      ? Number.NaN
      : exp10 === 0
        ? Number(t)
        : /[eE]/.test(t)
          ? Number(t) * 10 ** exp10
          : Number(`${t}e${exp10}`);
  if (!Number.isFinite(v))
    throw new DataFormatError({ file, line, column, value: text ?? "", reason: "not a number" });
  if (rule === "positive" ? !(v > 0) : !(v >= 0))
    throw new DataFormatError({
      file,
      line,
      column,
      value: text,
      reason: rule === "positive" ? "must be > 0" : "must be >= 0",
    });
  return v;
}
