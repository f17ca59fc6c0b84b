/** The data layer: fast CSV parsing and loaders for every file format in `../shared/data` (see README.md here). */
export {
  type CsvColumnKind,
  type CsvTable,
  csvField,
  type ParseCsvColumnsReturnType,
  parseCsvColumns,
  parseExactIntegerAt,
  parseFloatAt,
  parseTickAt,
  type ReadCsvErrorType,
  type ReadCsvParameters,
  readCsv,
} from "./csv.js";
export {
  FUNDING_FORMATS,
  fundingIndexAt,
  fundingRateAt,
  type LoadFundingErrorType,
  type LoadFundingOptions,
  loadFunding,
} from "./funding.js";
export {
  type FindGapsErrorType,
  type FindGapsParameters,
  findGaps,
  indexAtOrBefore,
  orderError,
} from "./gaps.js";
export {
  type CheckInputPathErrorType,
  type CheckInputPathParameters,
  checkInputPath,
  type InputPathKind,
  isInputDir,
  readInputDir,
  readInputText,
} from "./inputPath.js";
export {
  type LoadLendingReserveErrorType,
  type LoadLendingReserveOptions,
  loadLendingReserve,
} from "./lending.js";
export { type LoadOhlcvErrorType, type LoadOhlcvOptions, loadOhlcv } from "./ohlcv.js";
export {
  inversePremiumToQuote,
  type LoadOptionChainErrorType,
  type LoadOptionChainOptions,
  loadOptionChain,
  OPTION_CHAIN_COLUMNS,
  OPTION_YEAR_MS,
  type OptionChain,
  type OptionChainExpiry,
  type OptionQuote,
  optionChainExpiries,
  quotePremiumToInverse,
} from "./optionChain.js";
export {
  type LoadPoolSeriesErrorType,
  type LoadPoolSeriesParameters,
  type LoadPoolSeriesReturnType,
  loadPoolSeries,
  POOL_COLUMNS,
} from "./poolSeries.js";
export { findPoolMeta, findTokenMeta, getPoolMeta, KNOWN_POOLS } from "./pools.js";
export { daysFromCivil, formatDate, formatDateTime, parseDateMs, parseTimestampMs } from "./timestamp.js";
export { type LoadVolIndexErrorType, type LoadVolIndexOptions, loadVolIndex } from "./volIndex.js";
