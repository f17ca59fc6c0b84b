export {
  amount,
  day,
  isCalendarDay,
  issueToConfigError,
  MAX_AMOUNT,
  MAX_CONFIG_NUMBER,
  MIN_AMOUNT,
  num,
  rangeSchema,
  readConfigFile,
} from "./primitives.js";
export {
  type BacktestConfig,
  backtestConfigObject,
  backtestConfigSchema,
  type HedgeConfig,
  hedgeSchema,
  loadBacktestConfig,
  parseBacktestConfig,
  rangeStrategySchema,
  type VenuesConfig,
  venuesSchema,
} from "./runSpec.js";
