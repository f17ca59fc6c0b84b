export { fundingRatePerInterval, fundingSettlementsBetween, type IndexRange, YEAR_MS } from "./funding.js";
export {
  PerpImpactModel,
  type PerpLiquidationEvent,
  PerpMarket,
  type PerpMarketConfig,
  type PerpMarketState,
  type PerpMarkResult,
  type PerpTradeResult,
} from "./perpMarket.js";
export {
  type CreatePerpVenueModelParameters,
  createPerpVenueModel,
  type PerpFundingSource,
  type PerpIntent,
  type PerpVenueModel,
} from "./perpVenueModel.js";
