export {
  type AssembleParameters,
  type AssembleReturnType,
  assemble,
  configBaseDir,
  loadConfigSeries,
} from "./assemble.js";
export {
  type AssembleVaultParameters,
  type AssembleVaultReturnType,
  assembleVault,
  ohlcvClosePrice,
} from "./assembleVault.js";
export {
  FIT_MODELS,
  type FitModel,
  runForecast,
} from "./runForecast.js";
