export {
  MAX_SQRT_RATIO,
  MAX_TICK,
  MaxInt128,
  MaxInt256,
  MaxUint128,
  MaxUint160,
  MaxUint256,
  MIN_SQRT_RATIO,
  MIN_TICK,
  MinInt128,
  MinInt256,
  Q96,
  Q128,
  Q192,
} from "./constants.js";
export {
  FeeGrowth,
  type FeeGrowthOutside,
  type GetFeeGrowthInsideErrorType,
  type GetFeeGrowthInsideParameters,
  type GetFeeGrowthInsideReturnType,
  type GetTokensOwedErrorType,
  type GetTokensOwedParameters,
  type GetTokensOwedReturnType,
} from "./feeGrowth.js";
export { FullMath, type MulDivErrorType, type MulDivParameters, type MulDivReturnType } from "./fullMath.js";
export {
  type GetPositionAmountsErrorType,
  type GetPositionAmountsParameters,
  type GetPositionAmountsReturnType,
  getPositionAmounts,
} from "./getPositionAmounts.js";
export {
  type GetAmountsForLiquidityReturnType,
  LiquidityAmounts,
  type LiquidityAmountsErrorType,
} from "./liquidityAmounts.js";
export { type AddDeltaErrorType, LiquidityMath } from "./liquidityMath.js";
export { SqrtPriceMath, type SqrtPriceMathErrorType } from "./sqrtPriceMath.js";
export { type ComputeSwapStepErrorType, type ComputeSwapStepReturnType, SwapMath } from "./swapMath.js";
export { type GetSqrtRatioAtTickErrorType, type GetTickAtSqrtRatioErrorType, TickMath } from "./tickMath.js";
