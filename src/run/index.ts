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
