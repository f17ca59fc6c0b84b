export { day, issueToConfigError, num, rangeSchema, readConfigFile } from "./primitives.js";
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
