/**
 * What each perp venue supports through this adapter, in the manner of ccxt's `has` map: `true` (native),
 * `"emulated"` (the adapter builds it from other calls) or `false`. The keeper reads it instead of sniffing
 * the exchange id.
 */
import type { PerpExchange } from "./types.js";

export type PerpCapability = boolean | "emulated";

export type PerpCapabilities = {
  /** Market orders. */
  marketOrder: PerpCapability;
  /** Reduce-only flag on orders. */
  reduceOnly: PerpCapability;
  /** Caller-chosen client order ids (Binance `newClientOrderId`, Hyperliquid `cloid`). */
  clientOrderId: PerpCapability;
  /** Look an order up by its client order id. */
  fetchOrderByClientId: PerpCapability;
  /** The venue rejects a reused client order id (so a resend after a crash cannot double-trade). */
  rejectsDuplicateClientOrderId: PerpCapability;
  /** Account funding payments (Binance income FUNDING_FEE, Hyperliquid userFunding). */
  fundingHistory: PerpCapability;
  /** The rate of each payment in `fundingHistory` (Binance joins `/fapi/v1/fundingRate`). */
  fundingRateInHistory: PerpCapability;
  /** Net position with liquidation price. */
  fetchPosition: PerpCapability;
  /** A `baseUrl` can point the adapter at a local exchange (paper-perp). */
  baseUrl: PerpCapability;
  /** Funding interval in ms. */
  fundingIntervalMs: number;
  /** Client order id format the venue accepts. */
  clientOrderIdPattern: RegExp;
};

export const CAPABILITIES: Record<PerpExchange, PerpCapabilities> = {
  binanceusdm: {
    marketOrder: true,
    reduceOnly: true,
    clientOrderId: true,
    fetchOrderByClientId: true,
    rejectsDuplicateClientOrderId: true,
    fundingHistory: true,
    fundingRateInHistory: "emulated",
    fetchPosition: true,
    baseUrl: true,
    fundingIntervalMs: 8 * 3_600_000,
    // https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api (newClientOrderId)
    clientOrderIdPattern: /^[.A-Z:/a-z0-9_-]{1,36}$/,
  },
  hyperliquid: {
    // market orders are IOC limits at a slippage price (ccxt computes it from the reference price)
    marketOrder: "emulated",
    reduceOnly: true,
    clientOrderId: true,
    fetchOrderByClientId: true,
    rejectsDuplicateClientOrderId: true,
    fundingHistory: true,
    fundingRateInHistory: true,
    fetchPosition: true,
    baseUrl: false,
    fundingIntervalMs: 3_600_000,
    // a 128-bit hex cloid
    clientOrderIdPattern: /^0x[0-9a-f]{32}$/,
  },
};
