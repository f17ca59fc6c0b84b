/**
 * The perp adapter over ccxt (interfaces.md, "Perp adapter over ccxt"): Binance USDⓈ-M (`binanceusdm`) and
 * Hyperliquid (`hyperliquid`) behind one small typed surface. Client order ids are chosen by the caller (the
 * keeper derives them from the intent) and passed as Binance `newClientOrderId` / Hyperliquid `cloid`, so a
 * resend after a crash is rejected by the venue (`DuplicateClientOrderIdError`) instead of trading twice.
 *
 * Every failure is classified by `errors.ts` (retryable / nonRetryable / fatal); ccxt's dictionaries are turned
 * into our types by `parse.ts` and never leave this folder.
 */
import { createHash } from "node:crypto";
import ccxt, { type Exchange, OrderNotFound } from "ccxt";
import { CAPABILITIES, type PerpCapabilities } from "./capabilities.js";
import { classifyPerpError, PerpRequestError } from "./errors.js";
import { parseBalance, parseFundingHistory, parseOrder, parseOrderFee, parsePosition } from "./parse.js";
import type {
  FundingPayment,
  PerpBalance,
  PerpExchange,
  PerpOrder,
  PerpPosition,
  PerpSide,
} from "./types.js";
import { PERP_EXCHANGES } from "./types.js";

export type CcxtPerpCredentials = {
  /** Binance API key (sent as `X-MBX-APIKEY`). */
  apiKey?: string;
  /** Binance API secret (HMAC-SHA256 key). */
  secret?: string;
  /** Hyperliquid account address. */
  walletAddress?: string;
  /** Hyperliquid signing key. */
  privateKey?: string;
};

export type CreateCcxtPerpClientParameters = {
  exchange: PerpExchange;
  credentials: CcxtPerpCredentials;
  /**
   * Origin that replaces the venue's API hosts (`http://127.0.0.1:PORT` for the paper exchange). Binance only.
   * With a `baseUrl`, ccxt's client-side rate limiter is off (the local server has no limits).
   */
  baseUrl?: string;
  /** Quote currency of the margin balance; default USDT (Binance) / USDC (Hyperliquid). */
  quote?: string;
  /** Request timeout in ms (ccxt `timeout`); default 10,000. */
  timeoutMs?: number;
  /**
   * A WHATWG `fetch` that replaces the network, for tests that replay recorded payloads (their names say
   * "mocked venue"). ccxt's whole request and parse path still runs.
   */
  fetchImplementation?: (input: string, init?: unknown) => Promise<unknown>;
};

export type CreateOrderParameters = {
  symbol: string;
  side: PerpSide;
  /** Base units, > 0. */
  amount: number;
  /** Deterministic id chosen by the caller; Binance pattern `^[.A-Z:/a-z0-9_-]{1,36}$`. */
  clientOrderId: string;
  reduceOnly?: boolean;
  /** Hyperliquid only: reference price for the market order's slippage bound (default: the last price). */
  referencePrice?: number;
};

export type CcxtPerpClient = {
  exchange: PerpExchange;
  capabilities: PerpCapabilities;
  /** Loads the venue's markets (once; later calls reuse them) and returns the unified symbols. */
  loadMarkets(): Promise<string[]>;
  /** Sends a market order. A reused client order id throws `DuplicateClientOrderIdError`. */
  createOrder(p: CreateOrderParameters): Promise<PerpOrder>;
  /** Returns the order with that client order id, or null when the venue has none. */
  fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<PerpOrder | null>;
  /** Returns the net position (signed quantity; flat = 0). */
  fetchPosition(symbol: string): Promise<PerpPosition>;
  /** Returns the quote-currency margin balance. */
  fetchBalance(): Promise<PerpBalance>;
  /**
   * Returns the commission of an order's fills (summed over its trades; Binance `/fapi/v1/userTrades`,
   * Hyperliquid `userFills`). Order answers of both venues carry no commission, so this is the way to the fee.
   */
  fetchOrderFee(symbol: string, orderId: string): Promise<{ cost: number; currency: string | null }>;
  /** Returns the account's funding payments since `sinceMs`, oldest first, each with its rate. */
  fetchFundingHistory(symbol: string, sinceMs: number): Promise<FundingPayment[]>;
  /** Releases the HTTP agent (keep-alive sockets). */
  close(): Promise<void>;
};

/**
 * Returns the Hyperliquid `cloid` for a client order id: the id itself when it already is 128-bit hex
 * (`0x` + 32 hex digits), else the first 16 bytes of its SHA-256 — deterministic, so a resend maps to the same
 * cloid.
 */
export function toHyperliquidCloid(clientOrderId: string): string {
  if (/^0x[0-9a-f]{32}$/.test(clientOrderId)) return clientOrderId;
  return `0x${createHash("sha256").update(clientOrderId).digest("hex").slice(0, 32)}`;
}

function buildExchange(p: CreateCcxtPerpClientParameters): Exchange {
  const common = {
    timeout: p.timeoutMs ?? 10_000,
    enableRateLimit: p.baseUrl === undefined,
  };
  let ex: Exchange;
  if (p.exchange === "binanceusdm") {
    ex = new ccxt.binanceusdm({
      ...common,
      apiKey: p.credentials.apiKey,
      secret: p.credentials.secret,
      options: {
        // loadMarkets then asks for /fapi/v1/exchangeInfo only (no spot, inverse or sapi currency calls)
        fetchMarkets: { types: ["linear"] },
        fetchCurrencies: false,
        adjustForTimeDifference: false,
        warnOnFetchOpenOrdersWithoutSymbol: false,
        defaultType: "swap",
      },
    });
    if (p.baseUrl !== undefined) {
      const origin = new URL(p.baseUrl).origin;
      const api = ex.urls.api as Record<string, string>;
      for (const key of Object.keys(api)) api[key] = origin + new URL(api[key]).pathname;
    }
  } else {
    if (p.baseUrl !== undefined)
      throw new PerpRequestError({
        field: "baseUrl",
        value: p.baseUrl,
        reason: "is supported for binanceusdm only (the paper exchange speaks the Binance API)",
      });
    ex = new ccxt.hyperliquid({
      ...common,
      walletAddress: p.credentials.walletAddress,
      privateKey: p.credentials.privateKey,
      options: { fetchMarkets: { types: ["swap"] } },
    });
  }
  if (p.fetchImplementation)
    (ex as unknown as { fetchImplementation: unknown }).fetchImplementation = p.fetchImplementation;
  return ex;
}

/**
 * Returns a perp client for one venue.
 * @example
 * import { createCcxtPerpClient } from "./venues/ccxt/index.js";
 * const perp = createCcxtPerpClient({ exchange: "binanceusdm", credentials: { apiKey, secret }, baseUrl: "http://127.0.0.1:8700" });
 * await perp.createOrder({ symbol: "ETH/USDT:USDT", side: "sell", amount: 0.5, clientOrderId: "v1-delta-1024-0" });
 * @throws {PerpRequestError} for an unknown exchange or a baseUrl on Hyperliquid.
 */
export function createCcxtPerpClient(p: CreateCcxtPerpClientParameters): CcxtPerpClient {
  if (!(PERP_EXCHANGES as readonly string[]).includes(p.exchange))
    throw new PerpRequestError({
      field: "exchange",
      value: p.exchange,
      reason: `must be one of ${PERP_EXCHANGES.join(", ")}`,
    });
  const venue = p.exchange;
  const caps = CAPABILITIES[venue];
  const quote = p.quote ?? (venue === "binanceusdm" ? "USDT" : "USDC");
  const ex = buildExchange(p);
  let markets: Promise<string[]> | undefined;

  async function call<T>(operation: string, fn: () => Promise<T>, clientOrderId?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyPerpError(err, { venue, operation, clientOrderId });
    }
  }

  function loadMarkets(): Promise<string[]> {
    if (!markets) {
      markets = call("loadMarkets", async () => Object.keys(await ex.loadMarkets()));
      markets.catch(() => {
        markets = undefined;
      });
    }
    return markets;
  }

  function venueClientId(clientOrderId: string): string {
    if (venue === "hyperliquid") return toHyperliquidCloid(clientOrderId);
    if (!caps.clientOrderIdPattern.test(clientOrderId))
      throw new PerpRequestError({
        field: "clientOrderId",
        value: clientOrderId,
        reason: `must match ${caps.clientOrderIdPattern.source}`,
      });
    return clientOrderId;
  }

  return {
    exchange: venue,
    capabilities: caps,
    loadMarkets,

    async createOrder(o) {
      if (!(Number.isFinite(o.amount) && o.amount > 0))
        throw new PerpRequestError({
          field: "amount",
          value: o.amount,
          reason: "must be a finite number > 0",
        });
      if (o.side !== "buy" && o.side !== "sell")
        throw new PerpRequestError({ field: "side", value: o.side, reason: 'must be "buy" or "sell"' });
      const id = venueClientId(o.clientOrderId);
      await loadMarkets();
      return call(
        "createOrder",
        async () => {
          if (venue === "binanceusdm") {
            const params: Record<string, unknown> = { newClientOrderId: id };
            if (o.reduceOnly) params.reduceOnly = true;
            const order = await ex.createOrder(o.symbol, "market", o.side, o.amount, undefined, params);
            return parseOrder(order, { venue, clientOrderId: id });
          }
          const price = o.referencePrice ?? (await ex.fetchTicker(o.symbol)).last ?? undefined;
          const params: Record<string, unknown> = { clientOrderId: id };
          if (o.reduceOnly) params.reduceOnly = true;
          const order = await ex.createOrder(o.symbol, "market", o.side, o.amount, price, params);
          return parseOrder(
            {
              ...order,
              symbol: order.symbol ?? o.symbol,
              side: order.side ?? o.side,
              status: order.status ?? (order.filled ? "closed" : "open"),
            },
            { venue, clientOrderId: id },
          );
        },
        o.clientOrderId,
      );
    },

    async fetchOrderByClientId(symbol, clientOrderId) {
      const id = venueClientId(clientOrderId);
      await loadMarkets();
      try {
        const params = venue === "binanceusdm" ? { origClientOrderId: id } : { clientOrderId: id };
        const order = await ex.fetchOrder(undefined as unknown as string, symbol, params);
        if (venue === "hyperliquid" && (order.status === undefined || order.status === null)) return null;
        return parseOrder(order, { venue, clientOrderId: id });
      } catch (err) {
        if (err instanceof OrderNotFound) return null;
        const c = classifyPerpError(err, { venue, operation: "fetchOrderByClientId", clientOrderId });
        if (c.code === "-2013") return null;
        throw c;
      }
    },

    async fetchPosition(symbol) {
      await loadMarkets();
      return call("fetchPosition", async () =>
        parsePosition(await ex.fetchPositions([symbol]), { venue, symbol }),
      );
    },

    async fetchBalance() {
      await loadMarkets();
      return call("fetchBalance", async () => parseBalance(await ex.fetchBalance(), { venue, quote }));
    },

    async fetchOrderFee(symbol, orderId) {
      await loadMarkets();
      return call("fetchOrderFee", async () => {
        const trades =
          venue === "binanceusdm"
            ? await ex.fetchMyTrades(symbol, undefined, undefined, { orderId })
            : (await ex.fetchMyTrades(symbol)).filter((t) => String(t.order) === String(orderId));
        return parseOrderFee(trades, { venue, quote });
      });
    },

    async fetchFundingHistory(symbol, sinceMs) {
      if (!Number.isFinite(sinceMs))
        throw new PerpRequestError({
          field: "sinceMs",
          value: sinceMs,
          reason: "must be a finite time in ms",
        });
      await loadMarkets();
      return call("fetchFundingHistory", async () => {
        const payments = await paginate((since) => ex.fetchFundingHistory(symbol, since, 1000), sinceMs);
        const rates =
          venue === "binanceusdm" && payments.length > 0
            ? await paginate((since) => ex.fetchFundingRateHistory(symbol, since, 1000), sinceMs - 60_000)
            : [];
        return parseFundingHistory(payments, { venue, rates });
      });
    },

    async close() {
      await (ex as unknown as { close?: () => Promise<void> }).close?.();
    },
  };
}

/** Calls `page(since)` until a page is short (fewer than 1000 rows) or 50 pages; each page starts after the last row. */
async function paginate<T extends { timestamp?: number | undefined }>(
  page: (since: number) => Promise<T[]>,
  sinceMs: number,
): Promise<T[]> {
  const out: T[] = [];
  let since = sinceMs;
  for (let i = 0; i < 50; i++) {
    const rows = await page(since);
    out.push(...rows);
    const last = rows.length > 0 ? rows[rows.length - 1].timestamp : undefined;
    if (rows.length < 1000 || last === undefined) break;
    since = last + 1;
  }
  return out;
}
