export { CAPABILITIES, type PerpCapabilities, type PerpCapability } from "./capabilities.js";
export {
  type CcxtPerpClient,
  type CcxtPerpCredentials,
  type CreateCcxtPerpClientParameters,
  type CreateOrderParameters,
  createCcxtPerpClient,
  toHyperliquidCloid,
} from "./client.js";
export {
  CCXT_CLASSES,
  classifyPerpError,
  DuplicateClientOrderIdError,
  PERP_ERROR_KINDS,
  type PerpErrorKind,
  PerpRequestError,
  PerpVenueError,
  VENUE_CODES,
} from "./errors.js";
export { parseBalance, parseFundingHistory, parseOrder, parseOrderFee, parsePosition } from "./parse.js";
export * from "./types.js";
