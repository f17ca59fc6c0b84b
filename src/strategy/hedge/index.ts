export { type AbsoluteBandTriggerParameters, absoluteBandTrigger } from "./absoluteBandTrigger.js";
export {
  type CostGovernorGate,
  type CostGovernorGateParameters,
  type CostGovernorState,
  costGovernorGate,
  type GovernorEstimate,
} from "./costGovernorGate.js";
export {
  type DeltaHedgeParameters,
  deltaHedge,
  type HedgeControl,
  type HedgeTrigger,
} from "./deltaHedge.js";
export {
  type DeltaTargetErrorType,
  type DeltaTargetParameters,
  type DeltaTargetReturnType,
  deltaTarget,
} from "./deltaTarget.js";
export { type ExpectedRebalanceCountParameters, expectedRebalanceCount } from "./expectedRebalanceCount.js";
export { fillIndexAfter } from "./fillIndexAfter.js";
export {
  type GovernHedgeErrorType,
  type GovernHedgeParameters,
  type GovernHedgeReturnType,
  GovernorReason,
  governHedge,
  HedgeAction,
} from "./governHedge.js";
export { lpBaseAt } from "./lpBaseAt.js";
export { lpGamma } from "./lpGamma.js";
export { type NetDeltaErrorType, type NetDeltaReturnType, netDelta } from "./netDelta.js";
export { type PriceMoveTriggerParameters, priceMoveTrigger } from "./priceMoveTrigger.js";
export {
  type ProactiveForecastSettings,
  type ProactiveHedgeParameters,
  type ProactiveMapping,
  proactiveHedge,
} from "./proactiveHedge.js";
export { type ProtectivePutParameters, protectivePut } from "./protectivePut.js";
export { type RelativeBandTriggerParameters, relativeBandTrigger } from "./relativeBandTrigger.js";
export { type StaticStripOverlayParameters, staticStripOverlay } from "./staticStripOverlay.js";
export { type TimeIntervalTriggerParameters, timeIntervalTrigger } from "./timeIntervalTrigger.js";
export { type VolatilityBandParameters, volatilityBand } from "./volatilityBand.js";
export { type VolatilityBandTriggerParameters, volatilityBandTrigger } from "./volatilityBandTrigger.js";
export { type WhalleyWilmottBandParameters, whalleyWilmottBand } from "./whalleyWilmottBand.js";
