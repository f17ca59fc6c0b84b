/**
 * ccxt's unified dictionaries → the adapter's types. ccxt has already turned the venue's decimal strings into
 * numbers; where the venue's own field is more direct (Binance `positionAmt`, Hyperliquid `szi`, both signed)
 * it is read from `info`. Every number is checked to be finite: NaN never leaves the adapter.
 */
import type { Balances, FundingHistory, FundingRateHistory, Order, Position, Trade } from "ccxt";
import { PerpVenueError } from "./errors.js";
import type {
  FundingPayment,
  PerpBalance,
  PerpOrder,
  PerpOrderStatus,
  PerpPosition,
  PerpSide,
} from "./types.js";

/** Returns a finite number from a ccxt number or a venue decimal string; `fallback` when absent. */
function num(venue: string, field: string, value: unknown, fallback?: number | null): number {
  if (value === undefined || value === null || value === "") {
    if (fallback !== undefined && fallback !== null) return fallback;
    throw badField(venue, field, value);
  }
  const x = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isFinite(x)) throw badField(venue, field, value);
  return x;
}

function numOrNull(venue: string, field: string, value: unknown): number | null {
  if (value === undefined || value === null || value === "") return null;
  return num(venue, field, value);
}

function badField(venue: string, field: string, value: unknown): PerpVenueError {
  return new PerpVenueError({
    kind: "nonRetryable",
    venue,
    operation: "parse",
    reason: `field ${field} is not a finite number (got ${JSON.stringify(value) ?? String(value)})`,
  });
}

const STATUS: Record<string, PerpOrderStatus> = {
  open: "open",
  closed: "closed",
  canceled: "canceled",
  cancelled: "canceled",
  expired: "canceled",
  rejected: "rejected",
};

/**
 * Returns our order from ccxt's. Status `expired` (an IOC/market remainder the venue dropped) reads as
 * `canceled`; a missing fee reads as cost 0 (Binance order responses carry no commission).
 *
 * Sample (Binance `POST /fapi/v1/order`, `newOrderRespType=RESULT`, via ccxt):
 * `{ id: "4087922044", clientOrderId: "x-…", symbol: "BTC/USDT:USDT", side: "sell", amount: 0.2, filled: 0,
 *    average: null, status: "open", info: { orderId: 4087922044, status: "NEW", … } }`
 */
export function parseOrder(order: Order, p: { venue: string; clientOrderId?: string }): PerpOrder {
  const v = p.venue;
  const status = STATUS[String(order.status ?? "").toLowerCase()];
  if (!status)
    throw new PerpVenueError({
      kind: "nonRetryable",
      venue: v,
      operation: "parse",
      reason: `order status ${JSON.stringify(order.status)} is unknown`,
    });
  const side = order.side === "buy" || order.side === "sell" ? (order.side as PerpSide) : undefined;
  if (!side)
    throw new PerpVenueError({
      kind: "nonRetryable",
      venue: v,
      operation: "parse",
      reason: `order side ${JSON.stringify(order.side)} is unknown`,
    });
  const filled = num(v, "filled", order.filled, 0);
  const average = filled > 0 ? numOrNull(v, "average", order.average ?? order.price) : null;
  const info = order.info as Record<string, unknown> | undefined;
  const time = num(
    v,
    "timestamp",
    order.timestamp ?? order.lastUpdateTimestamp ?? info?.updateTime ?? info?.time,
    0,
  );
  return {
    id: String(order.id),
    clientOrderId: order.clientOrderId ?? p.clientOrderId ?? "",
    symbol: String(order.symbol),
    side,
    amount: num(v, "amount", order.amount, filled),
    filled,
    average,
    status,
    fee: {
      cost: order.fee ? num(v, "fee.cost", order.fee.cost, 0) : 0,
      currency: order.fee?.currency ?? null,
    },
    time,
    raw: order.info,
  };
}

/** The venue's signed size of one ccxt position entry, in base units. */
function signedQuantity(venue: string, position: Position): number {
  const info = position.info as Record<string, unknown> | undefined;
  if (info && typeof info.positionAmt === "string") return num(venue, "positionAmt", info.positionAmt);
  const hl = info?.position as Record<string, unknown> | undefined;
  if (hl && typeof hl.szi === "string") return num(venue, "szi", hl.szi);
  const size =
    num(venue, "contracts", position.contracts, 0) * num(venue, "contractSize", position.contractSize, 1);
  return position.side === "short" ? -size : size;
}

/**
 * Returns the net position on `symbol` from ccxt's position list: quantity is the sum of the signed sizes of the
 * entries of that symbol (one in one-way mode; LONG and SHORT legs in hedge mode), 0 when there is none.
 *
 * Sample (Binance `GET /fapi/v3/positionRisk`): `[{ symbol: "ETHUSDT", positionSide: "BOTH",
 * positionAmt: "-0.500", entryPrice: "1850.12", unRealizedProfit: "1.20", liquidationPrice: "5321.9", … }]`;
 * (Hyperliquid `clearinghouseState`): `assetPositions[].position.szi: "0.2259"`.
 */
export function parsePosition(positions: Position[], p: { venue: string; symbol: string }): PerpPosition {
  const mine = positions.filter((x) => x.symbol === p.symbol);
  let quantity = 0;
  let unrealizedPnl = 0;
  let entryPrice: number | null = null;
  let liquidationPrice: number | null = null;
  for (const x of mine) {
    const q = signedQuantity(p.venue, x);
    quantity += q;
    unrealizedPnl += num(p.venue, "unrealizedPnl", x.unrealizedPnl, 0);
    if (q !== 0) {
      entryPrice = numOrNull(p.venue, "entryPrice", x.entryPrice);
      const liq = numOrNull(p.venue, "liquidationPrice", x.liquidationPrice);
      liquidationPrice = liq !== null && liq > 0 ? liq : null;
    }
  }
  return {
    symbol: p.symbol,
    quantity,
    entryPrice: quantity === 0 ? null : entryPrice,
    unrealizedPnl,
    liquidationPrice: quantity === 0 ? null : liquidationPrice,
    raw: mine.map((x) => x.info),
  };
}

/**
 * Returns the quote-currency margin balance. `total` is the margin balance (wallet + unrealised PnL on Binance,
 * account value on Hyperliquid), `free` what is available for new orders (`total − used` when the venue gives
 * no free figure).
 */
export function parseBalance(balance: Balances, p: { venue: string; quote: string }): PerpBalance {
  const b = balance[p.quote] as { free?: unknown; used?: unknown; total?: unknown } | undefined;
  const total = num(p.venue, `${p.quote}.total`, b?.total, 0);
  const used = num(p.venue, `${p.quote}.used`, b?.used, 0);
  const free = num(p.venue, `${p.quote}.free`, b?.free, total - used);
  return { quote: { total, free }, raw: balance.info };
}

/** Tolerance when joining a payment to its rate by time: Binance settles a few ms after the hour. */
const JOIN_TOLERANCE_MS = 60_000;

/**
 * Returns the account's funding payments, oldest first. `rate` comes from the payment itself (Hyperliquid
 * `delta.fundingRate`) or from the venue's rate history joined on the settlement time within 60 s (Binance,
 * whose income records carry no rate); null when neither has it.
 */
export function parseFundingHistory(
  payments: FundingHistory[],
  p: { venue: string; rates?: FundingRateHistory[] },
): FundingPayment[] {
  const rates = (p.rates ?? [])
    .map((r) => ({
      time: num(p.venue, "fundingRate.timestamp", r.timestamp),
      rate: num(p.venue, "fundingRate", r.fundingRate),
    }))
    .sort((a, b) => a.time - b.time);
  const out: FundingPayment[] = [];
  for (const f of payments) {
    const time = num(p.venue, "funding.timestamp", f.timestamp);
    const info = f.info as { delta?: { fundingRate?: unknown } } | undefined;
    let rate = numOrNull(p.venue, "delta.fundingRate", info?.delta?.fundingRate);
    if (rate === null) {
      let best: { time: number; rate: number } | undefined;
      for (const r of rates)
        if (
          Math.abs(r.time - time) <= JOIN_TOLERANCE_MS &&
          (!best || Math.abs(r.time - time) < Math.abs(best.time - time))
        )
          best = r;
      rate = best ? best.rate : null;
    }
    out.push({ time, rate, amount: num(p.venue, "funding.amount", f.amount) });
  }
  return out.sort((a, b) => a.time - b.time);
}

/**
 * Returns the commission of an order's trades: the sum of `fee.cost` (one currency expected; the first one is
 * reported; the quote currency when the venue names none, as older Hyperliquid fills).
 * Sample (Binance `GET /fapi/v1/userTrades`): `{ orderId: 7, commission: "0.46250000", commissionAsset: "USDT", … }`;
 * (Hyperliquid `userFills`): `{ oid: 3929354691, fee: "0.050062", … }`.
 */
export function parseOrderFee(
  trades: Trade[],
  p: { venue: string; quote: string },
): { cost: number; currency: string | null } {
  let cost = 0;
  let currency: string | null = null;
  for (const t of trades) {
    if (!t.fee) continue;
    cost += num(p.venue, "trade.fee.cost", t.fee.cost, 0);
    currency ??= t.fee.currency ?? p.quote;
  }
  return { cost, currency };
}
