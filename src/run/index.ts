export {
  type AssembleParameters,
  type AssembleReturnType,
  assemble,
  configBaseDir,
  loadConfigSeries,
} from "./assemble.js";
