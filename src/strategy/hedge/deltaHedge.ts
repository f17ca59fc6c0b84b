import {
  asRecord,
  decodeNumbersInto,
  encodeNumbers,
  type SnapshotNumber,
} from "../../engine/snapshotCodec.js";
import type { HedgeIntent, Intent, Strategy, StrategyContext } from "../../engine/types.js";
import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import { parseDurationMs } from "../../forecast/halfLife.js";
import { volatilityBand } from "./volatilityBand.js";
import { whalleyWilmottBand } from "./whalleyWilmottBand.js";

/**
 * When the policy re-hedges (all bands in base units unless said otherwise):
 * - `absolute`: |target − hedge| > band;
 * - `relative`: |target − hedge| > fraction · |target|;
 * - `time`: every `intervalMinutes` since the last hedge;
 * - `priceMove`: |P / P_lastHedge − 1| > threshold;
 * - `volatility`: |target − hedge| > k · |Γ| · S · σ · √(horizon) (volatilityBand);
 * - `whalleyWilmott`: |target − hedge| > H = (3/2 · λ S Γ² / γ)^{1/3}, and then trade to the nearest band edge.
 * Every trigger except Whalley–Wilmott trades to the target.
 */
export type HedgeTrigger =
  | { kind: "absolute"; band: number }
  | { kind: "relative"; fraction: number }
  | { kind: "time"; intervalMinutes: number }
  | { kind: "priceMove"; threshold: number }
  | { kind: "volatility"; k: number; horizonMinutes: number }
  | { kind: "whalleyWilmott"; riskAversion: number; proportionalCost: number };

/**
 * State shared by a hedge policy and its cost governor (costGovernorGate): the governor widens the band by
 * `bandScale` until `bandScaleUntil` (ms; afterwards the policy's own band applies again) or pauses hedging until
 * `resumeTime` (ms); the policy reads them each bar.
 */
export type HedgeControl = { bandScale: number; bandScaleUntil: number; resumeTime: number };

/** Returns the band scale in force at `time` (1 once `control.bandScaleUntil` has passed). */
export function bandScaleAt(control: Readonly<HedgeControl>, time: number): number {
  return time < control.bandScaleUntil ? control.bandScale : 1;
}

export type DeltaHedgeParameters = {
  /** Venue id the hedge intents are routed to (default "perp"; "lending" for a borrow hedge). */
  venue?: string;
  /** Fraction of the LP delta to offset (default 1). */
  hedgeRatio?: number;
  trigger: HedgeTrigger;
  /**
   * Quote moved into the venue at bar 0 as margin / collateral (default 0). The backtest adds it to the deposit, so
   * a hedged run holds the same LP position as the unhedged one.
   */
  reserveQuote?: number;
  /** The hedge fills this many ms after the decision, at the price then (default: the engine's latencyBars). */
  latencyMs?: number;
  /** Trades smaller than this (base units) are skipped (default 1e-9). */
  minTrade?: number;
  /**
   * EWMA volatility estimate of the bar returns: starting annual σ (0.8) and the half-life in time, as `halfLife`
   * ("1d", "12h", or ms) or `halfLifeMinutes` (default 1440): minute or hourly bars weigh the same span of time.
   */
  volatility?: { initial?: number; halfLife?: string | number; halfLifeMinutes?: number };
  /** Read-only decisions of a cost governor (band scale, pause until); owned and written by the governor. */
  control?: Readonly<HedgeControl>;
  /** Strategy name (default "delta-<trigger kind>"). */
  name?: string;
};

/**
 * The policy's numeric constants by name. The per-bar code (`decide`, `gammaAt`) writes each one as a literal
 * followed by its name in a block comment (also LN_1_0001 of src/math/units.ts, ln 1.0001): a module-level or
 * imported const read inside a function costs a context load, a hole check and an untag on every read in V8 11.
 * deltaHedge.test.ts checks every such literal against this table; the code that does not run per bar reads the
 * table.
 */
const K = {
  MS_PER_YEAR: 31536000000, // 365 · 86 400 000
  // Slots of the policy's state array.
  VAR: 0,
  PREV_TIME: 1,
  HEDGE_TIME: 2,
  HEDGE_PRICE: 3,
  // Slots of the gamma cache.
  G_PRICE: 0,
  G_LIQ: 1,
  G_GAMMA: 2,
  G_WW: 3,
  // Doubles per gamma-cache entry, and entries (a power of two: the slot is tick & (G_SLOTS − 1)).
  G_SIZE: 4,
  G_SLOTS: 1024,
  // The cache starts with G_SMALL entries (8 doubles: small enough for V8 to keep inside the typed array object) and
  // grows to G_SLOTS entries on the G_GROW_AFTER-th lookup: a policy that reads gamma only on its fills (absolute
  // band, a Monte Carlo path of a day) never allocates the 32 KB table, one that reads it every bar
  // (Whalley–Wilmott, volatility) gets it after a few bars.
  G_SMALL: 2,
  G_GROW_AFTER: 64,
  // Trigger kinds as small integers: the per-bar switch compares integers (a jump table), not strings.
  K_ABSOLUTE: 0,
  K_RELATIVE: 1,
  K_TIME: 2,
  K_PRICE_MOVE: 3,
  K_VOLATILITY: 4,
  K_WW: 5,
} as const;

function positive(field: string, v: number, allowZero = false): void {
  if (!(Number.isFinite(v) && (allowZero ? v >= 0 : v > 0)))
    throw new InvalidInputError({ field, value: v, expected: `a finite number ${allowZero ? ">=" : ">"} 0` });
}

/**
 * Returns a delta-hedge policy (a Strategy that only emits hedge intents; combine it with a range strategy through
 * hedgedStrategy). Each bar it reads the LP book's delta Δ_LP = Σ positions' base + uncollected base fees + idle
 * base (every position of the vault nets out in this sum), the target hedge h* = −hedgeRatio · Δ_LP, its own
 * hedge h = ctx.venueDelta(venue), the LP gamma (lpGamma) and an EWMA volatility
 * σ²_t = λσ²_{t−1} + (1 − λ) r_t² / Δt (λ = 2^{−Δt/halfLife}, Δt the time since the previous bar); when the trigger fires it returns one intent
 * `{ kind: "hedge", venue, targetDelta, band, gamma, volatility, reason }` (plus `latencyMs` if set), which a cost
 * governor may inspect. At bar 0 it moves `reserveQuote` into the venue. It waits while intents
 * are pending and while `control.resumeTime` is in the future; bands are multiplied by `control.bandScale`.
 * Allocates only on the bars it trades.
 *
 * @example
 * import { deltaHedge, hedgedStrategy, passiveRange } from "lpguard/strategy";
 * const s = hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }),
 *   [deltaHedge({ trigger: { kind: "absolute", band: 0.1 } })]);
 * @see Whalley & Wilmott (1997), Mathematical Finance 7(3); Leland (1985), J. Finance 40(5)
 */
export function deltaHedge(params: DeltaHedgeParameters): Strategy {
  requireObject(params, "options");
  requireObject(params.trigger, "options.trigger");
  const venue = params.venue ?? "perp";
  const ratio = params.hedgeRatio ?? 1;
  const reserve = params.reserveQuote ?? 0;
  const minTrade = params.minTrade ?? 1e-9;
  const trig = params.trigger;
  positive("hedgeRatio", ratio, true);
  positive("reserveQuote", reserve, true);
  positive("minTrade", minTrade, true);
  if (params.latencyMs !== undefined) positive("latencyMs", params.latencyMs, true);
  switch (trig.kind) {
    case "absolute":
      positive("trigger.band", trig.band, true);
      break;
    case "relative":
      positive("trigger.fraction", trig.fraction, true);
      break;
    case "time":
      positive("trigger.intervalMinutes", trig.intervalMinutes);
      break;
    case "priceMove":
      positive("trigger.threshold", trig.threshold);
      break;
    case "volatility":
      positive("trigger.k", trig.k, true);
      positive("trigger.horizonMinutes", trig.horizonMinutes);
      break;
    case "whalleyWilmott":
      positive("trigger.riskAversion", trig.riskAversion);
      positive("trigger.proportionalCost", trig.proportionalCost, true);
      break;
    default:
      throw new InvalidInputError({
        field: "trigger.kind",
        value: (trig as { kind: unknown }).kind,
        expected: '"absolute", "relative", "time", "priceMove", "volatility" or "whalleyWilmott"',
      });
  }
  const sigma0 = params.volatility?.initial ?? 0.8;
  const vol = params.volatility;
  if (vol?.halfLife !== undefined && vol.halfLifeMinutes !== undefined)
    throw new InvalidInputError({
      field: "volatility.halfLifeMinutes",
      value: vol.halfLifeMinutes,
      expected: "not given together with volatility.halfLife (one half-life)",
    });
  positive("volatility.initial", sigma0, true);
  if (vol?.halfLifeMinutes !== undefined) positive("volatility.halfLifeMinutes", vol.halfLifeMinutes);
  const halfLifeMs =
    vol?.halfLife !== undefined
      ? parseDurationMs(vol.halfLife, "volatility.halfLife")
      : (vol?.halfLifeMinutes ?? 1440) * 60_000;
  // λ for the last bar gap [0] (NaN: none yet) is [1]: recomputed only when the gap changes (derived, not state).
  const decay = new Float64Array([Number.NaN, 0]);
  const control = params.control ?? {
    bandScale: 1,
    bandScaleUntil: Number.NEGATIVE_INFINITY,
    resumeTime: Number.NEGATIVE_INFINITY,
  };
  const latencyMs = params.latencyMs;
  // The constant factor of the Whalley–Wilmott band, 1.5 · e^{−r·τ} · λ with r = τ = 0, evaluated as
  // whalleyWilmottBand evaluates it (left to right), so the band is bit-identical to the function's.
  const wwCost = trig.kind === "whalleyWilmott" ? 1.5 * Math.exp(-0 * 0) * trig.proportionalCost : 0;
  // The trigger's numbers, read once (the per-bar code reads locals of this closure, not the caller's object), each
  // the factor the per-bar expression starts with, so every product keeps its order and rounds as before.
  const kind =
    trig.kind === "absolute"
      ? K.K_ABSOLUTE
      : trig.kind === "relative"
        ? K.K_RELATIVE
        : trig.kind === "time"
          ? K.K_TIME
          : trig.kind === "priceMove"
            ? K.K_PRICE_MOVE
            : trig.kind === "volatility"
              ? K.K_VOLATILITY
              : K.K_WW;
  const trigBand = trig.kind === "absolute" ? trig.band : 0;
  const trigFraction = trig.kind === "relative" ? trig.fraction : 0;
  const intervalMs = trig.kind === "time" ? trig.intervalMinutes * 60_000 : 0;
  const threshold = trig.kind === "priceMove" ? trig.threshold : 0;
  const volK = trig.kind === "volatility" ? trig.k : 0;
  const horizonYears = trig.kind === "volatility" ? (trig.horizonMinutes * 60_000) / K.MS_PER_YEAR : 0;
  const riskAversion = trig.kind === "whalleyWilmott" ? trig.riskAversion : 1;
  const proportionalCost = trig.kind === "whalleyWilmott" ? trig.proportionalCost : 0;
  const reason = trig.kind;

  // Doubles rewritten every bar live in a Float64Array (a closure `let` holding a double is boxed on each store in
  // V8 11 / Node 20): [VAR] EWMA variance, [PREV_TIME] previous bar time, [HEDGE_TIME] / [HEDGE_PRICE] last hedge.
  const st = new Float64Array([
    sigma0 * sigma0,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
  ]);
  let prevTick = 0;
  // The LP gamma and the Whalley–Wilmott half-width depend only on the price, the liquidity of the in-range positions
  // and the pool's token decimals, so they are cached and recomputed only when one of those changes. The cache is
  // direct-mapped by close tick (the price wanders over a few thousand ticks, revisiting them; sizes: G_SMALL): entry
  // `slot` holds [G_PRICE] price, [G_LIQ] Σ in-range liquidityFloat, [G_GAMMA] lpGamma · ratio, [G_WW] Whalley–Wilmott
  // band before bandScale (NaN until computed; an unused entry is all 0). A hit requires the same price and liquidity
  // (and pool), so the values are exactly what a recomputation would give. Allocated on first use.
  let gammaCache: Float64Array | undefined;
  let gammaMeta: StrategyContext["pool"]["meta"] | undefined;
  let slot = 0;
  let gammaMask = 0;
  const gammaScale = new Float64Array(1);
  let gammaCalls = 0;
  const gammaAt = (ctx: StrategyContext): number => {
    const positions = ctx.pool.positions;
    const tick = ctx.tick;
    let l = 0;
    for (let j = 0; j < positions.length; j++) {
      const p = positions[j];
      if (tick >= p.tickLower && tick < p.tickUpper) l += p.liquidityFloat;
    }
    const P = ctx.price;
    if (gammaCache === undefined || ctx.pool.meta !== gammaMeta) {
      // Zero-filled, not NaN-filled (no fill pass per run): an empty entry's price 0 never equals a bar's price
      // (> 0), and G_WW is set to NaN whenever an entry is written.
      gammaCache = new Float64Array(2 /* G_SMALL */ * 4 /* G_SIZE */);
      gammaMask = 2 /* G_SMALL */ - 1;
      gammaCalls = 0;
      gammaMeta = ctx.pool.meta;
      // lpGamma's human-unit liquidity scale 10^{(dec0 + dec1)/2}, computed as it computes it.
      const m = gammaMeta;
      gammaScale[0] = 10 ** ((m.token0.decimals + m.token1.decimals) / 2);
    } else if (++gammaCalls === 64 /* G_GROW_AFTER */) {
      gammaCache = new Float64Array(1024 /* G_SLOTS */ * 4 /* G_SIZE */);
      gammaMask = 1024 /* G_SLOTS */ - 1;
    }
    const at = (tick & gammaMask) * 4 /* G_SIZE */;
    slot = at;
    if (P === gammaCache[at + 0 /* G_PRICE */] && l === gammaCache[at + 1 /* G_LIQ */])
      return gammaCache[at + 2 /* G_GAMMA */];
    // lpGamma(ctx) · ratio from the in-range liquidity just summed (lpGamma sums the same terms in the same order),
    // without its argument guards and second pass.
    const gamma = (l === 0 ? 0 : -l / gammaScale[0] / (2 * P * Math.sqrt(P))) * ratio;
    gammaCache[at + 0 /* G_PRICE */] = P;
    gammaCache[at + 1 /* G_LIQ */] = l;
    gammaCache[at + 2 /* G_GAMMA */] = gamma;
    gammaCache[at + 3 /* G_WW */] = Number.NaN;
    return gamma;
  };

  const decide = (ctx: StrategyContext): readonly Intent[] | undefined => {
    const P = ctx.price;
    const time = ctx.time;
    const prevTime = st[1 /* PREV_TIME */];
    if (time > prevTime) {
      // ln(P_t / P_{t−1}) = ±Δtick · ln 1.0001: the log return from ticks, without a log per bar.
      const r = (ctx.tick - prevTick) * 0.00009999500033330834 /* LN_1_0001 */;
      const dt = time - prevTime;
      if (dt !== decay[0]) {
        decay[0] = dt;
        decay[1] = 2 ** (-dt / halfLifeMs);
      }
      const lambda = decay[1];
      const year = 31536000000 /* MS_PER_YEAR */;
      st[0 /* VAR */] = lambda * st[0 /* VAR */] + ((1 - lambda) * r * r * year) / dt;
    }
    prevTick = ctx.tick;
    st[1 /* PREV_TIME */] = time;
    if (ctx.pendingIntents > 0 || time < control.resumeTime) return undefined;
    const lpDelta = ctx.pool.delta(P) + ctx.ledger.cashBase;
    const target = -ratio * lpDelta + 0;
    const hedge = ctx.venueDelta(venue);
    const gap = target - hedge;
    const absGap = gap < 0 ? -gap : gap;
    if (absGap <= minTrade) return undefined;
    const scale = time < control.bandScaleUntil ? control.bandScale : 1; // bandScaleAt(control, time)
    const variance = st[0 /* VAR */];
    let band: number;
    let fire: boolean;
    let next = target;
    let gamma = Number.NaN;
    switch (kind) {
      case 0 /* K_ABSOLUTE */:
        band = trigBand * scale;
        fire = absGap > band;
        break;
      case 1 /* K_RELATIVE */:
        band = trigFraction * scale * (target < 0 ? -target : target);
        fire = absGap > band;
        break;
      case 2 /* K_TIME */:
        band = absGap;
        fire = time - st[2 /* HEDGE_TIME */] >= intervalMs * scale;
        break;
      case 3 /* K_PRICE_MOVE */:
        band = absGap;
        fire =
          Number.isNaN(st[3 /* HEDGE_PRICE */]) ||
          Math.abs(P / st[3 /* HEDGE_PRICE */] - 1) > threshold * scale;
        break;
      case 4 /* K_VOLATILITY */:
        gamma = gammaAt(ctx);
        band = volatilityBand({
          k: volK * scale,
          volatility: Math.sqrt(variance),
          horizonYears,
          gamma,
          price: P,
        });
        fire = absGap > band;
        break;
      default: {
        gamma = gammaAt(ctx);
        const cache = gammaCache as Float64Array;
        if (Number.isNaN(cache[slot + 3 /* G_WW */])) {
          // whalleyWilmottBand's arithmetic in its order, with r = τ = 0: cbrt(1.5 · e^0 · λ · P · Γ · Γ / γ), where
          // wwCost = 1.5 · e^0 · λ (the call is too large for V8 to inline here; it is kept for the invalid cases,
          // where it throws the error naming the input).
          const h = Math.cbrt((wwCost * P * gamma * gamma) / riskAversion);
          cache[slot + 3 /* G_WW */] =
            P > 0 && Number.isFinite(P) && Number.isFinite(h)
              ? h
              : whalleyWilmottBand({ price: P, gamma, proportionalCost, riskAversion });
        }
        band = cache[slot + 3 /* G_WW */] * scale;
        fire = absGap > band;
        if (fire && band > 0) next = hedge < target ? target - band : target + band;
      }
    }
    if (!fire) return undefined;
    if (Number.isNaN(gamma)) gamma = gammaAt(ctx);
    st[2 /* HEDGE_TIME */] = time;
    st[3 /* HEDGE_PRICE */] = P;
    const sigma = Math.sqrt(variance);
    const intent: HedgeIntent = {
      kind: "hedge",
      venue,
      targetDelta: next,
      band: band > 0 ? band : absGap,
      gamma,
      volatility: sigma,
      reason,
    };
    if (latencyMs !== undefined) intent.latencyMs = latencyMs;
    return [intent];
  };

  return {
    name: params.name ?? `delta-${trig.kind}`,
    // The gamma cache is not state: its entries are exactly what a recomputation gives, so it is kept on restore (a
    // Monte Carlo kernel restores one engine per path; another pool's meta clears it in gammaAt). The control belongs
    // to the cost governor (its state), read here only.
    state(): { st: SnapshotNumber[]; prevTick: number } {
      return { st: encodeNumbers(st), prevTick };
    },
    restore(raw: unknown): void {
      const s = asRecord(raw, "snapshot.strategy.deltaHedge");
      decodeNumbersInto(s.st, st, "snapshot.strategy.deltaHedge.st");
      prevTick = Number(s.prevTick);
    },
    init(ctx: StrategyContext): readonly Intent[] | undefined {
      prevTick = ctx.tick;
      st[K.PREV_TIME] = ctx.time;
      if (!(reserve > 0)) return undefined;
      return [{ kind: "deposit", venue, amount: reserve }];
    },
    onBar: decide,
  };
}
