import { asRecord, decodeNumber, encodeNumber, type SnapshotNumber } from "../../engine/snapshotCodec.js";
import type { Intent, Strategy, StrategyContext } from "../../engine/types.js";
import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import { lpBaseAt } from "./lpBaseAt.js";

export type ProtectivePutParameters = {
  /** Strike below the price, percent (10 = strike at 0.9 · P). */
  otmPct: number;
  /** Days to expiry of each put (expiry at the next 08:00 UTC after now + tenor, as Deribit's). */
  tenorDays: number;
  /** Fraction of the LP's downside delta to cover (default 1). */
  hedgeRatio?: number;
  /** Buy a new put when one expires (default true); false lets the overlay lapse after the first expiry. */
  roll?: boolean;
  /** Option venue id (default "options"). */
  venue?: string;
  /** Strikes are rounded down to a multiple of this (quote units; default 0: no rounding). */
  strikeStep?: number;
  /** Quote moved to the option venue at bar 0 as the premium budget (default 0; the backtest adds it to the deposit). */
  reserveQuote?: number;
};

const DAY_MS = 86_400_000;
const EXPIRY_HOUR_MS = 8 * 3_600_000;

/** Geometric middle √(A·B) of the span of the open positions (lowest lower to highest upper price). */
function middle(ctx: StrategyContext): number {
  const positions = ctx.pool.positions;
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (let j = 0; j < positions.length; j++) {
    const a = ctx.priceAtTick(positions[j].tickLower);
    const b = ctx.priceAtTick(positions[j].tickUpper);
    const l = a < b ? a : b;
    const h = a < b ? b : a;
    if (l < lo) lo = l;
    if (h > hi) hi = h;
  }
  return Math.sqrt(lo * hi);
}

/**
 * Returns a protective-put overlay policy: once the LP holds positions, it buys puts struck at K = P·(1 − otmPct/100)
 * expiring after `tenorDays`, in quantity q = hedgeRatio · Δ_LP(min(K, M)), the base the LP would hold at the strike
 * (lpBaseAt: its downside delta), or at the range's geometric middle M when the strike is above it, so that below K
 * the puts' payoff q·(K − S) offsets the LP's base exposure, also while the price is above the range (where the LP
 * holds no base at K but takes base on as the price falls back through it). At each expiry it rolls into a new put
 * at the then price, in range or not, while a position is open (or stops when roll is false). Intents:
 * `{ kind: "buy", venue, option: "put", strike, expiryTime, quantity, reason: "open" | "roll" }`.
 * Allocates only when it trades.
 *
 * @example
 * import { hedgedStrategy, passiveRange, protectivePut } from "lpguard/strategy";
 * hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [protectivePut({ otmPct: 5, tenorDays: 7 })]);
 * @see Lambert, G. (2021) "Uniswap v3 LP tokens as perpetual put and call options"
 */
export function protectivePut(params: ProtectivePutParameters): Strategy {
  requireObject(params, "options");
  const { otmPct, tenorDays } = params;
  const ratio = params.hedgeRatio ?? 1;
  const roll = params.roll ?? true;
  const venue = params.venue ?? "options";
  const step = params.strikeStep ?? 0;
  if (!(otmPct >= 0 && otmPct < 100))
    throw new InvalidInputError({ field: "otmPct", value: otmPct, expected: "a percent in [0, 100)" });
  if (!(tenorDays > 0 && Number.isFinite(tenorDays)))
    throw new InvalidInputError({ field: "tenorDays", value: tenorDays, expected: "a number of days > 0" });
  if (!(ratio >= 0 && Number.isFinite(ratio)))
    throw new InvalidInputError({ field: "hedgeRatio", value: ratio, expected: "a finite number >= 0" });
  let expiry = Number.NaN;
  let done = false;
  return {
    name: `put-${otmPct}%-${tenorDays}d`,
    state(): { expiry: SnapshotNumber; done: boolean } {
      return { expiry: encodeNumber(expiry), done };
    },
    restore(raw: unknown): void {
      const s = asRecord(raw, "snapshot.strategy.protectivePut");
      expiry = decodeNumber(s.expiry, "snapshot.strategy.protectivePut.expiry");
      done = s.done === true;
    },
    init: () =>
      (params.reserveQuote ?? 0) > 0
        ? [{ kind: "deposit", venue, amount: params.reserveQuote ?? 0 }]
        : undefined,
    onBar(ctx: StrategyContext): readonly Intent[] | undefined {
      if (done || ctx.pendingIntents > 0 || ctx.pool.positions.length === 0) return undefined;
      if (ctx.time < expiry) return undefined;
      const first = Number.isNaN(expiry);
      if (!first && !roll) {
        done = true;
        return undefined;
      }
      let strike = ctx.price * (1 - otmPct / 100);
      if (step > 0) strike = Math.max(step, Math.floor(strike / step) * step);
      const sizeAt = strike < middle(ctx) ? strike : middle(ctx);
      const quantity = ratio * lpBaseAt(ctx, sizeAt);
      // Nothing to cover (no liquidity): try again on the next bar, so the overlay resumes as soon as there is.
      if (!(quantity > 0)) return undefined;
      expiry = Math.ceil((ctx.time + tenorDays * DAY_MS - EXPIRY_HOUR_MS) / DAY_MS) * DAY_MS + EXPIRY_HOUR_MS;
      return [
        {
          kind: "buy",
          venue,
          option: "put",
          strike,
          expiryTime: expiry,
          quantity,
          reason: first ? "open" : "roll",
        },
      ];
    },
  };
}
