import { InvalidInputError } from "../errors/math.js";
import type { PoolSeries } from "../types/series.js";
import {
  createPoolVenueModel,
  type InRangeMode,
  type PoolCosts,
  type PoolVenueModel,
} from "./poolVenueModel.js";
import {
  type AttributionAccumulator,
  createAttribution,
  type EngineEvent,
  type Intent,
  type IntentGate,
  type Ledger,
  type Strategy,
  type StrategyContext,
  type VenueModel,
} from "./types.js";
import { MAX_TICK, MIN_TICK } from "./v3Exact.js";

export type RunEngineParameters = {
  series: PoolSeries;
  strategy: Strategy;
  /** Starting cash in quote units. */
  deposit: number;
  /** Starting cash in base units (default 0). */
  depositBase?: number;
  /** k ≥ 0: an intent decided at bar i fills at bar i + k at that bar's price (dropped if past the last bar). */
  latencyBars?: number;
  costs?: Partial<PoolCosts>;
  inRangeMode?: InRangeMode;
  /** Risk gate applied to every intent before it is queued. */
  gate?: IntentGate;
  /** Extra venue models (perp, lending, option hedges), marked/accrued/settled after the pool, routed by `id`. */
  venues?: VenueModel[];
  /** Record the per-bar series (default true). Totals are computed either way. */
  record?: boolean;
  /**
   * The run's event log: the engine appends one event per settled pool intent, and venue models and gates built
   * with the same array append theirs (fills, funding, liquidations, governor decisions). Default: a new array.
   */
  events?: EngineEvent[];
  /** Called every `progressEvery` bars with the bar index (for a progress bar at the edge). */
  onProgress?: (bar: number) => void;
  progressEvery?: number;
};

/** Per-bar series, one Float64Array per quantity (cumulative where the name says so), length = rows. */
export type EngineSeries = {
  time: Float64Array;
  price: Float64Array;
  value: Float64Array;
  hodlValue: Float64Array;
  /** (value − fees since entry + costs since entry) / hodlValue − 1: IL of the whole strategy (see README). */
  il: Float64Array;
  /** Σ LP value / Σ hodl of the open positions' entry amounts − 1 (0 when flat). ≤ 0 by concavity. */
  positionIl: Float64Array;
  /** Fraction of the bar the position(s) were in range. */
  inRange: Float64Array;
  /** Price band of the newest open position (NaN when flat). */
  rangeLowerPrice: Float64Array;
  rangeUpperPrice: Float64Array;
  /** Cumulative fees earned in base and quote tokens (human units). */
  feesBaseAmount: Float64Array;
  feesQuoteAmount: Float64Array;
  /** Cumulative attribution components (quote units). */
  fees: Float64Array;
  rebalancing: Float64Array;
  lvr: Float64Array;
  inventory: Float64Array;
  hedge: Float64Array;
  funding: Float64Array;
  premium: Float64Array;
  costs: Float64Array;
  rounding: Float64Array;
};

export type EngineTotals = {
  rows: number;
  initialValue: number;
  finalValue: number;
  hodlValue: number;
  /** finalValue − initialValue. */
  pnl: number;
  /** finalValue / initialValue − 1. */
  return: number;
  /** Strategy IL at the end (see EngineSeries.il). */
  impermanentLoss: number;
  /** std of per-bar simple returns × √(bars per year). */
  annualizedVol: number;
  /** mean / std of per-bar returns × √(bars per year), risk-free rate 0. */
  sharpe: number;
  /** Largest peak-to-trough fall of value, as a positive fraction. */
  maxDrawdown: number;
  /** Mean in-range fraction over all bars. */
  timeInRange: number;
  rebalances: number;
  feesBaseAmount: number;
  feesQuoteAmount: number;
  attribution: AttributionAccumulator;
  /** Σ of the attribution components: fees + rebalancing − lvr + inventory + hedge + funding + premium − costs + rounding. */
  attributedPnl: number;
  /** The last open position (or the last one burnt when flat at the end); liquidity 0n if none was ever minted. */
  liquidity: bigint;
  tickLower: number | null;
  tickUpper: number | null;
  /** Intents dropped because their fill bar was past the end, or denied by the gate. */
  droppedIntents: number;
  /** Base units of the hodl benchmark (the holdings right after the first fill; NaN if nothing ever filled). */
  hodlBase: number;
  /** Price at the first fill (quote per base; NaN if nothing ever filled). */
  entryPrice: number;
};

export type RunEngineReturnType = {
  totals: EngineTotals;
  /** Undefined when `record` is false. */
  series: EngineSeries | undefined;
  pool: PoolVenueModel;
  ledger: Ledger;
  /** The event log (see `RunEngineParameters.events`), in time order. */
  events: EngineEvent[];
};

const MS_PER_YEAR = 365 * 24 * 3_600_000;

/** Returns the first bar j ≥ from with time[j] ≥ target, or n (gallop then bisect; O(1) for the next bar). */
function barAtOrAfter(time: Float64Array, n: number, from: number, target: number): number {
  if (Number.isNaN(target))
    throw new InvalidInputError({
      field: "intent.latencyMs",
      value: target,
      expected: "a number of ms >= 0",
    });
  if (from >= n || time[from] >= target) return from;
  let lo = from;
  let step = 1;
  let hi = lo + step;
  while (hi < n && time[hi] < target) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Writes `v` into `a[from..to)`: a loop for short runs, `fill` for long ones. */
function fillRun(a: Float64Array, v: number, from: number, to: number): void {
  if (to - from < 16) for (let j = from; j < to; j++) a[j] = v;
  else a.fill(v, from, to);
}

/** Returns Σ attribution components (quote units): the total PnL they explain. */
export function sumAttribution(a: AttributionAccumulator): number {
  return (
    a.fees + a.rebalancing - a.lvr + a.inventory + a.hedge + a.funding + a.premium - a.costs + a.rounding
  );
}

/**
 * Returns the result of running `strategy` over every row of `series`: per-bar series, totals and attribution.
 *
 * Fixed loop order per bar i (README "Loop order"):
 * 1. venues update from data: price P_i from closeTick, LP positions marked (rebalancing PnL and LVR),
 *    idle base marked (inventory PnL); 2. fees accrue to in-range positions; 3. metrics (value, delta, hodl) into the
 *    context; 4. the strategy sees the bar (`init` at bar 0, `onBar` after) and returns intents, which pass the gate
 *    and are queued with fill bar i + k; 5. intents due at bar i settle at P_i, in decision order; 6. the bar's row
 *    is recorded (end-of-bar state).
 *
 * Pure: no clock, files or randomness. Allocates only when a strategy returns intents.
 */
export function runEngine(params: RunEngineParameters): RunEngineReturnType {
  const { series, strategy } = params;
  const n = series.length;
  if (!(n > 0))
    throw new InvalidInputError({ field: "series.length", value: n, expected: "at least one row" });
  if (!(Number.isFinite(params.deposit) && params.deposit >= 0))
    throw new InvalidInputError({
      field: "deposit",
      value: params.deposit,
      expected: "a finite number >= 0",
    });
  const k = params.latencyBars ?? 0;
  if (!(Number.isInteger(k) && k >= 0))
    throw new InvalidInputError({ field: "latencyBars", value: k, expected: "an integer >= 0" });
  const meta = series.meta;
  const pool = createPoolVenueModel({ series, costs: params.costs, inRangeMode: params.inRangeMode });
  const extra = params.venues ?? [];
  const extraIds = extra.map((v) => v.id);
  const extraDelta = new Float64Array(extra.length);
  // The extra venues' per-bar methods, read once and called with `.call(venue, ...)`: venue models built as object
  // literals with getters are dictionary-mode objects in V8, where `extra[v].mark(...)` is a slow lookup per bar.
  const extraMark = extra.map((x) => x.mark);
  const extraAccrue = extra.map((x) => x.accrue);
  const extraValue = extra.map((x) => x.value);
  const extraDeltaOf = extra.map((x) => x.delta);
  const extraSettle = extra.map((x) => x.settle);
  // A single extra venue built as a class instance (the perp model) is called directly instead: its methods live on
  // the prototype of one hidden class, so the call sites are monomorphic and V8 inlines them.
  const solo: VenueModel | undefined =
    extra.length === 1 && Object.getPrototypeOf(extra[0]) !== Object.prototype ? extra[0] : undefined;
  const venues: VenueModel[] = [pool, ...extra];
  const gate = params.gate;
  const record = params.record ?? true;
  // Doubles from the start (NaN, then the deposit): see createAttribution.
  const ledger: Ledger = { cashQuote: Number.NaN, cashBase: Number.NaN };
  ledger.cashQuote = params.deposit;
  ledger.cashBase = params.depositBase ?? 0;
  const attr = createAttribution();
  const events: EngineEvent[] = params.events ?? [];

  const baseIs1 = meta.baseToken === 1;
  const LN_1_0001 = Math.log(1.0001);
  const logScale = baseIs1
    ? (meta.token1.decimals - meta.token0.decimals) * Math.LN10
    : (meta.token0.decimals - meta.token1.decimals) * Math.LN10;
  // ln P = logScale ∓ tick·ln(1.0001)
  const tickSign = baseIs1 ? -1 : 1;
  const priceAtTick = (tick: number): number => Math.exp(logScale + tickSign * tick * LN_1_0001);
  const spacing = meta.tickSpacing;
  const minUsable = Math.ceil(MIN_TICK / spacing) * spacing;
  const maxUsable = Math.floor(MAX_TICK / spacing) * spacing;
  const rawTick = (price: number): number => (tickSign * (Math.log(price) - logScale)) / LN_1_0001;
  const clampTick = (t: number): number => (t < minUsable ? minUsable : t > maxUsable ? maxUsable : t);

  const { closeTick, time, liquidity: poolL } = series;
  let price = pool.priceAt(0);

  const ctx: StrategyContext = {
    bar: 0,
    time: time[0],
    tick: closeTick[0],
    price,
    poolLiquidity: poolL[0],
    // NaN until step 3 of bar 0 writes them (doubles from the start: see createAttribution).
    value: Number.NaN,
    hodlValue: Number.NaN,
    delta: Number.NaN,
    ledger,
    pool,
    pendingIntents: 0,
    attribution: attr,
    tickAtPrice(p: number): number {
      if (!(p > 0 && Number.isFinite(p)))
        throw new InvalidInputError({ field: "price", value: p, expected: "a finite number > 0" });
      return clampTick(Math.round(rawTick(p) / spacing) * spacing);
    },
    priceAtTick,
    ticksForPriceRange(pA: number, pB: number): [number, number] {
      for (const [f, v] of [
        ["priceA", pA],
        ["priceB", pB],
      ] as const)
        if (!(v > 0 && Number.isFinite(v)))
          throw new InvalidInputError({ field: f, value: v, expected: "a finite number > 0" });
      const a = rawTick(pA);
      const b = rawTick(pB);
      let lo = clampTick(Math.floor(Math.min(a, b) / spacing) * spacing);
      let hi = clampTick(Math.ceil(Math.max(a, b) / spacing) * spacing);
      if (hi <= lo) {
        if (lo + spacing <= maxUsable) hi = lo + spacing;
        else lo = hi - spacing;
      }
      return [lo, hi];
    },
    fullRangeTicks(): [number, number] {
      return [minUsable, maxUsable];
    },
    venueDelta(venueId: string): number {
      // Deltas of the extra venues as computed in step 3 of this bar (strategies run before settlement).
      if (solo !== undefined) {
        if (solo.id === venueId) return extraDelta[0];
      } else for (let v = 0; v < extraIds.length; v++) if (extraIds[v] === venueId) return extraDelta[v];
      return venueId === "pool" ? pool.delta(ctx.price) : 0;
    },
  };

  const out: EngineSeries | undefined = record
    ? {
        time: series.time,
        price: new Float64Array(n),
        value: new Float64Array(n),
        hodlValue: new Float64Array(n),
        il: new Float64Array(n),
        positionIl: new Float64Array(n),
        inRange: new Float64Array(n),
        rangeLowerPrice: new Float64Array(n),
        rangeUpperPrice: new Float64Array(n),
        feesBaseAmount: new Float64Array(n),
        feesQuoteAmount: new Float64Array(n),
        fees: new Float64Array(n),
        rebalancing: new Float64Array(n),
        lvr: new Float64Array(n),
        inventory: new Float64Array(n),
        hedge: new Float64Array(n),
        funding: new Float64Array(n),
        premium: new Float64Array(n),
        costs: new Float64Array(n),
        rounding: new Float64Array(n),
      }
    : undefined;

  // Pending intents (latency queue), in decision order.
  const pendingDue: number[] = [];
  const pendingIntent: Intent[] = [];
  let pendingHead = 0;
  let dropped = 0;

  const initialValue = ledger.cashQuote + ledger.cashBase * price;
  let hodlBase = Number.NaN;
  let hodlQuote = Number.NaN;
  let entryPrice = Number.NaN;
  let feesAtEntry = 0;
  let costsAtEntry = 0;
  let prevPrice = price;
  let prevValue = initialValue;
  let peak = initialValue;
  let maxDd = 0;
  let sumR = 0;
  let sumR2 = 0;
  let inRangeSum = 0;
  let lastTickLower: number | null = null;
  let lastTickUpper: number | null = null;
  let lastLiquidity = 0n;
  let value = initialValue;
  let hodlValue = initialValue;
  const progressEvery = params.progressEvery ?? 65_536;
  const onProgress = params.onProgress;
  const nVenues = venues.length;
  // The pool is called directly and the extra venues in their own loop, so the pool's call sites stay monomorphic
  // (inlined) when hedge venues are present.
  const nExtra = extra.length;
  let bandVersion = -1;
  let bandLower = Number.NaN;
  let bandUpper = Number.NaN;
  let lastTick = Number.NaN;
  // Run-length recording: the value of each column since bar `start*` (written out when it changes and at the end).
  let bandStart = 0;
  let runHedge = attr.hedge;
  let runFunding = attr.funding;
  let runPremium = attr.premium;
  let runCosts = attr.costs;
  let runRounding = attr.rounding;
  let startHedge = 0;
  let startFunding = 0;
  let startPremium = 0;
  let startCosts = 0;
  let startRounding = 0;

  for (let i = 0; i < n; i++) {
    // 1. venues update from data
    const tick = closeTick[i];
    // One `exp` per changed tick (priceAt is a pure function of the tick).
    if (tick !== lastTick) {
      lastTick = tick;
      price = pool.priceAt(i);
    }
    attr.inventory += ledger.cashBase * (price - prevPrice);
    // The pool's mark, accrual (fees), value and delta in one pass (`step`); the extra venues book into other
    // attribution fields (hedge, funding, premium, costs), so marking them after the pool's accrual changes no sum.
    pool.step(i, price, attr);
    if (solo !== undefined) {
      solo.mark(i, price, attr);
      // 2. accruals of the extra venue
      solo.accrue(i, price, attr);
    } else if (nExtra > 0) {
      for (let v = 0; v < nExtra; v++) extraMark[v].call(extra[v], i, price, attr);
      // 2. accruals of the extra venues
      for (let v = 0; v < nExtra; v++) extraAccrue[v].call(extra[v], i, price, attr);
    }
    // 3. metrics
    value = ledger.cashQuote + ledger.cashBase * price;
    let delta = ledger.cashBase;
    value += pool.stepValue;
    delta += pool.stepDelta;
    if (solo !== undefined) {
      value += solo.value(price);
      const d = solo.delta(price);
      extraDelta[0] = d;
      delta += d;
    } else
      for (let v = 0; v < nExtra; v++) {
        value += extraValue[v].call(extra[v], price);
        const d = extraDeltaOf[v].call(extra[v], price);
        extraDelta[v] = d;
        delta += d;
      }
    hodlValue = !Number.isNaN(hodlBase) ? hodlBase * price + hodlQuote : value;
    ctx.bar = i;
    ctx.time = time[i];
    ctx.tick = tick;
    ctx.price = price;
    ctx.poolLiquidity = poolL[i];
    ctx.value = value;
    ctx.hodlValue = hodlValue;
    ctx.delta = delta;
    // 4. strategy
    ctx.pendingIntents = pendingDue.length - pendingHead;
    const intents = i === 0 ? strategy.init(ctx) : strategy.onBar(ctx);
    if (intents !== undefined && intents.length > 0) {
      for (let j = 0; j < intents.length; j++) {
        const it = gate ? gate(intents[j], ctx) : intents[j];
        if (it === null) {
          dropped++;
          continue;
        }
        // Per-intent latency (`latencyMs` on a venue intent): fill at the first bar at or after decision + latency.
        const lat = (it as { latencyMs?: unknown }).latencyMs;
        const due = typeof lat === "number" ? barAtOrAfter(time, n, i, time[i] + lat) : i + k;
        if (due >= n) {
          dropped++;
          continue;
        }
        // Keep the queue ordered by fill bar, stable in decision order (append in the common case).
        let at = pendingDue.length;
        while (at > pendingHead && pendingDue[at - 1] > due) at--;
        if (at === pendingDue.length) {
          pendingDue.push(due);
          pendingIntent.push(it);
        } else {
          pendingDue.splice(at, 0, due);
          pendingIntent.splice(at, 0, it);
        }
      }
    }
    // 5. settle due intents at this bar's price
    let settled = false;
    if (pendingHead < pendingDue.length && pendingDue[pendingHead] <= i) {
      settled = true;
      const costsBefore = attr.costs;
      const valueBefore = value;
      while (pendingHead < pendingDue.length && pendingDue[pendingHead] <= i) {
        const it = pendingIntent[pendingHead++];
        // The pool first, then the extra venues in order (each says whether the intent was its own).
        const byPool = pool.settle(it, i, price, ledger, attr);
        let done = byPool;
        if (solo !== undefined) {
          if (!done) done = solo.settle(it, i, price, ledger, attr);
        } else
          for (let v = 0; v < nExtra && !done; v++)
            done = extraSettle[v].call(extra[v], it, i, price, ledger, attr);
        if (byPool)
          events.push({
            time: time[i],
            bar: i,
            kind: "pool",
            venue: "pool",
            fields: {
              intent: it.kind,
              price,
              positions: pool.positions.length,
              cashQuote: ledger.cashQuote,
              cashBase: ledger.cashBase,
            },
          });
        if (!done)
          throw new InvalidInputError({
            field: "intent.venue",
            value: (it as { venue?: string }).venue ?? it.kind,
            expected: `a registered venue (${venues.map((x) => x.id).join(", ")}) accepting kind "${it.kind}"`,
          });
      }
      if (pendingHead === pendingDue.length) {
        // Emptied by pops (usually one entry): cheaper than setting `length`.
        while (pendingDue.length > 0) {
          pendingDue.pop();
          pendingIntent.pop();
        }
        pendingHead = 0;
      }
      value = ledger.cashQuote + ledger.cashBase * price;
      value += pool.value(price);
      if (solo !== undefined) value += solo.value(price);
      else for (let v = 0; v < nExtra; v++) value += extraValue[v].call(extra[v], price);
      attr.rounding += value - valueBefore + (attr.costs - costsBefore);
      if (Number.isNaN(hodlBase)) {
        const h = pool.holdings();
        hodlBase = ledger.cashBase + h.base;
        hodlQuote = ledger.cashQuote + h.quote;
        // Cash moved into hedge venues (margin, collateral) counts as quote held.
        for (let v = 1; v < nVenues; v++) hodlQuote += venues[v].value(price);
        entryPrice = price;
        feesAtEntry = attr.fees;
        costsAtEntry = attr.costs;
      }
      hodlValue = hodlBase * price + hodlQuote;
      if (pool.positions.length > 0) {
        const p = pool.positions[pool.positions.length - 1];
        lastTickLower = p.tickLower;
        lastTickUpper = p.tickUpper;
        lastLiquidity = p.liquidity;
      }
    }
    // 6. record
    if (i > 0 && prevValue > 0) {
      const r = value / prevValue - 1;
      sumR += r;
      sumR2 += r * r;
    }
    if (value > peak) peak = value;
    else if (peak > 0) {
      const dd = 1 - value / peak;
      if (dd > maxDd) maxDd = dd;
    }
    inRangeSum += pool.inRangeFraction;
    if (out !== undefined) {
      out.price[i] = price;
      out.value[i] = value;
      out.hodlValue[i] = hodlValue;
      out.il[i] =
        hodlValue > 0 ? (value - (attr.fees - feesAtEntry) + (attr.costs - costsAtEntry)) / hodlValue - 1 : 0;
      if (settled) out.positionIl[i] = pool.positionIl(price);
      else {
        const h = pool.stepHodlValue;
        out.positionIl[i] = h > 0 ? pool.stepLpValue / h - 1 : 0;
      }
      out.inRange[i] = pool.inRangeFraction;
      if (pool.version !== bandVersion) {
        fillRun(out.rangeLowerPrice, bandLower, bandStart, i);
        fillRun(out.rangeUpperPrice, bandUpper, bandStart, i);
        bandStart = i;
        bandVersion = pool.version;
        const np = pool.positions.length;
        if (np > 0) {
          const p = pool.positions[np - 1];
          const a = priceAtTick(p.tickLower);
          const b = priceAtTick(p.tickUpper);
          bandLower = a < b ? a : b;
          bandUpper = a < b ? b : a;
        } else {
          bandLower = Number.NaN;
          bandUpper = Number.NaN;
        }
      }
      out.feesBaseAmount[i] = pool.feesBaseAmount;
      out.feesQuoteAmount[i] = pool.feesQuoteAmount;
      out.fees[i] = attr.fees;
      out.rebalancing[i] = attr.rebalancing;
      out.lvr[i] = attr.lvr;
      out.inventory[i] = attr.inventory;
      // Columns that change on few bars (settlements, hedge venues) are written as runs when they change.
      // With a hedge venue the hedge PnL changes on every bar the hedge is open: written per bar, not as runs.
      if (nExtra > 0) out.hedge[i] = attr.hedge;
      else if (attr.hedge !== runHedge) {
        fillRun(out.hedge, runHedge, startHedge, i);
        runHedge = attr.hedge;
        startHedge = i;
      }
      if (attr.funding !== runFunding) {
        fillRun(out.funding, runFunding, startFunding, i);
        runFunding = attr.funding;
        startFunding = i;
      }
      if (attr.premium !== runPremium) {
        fillRun(out.premium, runPremium, startPremium, i);
        runPremium = attr.premium;
        startPremium = i;
      }
      if (attr.costs !== runCosts) {
        fillRun(out.costs, runCosts, startCosts, i);
        runCosts = attr.costs;
        startCosts = i;
      }
      if (attr.rounding !== runRounding) {
        fillRun(out.rounding, runRounding, startRounding, i);
        runRounding = attr.rounding;
        startRounding = i;
      }
    }
    prevPrice = price;
    prevValue = value;
    if (onProgress !== undefined && i % progressEvery === 0) onProgress(i);
  }
  dropped += pendingDue.length - pendingHead;
  if (out !== undefined) {
    fillRun(out.rangeLowerPrice, bandLower, bandStart, n);
    fillRun(out.rangeUpperPrice, bandUpper, bandStart, n);
    if (nExtra === 0) fillRun(out.hedge, runHedge, startHedge, n);
    fillRun(out.funding, runFunding, startFunding, n);
    fillRun(out.premium, runPremium, startPremium, n);
    fillRun(out.costs, runCosts, startCosts, n);
    fillRun(out.rounding, runRounding, startRounding, n);
  }

  const bars = n - 1;
  const meanR = bars > 0 ? sumR / bars : 0;
  const varR = bars > 1 ? Math.max(0, (sumR2 - bars * meanR * meanR) / (bars - 1)) : 0;
  const sdR = Math.sqrt(varR);
  const barMs = n > 1 ? (time[n - 1] - time[0]) / (n - 1) : 60_000;
  const barsPerYear = MS_PER_YEAR / (barMs > 0 ? barMs : 60_000);
  const il =
    hodlValue > 0 ? (value - (attr.fees - feesAtEntry) + (attr.costs - costsAtEntry)) / hodlValue - 1 : 0;
  const totals: EngineTotals = {
    rows: n,
    initialValue,
    finalValue: value,
    hodlValue,
    pnl: value - initialValue,
    return: initialValue > 0 ? value / initialValue - 1 : 0,
    impermanentLoss: il,
    annualizedVol: sdR * Math.sqrt(barsPerYear),
    sharpe: sdR > 0 ? (meanR / sdR) * Math.sqrt(barsPerYear) : 0,
    maxDrawdown: maxDd,
    timeInRange: inRangeSum / n,
    rebalances: pool.rebalances,
    feesBaseAmount: pool.feesBaseAmount,
    feesQuoteAmount: pool.feesQuoteAmount,
    attribution: { ...attr },
    attributedPnl: sumAttribution(attr),
    liquidity: lastLiquidity,
    tickLower: lastTickLower,
    tickUpper: lastTickUpper,
    droppedIntents: dropped,
    hodlBase,
    entryPrice,
  };
  return { totals, series: out, pool, ledger, events };
}
