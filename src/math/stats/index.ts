export {
  type AnnualisationFactorErrorType,
  type AnnualisationFactorParameters,
  annualisationFactor,
  MS_PER_YEAR,
} from "./annualisationFactor.js";
export {
  type BarrierHitProbabilityErrorType,
  type BarrierHitProbabilityParameters,
  barrierHitProbability,
} from "./barrierHitProbability.js";
export {
  type CloseToCloseVolatilityErrorType,
  type CloseToCloseVolatilityParameters,
  type CloseToCloseVolatilityReturnType,
  closeToCloseVolatility,
} from "./closeToCloseVolatility.js";
export {
  type DeltaGammaVarEsErrorType,
  type DeltaGammaVarEsParameters,
  type DeltaGammaVarEsReturnType,
  deltaGammaVarEs,
} from "./deltaGammaVarEs.js";
export {
  type EwmaCorrelationErrorType,
  type EwmaCorrelationParameters,
  ewmaCorrelation,
} from "./ewmaCorrelation.js";
export {
  type EwmaVolatilityErrorType,
  type EwmaVolatilityParameters,
  type EwmaVolatilityReturnType,
  ewmaVolatility,
} from "./ewmaVolatility.js";
export {
  type GarmanKlassVolatilityErrorType,
  type GarmanKlassVolatilityParameters,
  type GarmanKlassVolatilityReturnType,
  garmanKlassVolatility,
} from "./garmanKlassVolatility.js";
export {
  type HistoricalVarEsErrorType,
  type HistoricalVarEsParameters,
  type HistoricalVarEsReturnType,
  historicalVarEs,
} from "./historicalVarEs.js";
export { logReturns } from "./logReturns.js";
export {
  type MonteCarloVarEsErrorType,
  type MonteCarloVarEsParameters,
  type MonteCarloVarEsReturnType,
  monteCarloVarEs,
  type NormalSource,
} from "./monteCarloVarEs.js";
export { normalCdf } from "./normalCdf.js";
export { normalQuantile } from "./normalQuantile.js";
export type { OhlcVolatilityParameters, OhlcVolatilityReturnType } from "./ohlcInput.js";
export {
  type ParkinsonVolatilityErrorType,
  type ParkinsonVolatilityParameters,
  type ParkinsonVolatilityReturnType,
  parkinsonVolatility,
} from "./parkinsonVolatility.js";
export { pearsonCorrelation } from "./pearsonCorrelation.js";
export {
  type RangeExitProbabilityErrorType,
  type RangeExitProbabilityParameters,
  rangeExitProbability,
} from "./rangeExitProbability.js";
export {
  type RogersSatchellVolatilityErrorType,
  type RogersSatchellVolatilityParameters,
  type RogersSatchellVolatilityReturnType,
  rogersSatchellVolatility,
} from "./rogersSatchellVolatility.js";
export { type VarEs, varEsFromPnl } from "./varEsFromPnl.js";
export {
  type YangZhangVolatilityErrorType,
  type YangZhangVolatilityParameters,
  type YangZhangVolatilityReturnType,
  yangZhangVolatility,
} from "./yangZhangVolatility.js";
