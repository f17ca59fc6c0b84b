/** The run spec moved to `src/config/`; re-exported here for existing imports. */
export {
  type BacktestConfig,
  backtestConfigObject,
  backtestConfigSchema,
  day,
  type HedgeConfig,
  hedgeSchema,
  issueToConfigError,
  loadBacktestConfig,
  num,
  parseBacktestConfig,
  rangeSchema,
  rangeStrategySchema,
  readConfigFile,
  type VenuesConfig,
  venuesSchema,
} from "../config/index.js";
