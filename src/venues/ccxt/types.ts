/**
 * The perp adapter's vocabulary (interfaces.md, "Perp adapter over ccxt"). ccxt's dictionaries never leave
 * `venues/ccxt/`: `parse.ts` turns them into these types and keeps the venue's payload in `raw`.
 */

/** The exchanges the adapter speaks to (ccxt ids). */
export const PERP_EXCHANGES = ["binanceusdm", "hyperliquid"] as const;
export type PerpExchange = (typeof PERP_EXCHANGES)[number];

export type PerpSide = "buy" | "sell";
export type PerpOrderStatus = "open" | "closed" | "canceled" | "rejected";

/** One order as the venue reports it. Amounts in base units, prices in quote per base. */
export type PerpOrder = {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: PerpSide;
  /** Ordered quantity (base units). */
  amount: number;
  /** Filled quantity (base units). */
  filled: number;
  /** Average fill price, or null before any fill. */
  average: number | null;
  status: PerpOrderStatus;
  /** Fee charged on the fills; cost 0 when the venue reports none. */
  fee: { cost: number; currency: string | null };
  /** Order time (ms since the epoch). */
  time: number;
  raw: unknown;
};

/** The net position on one symbol. `quantity` is signed base units: long > 0, short < 0, flat 0. */
export type PerpPosition = {
  symbol: string;
  quantity: number;
  entryPrice: number | null;
  unrealizedPnl: number;
  liquidationPrice: number | null;
  raw: unknown;
};

/** The margin balance in the quote (settlement) currency. */
export type PerpBalance = { quote: { total: number; free: number }; raw: unknown };

/** One funding settlement paid to (amount > 0) or by (amount < 0) the account, with the rate in force. */
export type FundingPayment = {
  /** Settlement time (ms since the epoch). */
  time: number;
  /** Rate for one interval as a decimal fraction (positive: longs pay shorts), null when the venue omits it. */
  rate: number | null;
  /** Quote amount credited to the account (negative when paid). */
  amount: number;
};
