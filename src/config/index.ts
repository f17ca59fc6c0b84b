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
export {
  assetOfToken,
  isVaultConfig,
  loadVaultConfig,
  parseVaultConfig,
  type VaultConfig,
  vaultConfigSchema,
} from "./vault.js";
