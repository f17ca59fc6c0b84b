export {
  AAVE_V3_DEFAULTS,
  LendingCompounding,
  type LendingLiquidationEvent,
  LendingMarket,
  type LendingMarketConfig,
  SECONDS_PER_YEAR,
} from "./lendingMarket.js";
export {
  type CreateLendingVenueModelParameters,
  createLendingVenueModel,
  type LendingRateSource,
  type LendingVenueModel,
} from "./lendingVenueModel.js";
