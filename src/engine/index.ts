export {
  type AmmPoolDesign,
  type CreateAmmPoolVenueModelParameters,
  createAmmPoolVenueModel,
} from "./ammPoolVenueModel.js";
export { createClock, EngineClock } from "./clock.js";
export {
  type CreateEngineParameters,
  createEngine,
  type Engine,
  type EngineSnapshot,
} from "./engine.js";
export * from "./lending/index.js";
export { createMarket, type Market, type MarketRow, marketPriceAt } from "./market.js";
export * from "./options/index.js";
export * from "./perp/index.js";
export {
  type CreatePoolVenueModelParameters,
  createPoolVenueModel,
  DEFAULT_POOL_COSTS,
  InRangeMode,
  type PoolCosts,
  type PoolVenueModel,
} from "./poolVenueModel.js";
export {
  type EngineSeries,
  type EngineTotals,
  type RunEngineParameters,
  type RunEngineReturnType,
  runEngine,
  sumAttribution,
} from "./runEngine.js";
export {
  type AttributionAccumulator,
  type BurnIntent,
  type Clock,
  createAttribution,
  type EngineEvent,
  EngineEventKind,
  type Intent,
  type IntentGate,
  type Ledger,
  type LendingVenue,
  type MintIntent,
  type OptionVenue,
  type PerpVenue,
  type PoolPosition,
  type PoolVenue,
  type RebalanceIntent,
  type Strategy,
  type StrategyContext,
  type SwapIntent,
  type VenueIntent,
  type VenueModel,
} from "./types.js";
export {
  type CreateVaultParameters,
  createVault,
  type PriceSource,
  type Vault,
  type VaultPool,
  type VaultSeries,
  type VaultSnapshot,
  type VaultTotals,
  type VaultVenue,
} from "./vault.js";
