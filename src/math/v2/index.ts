export { v2AmountBase } from "./v2AmountBase.js";
export { v2AmountQuote } from "./v2AmountQuote.js";
export { v2Gamma } from "./v2Gamma.js";
export {
  type V2ImpermanentLossErrorType,
  type V2ImpermanentLossParameters,
  type V2ImpermanentLossReturnType,
  v2ImpermanentLoss,
} from "./v2ImpermanentLoss.js";
export {
  type V2LiquidityForDepositErrorType,
  type V2LiquidityForDepositParameters,
  type V2LiquidityForDepositReturnType,
  v2LiquidityForDeposit,
} from "./v2LiquidityForDeposit.js";
export { v2LvrPerYear } from "./v2LvrPerYear.js";
export { v2Value } from "./v2Value.js";
export { v2ValueDeltaGamma } from "./v2ValueDeltaGamma.js";
