export {
  type BacktestConfig,
  backtestConfigSchema,
  issueToConfigError,
  loadBacktestConfig,
  parseBacktestConfig,
} from "./config.js";
export {
  createStrategyFromConfig,
  type RunBacktestParameters,
  type RunBacktestReturnType,
  runBacktest,
  runBacktestFile,
} from "./runBacktest.js";
export { type BacktestSummary, summarizeBacktest } from "./summary.js";
