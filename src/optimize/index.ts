export {
  loadOptimizeConfig,
  type OptimizeConfig,
  type OptimizeSettings,
  optimizeConfigSchema,
  parseOptimizeConfig,
} from "./config.js";
export {
  type CheckedCandidate,
  candidateRun,
  forecastHorizonVariance,
  hedgeAt,
  type OptimizeForecast,
  type OptimizeRangeParameters,
  type OptimizeRangeReturnType,
  optimizeRange,
  utilityOf,
} from "./optimizeRange.js";
export { type PoolStats, poolStats } from "./poolStats.js";
export {
  estimateRange,
  type RangeCandidate,
  type RangeEstimate,
  type RangeModelMarket,
} from "./rangeModel.js";
export { type RunOptimizeParameters, type RunOptimizeReturnType, runOptimize } from "./runOptimize.js";
export {
  addDays,
  candidateSweep,
  rankOf,
  splitWindows,
  type WalkForwardParameters,
  type WalkForwardReturnType,
  type WalkForwardRow,
  walkForward,
} from "./walkForward.js";
