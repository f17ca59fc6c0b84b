export { weightedAmountBase } from "./weightedAmountBase.js";
export { weightedAmountQuote } from "./weightedAmountQuote.js";
export { weightedGamma } from "./weightedGamma.js";
export {
  type WeightedImpermanentLossErrorType,
  type WeightedImpermanentLossParameters,
  type WeightedImpermanentLossReturnType,
  weightedImpermanentLoss,
} from "./weightedImpermanentLoss.js";
export {
  type WeightedLiquidityForDepositErrorType,
  type WeightedLiquidityForDepositParameters,
  type WeightedLiquidityForDepositReturnType,
  weightedLiquidityForDeposit,
} from "./weightedLiquidityForDeposit.js";
export { weightedLvrPerYear } from "./weightedLvrPerYear.js";
export { weightedValue } from "./weightedValue.js";
export { weightedValueDeltaGamma } from "./weightedValueDeltaGamma.js";
