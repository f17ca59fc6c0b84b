import { requireArray, requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { EngineClock } from "./clock.js";
import { ATTRIBUTION_COLUMNS } from "./columns.js";
import type { Engine, EngineSnapshot, EngineTap } from "./engine.js";
import { sumAttribution, TAP_COMPONENTS } from "./engine.js";
import { LatencyQueue } from "./latencyQueue.js";
import { marketPriceAt } from "./market.js";
import { asRecord, decodeNumber, decodeNumbersInto, encodeNumber, encodeNumbers } from "./snapshotCodec.js";
import {
  type AttributionAccumulator,
  createAttribution,
  type EngineEvent,
  type IntentGate,
  type Ledger,
  type PoolVenue,
  type Strategy,
  type StrategyContext,
  type VenueModel,
} from "./types.js";

/** A price read by time (e.g. a perp's own mark series): the value in force at `time`. */
export type PriceSource = (time: number) => number;

/** One pool of a vault: its steppable engine (range strategy, no hedge venues) and the assets of its tokens. */
export type VaultPool = {
  /** Name in reports ("polygon-weth-usdc"). */
  id: string;
  engine: Engine;
  /** Asset identities of the pool's base and quote tokens (WETH on any chain = "ETH"; stablecoins = numeraire). */
  baseAsset: string;
  quoteAsset: string;
};

/** One hedge venue of a vault: the model, the asset it trades, and optionally its own instrument price. */
export type VaultVenue = {
  model: VenueModel;
  asset: string;
  /** The venue's own mark price by time; omitted: the asset's price from the vault's pools (no basis). */
  price?: PriceSource;
};

export type CreateVaultParameters = {
  /** The numeraire asset ("USD"): every value is reported in it. */
  numeraire: string;
  /** The pools; the first one's bars are the vault's clock (the others step through their bars up to its time). */
  pools: VaultPool[];
  venues?: VaultVenue[];
  /** Hedge policy (a `deltaHedge`) deciding on the vault's net delta of `hedgeAsset`. */
  policy?: Strategy;
  hedgeAsset?: string;
  /**
   * Risk gate of the policy's intents (e.g. a `costGovernorGate`). With a gate, the policy's context carries the
   * pools' cumulative fees and LVR in the numeraire as of the bar (`ctx.attribution.fees` / `.lvr`) and
   * `ctx.pool.value()` is the pools' value in the numeraire (what a governor weighs); the pool engines must then
   * be built with `tap: true` (their components per row). The gate's state is in the vault's snapshot.
   */
  gate?: IntentGate;
  /** Numeraire cash held by the vault outside the pools (hedge margin, collateral, premium budgets). */
  cash?: number;
  /** Latency of hedge intents without their own `latencyMs` (ms, default 0). */
  latencyMs?: number;
  events?: EngineEvent[];
  /** Record the per-bar vault series (default true). */
  record?: boolean;
};

/** Attribution of one pool in the numeraire: the pool's components valued bar by bar, plus its quote's revaluation. */
export type VaultPoolAttribution = {
  fees: number;
  rebalancing: number;
  lvr: number;
  inventory: number;
  hedge: number;
  funding: number;
  premium: number;
  costs: number;
  rounding: number;
  /** Σ value_{t−1} (pool quote units) · Δ(quote price in numeraire): e.g. the WETH-valued oSQTH position in USD. */
  quoteRevaluation: number;
  /** Σ of the components: fees + rebalancing − lvr + inventory + hedge + funding + premium − costs + rounding + quoteRevaluation. */
  total: number;
};

/** Attribution of one hedge venue in the numeraire. */
export type VaultVenueAttribution = AttributionAccumulator & {
  /** Of `hedge`: Σ position_{t−1} · (ΔP_venue − ΔP_asset), the PnL of the venue's basis to the pools' price. */
  basis: number;
  total: number;
};

export type VaultTotals = {
  rows: number;
  numeraire: string;
  initialValue: number;
  finalValue: number;
  pnl: number;
  return: number;
  /** Σ of every pool's and venue's attribution total (= pnl up to float rounding). */
  attributedPnl: number;
  pools: {
    id: string;
    baseAsset: string;
    quoteAsset: string;
    /** Value at the end (numeraire) and in the pool's quote units. */
    value: number;
    valueQuote: number;
    attribution: VaultPoolAttribution;
  }[];
  venues: { id: string; asset: string; value: number; delta: number; attribution: VaultVenueAttribution }[];
  /** Net delta per asset at the end (units of the asset, long positive), hedges included. */
  netDelta: Record<string, number>;
  /** Net delta per asset of the pools and idle cash only (what the hedge offsets). */
  poolDelta: Record<string, number>;
  /** Numeraire price of each asset at the end. */
  prices: Record<string, number>;
  droppedIntents: number;
};

/** The vault's recorded columns (capacity ≥ bars consumed). */
type VaultRecord = {
  value: Float64Array;
  price: Float64Array;
  poolDelta: Float64Array;
  netDelta: Float64Array;
};

/** Per-bar vault series (length = bars consumed). */
export type VaultSeries = {
  time: Float64Array;
  value: Float64Array;
  /** Price of the hedge asset in the numeraire. */
  price: Float64Array;
  /** Net delta of the hedge asset: pools + cash, and with hedges. */
  poolDelta: Float64Array;
  netDelta: Float64Array;
};

export type VaultSnapshot = {
  version: 1;
  bar: number;
  pools: EngineSnapshot[];
  running: unknown[];
  poolAttribution: unknown[];
  venueAttribution: unknown[];
  ledger: { cashQuote: unknown };
  pending: unknown;
  venues: unknown[];
  policy: unknown;
  /** The gate's state (null without a gate or for a stateless one). */
  gate: unknown;
  dropped: number;
};

export type Vault = {
  /** Consumes the next bar of the vault's clock (the first pool's market); false when there is none yet. */
  step(): boolean;
  /** Steps to the end of the available data; returns the bars consumed. */
  advance(maxBars?: number): number;
  readonly bar: number;
  readonly events: EngineEvent[];
  totals(): VaultTotals;
  series(): VaultSeries | undefined;
  snapshot(): VaultSnapshot;
  restore(snapshot: unknown): void;
};

const ATTR_KEYS = Object.keys(createAttribution()) as (keyof AttributionAccumulator)[];
const poolAttributionTotal = (a: VaultPoolAttribution): number =>
  a.fees +
  a.rebalancing -
  a.lvr +
  a.inventory +
  a.hedge +
  a.funding +
  a.premium -
  a.costs +
  a.rounding +
  a.quoteRevaluation;

/** The pool components a vault converts into the numeraire (the engine's tap components). */
const POOL_KEYS = ATTRIBUTION_COLUMNS;
const NK = TAP_COMPONENTS;
/** Vault bars per block: the pools advance a block at a time, so their tap windows stay this small. */
const BLOCK = 256;

/** Slot of the quote revaluation in a pool's row of the vault's pool attribution (after the POOL_KEYS slots). */
const QREV = NK;
/** Slots per pool in the vault's pool attribution: POOL_KEYS, then the quote revaluation. */
const NA = NK + 1;

// Block passes: the vault's per-bar work that does not depend on its hedges (the pools' rows, asset prices, pool
// values, the hedge asset's pool delta, pool attribution in the numeraire) runs one tight loop per quantity over a
// block of bars, with the columns in locals (module functions: no closure-context loads per bar). Each value is
// computed by the same arithmetic, in the same order, as a per-bar loop would, so results are bit-identical.

/**
 * Reads a pool's tapped rows as of each vault bar of a block: for block bar j (vault time `time[b0 + j]`) the pool's
 * latest row with time ≤ that time, never a later one (`rowOut[j]`: its tap index, −1 if no new row, the previous
 * numbers carried, starting from `prevValue[k]`, `prevBase[k]`, `prevPrice[k]`), value / base / price into `v` /
 * `b` / `p`, the cursor after the bar into `curOut`. Returns the cursor after the block.
 *
 * The carried numbers start from Float64Array loads, not double parameters: a loop phi whose entry value is a
 * parameter is tagged in V8's optimised code, and every bar's new value was boxed (~47 bytes a bar, measured).
 */
function pullRows(
  time: Float64Array,
  b0: number,
  len: number,
  poolTime: Float64Array,
  cursor: number,
  last: number,
  tap: EngineTap,
  prevValue: Float64Array,
  prevBase: Float64Array,
  prevPrice: Float64Array,
  k: number,
  v: Float64Array,
  b: Float64Array,
  p: Float64Array,
  rowOut: Int32Array,
  curOut: Int32Array,
): number {
  const tv = tap.value;
  const tb = tap.base;
  const tpr = tap.price;
  const from = tap.from;
  let c = cursor;
  let cv = prevValue[k];
  let cb = prevBase[k];
  let cp = prevPrice[k];
  for (let j = 0; j < len; j++) {
    const t = time[b0 + j];
    if (c < last && poolTime[c] <= t) {
      while (c + 1 < last && poolTime[c + 1] <= t) c++;
      const w = c - from;
      cv = tv[w];
      cb = tb[w];
      cp = tpr[w];
      c++;
      rowOut[j] = w;
    } else rowOut[j] = -1;
    v[j] = cv;
    b[j] = cb;
    p[j] = cp;
    curOut[j] = c;
  }
  return c;
}

/** The clock pool's rows in a block: row b0 + j at tap index j, cursor b0 + j + 1 after block bar j. */
function identityRows(rowOut: Int32Array, curOut: Int32Array, b0: number, len: number): void {
  for (let j = 0; j < len; j++) {
    rowOut[j] = j;
    curOut[j] = b0 + j + 1;
  }
}

/** out[j] = a[j] · m[j] for j < len. */
function mulInto(out: Float64Array, a: Float64Array, m: Float64Array, len: number): void {
  for (let j = 0; j < len; j++) out[j] = a[j] * m[j];
}

/**
 * out[j] = cash + Σ_k values[k][j] for from ≤ j < len (summed in pool order: the same sums as one per bar, pool by
 * pool).
 */
function cashPlusValues(
  out: Float64Array,
  values: Float64Array[],
  cash: number,
  from: number,
  len: number,
): void {
  out.fill(cash, from, len);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    for (let j = from; j < len; j++) out[j] += v[j];
  }
}

/** acc[j] += base[j] for j < len (an asset's delta: the base a pool holds). */
function addInto(acc: Float64Array, base: Float64Array, len: number): void {
  for (let j = 0; j < len; j++) acc[j] += base[j];
}

/** acc[j] += value[j] − base[j] · price[j] for j < len (an asset's delta: a pool's quote side). */
function addQuoteSide(
  acc: Float64Array,
  value: Float64Array,
  base: Float64Array,
  price: Float64Array,
  len: number,
): void {
  for (let j = 0; j < len; j++) acc[j] += value[j] - base[j] * price[j];
}

// convertBlock below names the nine components one by one.
if (NK !== 9)
  throw new Error(`vault: convertBlock handles 9 attribution components, the column table has ${NK}`);

/**
 * Adds the increments of a pool's cumulative components over a block to `acc[ao..ao+NK)`, each valued at its bar's
 * `conv` numeraire per quote unit: for block bar j with a new row (`rows[j]` ≥ 0), component q adds
 * (c_q(row) − last_q) · conv[j] when it changed (`last[lo..lo+NK)` is updated). Row by row with the nine running
 * sums in locals (ATTRIBUTION_COLUMNS order): independent add chains, one pass over the rows; each sum still adds
 * its terms in bar order.
 */
function convertBlock(
  components: Float64Array,
  rows: Int32Array,
  conv: Float64Array,
  len: number,
  acc: Float64Array,
  ao: number,
  last: Float64Array,
  lo: number,
): void {
  let a0 = acc[ao];
  let a1 = acc[ao + 1];
  let a2 = acc[ao + 2];
  let a3 = acc[ao + 3];
  let a4 = acc[ao + 4];
  let a5 = acc[ao + 5];
  let a6 = acc[ao + 6];
  let a7 = acc[ao + 7];
  let a8 = acc[ao + 8];
  let l0 = last[lo];
  let l1 = last[lo + 1];
  let l2 = last[lo + 2];
  let l3 = last[lo + 3];
  let l4 = last[lo + 4];
  let l5 = last[lo + 5];
  let l6 = last[lo + 6];
  let l7 = last[lo + 7];
  let l8 = last[lo + 8];
  for (let j = 0; j < len; j++) {
    const r = rows[j];
    if (r < 0) continue;
    const x = r * NK;
    const c = conv[j];
    let d = components[x] - l0;
    if (d !== 0) a0 += d * c;
    d = components[x + 1] - l1;
    if (d !== 0) a1 += d * c;
    d = components[x + 2] - l2;
    if (d !== 0) a2 += d * c;
    d = components[x + 3] - l3;
    if (d !== 0) a3 += d * c;
    d = components[x + 4] - l4;
    if (d !== 0) a4 += d * c;
    d = components[x + 5] - l5;
    if (d !== 0) a5 += d * c;
    d = components[x + 6] - l6;
    if (d !== 0) a6 += d * c;
    d = components[x + 7] - l7;
    if (d !== 0) a7 += d * c;
    d = components[x + 8] - l8;
    if (d !== 0) a8 += d * c;
    l0 = components[x];
    l1 = components[x + 1];
    l2 = components[x + 2];
    l3 = components[x + 3];
    l4 = components[x + 4];
    l5 = components[x + 5];
    l6 = components[x + 6];
    l7 = components[x + 7];
    l8 = components[x + 8];
  }
  acc[ao] = a0;
  acc[ao + 1] = a1;
  acc[ao + 2] = a2;
  acc[ao + 3] = a3;
  acc[ao + 4] = a4;
  acc[ao + 5] = a5;
  acc[ao + 6] = a6;
  acc[ao + 7] = a7;
  acc[ao + 8] = a8;
  last[lo] = l0;
  last[lo + 1] = l1;
  last[lo + 2] = l2;
  last[lo + 3] = l3;
  last[lo + 4] = l4;
  last[lo + 5] = l5;
  last[lo + 6] = l6;
  last[lo + 7] = l7;
  last[lo + 8] = l8;
}

/**
 * Adds a pool's cumulative fees and LVR in the numeraire as of each block bar to `fees[j]` / `lvr[j]` (what a cost
 * governor reads per bar). Quoted in another asset (`conv` given): from the converted sums before the block
 * (`acc[ao]`, `acc[ao + 2]`) and the last components (`last[lo]`, `last[lo + 2]`), each new row adds its increments
 * at its bar's `conv`, the same sums as `convertBlock` (which runs after this and updates `acc` and `last`). Quoted
 * in the numeraire (`conv` undefined): the row's own cumulative numbers, the last ones carried in and written back
 * to `last`.
 */
function feesLvrBlock(
  components: Float64Array,
  rows: Int32Array,
  conv: Float64Array | undefined,
  len: number,
  acc: Float64Array,
  ao: number,
  last: Float64Array,
  lo: number,
  fees: Float64Array,
  lvr: Float64Array,
): void {
  let l0 = last[lo];
  let l2 = last[lo + 2];
  if (conv === undefined) {
    for (let j = 0; j < len; j++) {
      const r = rows[j];
      if (r >= 0) {
        l0 = components[r * NK];
        l2 = components[r * NK + 2];
      }
      fees[j] += l0;
      lvr[j] += l2;
    }
    last[lo] = l0;
    last[lo + 2] = l2;
    return;
  }
  let a0 = acc[ao];
  let a2 = acc[ao + 2];
  for (let j = 0; j < len; j++) {
    const r = rows[j];
    if (r >= 0) {
      const x = r * NK;
      const c = conv[j];
      let d = components[x] - l0;
      if (d !== 0) a0 += d * c;
      d = components[x + 2] - l2;
      if (d !== 0) a2 += d * c;
      l0 = components[x];
      l2 = components[x + 2];
    }
    fees[j] += a0;
    lvr[j] += a2;
  }
}

/**
 * Adds Σ_j valuePrev_j · (conv[j] − conv_{j−1}) over a block (the revaluation of a pool's value in its quote asset)
 * to `acc[ao]`, with valuePrev / conv before the block at `valuePrev[k]` / `convPrev[k]`. The running numbers start
 * from Float64Array loads (see `pullRows`: parameters as loop-phi entries are boxed per iteration).
 */
function quoteRevaluation(
  acc: Float64Array,
  ao: number,
  value: Float64Array,
  conv: Float64Array,
  len: number,
  valuePrev: Float64Array,
  convPrev: Float64Array,
  k: number,
): void {
  let a = acc[ao];
  let vp = valuePrev[k];
  let cp = convPrev[k];
  for (let j = 0; j < len; j++) {
    const c = conv[j];
    a += vp * (c - cp);
    vp = value[j];
    cp = c;
  }
  acc[ao] = a;
}

/**
 * Totals only and unhedged (no per-bar vault number is read), for a pool whose columns nothing else reads: `pullRows`,
 * `convertBlock` and `quoteRevaluation` in one pass over the block, with no block column written. Per block bar j
 * (vault time `time[b0 + j]`, `conv[j]` numeraire per quote unit): the pool's rows up to that time (the latest one
 * read), its components' increments valued at conv[j] into `acc[ao..ao+NK)` (the last components in
 * `last[lo..lo+NK)`), and valuePrev · Δconv into `acc[ao + QREV]`, each sum adding the same terms in the same order
 * as the three passes, so the numbers are bit-identical. The pool's value / base / price of its latest row go to
 * `pValue[k]` / `pBase[k]` / `pPrice[k]`, valuePrev / convPrev of the block's last bar to `valuePrev[k]` /
 * `convPrev[k]`. Returns the cursor after the block.
 */
function pullConvert(
  time: Float64Array,
  b0: number,
  len: number,
  poolTime: Float64Array,
  cursor: number,
  last: number,
  tap: EngineTap,
  conv: Float64Array,
  acc: Float64Array,
  ao: number,
  lastC: Float64Array,
  lo: number,
  pValue: Float64Array,
  pBase: Float64Array,
  pPrice: Float64Array,
  valuePrev: Float64Array,
  convPrev: Float64Array,
  k: number,
): number {
  const components = tap.components;
  const from = tap.from;
  let c = cursor;
  let w = -1;
  let a0 = acc[ao];
  let a1 = acc[ao + 1];
  let a2 = acc[ao + 2];
  let a3 = acc[ao + 3];
  let a4 = acc[ao + 4];
  let a5 = acc[ao + 5];
  let a6 = acc[ao + 6];
  let a7 = acc[ao + 7];
  let a8 = acc[ao + 8];
  let l0 = lastC[lo];
  let l1 = lastC[lo + 1];
  let l2 = lastC[lo + 2];
  let l3 = lastC[lo + 3];
  let l4 = lastC[lo + 4];
  let l5 = lastC[lo + 5];
  let l6 = lastC[lo + 6];
  let l7 = lastC[lo + 7];
  let l8 = lastC[lo + 8];
  let q = acc[ao + NK];
  // valuePrev, convPrev and the pool's value carried from bar to bar (from Float64Array loads: see `pullRows`).
  let vp = valuePrev[k];
  let cp = convPrev[k];
  let cv = pValue[k];
  const tv = tap.value;
  for (let j = 0; j < len; j++) {
    const t = time[b0 + j];
    const cj = conv[j];
    if (c < last && poolTime[c] <= t) {
      while (c + 1 < last && poolTime[c + 1] <= t) c++;
      w = c - from;
      cv = tv[w];
      const x = w * NK;
      let d = components[x] - l0;
      if (d !== 0) a0 += d * cj;
      d = components[x + 1] - l1;
      if (d !== 0) a1 += d * cj;
      d = components[x + 2] - l2;
      if (d !== 0) a2 += d * cj;
      d = components[x + 3] - l3;
      if (d !== 0) a3 += d * cj;
      d = components[x + 4] - l4;
      if (d !== 0) a4 += d * cj;
      d = components[x + 5] - l5;
      if (d !== 0) a5 += d * cj;
      d = components[x + 6] - l6;
      if (d !== 0) a6 += d * cj;
      d = components[x + 7] - l7;
      if (d !== 0) a7 += d * cj;
      d = components[x + 8] - l8;
      if (d !== 0) a8 += d * cj;
      l0 = components[x];
      l1 = components[x + 1];
      l2 = components[x + 2];
      l3 = components[x + 3];
      l4 = components[x + 4];
      l5 = components[x + 5];
      l6 = components[x + 6];
      l7 = components[x + 7];
      l8 = components[x + 8];
      c++;
    }
    q += vp * (cj - cp);
    vp = cv;
    cp = cj;
  }
  acc[ao] = a0;
  acc[ao + 1] = a1;
  acc[ao + 2] = a2;
  acc[ao + 3] = a3;
  acc[ao + 4] = a4;
  acc[ao + 5] = a5;
  acc[ao + 6] = a6;
  acc[ao + 7] = a7;
  acc[ao + 8] = a8;
  acc[ao + NK] = q;
  lastC[lo] = l0;
  lastC[lo + 1] = l1;
  lastC[lo + 2] = l2;
  lastC[lo + 3] = l3;
  lastC[lo + 4] = l4;
  lastC[lo + 5] = l5;
  lastC[lo + 6] = l6;
  lastC[lo + 7] = l7;
  lastC[lo + 8] = l8;
  valuePrev[k] = vp;
  convPrev[k] = cp;
  pValue[k] = cv;
  if (w >= 0) {
    pBase[k] = tap.base[w];
    pPrice[k] = tap.price[w];
  }
  return c;
}

/**
 * Returns a vault: several pools (each a steppable engine with its own range strategy and its own account of the
 * pool's two tokens, on its own chain) and hedge venues (with a numeraire cash account) in one ledger of assets.
 * Tokens map to assets (WETH on Polygon and on Ethereum are both "ETH"); delta is netted per asset: the vault's
 * delta in asset A is the quantity of A it holds (LP base / quote amounts, uncollected fees, idle cash, hedges),
 * i.e. ∂(value in numeraire)/∂(price of A in numeraire) with the other assets' prices held. A hedge policy sees
 * the net delta of `hedgeAsset` as its "LP delta" and trades the venues of that asset.
 *
 * Per vault bar (time t of the first pool's next row): 1. every pool steps through its rows with time ≤ t (a pool
 * whose data starts later keeps its deposit as cash in its quote token until then); 2. asset prices: a pool whose
 * quote is the numeraire prices its base; a pool quoted in another asset (WETH/oSQTH) prices its base through that
 * asset's price; 3. venues mark and accrue at their own price (their series, or the asset's price); 4. metrics and
 * the policy (intents queued by time); 5. due intents settle; 6. attribution and record. Attribution per pool is
 * the pool engine's components valued at each bar's quote price plus the revaluation of the pool's value in its
 * quote asset; per venue its own accumulator; they sum to the vault's PnL (float rounding only).
 */
export function createVault(params: CreateVaultParameters): Vault {
  requireObject(params, "options");
  requireArray(params.pools, "options.pools");
  const { numeraire, pools } = params;
  if (pools.length === 0)
    throw new InvalidInputError({ field: "pools", value: pools, expected: "at least one pool" });
  const venues = params.venues ?? [];
  const np = pools.length;
  const nv = venues.length;
  const events = params.events ?? [];
  const record = params.record ?? true;
  const latencyMs = params.latencyMs ?? 0;
  const policy = params.policy;
  const gate = params.gate;
  const hedgeAsset = params.hedgeAsset ?? (venues.length > 0 ? venues[0].asset : pools[0].baseAsset);

  // Pricing: the pool that prices each non-numeraire asset (its base), and the order to compute prices in.
  const assets: string[] = [numeraire];
  for (const p of pools) for (const a of [p.baseAsset, p.quoteAsset]) if (!assets.includes(a)) assets.push(a);
  for (const v of venues) if (!assets.includes(v.asset)) assets.push(v.asset);
  const assetIndex = new Map(assets.map((a, j) => [a, j]));
  const pricer: number[] = [];
  const known = new Set([numeraire]);
  for (let pass = 0; pass < pools.length; pass++)
    for (let k = 0; k < np; k++) {
      const p = pools[k];
      if (!known.has(p.baseAsset) && known.has(p.quoteAsset)) {
        known.add(p.baseAsset);
        pricer.push(k);
      }
    }
  for (const a of assets)
    if (!known.has(a))
      throw new InvalidInputError({
        field: "assets",
        value: a,
        expected: `an asset priced in ${numeraire} by some pool (base ${a}, quote ${numeraire} or a priced asset)`,
      });
  const baseIdx = pools.map((p) => assetIndex.get(p.baseAsset) as number);
  const numeraireQuoted = Uint8Array.from(pools, (p) => (p.quoteAsset === numeraire ? 1 : 0));
  const quoteIdx = pools.map((p) => assetIndex.get(p.quoteAsset) as number);
  const venueIdx = venues.map((v) => assetIndex.get(v.asset) as number);
  const hedgeIdx = assetIndex.get(hedgeAsset) ?? -1;
  if (hedgeIdx < 0)
    throw new InvalidInputError({
      field: "hedgeAsset",
      value: hedgeAsset,
      expected: `one of ${assets.join(", ")}`,
    });
  // The pool that prices the hedge asset gives the policy its tick and positions (EWMA returns, gamma).
  const hedgePricer = pricer.find((k) => pools[k].baseAsset === hedgeAsset) ?? 0;

  const clock = new EngineClock();
  for (const v of venues) v.model.attach?.(clock);
  // Per-run reads hoisted out of the records (see `advanceBlock`).
  const na = assets.length;
  const engines = pools.map((p) => p.engine);
  const models = venues.map((v) => v.model);
  const venueSource = venues.map((v) => v.price);
  const venueIds = venues.map((v) => v.model.id);
  // Every Float64Array of the vault's state is a view of one buffer, `f64` (and the Int32Arrays of `i32`): a typed
  // array with its own backing store is allocated off the heap and swept by the GC, ~1-3 µs each (measured), and a
  // vault is assembled per run (a sweep, a benchmark). The block's per-bar numbers (see the block passes above): per
  // pool its tapped value / base / price as of each vault bar, the tap row read (−1: none new), the cursor after the
  // bar and its value in the numeraire; per asset its numeraire price; the hedge asset's pool delta; cash + the pools'
  // values. Then the running state (see below).
  const f64 = new Float64Array(BLOCK * (4 * np + na + 5) + 3 * na + np * (6 + NK + NA) + 4 * nv + 4);
  const i32 = new Int32Array(BLOCK * 2 * np);
  let f64At = 0;
  let i32At = 0;
  const take = (n: number): Float64Array => f64.subarray(f64At, (f64At += n));
  const f64View = (): Float64Array => take(BLOCK);
  const i32View = (): Int32Array => i32.subarray(i32At, (i32At += BLOCK));
  const bValue = pools.map(f64View);
  const bBase = pools.map(f64View);
  const bPrice = pools.map(f64View);
  const bPoolValue = pools.map(f64View);
  const bAssetPrice = assets.map((_, j) => f64View().fill(j === 0 ? 1 : Number.NaN));
  const bHedgeDelta = f64View();
  const bTotal = f64View();
  // With a gate (and a policy whose intents it judges): the pools' cumulative fees and LVR and their value, in the
  // numeraire, per bar (see `gate`).
  const governed = gate !== undefined && policy !== undefined;
  const bFees = f64View();
  const bLvr = f64View();
  const bLpValue = f64View();
  // The cash `bTotal` was summed with, and the bars of the block it holds.
  const totalsCash = take(1);
  let blockLen = 0;
  const bRow = pools.map(i32View);
  const bCur = pools.map(i32View);
  // Per block, the columns the passes read for each pool: its block arrays above, or the clock pool's tap in place.
  const vCol: Float64Array[] = bValue.slice();
  const bCol: Float64Array[] = bBase.slice();
  const pCol: Float64Array[] = bPrice.slice();
  // The clock pool's tap rows and cursors are needed to convert its attribution, or for the policy's tick.
  const needRows0 = numeraireQuoted[0] === 0 || (hedgePricer === 0 && policy !== undefined) || governed;
  // The per-bar vault value and hedge-asset delta are read by the record, the venues and the policy only.
  const perBar = record || nv > 0 || policy !== undefined;
  // Per block, each asset's price column and each pool's value column: the arrays above, or (priced / quoted in
  // the numeraire, price 1) the pool's own column itself, as x · 1 = x exactly.
  const aCol: Float64Array[] = bAssetPrice.slice();
  const pvCol: Float64Array[] = bPoolValue.slice();
  // Without per-bar numbers only the quote prices of the pools whose attribution is converted are needed (and the
  // prices those are computed from).
  const pricerNeeded = new Uint8Array(pricer.length);
  {
    const need = new Uint8Array(na);
    for (let k = 0; k < np; k++) if (numeraireQuoted[k] === 0) need[quoteIdx[k]] = 1;
    for (let j = pricer.length - 1; j >= 0; j--)
      if (need[baseIdx[pricer[j]]] === 1) {
        pricerNeeded[j] = 1;
        need[quoteIdx[pricer[j]]] = 1;
      }
  }
  // Totals only and unhedged, the pools after the first whose columns no asset price is computed from run their
  // block in one pass (`pullConvert`; quoted in the numeraire: only their last row is read).
  const fused = new Uint8Array(np);
  if (!perBar && !governed) {
    for (let k = 1; k < np; k++) fused[k] = 1;
    for (let j = 0; j < pricer.length; j++) if (pricerNeeded[j] === 1) fused[pricer[j]] = 0;
  }
  const pricerBase = Int32Array.from(pricer, (k) => baseIdx[k]);
  const pricerQuote = Int32Array.from(pricer, (k) => quoteIdx[k]);
  const primary = pools[0].engine.market;
  const ledger: Ledger = { cashQuote: Number.NaN, cashBase: Number.NaN };
  ledger.cashQuote = params.cash ?? 0;
  ledger.cashBase = 0;
  const queue = new LatencyQueue();

  // Running state in Float64Arrays (see the engine's note on boxed doubles).
  const price = take(na).fill(Number.NaN);
  price[0] = 1;
  const delta = take(na);
  const poolDelta = take(na);
  const convPrev = take(np).fill(Number.NaN);
  const valuePrev = take(np).fill(Number.NaN);
  const lastAttr = take(np * NK);
  // Per pool: the POOL_KEYS components converted into the numeraire, then the quote revaluation (see QREV).
  const poolAttr = take(np * NA);
  // The pools' latest tapped numbers as of the vault's bar: value (quote units), base held, price; the next row.
  const pValue = take(np);
  const pBase = take(np);
  const pPrice = take(np);
  const cursor = take(np);
  for (let k = 0; k < np; k++) {
    const e = pools[k].engine;
    if (e.tap() === undefined)
      throw new InvalidInputError({
        field: `pools[${k}].engine`,
        value: pools[k].id,
        expected: "an engine built with tap: true",
      });
    pValue[k] = e.value;
    pBase[k] = e.ledger.cashBase;
    pPrice[k] = marketPriceAt(e.market, 0);
    if (governed && e.tap()?.components.length === 0)
      throw new InvalidInputError({
        field: `pools[${k}].engine`,
        value: pools[k].id,
        expected: "an engine built with tap: true (a gate reads the pools' fees and LVR per bar)",
      });
  }
  const venueAttr = venues.map(() => createAttribution());
  const venueBasis = take(nv);
  const venuePrice = take(nv).fill(Number.NaN);
  const venueAssetPrev = take(nv).fill(Number.NaN);
  const venueDelta = take(nv);
  // A venue's mark price at the bar being computed (scratch: see `hedgedBars`).
  const venueMark = take(1);
  // [0] vault value, [1] initial value
  const V = take(2).fill(Number.NaN);
  if (f64At !== f64.length) throw new Error(`vault: state buffer ${f64.length} doubles, ${f64At} taken`);
  let next = 0;
  let dropped = 0;

  let cap = record ? Math.max(primary.length, 1) : 0;
  // The four recorded columns are views of one buffer (one backing store, see `f64`).
  const newSeries = (c: number): VaultRecord => {
    const b = new Float64Array(4 * c);
    return {
      value: b.subarray(0, c),
      price: b.subarray(c, 2 * c),
      poolDelta: b.subarray(2 * c, 3 * c),
      netDelta: b.subarray(3 * c, 4 * c),
    };
  };
  let out = record ? newSeries(cap) : undefined;

  const pricingPool = pools[hedgePricer].engine;
  // The policy's view: a StrategyContext whose "pool delta" is the vault's net delta of the hedge asset (pools and
  // idle cash, hedges excluded) and whose price is that asset's numeraire price.
  const poolView = new VaultPoolView(pricingPool, poolDelta, hedgeIdx);
  // With a gate, the context's attribution: the pools' fees and LVR in the numeraire as of the bar (written per bar;
  // the other fields stay 0). Without one, the first venue's accumulator, as before.
  const poolsAttr = createAttribution();
  const ctx: StrategyContext = {
    bar: 0,
    time: Number.NaN,
    tick: 0,
    price: Number.NaN,
    poolLiquidity: Number.NaN,
    value: Number.NaN,
    hodlValue: Number.NaN,
    delta: Number.NaN,
    ledger: { cashQuote: 0, cashBase: 0 },
    pool: poolView,
    pendingIntents: 0,
    attribution: governed ? poolsAttr : (venueAttr[0] ?? createAttribution()),
    venueDelta(id: string): number {
      for (let v = 0; v < nv; v++) if (venueIds[v] === id) return venueDelta[v];
      return 0;
    },
    tickAtPrice: () => {
      throw new InvalidInputError({
        field: "vault policy",
        value: "tickAtPrice",
        expected: "a hedge policy",
      });
    },
    priceAtTick: () => Number.NaN,
    ticksForPriceRange: () => {
      throw new InvalidInputError({
        field: "vault policy",
        value: "ticksForPriceRange",
        expected: "a hedge policy",
      });
    },
    fullRangeTicks: () => {
      throw new InvalidInputError({
        field: "vault policy",
        value: "fullRangeTicks",
        expected: "a hedge policy",
      });
    },
  };

  /** Writes every asset's numeraire price from the pools' prices as of the vault's bar. */
  function writePrices(): void {
    for (let j = 0; j < pricer.length; j++) {
      const k = pricer[j];
      price[baseIdx[k]] = pPrice[k] * price[quoteIdx[k]];
    }
  }

  /**
   * Writes Σ pool values in the numeraire + vault cash into V[0], and the pools' delta per asset (into a slot, not
   * returned: a double returned from a call that is not inlined is boxed on the heap, once per bar).
   */
  function poolValues(): void {
    let total = ledger.cashQuote;
    for (let j = 0; j < na; j++) delta[j] = 0;
    for (let k = 0; k < np; k++) {
      const v = pValue[k];
      const base = pBase[k];
      delta[baseIdx[k]] += base;
      delta[quoteIdx[k]] += v - base * pPrice[k];
      total += v * price[quoteIdx[k]];
    }
    for (let j = 0; j < na; j++) poolDelta[j] = delta[j];
    V[0] = total;
  }

  /** Adds the venues' values at their prices to V[0] and writes their deltas (per venue and per asset). */
  function addVenues(): void {
    let sum = V[0];
    for (let v = 0; v < nv; v++) {
      const m = models[v];
      const p = venuePrice[v];
      sum += m.value(p);
      const d = m.delta(p);
      venueDelta[v] = d;
      delta[venueIdx[v]] += d;
    }
    V[0] = sum;
  }

  /** Settles the intents due at time `t` (bar `i`) at their venue's price, booking the rounding per venue. */
  function settleDue(t: number, i: number): void {
    const due = queue.popDue(t);
    for (let q = 0; q < due.length; q++) {
      const it = due[q];
      let done = false;
      for (let v = 0; v < nv && !done; v++) {
        const m = models[v];
        const a = venueAttr[v];
        const before = m.value(venuePrice[v]) + ledger.cashQuote;
        const costs = a.costs;
        done = m.settle(it, i, venuePrice[v], ledger, a);
        if (done) {
          const after = m.value(venuePrice[v]) + ledger.cashQuote;
          a.rounding += after - before + (a.costs - costs);
        }
      }
      if (!done)
        throw new InvalidInputError({
          field: "intent.venue",
          value: it.venue ?? it.kind,
          expected: `a vault venue (${models.map((x) => x.id).join(", ")})`,
        });
    }
  }

  /**
   * Runs the policy at bar `i` (its time, tick and hedge-asset price already in `ctx`, vault value V[0]) and queues
   * its intents by time (decision time + latency).
   */
  function decide(p: Strategy, i: number): void {
    const value = V[0];
    const t = ctx.time;
    ctx.bar = i;
    ctx.value = value;
    ctx.hodlValue = value;
    ctx.delta = delta[hedgeIdx];
    ctx.pendingIntents = queue.waiting;
    const intents = i === 0 ? p.init(ctx) : p.onBar(ctx);
    if (intents !== undefined) dropped += queue.pushGated(intents, t, latencyMs, gate, ctx);
  }

  function advance(maxBars?: number): number {
    const n = primary.length;
    const from = next;
    const end = maxBars === undefined || from + maxBars > n ? n : from + maxBars;
    if (end <= from) return 0;
    if (out !== undefined && end > cap) {
      let c = cap;
      while (c < end) c *= 2;
      const o = newSeries(c);
      o.value.set(out.value);
      o.price.set(out.price);
      o.poolDelta.set(out.poolDelta);
      o.netDelta.set(out.netDelta);
      out = o;
      cap = c;
    }
    if (from === 0) {
      writePrices();
      poolValues();
      V[1] = V[0];
      for (let v = 0; v < nv; v++) V[1] += models[v].value(price[venueIdx[v]]);
      for (let k = 0; k < np; k++) {
        convPrev[k] = price[quoteIdx[k]];
        valuePrev[k] = pValue[k];
      }
    }
    for (let b0 = from; b0 < end; ) {
      const b1 = end - b0 > BLOCK ? b0 + BLOCK : end;
      advanceBlock(b0, b1);
      b0 = b1;
    }
    next = end;
    return end - from;
  }

  /**
   * Vault bars [b0, b1): 1. every pool advances through its rows up to the block's last time in one loop (pools do
   * not depend on the vault's hedges; each tap window restarted: the vault has read every row before); 2. the block
   * passes (the pools' rows as of each vault bar, never a row after it; asset prices; pool values in the numeraire;
   * the hedge asset's pool delta; pool attribution); 3. per bar, only what depends on the hedges: venues, the
   * policy, settlement, the record. Then the running state is written as of the block's last bar.
   */
  function advanceBlock(b0: number, b1: number): void {
    const time = primary.time;
    const len = b1 - b0;
    const tEnd = time[b1 - 1];
    for (let k = 0; k < np; k++) {
      const e = engines[k];
      e.clearTap();
      e.advanceUntil(tEnd);
      const tp = e.tap() as EngineTap;
      if (k === 0 && cursor[0] === b0 && tp.from === b0 && e.bar === b1) {
        // The clock's own pool: its rows are the vault's bars (row b0 + j at tap index j), so its tap columns are
        // read in place, with no copy.
        vCol[0] = tp.value;
        bCol[0] = tp.base;
        pCol[0] = tp.price;
        if (needRows0) identityRows(bRow[0], bCur[0], b0, len);
        cursor[0] = b1;
      } else if (fused[k] === 0) {
        vCol[k] = bValue[k];
        bCol[k] = bBase[k];
        pCol[k] = bPrice[k];
        cursor[k] = pullRows(
          time,
          b0,
          len,
          e.market.time,
          cursor[k],
          e.bar,
          tp,
          pValue,
          pBase,
          pPrice,
          k,
          bValue[k],
          bBase[k],
          bPrice[k],
          bRow[k],
          bCur[k],
        );
      }
    }
    for (let j = 0; j < pricerBase.length; j++) {
      if (!perBar && pricerNeeded[j] === 0) continue;
      const base = pricerBase[j];
      const p = pCol[pricer[j]];
      if (pricerQuote[j] === 0) aCol[base] = p;
      else {
        mulInto(bAssetPrice[base], p, aCol[pricerQuote[j]], len);
        aCol[base] = bAssetPrice[base];
      }
    }
    // The hedge asset's pool delta, summed over the pools in order as `poolValues` does.
    if (perBar) bHedgeDelta.fill(0, 0, len);
    if (governed) {
      bFees.fill(0, 0, len);
      bLvr.fill(0, 0, len);
      bLpValue.fill(0, 0, len);
    }
    for (let k = 0; k < np; k++) {
      const conv = aCol[quoteIdx[k]];
      if (fused[k] === 1) {
        const e = engines[k];
        const tp = e.tap() as EngineTap;
        if (numeraireQuoted[k] === 0)
          cursor[k] = pullConvert(
            time,
            b0,
            len,
            e.market.time,
            cursor[k],
            e.bar,
            tp,
            conv,
            poolAttr,
            k * NA,
            lastAttr,
            k * NK,
            pValue,
            pBase,
            pPrice,
            valuePrev,
            convPrev,
            k,
          );
        else {
          // Quoted in the numeraire (conversion 1): its rows up to the block's end are all consumed (the engine
          // advanced to that time), and only the last one is read.
          if (e.bar > cursor[k]) {
            const w = e.bar - 1 - tp.from;
            pValue[k] = tp.value[w];
            pBase[k] = tp.base[w];
            pPrice[k] = tp.price[w];
            cursor[k] = e.bar;
          }
          valuePrev[k] = pValue[k];
          convPrev[k] = conv[len - 1];
        }
        continue;
      }
      const value = vCol[k];
      // The per-bar value and delta only where something reads them (a record, venues, a policy).
      if (perBar) {
        if (numeraireQuoted[k] === 1) pvCol[k] = value;
        else {
          mulInto(bPoolValue[k], value, conv, len);
          pvCol[k] = bPoolValue[k];
        }
        if (baseIdx[k] === hedgeIdx) addInto(bHedgeDelta, bCol[k], len);
        if (quoteIdx[k] === hedgeIdx) addQuoteSide(bHedgeDelta, value, bCol[k], pCol[k], len);
      }
      if (governed) {
        addInto(bLpValue, pvCol[k], len);
        feesLvrBlock(
          (engines[k].tap() as EngineTap).components,
          bRow[k],
          numeraireQuoted[k] === 1 ? undefined : conv,
          len,
          poolAttr,
          k * NA,
          lastAttr,
          k * NK,
          bFees,
          bLvr,
        );
      }
      // A pool quoted in the numeraire needs no conversion: its attribution is copied at the end (totals).
      if (numeraireQuoted[k] === 0) {
        convertBlock(
          (engines[k].tap() as EngineTap).components,
          bRow[k],
          conv,
          len,
          poolAttr,
          k * NA,
          lastAttr,
          k * NK,
        );
        quoteRevaluation(poolAttr, k * NA + QREV, value, conv, len, valuePrev, convPrev, k);
      }
      valuePrev[k] = value[len - 1];
      convPrev[k] = conv[len - 1];
      pValue[k] = value[len - 1];
      pBase[k] = bCol[k][len - 1];
      pPrice[k] = pCol[k][len - 1];
    }
    const o = out;
    // Totals only and unhedged (`perBar` false), no per-bar vault number is read: the running state below is the last
    // bar's.
    if (o !== undefined && nv === 0 && policy === undefined) {
      // Recorded, unhedged: the vault's value is its cash plus the pools' values.
      cashPlusValues(bTotal, pvCol, ledger.cashQuote, 0, len);
      o.value.set(bTotal.subarray(0, len), b0);
      o.price.set(aCol[hedgeIdx].subarray(0, len), b0);
      o.poolDelta.set(bHedgeDelta.subarray(0, len), b0);
      o.netDelta.set(bHedgeDelta.subarray(0, len), b0);
    } else if (perBar) hedgedBars(b0, len, time, o);
    // The running state as of the block's last bar (what `totals` and `snapshot` read): the same numbers its last
    // per-bar computation gave (pure functions of the same state).
    writePrices();
    poolValues();
    if (nv > 0) addVenues();
  }

  /** Per bar of a block: what depends on the hedges (venues marked at their prices, the policy, settlement, record). */
  function hedgedBars(b0: number, len: number, time: Float64Array, o: VaultRecord | undefined): void {
    const curPricer = bCur[hedgePricer];
    // Re-read per block: an appended market may replace its columns.
    const pricingTicks = pricingPool.market.closeTick;
    const pricingTap = pricingPool.tap() as EngineTap;
    // Cash + the pools' values per bar, with the cash at the block's start (refilled from the bar a settlement
    // changes the cash on: see `barValue`).
    totalsCash[0] = ledger.cashQuote;
    blockLen = len;
    cashPlusValues(bTotal, pvCol, totalsCash[0], 0, len);
    const hedgePrice = aCol[hedgeIdx];
    // The one-venue case (a perp) without loops over the venues: its model, price column and source in locals.
    const m0 = nv === 1 ? models[0] : undefined;
    const src0 = venueSource[0];
    const pa0 = nv === 1 ? aCol[venueIdx[0]] : hedgePrice;
    const attr0 = venueAttr[0];
    for (let j = 0; j < len; j++) {
      const i = b0 + j;
      const t = time[i];
      // 3. venues mark and accrue at their own price
      if (nv > 0) {
        clock.prevTime = i > 0 ? time[i - 1] : Number.NaN;
        clock.time = t;
        clock.bar = i;
        if (m0 !== undefined) {
          const pa = pa0[j];
          // The venue's price through the slot, not `src0 ? src0(t) : pa`: a phi of a call's result and a double
          // is tagged, and the double was boxed on every bar. Without its own price the venue is marked at the
          // asset's, and its basis term δ · ((pa − prev) − (pa − prev)) is δ · 0: adding it changes no sum (for a
          // finite δ), so it is skipped.
          if (src0 !== undefined) {
            venueMark[0] = src0(t);
            const pv = venueMark[0];
            const prev = venuePrice[0];
            if (!Number.isNaN(prev)) venueBasis[0] += m0.delta(prev) * (pv - prev - (pa - venueAssetPrev[0]));
          } else venueMark[0] = pa;
          const pv = venueMark[0];
          venuePrice[0] = pv;
          venueAssetPrev[0] = pa;
          m0.mark(i, pv, attr0);
          m0.accrue(i, pv, attr0);
        } else
          for (let v = 0; v < nv; v++) {
            const m = models[v];
            const src = venueSource[v];
            const pa = aCol[venueIdx[v]][j];
            if (src !== undefined) venueMark[0] = src(t);
            else venueMark[0] = pa;
            const pv = venueMark[0];
            const prev = venuePrice[v];
            if (!Number.isNaN(prev)) {
              const pos = m.delta(prev);
              venueBasis[v] += pos * (pv - prev - (pa - venueAssetPrev[v]));
            }
            venuePrice[v] = pv;
            venueAssetPrev[v] = pa;
            m.mark(i, pv, venueAttr[v]);
            m.accrue(i, pv, venueAttr[v]);
          }
      }
      // 4. metrics and the policy
      const hd = bHedgeDelta[j];
      // barValue reads the pool delta from its slot (a double argument to a call V8 does not inline is boxed).
      poolDelta[hedgeIdx] = hd;
      barValue(j);
      if (policy !== undefined) {
        const c = curPricer[j];
        // The pricing pool's close tick and positions at its last row up to t (its first row before it has one).
        poolView.setRow(pricingTap, c - 1);
        // The bar's time, tick and price go to the policy's context here, not as arguments (boxed, see above).
        ctx.time = t;
        ctx.tick = pricingTicks[c > 0 ? c - 1 : 0];
        ctx.price = hedgePrice[j];
        if (governed) {
          poolsAttr.fees = bFees[j];
          poolsAttr.lvr = bLvr[j];
          poolView.lpValue = bLpValue[j];
        }
        decide(policy, i);
      }
      // 5. due intents settle at their venue's price
      if (queue.headTime <= t) {
        settleDue(t, i);
        barValue(j);
      }
      // 6. record
      if (o !== undefined) {
        o.value[i] = V[0];
        o.price[i] = hedgePrice[j];
        o.poolDelta[i] = hd;
        o.netDelta[i] = delta[hedgeIdx];
      }
    }
  }

  /**
   * The vault's value at block bar j into V[0] (cash + pools in the numeraire + venues at their prices) and the
   * hedge asset's net delta into delta[hedgeIdx] (its pool delta poolDelta[hedgeIdx] + the venues' deltas), summed
   * in the order of `poolValues` and `addVenues`.
   */
  function barValue(j: number): void {
    const hd = poolDelta[hedgeIdx];
    const cash = ledger.cashQuote;
    // Object.is: a change of the sign of a zero cash changes a sum too.
    if (!Object.is(cash, totalsCash[0])) {
      totalsCash[0] = cash;
      cashPlusValues(bTotal, pvCol, cash, j, blockLen);
    }
    let total = bTotal[j];
    let nd = hd;
    if (nv === 1) {
      const m = models[0];
      const p = venuePrice[0];
      total += m.value(p);
      const d = m.delta(p);
      venueDelta[0] = d;
      if (venueIdx[0] === hedgeIdx) nd += d;
    } else
      for (let v = 0; v < nv; v++) {
        const m = models[v];
        const p = venuePrice[v];
        total += m.value(p);
        const d = m.delta(p);
        venueDelta[v] = d;
        if (venueIdx[v] === hedgeIdx) nd += d;
      }
    V[0] = total;
    delta[hedgeIdx] = nd;
  }

  /** Pool k's converted attribution as an object (`total` 0: the caller sums it). */
  function poolAttrOf(k: number): VaultPoolAttribution {
    const o = k * NA;
    return {
      fees: poolAttr[o],
      rebalancing: poolAttr[o + 1],
      lvr: poolAttr[o + 2],
      inventory: poolAttr[o + 3],
      hedge: poolAttr[o + 4],
      funding: poolAttr[o + 5],
      premium: poolAttr[o + 6],
      costs: poolAttr[o + 7],
      rounding: poolAttr[o + 8],
      quoteRevaluation: poolAttr[o + QREV],
      total: 0,
    };
  }

  function totals(): VaultTotals {
    const byAsset = (a: Float64Array): Record<string, number> => {
      const r: Record<string, number> = {};
      for (let j = 1; j < assets.length; j++) r[assets[j]] = a[j];
      return r;
    };
    const poolRows = pools.map((p, k) => {
      const a = poolAttrOf(k);
      if (numeraireQuoted[k]) {
        const e = pools[k].engine.attribution;
        for (const key of POOL_KEYS) a[key] = e[key];
      }
      a.total = poolAttributionTotal(a);
      const valueQuote = pValue[k];
      return {
        id: p.id,
        baseAsset: p.baseAsset,
        quoteAsset: p.quoteAsset,
        value: valueQuote * price[quoteIdx[k]],
        valueQuote,
        attribution: a,
      };
    });
    const venueRows = venues.map((v, j) => {
      const a = { ...venueAttr[j], basis: venueBasis[j], total: 0 };
      a.total = sumAttribution(a);
      return {
        id: v.model.id,
        asset: v.asset,
        value: v.model.value(venuePrice[j]),
        delta: venueDelta[j],
        attribution: a,
      };
    });
    const attributed =
      poolRows.reduce((s, r) => s + r.attribution.total, 0) +
      venueRows.reduce((s, r) => s + r.attribution.total, 0);
    const initial = V[1];
    const final = next > 0 ? V[0] : initial;
    return {
      rows: next,
      numeraire,
      initialValue: initial,
      finalValue: final,
      pnl: final - initial,
      return: initial > 0 ? final / initial - 1 : 0,
      attributedPnl: attributed,
      pools: poolRows,
      venues: venueRows,
      netDelta: byAsset(delta),
      poolDelta: byAsset(poolDelta),
      prices: byAsset(price),
      droppedIntents: dropped + queue.size,
    };
  }

  function series(): VaultSeries | undefined {
    if (out === undefined) return undefined;
    const n = next;
    return {
      time: primary.time.subarray(0, n),
      value: out.value.subarray(0, n),
      price: out.price.subarray(0, n),
      poolDelta: out.poolDelta.subarray(0, n),
      netDelta: out.netDelta.subarray(0, n),
    };
  }

  const running = (): Float64Array[] => [
    pValue,
    pBase,
    pPrice,
    cursor,
    price,
    delta,
    poolDelta,
    convPrev,
    valuePrev,
    lastAttr,
    venueBasis,
    venuePrice,
    venueAssetPrev,
    venueDelta,
    V,
  ];

  function snapshot(): VaultSnapshot {
    const state = (part: { state?(): unknown; stateless?: boolean } | undefined, field: string): unknown => {
      if (part === undefined || part.stateless === true) return null;
      if (part.state === undefined)
        throw new InvalidInputError({ field, value: "(no state())", expected: "a part with state()" });
      return part.state();
    };
    return {
      version: 1,
      bar: next,
      pools: pools.map((p) => p.engine.snapshot()),
      running: running().map((a) => encodeNumbers(a)),
      poolAttribution: pools.map((_, k) =>
        Object.fromEntries(Object.entries(poolAttrOf(k)).map(([key, x]) => [key, encodeNumber(x)])),
      ),
      venueAttribution: venueAttr.map((a) =>
        Object.fromEntries(Object.entries(a).map(([k, x]) => [k, encodeNumber(x)])),
      ),
      ledger: { cashQuote: encodeNumber(ledger.cashQuote) },
      pending: queue.state(),
      venues: venues.map((v) => state(v.model, `venues.${v.model.id}`)),
      policy: state(policy, "policy"),
      gate: state(gate, "gate"),
      dropped,
    };
  }

  function restore(raw: unknown): void {
    const s = asRecord(raw, "snapshot");
    if (s.version !== 1)
      throw new InvalidInputError({ field: "snapshot.version", value: s.version, expected: "1" });
    if (next !== 0)
      throw new InvalidInputError({ field: "vault.bar", value: next, expected: "a fresh vault (bar 0)" });
    const ps = s.pools as unknown[];
    if (!Array.isArray(ps) || ps.length !== np)
      throw new InvalidInputError({ field: "snapshot.pools", value: ps, expected: `${np} pool snapshots` });
    for (let k = 0; k < np; k++) pools[k].engine.restore(ps[k]);
    const r = s.running as unknown[];
    running().forEach((a, j) => {
      decodeNumbersInto(r[j], a, `snapshot.running[${j}]`);
    });
    const pa = s.poolAttribution as unknown[];
    for (let k = 0; k < np; k++) {
      const src = asRecord(pa[k], `snapshot.poolAttribution[${k}]`);
      for (let j = 0; j < NA; j++) {
        const key = j < NK ? POOL_KEYS[j] : "quoteRevaluation";
        poolAttr[k * NA + j] = decodeNumber(src[key], `snapshot.poolAttribution[${k}].${key}`);
      }
    }
    const va = s.venueAttribution as unknown[];
    venueAttr.forEach((a, k) => {
      const src = asRecord(va[k], `snapshot.venueAttribution[${k}]`);
      for (const key of ATTR_KEYS) a[key] = decodeNumber(src[key], `snapshot.venueAttribution[${k}].${key}`);
    });
    ledger.cashQuote = decodeNumber(
      asRecord(s.ledger, "snapshot.ledger").cashQuote,
      "snapshot.ledger.cashQuote",
    );
    queue.restore(s.pending);
    const vs = s.venues as unknown[];
    venues.forEach((v, j) => {
      v.model.restore?.(vs[j]);
    });
    policy?.restore?.(s.policy);
    gate?.restore?.(s.gate);
    dropped = Number(s.dropped);
    next = Number(s.bar);
  }

  return new VaultHandle(advance, () => next, events, totals, series, snapshot, restore);
}

/**
 * The vault object `createVault` returns: a class whose `bar` getter is on its prototype (as the engine's
 * `EngineImpl`). Returned as an object literal with a getter (which V8 builds in the runtime, not from a fast
 * boilerplate), every vault and the closures it holds survived the young-generation GCs into the old generation
 * (measured in a loop of assemblies: 15.9 → 2.2 KB promoted per assembly, 3.4× the assemblies per second), and a
 * vault is built per run.
 */
class VaultHandle implements Vault {
  constructor(
    readonly advance: (maxBars?: number) => number,
    private readonly barOf: () => number,
    readonly events: EngineEvent[],
    readonly totals: () => VaultTotals,
    readonly series: () => VaultSeries | undefined,
    readonly snapshot: () => VaultSnapshot,
    readonly restore: (snapshot: unknown) => void,
  ) {}
  step(): boolean {
    return this.advance(1) === 1;
  }
  get bar(): number {
    return this.barOf();
  }
}

/**
 * The hedge policy's pool view of a vault (a class: one hidden class in V8's fast mode, where an object literal with
 * getters is a dictionary and every `ctx.pool.positions` a slow lookup per bar). `positions`, `inRangeFraction` and
 * `rebalances` are the pricing pool's as of its row in force at the policy's bar (`setRow`, from the engine's tap),
 * never a later row, though the pools advance a block at a time.
 */
class VaultPoolView implements PoolVenue {
  readonly id = "pool" as const;
  positions: PoolVenue["positions"] = [];
  inRangeFraction = 0;
  rebalances = 0;
  /** The pools' value in the numeraire at the policy's bar (written when the vault has a gate; else 0). */
  lpValue = 0;
  /** Position version of `positions` (the engine's `PoolVenueModel.version`). */
  private version = 0;
  constructor(
    private readonly engine: Engine,
    private readonly poolDelta: Float64Array,
    private readonly hedgeIdx: number,
  ) {}
  get meta(): PoolVenue["meta"] {
    return this.engine.pool.meta;
  }
  /**
   * Shows the pool as of its row `r` (−1: before its first row): a row of the tap window, or the row before it (the
   * last consumed when the window was started).
   */
  setRow(tp: EngineTap, r: number): void {
    if (r < 0) return;
    let ver: number;
    if (r < tp.from) {
      this.inRangeFraction = tp.beforeInRange;
      this.rebalances = tp.beforeRebalances;
      ver = tp.positions[0].version;
    } else {
      const w = r - tp.from;
      this.inRangeFraction = tp.inRange[w];
      this.rebalances = tp.rebalances[w];
      ver = tp.version[w];
    }
    if (ver !== this.version) {
      const runs = tp.positions;
      let k = runs.length - 1;
      while (k > 0 && runs[k].version !== ver) k--;
      this.positions = runs[k].positions;
      this.version = ver;
    }
  }
  delta(): number {
    return this.poolDelta[this.hedgeIdx];
  }
  value(): number {
    return this.lpValue;
  }
  mark(): void {}
  accrue(): void {}
  settle(): boolean {
    return false;
  }
}
