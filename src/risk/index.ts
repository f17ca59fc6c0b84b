/** The `lpguard risk` driver: config schema, data loading and the risk report of one LP position. */
export {
  assessRisk,
  assessRiskFile,
  DELTA_GAMMA_CAVEAT,
  loadRiskData,
  RISK_ANNUALIZE_MIN_DAYS,
  type RiskData,
  type RiskReport,
  type RiskVarRow,
} from "./assessRisk.js";
export {
  loadRiskConfig,
  parseRiskConfig,
  type RiskConfig,
  riskConfigSchema,
  VAR_METHODS,
  type VarMethod,
  VOLATILITY_ESTIMATORS,
  type VolatilityEstimator,
} from "./config.js";
export { type RangeConfig, rangeSchema, resolveRange } from "./configFile.js";
