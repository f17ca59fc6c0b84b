export {
  type CompareConfig,
  type CompareRow,
  compareConfigSchema,
  compareRow,
  compareRunConfig,
  dailyPnl,
  loadCompareConfig,
  MIN_EFFECTIVENESS_DAYS,
  parseCompareConfig,
  type RunCompareParameters,
  type RunCompareReturnType,
  runCompare,
  runCompareFile,
  sampleVariance,
} from "./compare.js";
export {
  type BacktestConfig,
  backtestConfigObject,
  backtestConfigSchema,
  type HedgeConfig,
  hedgeSchema,
  issueToConfigError,
  loadBacktestConfig,
  parseBacktestConfig,
  rangeStrategySchema,
  readConfigFile,
  type VenuesConfig,
  venuesSchema,
} from "./config.js";
export {
  type CreateHedgeSetupParameters,
  type CreateHedgeSetupReturnType,
  configHedges,
  createHedgeSetup,
  type DataCache,
  hedgeReserveQuote,
} from "./hedgeSetup.js";
export {
  type BacktestDeltaSeries,
  createStrategyFromConfig,
  type RunBacktestParameters,
  type RunBacktestReturnType,
  runBacktest,
  runBacktestFile,
} from "./runBacktest.js";
export {
  type RunVaultBacktestParameters,
  type RunVaultBacktestReturnType,
  runVaultBacktest,
  runVaultBacktestFile,
  type VaultBacktestSummary,
} from "./runVaultBacktest.js";
export {
  parseStripPricingConfig,
  runStripPricing,
  type StripPricingConfig,
  type StripPricingReturnType,
  stripPricingSchema,
} from "./stripPricing.js";
export { ANNUALIZE_MIN_DAYS, type BacktestSummary, summarizeBacktest } from "./summary.js";
export type { VaultDetailSeries, VaultPartColumn, VaultPartSeries } from "./vaultDetail.js";
