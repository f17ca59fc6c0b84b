/** The `lpguard risk` driver: config schema, data loading and the risk report of one LP position. */
export {
  assessRisk,
  assessRiskFile,
  loadRiskData,
  type RiskData,
  type RiskReport,
  type RiskVarRow,
} from "./assessRisk.js";
export {
  loadRiskConfig,
  parseRiskConfig,
  type RiskConfig,
  riskConfigSchema,
  VOLATILITY_ESTIMATORS,
  type VolatilityEstimator,
} from "./config.js";
export { type RangeConfig, rangeSchema, resolveRange } from "./configFile.js";
