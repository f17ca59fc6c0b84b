/** Static replication of LP payoffs with option strips (Carr–Madan), their error and their price on a chain. */
export { type LpPayoffErrorType, type LpPayoffParameters, lpPayoff } from "./lpPayoff.js";
export {
  type PricedStripLine,
  type PriceStripErrorType,
  type PriceStripParameters,
  type PriceStripReturnType,
  priceStrip,
  type StripChainQuote,
} from "./priceStrip.js";
export {
  type ReplicateLpPayoffErrorType,
  type ReplicateLpPayoffParameters,
  type ReplicateLpPayoffReturnType,
  replicateLpPayoff,
} from "./replicateLpPayoff.js";
export {
  type ReplicationErrorErrorType,
  type ReplicationErrorParameters,
  type ReplicationErrorReturnType,
  replicationError,
} from "./replicationError.js";
export { stripPayoff } from "./stripPayoff.js";
export type { Strip, StripErrorBound, StripOption } from "./types.js";
