import { z } from "zod";
import { num } from "../config/primitives.js";

/**
 * Limits and guards every keeper intent passes before it is journalled (the keeper's risk gate). All checks are pure
 * functions of numbers the keeper read this step; a denied intent is never sent, and a guard that cannot be
 * evaluated (missing TWAP, stale data, NaN) denies — the keeper fails closed.
 */
export const keeperLimitsSchema = z
  .object({
    /** Largest notional of one order or one pool leg, quote units. */
    maxOrderNotional: num().positive(),
    /** Largest Σ notional planned in one UTC day, quote units. */
    maxDailyNotional: num().positive(),
    /** Largest slippage accepted on a swap, a mint/burn's minimum amounts and a perp fill vs the mark, bps. */
    maxSlippageBps: num().min(0).max(10_000).default(50),
    /** Largest |spot tick − TWAP tick| before a mint, burn or rebalance (price manipulation guard), ticks. */
    maxTwapDeviationTicks: num().min(0).default(50),
    /** TWAP window for that check, seconds. */
    twapSeconds: z.number().int().positive().default(60),
    /** Below this perp margin ratio (equity / notional) the hedge is cut back (emergency deleverage). */
    minMarginRatio: num().positive().default(0.05),
    /** The margin ratio an emergency deleverage restores. */
    targetMarginRatio: num().positive().default(0.15),
    /**
     * Chain data older than this (block time vs wall clock) makes the keeper degraded and stops trading, ms. Unset:
     * not checked (a replayed chain carries historical block times).
     */
    maxDataAgeMs: num().positive().optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    if (l.targetMarginRatio <= l.minMarginRatio)
      ctx.addIssue({
        code: "custom",
        path: ["targetMarginRatio"],
        message: `must be greater than minMarginRatio (${l.minMarginRatio})`,
      });
    if (l.maxDailyNotional < l.maxOrderNotional)
      ctx.addIssue({
        code: "custom",
        path: ["maxDailyNotional"],
        message: `must be at least maxOrderNotional (${l.maxOrderNotional})`,
      });
  });
export type KeeperLimits = z.infer<typeof keeperLimitsSchema>;

/** The outcome of a guard: allowed, or denied naming the limit, the value and the bound. */
export type GuardDecision = { ok: true } | { ok: false; limit: string; value: number; bound: number };

const OK: GuardDecision = { ok: true };
const deny = (limit: string, value: number, bound: number): GuardDecision => ({
  ok: false,
  limit,
  value,
  bound,
});

/** Checks one order's notional and the day's running total (both quote units). NaN denies. */
export function checkNotional(notional: number, notionalToday: number, limits: KeeperLimits): GuardDecision {
  if (!(Math.abs(notional) <= limits.maxOrderNotional))
    return deny("maxOrderNotional", Math.abs(notional), limits.maxOrderNotional);
  const total = notionalToday + Math.abs(notional);
  if (!(total <= limits.maxDailyNotional)) return deny("maxDailyNotional", total, limits.maxDailyNotional);
  return OK;
}

/** Checks |spot tick − TWAP tick| ≤ maxTwapDeviationTicks; an unknown TWAP (undefined, NaN) denies. */
export function checkTwapDeviation(
  spotTick: number,
  twapTick: number | undefined,
  limits: KeeperLimits,
): GuardDecision {
  const dev = twapTick === undefined ? Number.NaN : Math.abs(spotTick - twapTick);
  if (!(dev <= limits.maxTwapDeviationTicks))
    return deny("maxTwapDeviationTicks", dev, limits.maxTwapDeviationTicks);
  return OK;
}

/** Checks that the chain data is fresh: 0 ≤ now − blockTime ≤ maxDataAgeMs (a block from the future denies too). */
export function checkDataAge(ageMs: number, limits: KeeperLimits): GuardDecision {
  if (limits.maxDataAgeMs === undefined) return OK;
  if (!(ageMs <= limits.maxDataAgeMs && ageMs >= -limits.maxDataAgeMs))
    return deny("maxDataAgeMs", ageMs, limits.maxDataAgeMs);
  return OK;
}

/**
 * Checks a perp fill against the mark it was sized at: a sell below mark·(1 − bps) or a buy above mark·(1 + bps)
 * exceeds the slippage limit (reported in bps).
 */
export function checkFillSlippage(
  side: "buy" | "sell",
  fillPrice: number,
  markPrice: number,
  limits: KeeperLimits,
): GuardDecision {
  const bps = ((side === "buy" ? fillPrice - markPrice : markPrice - fillPrice) / markPrice) * 10_000;
  if (!(bps <= limits.maxSlippageBps)) return deny("maxSlippageBps", bps, limits.maxSlippageBps);
  return OK;
}

/** Returns the minimum amount accepted for an expected exact `amount` at `bps` slippage: ⌊amount·(10⁴ − bps)/10⁴⌋. */
export function minAmountAfterSlippage(amount: bigint, bps: number): bigint {
  const b = BigInt(Math.ceil(bps));
  return (amount * (10_000n - b)) / 10_000n;
}

/**
 * Returns the perp quantity an emergency deleverage cuts the hedge back to, or undefined when the margin is healthy.
 * Margin ratio m = equity / (|q| · P); below `minMarginRatio` the position is reduced (same sign, never flipped) to
 * |q'| = equity / (targetMarginRatio · P), so m' = targetMarginRatio. Equity ≤ 0 closes the hedge.
 */
export function emergencyDeleverage(p: {
  quantity: number;
  price: number;
  equity: number;
  limits: Pick<KeeperLimits, "minMarginRatio" | "targetMarginRatio">;
}): number | undefined {
  const { quantity, price, equity, limits } = p;
  const notional = Math.abs(quantity) * price;
  if (!(notional > 0)) return undefined;
  if (equity / notional >= limits.minMarginRatio) return undefined;
  if (!(equity > 0)) return 0;
  const size = Math.min(Math.abs(quantity), equity / (limits.targetMarginRatio * price));
  return Math.sign(quantity) * size;
}

/** Start of the UTC day of `time` (ms): the window of the daily notional limit. */
export function utcDayStart(time: number): number {
  return Math.floor(time / 86_400_000) * 86_400_000;
}
