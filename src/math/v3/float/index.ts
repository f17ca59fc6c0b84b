export { v3AmountBase } from "./v3AmountBase.js";
export { v3AmountQuote } from "./v3AmountQuote.js";
export { v3Gamma } from "./v3Gamma.js";
export {
  type V3ImpermanentLossErrorType,
  type V3ImpermanentLossParameters,
  type V3ImpermanentLossReturnType,
  v3ImpermanentLoss,
} from "./v3ImpermanentLoss.js";
export {
  type V3LiquidityForDepositErrorType,
  type V3LiquidityForDepositParameters,
  type V3LiquidityForDepositReturnType,
  v3LiquidityForDeposit,
} from "./v3LiquidityForDeposit.js";
export { v3LvrPerYear } from "./v3LvrPerYear.js";
export { v3Value } from "./v3Value.js";
export { v3ValueDeltaGamma } from "./v3ValueDeltaGamma.js";
