export { type AggregateDailyReturnType, aggregateDaily } from "./daily.js";
export {
  type EvaluateForecastersParameters,
  type EvaluateForecastersReturnType,
  evaluateForecasters,
  FORECAST_MODELS,
  type ForecastEvaluationRow,
  type ForecastModel,
} from "./evaluate.js";
export { type CreateEwmaForecasterParameters, createEwmaForecaster } from "./ewma.js";
export {
  createGarchForecaster,
  type FitGarch11ErrorType,
  type FitGarch11Options,
  type FitGarch11ReturnType,
  fitGarch11,
  type Garch11Parameters,
  garchForecastVariance,
} from "./garch.js";
export { decayPerStep, halfLifeOfDecay, parseDurationMs } from "./halfLife.js";
export {
  type FitHarErrorType,
  type FitHarOptions,
  type FitHarReturnType,
  fitHar,
  harForecastVariance,
} from "./har.js";
export {
  createHmmFilter,
  type FitGaussianHmm2ErrorType,
  type FitGaussianHmm2Options,
  type FitGaussianHmm2ReturnType,
  fitGaussianHmm2,
  type GaussianHmm2Parameters,
  hmmForecastVariance,
} from "./hmm.js";
export { type NelderMeadOptions, type NelderMeadResult, nelderMead } from "./nelderMead.js";
export { type OlsResult, olsFit } from "./ols.js";
export type { VarianceForecaster } from "./types.js";
