/**
 * The paper exchange's matching rules, as pure functions over numbers (no I/O): a market order fills in full at
 * the reference price moved against the taker by `spreadBps`, pays `takerFee` on the notional, and updates a
 * one-way (net) position with a weighted-average entry price. Quantities are integer lots (one lot = the
 * symbol's step size), so a position is exactly the sum of its signed fills.
 */

export type NetPosition = {
  /** Signed lots: long > 0, short < 0. */
  lots: number;
  /** Average entry price of the open quantity (0 when flat). */
  entryPrice: number;
};

/** Returns the fill price of a taker order: `ref · (1 + spread)` for a buy, `ref · (1 − spread)` for a sell. */
export function fillPrice(ref: number, side: "BUY" | "SELL", spreadBps: number): number {
  const s = spreadBps / 10_000;
  return side === "BUY" ? ref * (1 + s) : ref * (1 - s);
}

export type ApplyFillReturnType = {
  position: NetPosition;
  /** PnL realised by the part of the fill that reduced the position (quote). */
  realizedPnl: number;
};

/**
 * Returns the position after a fill of `signedLots` at `price` (`lotSize` base units per lot). Reducing keeps the
 * entry price and realises (price − entry) · closed quantity · sign; crossing zero opens the rest at `price`;
 * adding averages the entry price by quantity.
 */
export function applyFill(
  pos: NetPosition,
  signedLots: number,
  price: number,
  lotSize: number,
): ApplyFillReturnType {
  const before = pos.lots;
  const after = before + signedLots;
  if (before === 0 || Math.sign(before) === Math.sign(signedLots)) {
    const entry =
      before === 0
        ? price
        : (pos.entryPrice * Math.abs(before) + price * Math.abs(signedLots)) / Math.abs(after);
    return { position: { lots: after, entryPrice: entry }, realizedPnl: 0 };
  }
  const closed = Math.min(Math.abs(before), Math.abs(signedLots));
  const realizedPnl = (price - pos.entryPrice) * closed * lotSize * Math.sign(before);
  if (after === 0) return { position: { lots: 0, entryPrice: 0 }, realizedPnl };
  if (Math.sign(after) === Math.sign(before))
    return { position: { lots: after, entryPrice: pos.entryPrice }, realizedPnl };
  return { position: { lots: after, entryPrice: price }, realizedPnl };
}

/**
 * Returns the cross-margin liquidation price of a single one-way position (Binance's formula with one position
 * and the first bracket, cum = 0): LP = (WB − s·Q·EP) / (Q·MMR − s·Q), s = +1 long / −1 short, Q = |quantity|.
 * 0 when flat or when the wallet covers any price (LP ≤ 0).
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 */
export function liquidationPrice(p: {
  quantity: number;
  entryPrice: number;
  walletBalance: number;
  mmr: number;
}): number {
  const q = Math.abs(p.quantity);
  if (q === 0) return 0;
  const s = Math.sign(p.quantity);
  const lp = (p.walletBalance - s * q * p.entryPrice) / (q * p.mmr - s * q);
  return Number.isFinite(lp) && lp > 0 ? lp : 0;
}
