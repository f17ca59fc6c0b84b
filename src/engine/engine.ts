import { requireNumber, requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { gallopSearch } from "../math/search.js";
import { poolTickHelpers } from "../math/units.js";
import type { PoolSeries } from "../types/series.js";
import { EngineClock } from "./clock.js";
import { ATTRIBUTION_COLUMNS, SERIES_COLUMNS, type SeriesColumn } from "./columns.js";
import { LatencyQueue } from "./latencyQueue.js";
import { createMarket, type Market, marketPriceAt } from "./market.js";
import {
  type CreatePoolVenueModelParameters,
  createPoolVenueModel,
  type InRangeMode,
  type PoolCosts,
  type PoolVenueModel,
} from "./poolVenueModel.js";
import { asRecord, decodeNumber, decodeNumbersInto, encodeNumber, encodeNumbers } from "./snapshotCodec.js";
import {
  type AttributionAccumulator,
  createAttribution,
  type EngineEvent,
  type IntentGate,
  type Ledger,
  type PoolPosition,
  type Strategy,
  type StrategyContext,
  type VenueModel,
} from "./types.js";

/** Per-bar series, one Float64Array per quantity (cumulative where the name says so), length = rows. */
export type EngineSeries = {
  time: Float64Array;
  price: Float64Array;
  value: Float64Array;
  hodlValue: Float64Array;
  /**
   * IL of the LP side: (value − fees since entry − revaluation of uncollected fee tokens − hedge − funding − premium
   * + costs since entry − M) / (hodlValue − M) − 1, M = hedge venues' value at the first fill (see README). Hedge
   * PnL, funding, premium and hedge margin never enter it.
   */
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

export type CreateEngineParameters = {
  /** The pool's market: a loaded series (wrapped, not copied) or an appendable {@link Market}. */
  market: PoolSeries | Market;
  strategy: Strategy;
  /** Starting cash in quote units. */
  deposit: number;
  /** Starting cash in base units (default 0). */
  depositBase?: number;
  /**
   * Latency of every intent without its own `latencyMs` (ms, default 0): an intent decided at time t fills at the
   * first bar with time ≥ t + latencyMs, at that bar's price (the queue is keyed by time, never by a future bar).
   */
  latencyMs?: number;
  costs?: Partial<PoolCosts>;
  inRangeMode?: InRangeMode;
  /** Risk gate applied to every intent before it is queued. */
  gate?: IntentGate;
  /** Extra venue models (perp, lending, option hedges), marked/accrued/settled after the pool, routed by `id`. */
  venues?: VenueModel[];
  /** Record the per-bar series (default true). Totals are computed either way. */
  record?: boolean;
  /**
   * False: the bar loop keeps no return statistics (two divisions a bar), and totals' `annualizedVol`, `sharpe` and
   * `maxDrawdown` are NaN (not computed). For a caller that reads none of them, e.g. the Monte Carlo kernel; every
   * other total, the series and the state are the same. Default true.
   */
  returnStats?: boolean;
  /** The run's event log (venue models and gates built with the same array append theirs). Default: a new array. */
  events?: EngineEvent[];
  /** Called every `progressEvery` bars with the bar index (for a progress bar at the edge). */
  onProgress?: (bar: number) => void;
  progressEvery?: number;
  /**
   * Record the few per-bar numbers a vault reads from its pools (`tap()`): value, base held, price and the pool's
   * cumulative attribution components (default false; "values": value, base and price only).
   */
  tap?: boolean | "values";
  /**
   * Builds the pool venue model (default: the Uniswap v3 model, `createPoolVenueModel`); `createAmmPoolVenueModel`
   * runs a v2 or weighted pool on the same market.
   */
  poolModel?: (params: CreatePoolVenueModelParameters) => PoolVenueModel;
};

/**
 * Per-bar numbers of a tapped engine (see `CreateEngineParameters.tap`), a window: rows [from, bar) are at indices
 * [0, bar − from) (the arrays may be longer; they are replaced when the window outgrows them, so re-read `tap()`
 * after stepping). `clearTap()` starts a new window at the current bar, so a reader that consumes the rows as they
 * come keeps a small window instead of one row per bar of the run.
 */
export type EngineTap = {
  /** Row of index 0. */
  from: number;
  /** Value in quote units and base units held (positions, owed fees, idle cash) at the end of each bar. */
  value: Float64Array;
  base: Float64Array;
  price: Float64Array;
  /**
   * Cumulative attribution components (quote units), row-major: index w holds `ATTRIBUTION_COLUMNS[j]` at
   * w · TAP_COMPONENTS + j (empty with tap "values").
   */
  components: Float64Array;
  /** The pool's in-range fraction, re-centrings so far and position version (`PoolVenueModel.version`) per row. */
  inRange: Float64Array;
  rebalances: Float64Array;
  version: Float64Array;
  /**
   * The pool's open positions per version seen in the window, oldest first (the first entry is the version in force
   * at the window's start): a reader of row w finds `version[w]` here, so it sees the positions of that row, never a
   * later one. Appended only when a settlement changes the positions.
   */
  positions: { version: number; positions: readonly PoolPosition[] }[];
  /** In-range fraction and re-centrings of the row before the window (0 before the first row). */
  beforeInRange: number;
  beforeRebalances: number;
};

/** Components per tapped row (`EngineTap.components`). */
export const TAP_COMPONENTS = ATTRIBUTION_COLUMNS.length;

/** An engine's whole state between two bars, as plain JSON data (`JSON.parse(JSON.stringify(s))` restores it). */
export type EngineSnapshot = {
  version: 1;
  /** Bars consumed so far (the next `step` processes bar `bar`). */
  bar: number;
  /** Events written so far (the restored engine appends after them in its own log). */
  events: number;
  ledger: { cashQuote: unknown; cashBase: unknown };
  attribution: Record<string, unknown>;
  /** Running totals and recorder position (see the slot names in `engine.ts`). */
  running: unknown[];
  counters: Record<string, number | string | null>;
  pending: unknown;
  pool: unknown;
  venues: Record<string, unknown>;
  strategy: unknown;
  gate: unknown;
};

/** A steppable engine: one bar of the market per `step`, its state as data, totals at any time. */
export type Engine = {
  /** Consumes the next bar of the market; false (and nothing done) when the market has no next bar yet. */
  step(): boolean;
  /** Consumes up to `maxBars` bars (default: all available) in one tight loop; returns how many. */
  advance(maxBars?: number): number;
  /** Consumes every available bar with time ≤ `time` in one loop; returns how many. */
  advanceUntil(time: number): number;
  /** The tapped per-bar numbers, rows [from, bar) valid (undefined unless built with `tap`). */
  tap(): EngineTap | undefined;
  /** Starts a new tap window at the current bar (the rows tapped so far are dropped). */
  clearTap(): void;
  /** Bars consumed so far. */
  readonly bar: number;
  /** Pool price (quote per base) at the last bar consumed (NaN before the first). */
  readonly price: number;
  /** Value in the pool's quote units at the end of the last bar consumed (the deposit before the first). */
  readonly value: number;
  /** The running attribution (cumulative, pool quote units; read only). */
  readonly attribution: Readonly<AttributionAccumulator>;
  readonly market: Market;
  readonly pool: PoolVenueModel;
  readonly ledger: Ledger;
  readonly events: EngineEvent[];
  /** The whole state between bars as plain JSON data. InvalidInputError if a part has no `state()`. */
  snapshot(): EngineSnapshot;
  /**
   * Restores a snapshot taken from an engine built with the same parameters (a fresh engine, before any step; with
   * `rewind`, also an engine that has stepped: the Monte Carlo kernel resets one engine per path this way).
   */
  restore(snapshot: unknown, options?: { rewind?: boolean }): void;
  /** Totals over the bars consumed so far (pending intents counted as dropped). */
  totals(): EngineTotals;
  /** Per-bar series of the bars consumed so far (views of length `bar`); undefined when `record` is false. */
  series(): EngineSeries | undefined;
};

const MS_PER_YEAR = 365 * 24 * 3_600_000;

// Slots of the engine's running state (doubles in one Float64Array: closure `let`s holding doubles are boxed on
// every store in V8 11 / Node 20). The snapshot saves the array as it is.
// The bar loop and its helpers index S with the literal slot number, named in a comment (`S[0 /* PRICE */]`): a
// module-level const read inside a function is a context load, a hole (TDZ) check and a Smi untag on every access
// in V8 11, about 8 instructions each, and the loop makes ~40 such reads a bar. The names below are the table
// (stateSlots.test.ts checks that each literal matches its name) and serve the code that is not per bar.
const SLOT = {
  PRICE: 0,
  PREV_PRICE: 1,
  PREV_VALUE: 2,
  PEAK: 3,
  MAX_DD: 4,
  SUM_R: 5,
  SUM_R2: 6,
  IN_RANGE_SUM: 7,
  VALUE: 8,
  HODL_VALUE: 9,
  HODL_BASE: 10,
  HODL_QUOTE: 11,
  ENTRY_PRICE: 12,
  FEES_AT_ENTRY: 13,
  COSTS_AT_ENTRY: 14,
  BAND_LOWER: 15,
  BAND_UPPER: 16,
  RUN_HEDGE: 17,
  RUN_FUNDING: 18,
  RUN_PREMIUM: 19,
  RUN_COSTS: 20,
  RUN_ROUNDING: 21,
  INITIAL_VALUE: 22,
  SLOTS: 23,
} as const;

const ATTR_KEYS = Object.keys(createAttribution()) as (keyof AttributionAccumulator)[];

/** Index of a run-length column's start bar in `runStart` (its value in force lives in slot RUN_HEDGE + index). */
const RUN_START_NAMES = [
  "startHedge",
  "startFunding",
  "startPremium",
  "startCosts",
  "startRounding",
] as const;
/** The series columns recorded as runs, in RUN_START_NAMES order. */
const RUN_COLUMNS = ["hedge", "funding", "premium", "costs", "rounding"] as const;

/**
 * Run-length recording of column `a` (slot `slot` of `S` holds its value since bar `runStart[slot − RUN_HEDGE]`):
 * `v` differs from it, so the finished run is written out and a new one starts at bar `i`.
 */
function recordRun(
  a: Float64Array,
  S: Float64Array,
  runStart: Int32Array,
  slot: number,
  v: number,
  i: number,
): void {
  const r = slot - SLOT.RUN_HEDGE;
  fillRun(a, S[slot], runStart[r], i);
  S[slot] = v;
  runStart[r] = i;
}

/** Writes `v` into `a[from..to)`: a loop for short runs, `fill` for long ones. */
function fillRun(a: Float64Array, v: number, from: number, to: number): void {
  if (to - from < 16) for (let j = from; j < to; j++) a[j] = v;
  else a.fill(v, from, to);
}

/**
 * Returns the IL of the LP side of a run at one bar: (value − fees since entry − revaluation of uncollected fee
 * tokens − hedge − funding − premium + costs since entry − M) / (hodlValue − M) − 1, where M is the value the hedge
 * venues held at the first fill (margin, collateral: capital beside the LP); 0 before the first fill. What a hedge
 * earns or pays (and what fee tokens gain or lose after they accrued) never enters it, so a hedged run reports the
 * IL of its LP position and a passive one an IL ≤ 0 (concavity).
 */
function lpIl(
  value: number,
  hodlValue: number,
  a: AttributionAccumulator,
  feesAtEntry: number,
  costsAtEntry: number,
  venueAtEntry: number,
): number {
  const h = hodlValue - venueAtEntry;
  if (!(h > 0)) return 0;
  const lp =
    value -
    (a.fees - feesAtEntry) -
    a.inventoryFees -
    a.hedge -
    a.funding -
    a.premium +
    (a.costs - costsAtEntry);
  return (lp - venueAtEntry) / h - 1;
}

/** The fields of an AttributionAccumulator that sumAttribution adds: the column table's components. */
const ATTRIBUTION_KEYS = ATTRIBUTION_COLUMNS;

/** Returns Σ attribution components (quote units): the total PnL they explain. */
export function sumAttribution(a: AttributionAccumulator): number {
  requireObject(a, "attribution");
  for (const k of ATTRIBUTION_KEYS) requireNumber(a[k], `attribution.${k}`);
  return (
    a.fees + a.rebalancing - a.lvr + a.inventory + a.hedge + a.funding + a.premium - a.costs + a.rounding
  );
}

type SeriesBuffers = Record<SeriesColumn, Float64Array>;

/**
 * One engine's state, read and written by the module-level bar loop (`advanceBars` and the `settleDue`, `recordRow`,
 * `growSeries`, `growTap` it calls). Why the loop is not a closure of `createEngine`: V8 11 holds a function's
 * optimised code only weakly from the feedback vector the closures of one literal share, so once the engine that
 * ran it was garbage, a GC (the next run's series allocation triggers one) dropped the loop's optimised code and
 * every new engine started in the interpreter and optimised its loop again (measured: `advance` recompiled 2–3 times
 * per 350 ms round when runs of different strategies alternated; with-series runs at 0.6–0.8× the old engine,
 * 0.9–1.1× with the code kept alive). A module-level function is never garbage, so its code stays.
 */
class EngineCore {
  /** Next bar to consume. */
  next = 0;
  /** Intents the gate refused or that could not fill before the market ends. */
  dropped = 0;
  lastTickLower: number | null = null;
  lastTickUpper: number | null = null;
  lastLiquidity = 0n;
  bandVersion = -1;
  // Run-length recording: each such column holds its value since bar `start*` (written out when it changes).
  bandStart = 0;
  /** Value of the hedge venues (margin, collateral) at the first fill: capital beside the LP, kept out of the IL. */
  venueAtEntry = 0;
  /** Start bars of the run-length columns hedge, funding, premium, costs, rounding (RUN_START_NAMES). */
  readonly runStart = new Int32Array(RUN_START_NAMES.length);
  readonly queue = new LatencyQueue();
  /** The market's time column as last read (an append replaces it). */
  timeColumn: Float64Array;
  /** Recorded series (undefined when not recording) and their capacity in rows. */
  out: SeriesBuffers | undefined;
  cap: number;
  /** The tap window, its capacity and the row of its index 0. */
  tapOut: EngineTap | undefined;
  tapCap: number;
  tapFrom = 0;
  readonly tapFull: boolean;
  /**
   * The single extra venue (the common case) or undefined: its call sites see one hidden class per run and V8
   * inlines its small per-bar methods into the loop. Several venues go through one loop over `extra` (a polymorphic
   * call site of at most the three kinds, still inlined by V8; measured faster than methods pre-read and called with
   * `.call`).
   */
  readonly solo: VenueModel | undefined;
  /** The pool, then the extra venues. */
  readonly venues: VenueModel[];

  constructor(
    readonly market: Market,
    readonly pool: PoolVenueModel,
    readonly extra: VenueModel[],
    readonly extraDelta: Float64Array,
    readonly clock: EngineClock,
    readonly strategy: Strategy,
    readonly gate: IntentGate | undefined,
    readonly latencyMs: number,
    readonly ledger: Ledger,
    readonly attr: AttributionAccumulator,
    readonly events: EngineEvent[],
    readonly S: Float64Array,
    readonly ctx: StrategyContext,
    readonly priceAtTick: (tick: number) => number,
    record: boolean,
    tap: boolean | "values" | undefined,
    readonly progressEvery: number,
    readonly onProgress: ((bar: number) => void) | undefined,
    /** Keep the per-bar return statistics (see `CreateEngineParameters.returnStats`). */
    readonly returnStats: boolean,
  ) {
    this.timeColumn = market.time;
    this.solo = extra.length === 1 ? extra[0] : undefined;
    this.venues = [pool, ...extra];
    // Recorded series: capacity = the market's rows at creation (a growing market doubles them when needed).
    this.cap = record ? Math.max(market.length, 1) : 0;
    this.out = record ? newSeries(this.cap) : undefined;
    // With tap "values" the component columns are empty arrays (never written: `tapFull` is false).
    this.tapFull = tap === true;
    // The window starts with room for 256 rows and doubles when a reader lets it grow (see `clearTap`).
    this.tapCap = tap !== undefined && tap !== false ? 256 : 0;
    this.tapOut = this.tapCap > 0 ? newTap(this.tapCap, this.tapFull, pool) : undefined;
  }
}

/** Empty series buffers of capacity c (an object literal: one hidden class with fast properties). */
function newSeries(c: number): SeriesBuffers {
  return {
    price: new Float64Array(c),
    value: new Float64Array(c),
    hodlValue: new Float64Array(c),
    il: new Float64Array(c),
    positionIl: new Float64Array(c),
    inRange: new Float64Array(c),
    rangeLowerPrice: new Float64Array(c),
    rangeUpperPrice: new Float64Array(c),
    feesBaseAmount: new Float64Array(c),
    feesQuoteAmount: new Float64Array(c),
    fees: new Float64Array(c),
    rebalancing: new Float64Array(c),
    lvr: new Float64Array(c),
    inventory: new Float64Array(c),
    hedge: new Float64Array(c),
    funding: new Float64Array(c),
    premium: new Float64Array(c),
    costs: new Float64Array(c),
    rounding: new Float64Array(c),
  };
}

/**
 * An empty tap window of capacity c (components only with the full tap). The columns are views of one buffer: a
 * typed array with its own backing store costs an off-heap allocation and GC work (~1-3 µs each, measured), and a
 * vault builds its pool engines per run.
 */
function newTap(c: number, tapFull: boolean, pool: PoolVenueModel): EngineTap {
  const nc = tapFull ? c * TAP_COMPONENTS : 0;
  const b = new Float64Array(6 * c + nc);
  return {
    from: 0,
    value: b.subarray(0, c),
    base: b.subarray(c, 2 * c),
    price: b.subarray(2 * c, 3 * c),
    components: b.subarray(6 * c, 6 * c + nc),
    inRange: b.subarray(3 * c, 4 * c),
    rebalances: b.subarray(4 * c, 5 * c),
    version: b.subarray(5 * c, 6 * c),
    positions: [{ version: pool.version, positions: pool.positions.slice() }],
    beforeInRange: 0,
    beforeRebalances: 0,
  };
}

/** Grows the recorded series to hold `need` rows (doubling). */
function growSeries(c: EngineCore, need: number): void {
  const out = c.out;
  if (out === undefined || need <= c.cap) return;
  let n = c.cap;
  while (n < need) n *= 2;
  const o = newSeries(n);
  for (const k of SERIES_COLUMNS) o[k].set(out[k]);
  c.out = o;
  c.cap = n;
}

/** Grows the tap window so rows [tapFrom, end) fit (rows before `from` are kept). */
function growTap(c: EngineCore, end: number, from: number): void {
  const tapOut = c.tapOut as EngineTap;
  const tapFrom = c.tapFrom;
  let n = c.tapCap;
  while (n < end - tapFrom) n *= 2;
  const o = newTap(n, c.tapFull, c.pool);
  o.from = tapFrom;
  const rows = from - tapFrom;
  o.value.set(tapOut.value.subarray(0, rows));
  o.base.set(tapOut.base.subarray(0, rows));
  o.price.set(tapOut.price.subarray(0, rows));
  if (c.tapFull) o.components.set(tapOut.components.subarray(0, rows * TAP_COMPONENTS));
  o.inRange.set(tapOut.inRange.subarray(0, rows));
  o.rebalances.set(tapOut.rebalances.subarray(0, rows));
  o.version.set(tapOut.version.subarray(0, rows));
  o.positions = tapOut.positions;
  o.beforeInRange = tapOut.beforeInRange;
  o.beforeRebalances = tapOut.beforeRebalances;
  c.tapOut = o;
  c.tapCap = n;
}

/** Steps the engine over up to `maxBars` bars (all that the market has when undefined); returns the bars stepped. */
function advanceBars(c: EngineCore, maxBars?: number): number {
  const market = c.market;
  const n = market.length;
  const from = c.next;
  const end = maxBars === undefined || from + maxBars > n ? n : from + maxBars;
  if (end <= from) return 0;
  // Re-read the market's columns only when an append replaced them.
  const pool = c.pool;
  if (market.time !== c.timeColumn) {
    c.timeColumn = market.time;
    pool.refresh();
  }
  if (c.out !== undefined && end > c.cap) growSeries(c, end);
  if (c.tapOut !== undefined && end - c.tapFrom > c.tapCap) growTap(c, end, from);
  const tapAt = c.tapFrom;
  const tp = c.tapOut;
  const o = c.out;
  const { closeTick, time, liquidity: poolL } = market;
  const { S, attr, ledger, ctx, strategy, queue, solo, extra, extraDelta, clock, gate, latencyMs, tapFull } =
    c;
  const nExtra = extra.length;
  const onProgress = c.onProgress;
  const progressEvery = c.progressEvery;
  const returnStats = c.returnStats;
  if (from === 0) {
    const p0 = pool.priceAt(0);
    const v0 = ledger.cashQuote + ledger.cashBase * p0;
    S[0 /* PRICE */] = p0;
    S[1 /* PREV_PRICE */] = p0;
    S[22 /* INITIAL_VALUE */] = v0;
    S[2 /* PREV_VALUE */] = v0;
    S[3 /* PEAK */] = v0;
    S[8 /* VALUE */] = v0;
    S[9 /* HODL_VALUE */] = v0;
  }
  // The doubles carried from bar to bar are read and written in S, not kept in locals: V8 often enters this loop
  // through on-stack replacement, where a loop-carried double local becomes a tagged phi and is boxed (a heap
  // number) on every bar (~90 bytes a bar, measured). The per-bar temporaries below stay locals.
  let lastTick = Number.NaN;
  for (let i = from; i < end; i++) {
    // 0. the clock (read by the extra venues only)
    const t = time[i];
    if (nExtra > 0) {
      clock.prevTime = i > 0 ? time[i - 1] : Number.NaN;
      clock.time = t;
      clock.bar = i;
    }
    // 1. venues update from data
    const tick = closeTick[i];
    // One `exp` per changed tick (priceAt is a pure function of the tick).
    if (tick !== lastTick) {
      lastTick = tick;
      S[0 /* PRICE */] = pool.priceAt(i);
    }
    const price = S[0 /* PRICE */];
    attr.inventory += ledger.cashBase * (price - S[1 /* PREV_PRICE */]);
    // The pool's mark, accrual (fees), value and delta in one pass (`step`, at this bar's price: no double crosses
    // the call); the extra venues book into other attribution fields (hedge, funding, premium, costs), so marking
    // them after the pool's accrual changes no sum.
    pool.step(i, attr);
    if (solo !== undefined) {
      solo.mark(i, price, attr);
      // 2. accruals of the extra venue
      solo.accrue(i, price, attr);
    } else if (nExtra > 0) {
      for (let v = 0; v < nExtra; v++) extra[v].mark(i, price, attr);
      // 2. accruals of the extra venues
      for (let v = 0; v < nExtra; v++) extra[v].accrue(i, price, attr);
    }
    // 3. metrics
    let value = ledger.cashQuote + ledger.cashBase * price;
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
        const x = extra[v];
        value += x.value(price);
        const d = x.delta(price);
        extraDelta[v] = d;
        delta += d;
      }
    const hodlBase = S[10 /* HODL_BASE */];
    let hodlValue = !Number.isNaN(hodlBase) ? hodlBase * price + S[11 /* HODL_QUOTE */] : value;
    ctx.bar = i;
    ctx.time = t;
    ctx.tick = tick;
    ctx.price = price;
    ctx.poolLiquidity = poolL[i];
    ctx.value = value;
    ctx.hodlValue = hodlValue;
    ctx.delta = delta;
    // 4. strategy
    ctx.pendingIntents = queue.waiting;
    const intents = i === 0 ? strategy.init(ctx) : strategy.onBar(ctx);
    if (intents !== undefined && intents.length > 0)
      c.dropped += queue.pushGated(intents, t, latencyMs, gate, ctx);
    // 5. settle due intents at this bar's price, in decision order
    let settled = false;
    if (queue.headTime <= t) {
      settled = true;
      S[8 /* VALUE */] = value;
      settleDue(c, i, t);
      value = S[8 /* VALUE */];
      hodlValue = S[9 /* HODL_VALUE */];
    }
    // 6. record
    if (returnStats) {
      const prevValue = S[2 /* PREV_VALUE */];
      if (i > 0 && prevValue > 0) {
        const r = value / prevValue - 1;
        S[5 /* SUM_R */] += r;
        S[6 /* SUM_R2 */] += r * r;
      }
      const peak = S[3 /* PEAK */];
      if (value > peak) S[3 /* PEAK */] = value;
      else if (peak > 0) {
        const dd = 1 - value / peak;
        if (dd > S[4 /* MAX_DD */]) S[4 /* MAX_DD */] = dd;
      }
    }
    S[7 /* IN_RANGE_SUM */] += pool.inRangeFraction;
    S[8 /* VALUE */] = value;
    S[9 /* HODL_VALUE */] = hodlValue;
    if (o !== undefined) recordRow(c, o, i, settled);
    if (tp !== undefined) {
      const w = i - tapAt;
      tp.value[w] = value;
      tp.base[w] = settled ? pool.delta(price) + ledger.cashBase : delta;
      tp.price[w] = price;
      tp.inRange[w] = pool.inRangeFraction;
      tp.rebalances[w] = pool.rebalances;
      const ver = pool.version;
      tp.version[w] = ver;
      const runs = tp.positions;
      if (runs[runs.length - 1].version !== ver)
        runs.push({ version: ver, positions: pool.positions.slice() });
      if (tapFull) {
        // In ATTRIBUTION_COLUMNS order.
        const c = tp.components;
        const b = w * TAP_COMPONENTS;
        c[b] = attr.fees;
        c[b + 1] = attr.rebalancing;
        c[b + 2] = attr.lvr;
        c[b + 3] = attr.inventory;
        c[b + 4] = attr.hedge;
        c[b + 5] = attr.funding;
        c[b + 6] = attr.premium;
        c[b + 7] = attr.costs;
        c[b + 8] = attr.rounding;
      }
    }
    S[1 /* PREV_PRICE */] = price;
    S[2 /* PREV_VALUE */] = value;
    if (onProgress !== undefined && i % progressEvery === 0) onProgress(i);
  }
  c.next = end;
  return end - from;
}

/**
 * Step 5 of bar i (time t): settles the intents due at S[PRICE], in decision order, books the value change as
 * rounding and fixes the hodl benchmark at the first fill. Reads the bar's value from S[VALUE] and leaves the value
 * after settlement there and the hodl value in S[HODL_VALUE].
 */
function settleDue(c: EngineCore, i: number, t: number): void {
  const { S, attr, queue, pool, solo, extra, ledger, events, venues } = c;
  const nExtra = extra.length;
  const price = S[0 /* PRICE */];
  const costsBefore = attr.costs;
  const valueBefore = S[8 /* VALUE */];
  const due = queue.popDue(t);
  for (let q = 0; q < due.length; q++) {
    const it = due[q];
    // The pool first, then the extra venues in order (each says whether the intent was its own).
    const byPool = pool.settle(it, i, price, ledger, attr);
    let done = byPool;
    if (solo !== undefined) {
      if (!done) done = solo.settle(it, i, price, ledger, attr);
    } else for (let v = 0; v < nExtra && !done; v++) done = extra[v].settle(it, i, price, ledger, attr);
    if (byPool)
      events.push({
        time: t,
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
        value: it.venue ?? it.kind,
        expected: `a registered venue (${venues.map((x) => x.id).join(", ")}) accepting kind "${it.kind}"`,
      });
  }
  let value = ledger.cashQuote + ledger.cashBase * price;
  value += pool.value(price);
  if (solo !== undefined) value += solo.value(price);
  else for (let v = 0; v < nExtra; v++) value += extra[v].value(price);
  attr.rounding += value - valueBefore + (attr.costs - costsBefore);
  if (Number.isNaN(S[10 /* HODL_BASE */])) {
    const h = pool.holdings();
    S[10 /* HODL_BASE */] = ledger.cashBase + h.base;
    let hodlQuote = ledger.cashQuote + h.quote;
    // Cash moved into hedge venues (margin, collateral) counts as quote held.
    let venueAtEntry = 0;
    for (let v = 1; v < venues.length; v++) venueAtEntry += venues[v].value(price);
    c.venueAtEntry = venueAtEntry;
    hodlQuote += venueAtEntry;
    S[11 /* HODL_QUOTE */] = hodlQuote;
    S[12 /* ENTRY_PRICE */] = price;
    S[13 /* FEES_AT_ENTRY */] = attr.fees;
    S[14 /* COSTS_AT_ENTRY */] = attr.costs;
  }
  S[8 /* VALUE */] = value;
  S[9 /* HODL_VALUE */] = S[10 /* HODL_BASE */] * price + S[11 /* HODL_QUOTE */];
  if (pool.positions.length > 0) {
    const p = pool.positions[pool.positions.length - 1];
    c.lastTickLower = p.tickLower;
    c.lastTickUpper = p.tickUpper;
    c.lastLiquidity = p.liquidity;
  }
}

/** Step 6's series row of bar i (values of the bar in S; `settled`: intents filled this bar). */
function recordRow(c: EngineCore, o: SeriesBuffers, i: number, settled: boolean): void {
  const { S, attr, pool, runStart } = c;
  const price = S[0 /* PRICE */];
  const value = S[8 /* VALUE */];
  const hodlValue = S[9 /* HODL_VALUE */];
  o.price[i] = price;
  o.value[i] = value;
  o.hodlValue[i] = hodlValue;
  const feesAtEntry = S[13 /* FEES_AT_ENTRY */];
  const costsAtEntry = S[14 /* COSTS_AT_ENTRY */];
  o.il[i] = lpIl(value, hodlValue, attr, feesAtEntry, costsAtEntry, c.venueAtEntry);
  if (settled) o.positionIl[i] = pool.positionIl(price);
  else {
    const h = pool.stepHodlValue;
    o.positionIl[i] = h > 0 ? pool.stepLpValue / h - 1 : 0;
  }
  o.inRange[i] = pool.inRangeFraction;
  if (pool.version !== c.bandVersion) {
    fillRun(o.rangeLowerPrice, S[15 /* BAND_LOWER */], c.bandStart, i);
    fillRun(o.rangeUpperPrice, S[16 /* BAND_UPPER */], c.bandStart, i);
    c.bandStart = i;
    c.bandVersion = pool.version;
    const np = pool.positions.length;
    if (np > 0) {
      const p = pool.positions[np - 1];
      const a = c.priceAtTick(p.tickLower);
      const b = c.priceAtTick(p.tickUpper);
      S[15 /* BAND_LOWER */] = a < b ? a : b;
      S[16 /* BAND_UPPER */] = a < b ? b : a;
    } else {
      S[15 /* BAND_LOWER */] = Number.NaN;
      S[16 /* BAND_UPPER */] = Number.NaN;
    }
  }
  o.feesBaseAmount[i] = pool.feesBaseAmount;
  o.feesQuoteAmount[i] = pool.feesQuoteAmount;
  o.fees[i] = attr.fees;
  o.rebalancing[i] = attr.rebalancing;
  o.lvr[i] = attr.lvr;
  o.inventory[i] = attr.inventory;
  // Columns that change on few bars (settlements, hedge venues) are written as runs when they change.
  // With a hedge venue the hedge PnL changes on every bar the hedge is open, and an option or lending venue's
  // premium (time value, interest) on every bar too: both are written per bar, not as runs.
  // The comparisons stay here and `recordRun` is called only on a change: a call per column and bar would pass a
  // double to a function V8 may not inline (a heap number each).
  const venues = c.extra.length > 0;
  if (venues) o.hedge[i] = attr.hedge;
  else if (attr.hedge !== S[17 /* RUN_HEDGE */])
    recordRun(o.hedge, S, runStart, 17 /* RUN_HEDGE */, attr.hedge, i);
  if (attr.funding !== S[18 /* RUN_FUNDING */])
    recordRun(o.funding, S, runStart, 18 /* RUN_FUNDING */, attr.funding, i);
  if (venues) o.premium[i] = attr.premium;
  else if (attr.premium !== S[19 /* RUN_PREMIUM */])
    recordRun(o.premium, S, runStart, 19 /* RUN_PREMIUM */, attr.premium, i);
  if (attr.costs !== S[20 /* RUN_COSTS */])
    recordRun(o.costs, S, runStart, 20 /* RUN_COSTS */, attr.costs, i);
  if (attr.rounding !== S[21 /* RUN_ROUNDING */])
    recordRun(o.rounding, S, runStart, 21 /* RUN_ROUNDING */, attr.rounding, i);
}

/**
 * Returns a steppable engine over one pool market: `step()` consumes the next bar, `snapshot()` / `restore()` save
 * and load the whole state as plain data, `totals()` and `series()` report the bars consumed so far.
 *
 * Fixed order per bar i (README "Loop order"): 1. venues update from data (price P_i from closeTick, LP positions
 * marked, idle base marked); 2. accruals (fees, funding, interest); 3. metrics (value, delta, hodl) into the
 * context; 4. the strategy decides (`init` at bar 0, `onBar` after), intents pass the gate and are queued by time
 * (decision time + latency); 5. intents due at bar i (due time ≤ time_i) settle at P_i, in decision order; 6. the
 * bar's row is recorded. Nothing reads a row after bar i. Pure: no clock, files or randomness; allocates only when
 * a strategy returns intents (and when a growing market outgrows the recorded series).
 */
export function createEngine(params: CreateEngineParameters): Engine {
  requireObject(params, "options");
  requireObject(params.market, "options.market");
  requireObject(params.strategy, "options.strategy");
  const { strategy } = params;
  const market: Market = "append" in params.market ? params.market : createMarket(params.market);
  if (!(Number.isFinite(params.deposit) && params.deposit >= 0))
    throw new InvalidInputError({
      field: "deposit",
      value: params.deposit,
      expected: "a finite number >= 0",
    });
  const latencyMs = params.latencyMs ?? 0;
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0))
    throw new InvalidInputError({ field: "latencyMs", value: latencyMs, expected: "a number of ms >= 0" });
  const meta = market.meta;
  const pool = (params.poolModel ?? createPoolVenueModel)({
    series: market,
    costs: params.costs,
    inRangeMode: params.inRangeMode,
  });
  const extra = params.venues ?? [];
  const extraIds = extra.map((v) => v.id);
  const extraDelta = new Float64Array(extra.length);
  // Every venue model (perp, lending, options) is a class instance with fast properties and one hidden class per
  // kind, so the extra venues are called directly, whatever their kind, without looking at prototypes (the single
  // venue of the common case: `EngineCore.solo`).
  const solo: VenueModel | undefined = extra.length === 1 ? extra[0] : undefined;
  const clock = new EngineClock();
  for (const v of extra) v.attach?.(clock);
  const gate = params.gate;
  const record = params.record ?? true;
  // Doubles from the start (NaN, then the deposit): see createAttribution.
  const ledger: Ledger = { cashQuote: Number.NaN, cashBase: Number.NaN };
  ledger.cashQuote = params.deposit;
  ledger.cashBase = params.depositBase ?? 0;
  const attr = createAttribution();
  const events: EngineEvent[] = params.events ?? [];

  // Tick ↔ price through src/math/units.ts (the keeper uses the same helpers).
  const ticks = poolTickHelpers(meta);
  const priceAtTick = ticks.priceAtTick;

  const S = new Float64Array(SLOT.SLOTS).fill(Number.NaN);
  for (const k of [
    SLOT.PEAK,
    SLOT.MAX_DD,
    SLOT.SUM_R,
    SLOT.SUM_R2,
    SLOT.IN_RANGE_SUM,
    SLOT.FEES_AT_ENTRY,
    SLOT.COSTS_AT_ENTRY,
  ])
    S[k] = 0;
  S[17 /* RUN_HEDGE */] = attr.hedge;
  S[18 /* RUN_FUNDING */] = attr.funding;
  S[19 /* RUN_PREMIUM */] = attr.premium;
  S[20 /* RUN_COSTS */] = attr.costs;
  S[21 /* RUN_ROUNDING */] = attr.rounding;

  const ctx: StrategyContext = {
    bar: 0,
    time: Number.NaN,
    tick: 0,
    price: Number.NaN,
    poolLiquidity: Number.NaN,
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
      return ticks.tickAtPrice(p);
    },
    priceAtTick,
    ticksForPriceRange(pA: number, pB: number): [number, number] {
      for (const [f, v] of [
        ["priceA", pA],
        ["priceB", pB],
      ] as const)
        if (!(v > 0 && Number.isFinite(v)))
          throw new InvalidInputError({ field: f, value: v, expected: "a finite number > 0" });
      return ticks.ticksForPriceRange(pA, pB);
    },
    fullRangeTicks: ticks.fullRangeTicks,
    venueDelta(venueId: string): number {
      // Deltas of the extra venues as computed in step 3 of this bar (strategies run before settlement).
      if (solo !== undefined) {
        if (solo.id === venueId) return extraDelta[0];
      } else for (let v = 0; v < extraIds.length; v++) if (extraIds[v] === venueId) return extraDelta[v];
      return venueId === "pool" ? pool.delta(ctx.price) : 0;
    },
  };

  const core = new EngineCore(
    market,
    pool,
    extra,
    extraDelta,
    clock,
    strategy,
    gate,
    latencyMs,
    ledger,
    attr,
    events,
    S,
    ctx,
    priceAtTick,
    record,
    params.tap,
    params.progressEvery ?? 65_536,
    params.onProgress,
    params.returnStats ?? true,
  );
  const { queue, runStart } = core;

  function advanceUntil(time: number): number {
    const t = market.time;
    const n = market.length;
    if (!(core.next < n && t[core.next] <= time)) return 0;
    // The first row after `time` (times ascend).
    return advanceBars(core, gallopSearch(t, time, core.next, n, true) - core.next);
  }

  function tap(): EngineTap | undefined {
    return core.tapOut;
  }

  function clearTap(): void {
    const next = core.next;
    core.tapFrom = next;
    const tapOut = core.tapOut;
    if (tapOut !== undefined) {
      tapOut.from = next;
      // Only the positions in force now can be read from the new window's first row on.
      const runs = tapOut.positions;
      if (runs.length > 1) runs.splice(0, runs.length - 1);
      if (runs[0].version !== pool.version)
        runs[0] = { version: pool.version, positions: pool.positions.slice() };
      tapOut.beforeInRange = next > 0 ? pool.inRangeFraction : 0;
      tapOut.beforeRebalances = pool.rebalances;
    }
  }

  /** Returns the recorded series over bars [0, next), the run-length columns written out up to `next`. */
  function series(): EngineSeries | undefined {
    const out = core.out;
    if (out === undefined) return undefined;
    const n = core.next;
    fillRun(out.rangeLowerPrice, S[15 /* BAND_LOWER */], core.bandStart, n);
    fillRun(out.rangeUpperPrice, S[16 /* BAND_UPPER */], core.bandStart, n);
    // hedge and premium are written per bar with hedge venues (see recordRow)
    if (extra.length === 0) fillRun(out.hedge, S[17 /* RUN_HEDGE */], runStart[0], n);
    for (let r = 1; r < RUN_START_NAMES.length; r++)
      if (!(RUN_COLUMNS[r] === "premium" && extra.length > 0))
        fillRun(out[RUN_COLUMNS[r]], S[SLOT.RUN_HEDGE + r], runStart[r], n);
    const view = (a: Float64Array): Float64Array => (a.length === n ? a : a.subarray(0, n));
    const s = { time: view(market.time) } as EngineSeries;
    for (const k of SERIES_COLUMNS) s[k] = view(out[k]);
    return s;
  }

  function totals(): EngineTotals {
    const n = core.next;
    const time = market.time;
    const value = S[8 /* VALUE */];
    const hodlValue = S[9 /* HODL_VALUE */];
    const initialValue = n > 0 ? S[22 /* INITIAL_VALUE */] : ledger.cashQuote;
    const bars = n - 1;
    const meanR = bars > 0 ? S[5 /* SUM_R */] / bars : 0;
    const varR = bars > 1 ? Math.max(0, (S[6 /* SUM_R2 */] - bars * meanR * meanR) / (bars - 1)) : 0;
    const sdR = Math.sqrt(varR);
    const barMs = n > 1 ? (time[n - 1] - time[0]) / (n - 1) : 60_000;
    const barsPerYear = MS_PER_YEAR / (barMs > 0 ? barMs : 60_000);
    const il = lpIl(
      value,
      hodlValue,
      attr,
      S[13 /* FEES_AT_ENTRY */],
      S[14 /* COSTS_AT_ENTRY */],
      core.venueAtEntry,
    );
    return {
      rows: n,
      initialValue,
      finalValue: value,
      hodlValue,
      pnl: value - initialValue,
      return: initialValue > 0 ? value / initialValue - 1 : 0,
      impermanentLoss: il,
      annualizedVol: core.returnStats ? sdR * Math.sqrt(barsPerYear) : Number.NaN,
      sharpe: !core.returnStats ? Number.NaN : sdR > 0 ? (meanR / sdR) * Math.sqrt(barsPerYear) : 0,
      maxDrawdown: core.returnStats ? S[4 /* MAX_DD */] : Number.NaN,
      timeInRange: S[7 /* IN_RANGE_SUM */] / n,
      rebalances: pool.rebalances,
      feesBaseAmount: pool.feesBaseAmount,
      feesQuoteAmount: pool.feesQuoteAmount,
      attribution: { ...attr },
      attributedPnl: sumAttribution(attr),
      liquidity: core.lastLiquidity,
      tickLower: core.lastTickLower,
      tickUpper: core.lastTickUpper,
      droppedIntents: core.dropped + queue.size,
      hodlBase: S[10 /* HODL_BASE */],
      entryPrice: S[12 /* ENTRY_PRICE */],
    };
  }

  function partState(part: { state?(): unknown; stateless?: boolean }, field: string): unknown {
    if (part.state !== undefined) return part.state();
    if (part.stateless === true) return null;
    throw new InvalidInputError({
      field,
      value: (part as { name?: string; id?: string }).name ?? (part as { id?: string }).id ?? "(unnamed)",
      expected: "a part with state() (or marked stateless) to be snapshotted",
    });
  }

  function snapshot(): EngineSnapshot {
    const v: Record<string, unknown> = {};
    for (const x of extra) v[x.id] = partState(x, `venues.${x.id}`);
    const a: Record<string, unknown> = {};
    for (const k of ATTR_KEYS) a[k] = encodeNumber(attr[k]);
    return {
      version: 1,
      bar: core.next,
      events: events.length,
      ledger: { cashQuote: encodeNumber(ledger.cashQuote), cashBase: encodeNumber(ledger.cashBase) },
      attribution: a,
      running: encodeNumbers(S),
      counters: {
        dropped: core.dropped,
        lastTickLower: core.lastTickLower,
        lastTickUpper: core.lastTickUpper,
        lastLiquidity: core.lastLiquidity.toString(),
        bandVersion: core.bandVersion,
        bandStart: core.bandStart,
        startHedge: runStart[0],
        venueAtEntry: core.venueAtEntry,
        startFunding: runStart[1],
        startPremium: runStart[2],
        startCosts: runStart[3],
        startRounding: runStart[4],
      },
      pending: queue.state(),
      pool: pool.state(),
      venues: v,
      strategy: partState(strategy, "strategy"),
      gate: gate === undefined ? null : partState(gate, "gate"),
    };
  }

  function restore(raw: unknown, options?: { rewind?: boolean }): void {
    const s = asRecord(raw, "snapshot");
    if (s.version !== 1)
      throw new InvalidInputError({ field: "snapshot.version", value: s.version, expected: "1" });
    if (core.next !== 0 && options?.rewind !== true)
      throw new InvalidInputError({
        field: "engine.bar",
        value: core.next,
        expected: "a fresh engine (bar 0)",
      });
    const bar = Number(s.bar);
    if (!(Number.isInteger(bar) && bar >= 0 && bar <= market.length))
      throw new InvalidInputError({
        field: "snapshot.bar",
        value: s.bar,
        expected: `an integer in [0, ${market.length}] (the market's rows)`,
      });
    const l = asRecord(s.ledger, "snapshot.ledger");
    ledger.cashQuote = decodeNumber(l.cashQuote, "snapshot.ledger.cashQuote");
    ledger.cashBase = decodeNumber(l.cashBase, "snapshot.ledger.cashBase");
    const a = asRecord(s.attribution, "snapshot.attribution");
    // inventoryFees was added after snapshots were first written: an older snapshot restores it as 0.
    for (const k of ATTR_KEYS)
      attr[k] =
        k === "inventoryFees" && a[k] === undefined ? 0 : decodeNumber(a[k], `snapshot.attribution.${k}`);
    decodeNumbersInto(s.running, S, "snapshot.running");
    const c = asRecord(s.counters, "snapshot.counters");
    core.dropped = Number(c.dropped);
    core.lastTickLower = c.lastTickLower === null ? null : Number(c.lastTickLower);
    core.lastTickUpper = c.lastTickUpper === null ? null : Number(c.lastTickUpper);
    core.lastLiquidity = BigInt(String(c.lastLiquidity));
    core.bandVersion = Number(c.bandVersion);
    core.bandStart = Number(c.bandStart);
    // Absent in snapshots written before it existed (their runs had it folded into the IL's denominator).
    core.venueAtEntry = c.venueAtEntry === undefined ? 0 : Number(c.venueAtEntry);
    for (let r = 0; r < RUN_START_NAMES.length; r++) runStart[r] = Number(c[RUN_START_NAMES[r]]);
    queue.restore(s.pending);
    pool.restore(s.pool);
    const v = asRecord(s.venues, "snapshot.venues");
    for (const x of extra) if (x.restore !== undefined) x.restore(v[x.id]);
    if (strategy.restore !== undefined) strategy.restore(s.strategy);
    if (gate?.restore !== undefined) gate.restore(s.gate);
    core.next = bar;
    clearTap();
    growSeries(core, bar);
  }

  return new EngineImpl(
    (maxBars?: number) => advanceBars(core, maxBars),
    advanceUntil,
    tap,
    clearTap,
    () => core.next,
    () => S[0 /* PRICE */],
    () =>
      core.next > 0
        ? S[8 /* VALUE */]
        : ledger.cashQuote + (ledger.cashBase === 0 ? 0 : ledger.cashBase * marketPriceAt(market, 0)),
    market,
    pool,
    ledger,
    events,
    attr,
    snapshot,
    restore,
    totals,
    series,
  );
}

/**
 * The engine object: a class, so its getters live on one prototype and the object stays in V8's fast mode (an
 * object literal with getters becomes a dictionary, where every `engine.bar` in a vault's per-bar loop is a slow
 * lookup). The state lives in `createEngine`'s closures.
 */
class EngineImpl implements Engine {
  constructor(
    readonly advance: (maxBars?: number) => number,
    readonly advanceUntil: (time: number) => number,
    readonly tap: () => EngineTap | undefined,
    readonly clearTap: () => void,
    private readonly barFn: () => number,
    private readonly priceFn: () => number,
    private readonly valueFn: () => number,
    readonly market: Market,
    readonly pool: PoolVenueModel,
    readonly ledger: Ledger,
    readonly events: EngineEvent[],
    readonly attribution: Readonly<AttributionAccumulator>,
    readonly snapshot: () => EngineSnapshot,
    readonly restore: (snapshot: unknown, options?: { rewind?: boolean }) => void,
    readonly totals: () => EngineTotals,
    readonly series: () => EngineSeries | undefined,
  ) {}

  step(): boolean {
    return this.advance(1) === 1;
  }

  get bar(): number {
    return this.barFn();
  }

  get price(): number {
    return this.priceFn();
  }

  get value(): number {
    return this.valueFn();
  }
}
