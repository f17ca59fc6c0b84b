import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { PoolSeries } from "../types/series.js";
import { asRecord, decodeNumber, encodeNumber, type SnapshotNumber } from "./snapshotCodec.js";
import type { AttributionAccumulator, Intent, Ledger, PoolPosition, PoolVenue } from "./types.js";
import {
  getAmountsForLiquidity,
  getLiquidityForAmounts,
  getSqrtRatioAtTick,
  MAX_TICK,
  MIN_TICK,
  swapExactInSingleRange,
} from "./v3Exact.js";

/** How the model decides whether a position was in range during a minute. */
export const InRangeMode = { close: "close", prorate: "prorate", path: "path" } as const;
export type InRangeMode = (typeof InRangeMode)[keyof typeof InRangeMode];

/** Costs of acting on the pool, in quote units, plus the price-impact switch. */
export type PoolCosts = {
  /** Gas per mint transaction (quote units). */
  gasQuotePerMint: number;
  /** Gas per burn-and-collect transaction (quote units). */
  gasQuotePerBurn: number;
  /** Gas per stand-alone swap transaction (quote units); swaps inside a mint/re-mint are assumed zapped into it. */
  gasQuotePerSwap: number;
  /** Model the v3 price impact of our own swaps from the pool's active liquidity (default true). */
  priceImpact: boolean;
};

export const DEFAULT_POOL_COSTS: PoolCosts = {
  gasQuotePerMint: 0,
  gasQuotePerBurn: 0,
  gasQuotePerSwap: 0,
  priceImpact: true,
};

export type CreatePoolVenueModelParameters = {
  series: PoolSeries;
  costs?: Partial<PoolCosts>;
  inRangeMode?: InRangeMode;
};

/** The pool model with the engine-facing extras the loop needs (not part of the port). */
export type PoolVenueModel = PoolVenue & {
  /** Cumulative fees earned in each token (human units). */
  readonly feesBaseAmount: number;
  readonly feesQuoteAmount: number;
  /** Σ current LP value / Σ entry-amount hodl value − 1 over open positions (0 with none). */
  positionIl(price: number): number;
  /** Σ base and quote held in open positions plus uncollected fees (human units). */
  holdings(): { base: number; quote: number };
  /**
   * Returns the price (quote per base) at row `bar` from its closeTick and caches √p for `mark` (one `exp` per
   * changed tick). The engine calls it first each bar.
   */
  priceAt(bar: number): number;
  /** Re-reads the market's columns (after an append that may have replaced them). */
  refresh(): void;
  /** The model's state as plain JSON data (liquidity as a decimal string). */
  state(): PoolVenueState;
  /** Restores a state from `state()` (after JSON round trip). */
  restore(state: unknown): void;
  /** Incremented whenever a position is minted or burnt (lets the engine cache range bands). */
  readonly version: number;
  /**
   * The engine's per-bar fast path: `mark` and `accrue` at row `bar` and `price` (from `priceAt(bar)`), then the
   * pool's value, delta and position-IL sums in the same pass over the positions, left in `stepValue`,
   * `stepDelta`, `stepLpValue` and `stepHodlValue`. Same arithmetic, in the same order, as the separate calls.
   */
  step(bar: number, price: number, attr: AttributionAccumulator): void;
  /** Σ (base + owed base)·P + quote + owed quote after the last `step` (before any settlement). */
  readonly stepValue: number;
  /** Σ base + owed base after the last `step`. */
  readonly stepDelta: number;
  /** Σ base·P + quote of the open positions after the last `step` (numerator of positionIl). */
  readonly stepLpValue: number;
  /** Σ entryBase·P + entryQuote of the open positions after the last `step` (denominator of positionIl). */
  readonly stepHodlValue: number;
};

/** The pool model's state in a snapshot: positions with exact liquidity as decimal strings, counters, fee totals. */
export type PoolVenueState = {
  positions: {
    id: number;
    tickLower: number;
    tickUpper: number;
    /** Exact liquidity, decimal string. */
    liquidity: string;
    /** The invariant k of a v2 / weighted position (`ammPoolVenueModel.ts`; float, no contract units). */
    invariant?: SnapshotNumber;
    openedBar: number;
    entryBase: SnapshotNumber;
    entryQuote: SnapshotNumber;
    base: SnapshotNumber;
    quote: SnapshotNumber;
    owedBase: SnapshotNumber;
    owedQuote: SnapshotNumber;
  }[];
  nextId: number;
  mints: number;
  rebalances: number;
  version: number;
  feesBaseAmount: SnapshotNumber;
  feesQuoteAmount: SnapshotNumber;
  inRangeFraction: SnapshotNumber;
  lastPrice: SnapshotNumber;
};

type MutablePosition = { -readonly [K in keyof PoolPosition]: PoolPosition[K] } & {
  sqrtLower: number;
  sqrtUpper: number;
  /** 1 / sqrtUpper (the same float `mark` divides by each bar). */
  invSqrtUpper: number;
};

const HALF_LN_1_0001 = Math.log(1.0001) / 2;

/**
 * Returns the Uniswap v3 pool venue model over a minute series (the model is documented in src/engine/README.md).
 *
 * Per minute (float path, raw token units, √p = 1.0001^(tick/2) from `closeTick`):
 * amount0 = L(1/√p_c − 1/√p_b), amount1 = L(√p_c − √p_a), √p_c = clamp(√p, √p_a, √p_b).
 * Fees of a position in range: inAmount_k × fee × L_pos / (L_pool + L_pos) × inRange, k = 0, 1.
 * At mint/burn/swap (exact path, BigInt, contract rounding): liquidity from `getLiquidityForAmounts`, amounts from
 * `getAmountsForLiquidity` (up at mint, down at burn), our swaps through `swapExactInSingleRange` against L_pool.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/UniswapV3Pool.sol
 */
/** Returns the raw liquidity of a mint intent's decimal string, checked to fit the contract's uint128. */
function parseLiquidity(text: string): bigint {
  const l = /^[0-9]{1,39}$/.test(text) ? BigInt(text) : -1n;
  if (!(l > 0n && l < 1n << 128n))
    throw new InvalidInputError({
      field: "intent.liquidity",
      value: text,
      expected: "a decimal integer in (0, 2^128)",
    });
  return l;
}

export function createPoolVenueModel(params: CreatePoolVenueModelParameters): PoolVenueModel {
  requireObject(params, "options");
  requireObject(params.series, "options.series");
  const { series } = params;
  const meta = series.meta;
  const costs: PoolCosts = { ...DEFAULT_POOL_COSTS, ...params.costs };
  for (const k of ["gasQuotePerMint", "gasQuotePerBurn", "gasQuotePerSwap"] as const)
    if (!(Number.isFinite(costs[k]) && costs[k] >= 0))
      throw new InvalidInputError({ field: `costs.${k}`, value: costs[k], expected: "a finite number >= 0" });
  const inRangeMode = params.inRangeMode ?? "prorate";
  const fee = meta.fee;
  const feePips = meta.feePips;
  const baseIs1 = meta.baseToken === 1;
  const scale0 = 10 ** meta.token0.decimals;
  const scale1 = 10 ** meta.token1.decimals;
  // raw price p = 1.0001^tick (token1 raw per token0 raw); price P (quote per base, human) = c/p or c·p.
  const priceScale = baseIs1
    ? 10 ** (meta.token1.decimals - meta.token0.decimals)
    : 10 ** (meta.token0.decimals - meta.token1.decimals);
  // Columns of the market, re-read by `refresh` (an appendable market may replace its arrays when it grows).
  let { closeTick, lowTick, highTick, inAmount0, inAmount1, liquidity: poolL } = series;
  const scaleBase = baseIs1 ? scale1 : scale0;
  const scaleQuote = baseIs1 ? scale0 : scale1;

  const positions: MutablePosition[] = [];
  let nextId = 1;
  let mints = 0;
  // Doubles rewritten every bar live in a Float64Array: a closure `let` holding a double is boxed on each store
  // (a heap number per bar) in V8 11 (Node 20). [0] last marked price, [1] √p and [2] P at `cachedTick`.
  const hot = new Float64Array([Number.NaN, 1, 1]);
  const closeMode = inRangeMode === "close";
  const pathMode = inRangeMode === "path";
  let cachedTick = Number.NaN;
  // √p and P per close tick, filled on first use (the same `exp` and arithmetic as without the table), so a tick the
  // price returns to costs a load instead of an `exp`. The table is a window of ticks [tickMin, tickMin + size)
  // around the ticks seen so far (never a future row), doubled and re-centred when a tick falls outside, up to
  // 2^22 entries; beyond that the `exp` is computed each time.
  let tickMin = 0;
  let tableSize = 0;
  let spTable = new Float64Array(0);
  let priceTable = new Float64Array(0);
  const TABLE_MAX = 1 << 22;
  const growTable = (tick: number): boolean => {
    if (tableSize === 0) {
      tableSize = 4096;
      tickMin = tick - 2048;
      spTable = new Float64Array(tableSize).fill(Number.NaN);
      priceTable = new Float64Array(tableSize);
      return true;
    }
    const lo = Math.min(tickMin, tick);
    const hi = Math.max(tickMin + tableSize - 1, tick);
    let size = tableSize;
    while (size < hi - lo + 1 + 1024 && size < TABLE_MAX) size *= 2;
    if (size < hi - lo + 1) return false;
    const newMin = lo - ((size - (hi - lo + 1)) >> 1);
    const sp = new Float64Array(size).fill(Number.NaN);
    const pr = new Float64Array(size);
    sp.set(spTable, tickMin - newMin);
    pr.set(priceTable, tickMin - newMin);
    spTable = sp;
    priceTable = pr;
    tickMin = newMin;
    tableSize = size;
    return true;
  };

  const model = {
    id: "pool" as const,
    meta,
    positions: positions as readonly PoolPosition[],
    inRangeFraction: 0,
    rebalances: 0,
    feesBaseAmount: 0,
    feesQuoteAmount: 0,
    version: 0,
    stepValue: 0,
    stepDelta: 0,
    stepLpValue: 0,
    stepHodlValue: 0,

    step(bar: number, price: number, attr: AttributionAccumulator): void {
      const dP = price - hot[0];
      hot[0] = price;
      const n = positions.length;
      if (n === 0) {
        model.inRangeFraction = 0;
        model.stepValue = 0;
        model.stepDelta = 0;
        model.stepLpValue = 0;
        model.stepHodlValue = 0;
        return;
      }
      const tick = closeTick[bar];
      const sp = tick === cachedTick ? hot[1] : Math.exp(HALF_LN_1_0001 * tick);
      // The span the minute's volume is spread over: its [low, high] ticks (prorate), or the path from the previous
      // minute's close tick to this one's (path; the first minute has no path and counts by its close tick).
      let lo = lowTick[bar];
      let hi = highTick[bar];
      if (pathMode) {
        const prev = bar > 0 ? closeTick[bar - 1] : tick;
        lo = prev < tick ? prev : tick;
        hi = prev < tick ? tick : prev;
      }
      const lPool = poolL[bar];
      const in0 = inAmount0[bar] * fee;
      const in1 = inAmount1[bar] * fee;
      const prorate = !(closeMode || hi === lo);
      let rebal = 0;
      let dV = 0;
      let inv = 0;
      let frac = 0;
      let feeValue = 0;
      let v = 0;
      let d = 0;
      let lpV = 0;
      let lpH = 0;
      for (let j = 0; j < n; j++) {
        const p = positions[j];
        // mark (as `mark`)
        const sc = sp < p.sqrtLower ? p.sqrtLower : sp > p.sqrtUpper ? p.sqrtUpper : sp;
        const lf = p.liquidityFloat;
        const a0 = (lf * (1 / sc - p.invSqrtUpper)) / scale0;
        const a1 = (lf * (sc - p.sqrtLower)) / scale1;
        const base = baseIs1 ? a1 : a0;
        const quote = baseIs1 ? a0 : a1;
        const oldBase = p.base;
        rebal += oldBase * dP;
        dV += base * price + quote - (oldBase * (price - dP) + p.quote);
        let owedBase = p.owedBase;
        let owedQuote = p.owedQuote;
        inv += owedBase * dP;
        p.base = base;
        p.quote = quote;
        // accrue (as `accrue`)
        let f: number;
        if (!prorate) f = tick >= p.tickLower && tick < p.tickUpper ? 1 : 0;
        else {
          const a = lo > p.tickLower ? lo : p.tickLower;
          const b = hi < p.tickUpper ? hi : p.tickUpper;
          f = b > a ? (b - a) / (hi - lo) : 0;
        }
        if (f > frac) frac = f;
        if (f !== 0) {
          const share = (lf / (lPool + lf)) * f;
          const f0 = (in0 * share) / scale0;
          const f1 = (in1 * share) / scale1;
          const fb = baseIs1 ? f1 : f0;
          const fq = baseIs1 ? f0 : f1;
          owedBase += fb;
          owedQuote += fq;
          p.owedBase = owedBase;
          p.owedQuote = owedQuote;
          model.feesBaseAmount += fb;
          model.feesQuoteAmount += fq;
          feeValue += fb * price + fq;
        }
        // value, delta, position IL (as `value`, `delta`, `positionIl`)
        v += (base + owedBase) * price + quote + owedQuote;
        d += base + owedBase;
        lpV += base * price + quote;
        lpH += p.entryBase * price + p.entryQuote;
      }
      attr.rebalancing += rebal;
      attr.lvr += rebal - dV;
      attr.inventory += inv;
      attr.inventoryFees += inv;
      model.inRangeFraction = frac;
      attr.fees += feeValue;
      model.stepValue = v;
      model.stepDelta = d;
      model.stepLpValue = lpV;
      model.stepHodlValue = lpH;
    },

    priceAt(bar: number): number {
      const tick = closeTick[bar];
      if (tick !== cachedTick) {
        cachedTick = tick;
        let idx = tick - tickMin;
        if (!(idx >= 0 && idx < tableSize) && growTable(tick)) idx = tick - tickMin;
        if (idx >= 0 && idx < tableSize) {
          let sp = spTable[idx];
          if (Number.isNaN(sp)) {
            sp = Math.exp(HALF_LN_1_0001 * tick);
            spTable[idx] = sp;
            priceTable[idx] = baseIs1 ? priceScale / (sp * sp) : priceScale * sp * sp;
          }
          hot[1] = sp;
          hot[2] = priceTable[idx];
        } else {
          const sp = Math.exp(HALF_LN_1_0001 * tick);
          hot[1] = sp;
          hot[2] = baseIs1 ? priceScale / (sp * sp) : priceScale * sp * sp;
        }
      }
      return hot[2];
    },

    refresh(): void {
      ({ closeTick, lowTick, highTick, inAmount0, inAmount1, liquidity: poolL } = series);
    },

    state(): PoolVenueState {
      return {
        positions: positions.map((p) => ({
          id: p.id,
          tickLower: p.tickLower,
          tickUpper: p.tickUpper,
          liquidity: p.liquidity.toString(),
          openedBar: p.openedBar,
          entryBase: encodeNumber(p.entryBase),
          entryQuote: encodeNumber(p.entryQuote),
          base: encodeNumber(p.base),
          quote: encodeNumber(p.quote),
          owedBase: encodeNumber(p.owedBase),
          owedQuote: encodeNumber(p.owedQuote),
        })),
        nextId,
        mints,
        rebalances: model.rebalances,
        version: model.version,
        feesBaseAmount: encodeNumber(model.feesBaseAmount),
        feesQuoteAmount: encodeNumber(model.feesQuoteAmount),
        inRangeFraction: encodeNumber(model.inRangeFraction),
        lastPrice: encodeNumber(hot[0]),
      };
    },

    restore(raw: unknown): void {
      const s = asRecord(raw, "snapshot.pool");
      if (!Array.isArray(s.positions))
        throw new InvalidInputError({
          field: "snapshot.pool.positions",
          value: s.positions,
          expected: "an array",
        });
      positions.length = 0;
      s.positions.forEach((v, j) => {
        const f = `snapshot.pool.positions[${j}]`;
        const r = asRecord(v, f);
        const liqText = r.liquidity;
        if (typeof liqText !== "string" || !/^\d+$/.test(liqText))
          throw new InvalidInputError({
            field: `${f}.liquidity`,
            value: liqText,
            expected: "a decimal string",
          });
        const liquidity = BigInt(liqText);
        const tickLower = Number(r.tickLower);
        const tickUpper = Number(r.tickUpper);
        const sqrtLower = Math.exp(HALF_LN_1_0001 * tickLower);
        const sqrtUpper = Math.exp(HALF_LN_1_0001 * tickUpper);
        positions.push({
          id: Number(r.id),
          tickLower,
          tickUpper,
          liquidity,
          liquidityFloat: Number(liquidity),
          openedBar: Number(r.openedBar),
          entryBase: decodeNumber(r.entryBase, `${f}.entryBase`),
          entryQuote: decodeNumber(r.entryQuote, `${f}.entryQuote`),
          base: decodeNumber(r.base, `${f}.base`),
          quote: decodeNumber(r.quote, `${f}.quote`),
          owedBase: decodeNumber(r.owedBase, `${f}.owedBase`),
          owedQuote: decodeNumber(r.owedQuote, `${f}.owedQuote`),
          sqrtLower,
          sqrtUpper,
          invSqrtUpper: 1 / sqrtUpper,
        });
      });
      nextId = Number(s.nextId);
      mints = Number(s.mints);
      model.rebalances = Number(s.rebalances);
      model.version = Number(s.version);
      model.feesBaseAmount = decodeNumber(s.feesBaseAmount, "snapshot.pool.feesBaseAmount");
      model.feesQuoteAmount = decodeNumber(s.feesQuoteAmount, "snapshot.pool.feesQuoteAmount");
      model.inRangeFraction = decodeNumber(s.inRangeFraction, "snapshot.pool.inRangeFraction");
      hot[0] = decodeNumber(s.lastPrice, "snapshot.pool.lastPrice");
      cachedTick = Number.NaN;
    },

    // The port's two steps run as one pass (`step`): `mark` marks and accrues, `accrue` has nothing left to do.
    mark(bar: number, price: number, attr: AttributionAccumulator): void {
      model.step(bar, price, attr);
    },

    accrue(): void {},

    value(price: number): number {
      let v = 0;
      for (let j = 0; j < positions.length; j++) {
        const p = positions[j];
        v += (p.base + p.owedBase) * price + p.quote + p.owedQuote;
      }
      return v;
    },

    delta(_price: number): number {
      let d = 0;
      for (let j = 0; j < positions.length; j++) d += positions[j].base + positions[j].owedBase;
      return d;
    },

    positionIl(price: number): number {
      let v = 0;
      let h = 0;
      for (let j = 0; j < positions.length; j++) {
        const p = positions[j];
        v += p.base * price + p.quote;
        h += p.entryBase * price + p.entryQuote;
      }
      return h > 0 ? v / h - 1 : 0;
    },

    holdings(): { base: number; quote: number } {
      let base = 0;
      let quote = 0;
      for (const p of positions) {
        base += p.base + p.owedBase;
        quote += p.quote + p.owedQuote;
      }
      return { base, quote };
    },

    settle(
      intent: Intent,
      bar: number,
      price: number,
      ledger: Ledger,
      attr: AttributionAccumulator,
    ): boolean {
      if (intent.venue !== undefined && intent.venue !== "pool") return false;
      switch (intent.kind) {
        case "mint":
          mint(
            intent.tickLower,
            intent.tickUpper,
            intent.value,
            bar,
            price,
            ledger,
            attr,
            intent.swap !== false && intent.liquidity === undefined,
            intent.liquidity,
          );
          return true;
        case "burn":
          burn(intent.positionId, bar, price, ledger, attr);
          return true;
        case "collect":
          collect(intent.positionId, ledger);
          return true;
        case "rebalance":
          burn(undefined, bar, price, ledger, attr);
          mint(intent.tickLower, intent.tickUpper, undefined, bar, price, ledger, attr);
          return true;
        case "swap": {
          const w = intent.baseFraction;
          if (!(w >= 0 && w <= 1))
            throw new InvalidInputError({
              field: "intent.baseFraction",
              value: w,
              expected: "a number in [0, 1]",
            });
          const cashValue = ledger.cashBase * price + ledger.cashQuote;
          const targetBase = (cashValue * w) / price;
          const excess = ledger.cashBase - targetBase;
          if (excess > 0) swap(true, excess, bar, price, ledger, attr);
          else if (excess < 0) swap(false, (-excess * price) / (1 - fee), bar, price, ledger, attr);
          if (excess !== 0) chargeGas(costs.gasQuotePerSwap, ledger, attr);
          return true;
        }
        default:
          return false;
      }
    },
  };

  /** Moves the uncollected fees of position `id` (every position if omitted) into the ledger's cash. */
  function collect(id: number | undefined, ledger: Ledger): void {
    for (const p of positions) {
      if (id !== undefined && p.id !== id) continue;
      ledger.cashBase += p.owedBase;
      ledger.cashQuote += p.owedQuote;
      p.owedBase = 0;
      p.owedQuote = 0;
    }
  }

  function chargeGas(gas: number, ledger: Ledger, attr: AttributionAccumulator): void {
    if (gas === 0) return;
    ledger.cashQuote -= gas;
    attr.costs += gas;
    attr.costsGas += gas;
  }

  /**
   * Swaps `amountIn` (human units of base if `sellBase`, else of quote) from the ledger through the pool at row `bar`
   * and books fee and impact (value lost versus the mid price) as costs.
   */
  function swap(
    sellBase: boolean,
    amountIn: number,
    bar: number,
    price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ): void {
    const have = sellBase ? ledger.cashBase : ledger.cashQuote;
    if (amountIn > have) amountIn = have;
    if (!(amountIn > 0)) return;
    const scaleIn = sellBase ? scaleBase : scaleQuote;
    const scaleOut = sellBase ? scaleQuote : scaleBase;
    const rawIn = BigInt(Math.floor(amountIn * scaleIn));
    if (rawIn <= 0n) return;
    const inHuman = Number(rawIn) / scaleIn;
    const lPool = BigInt(Math.round(poolL[bar]));
    let outHuman: number;
    let feeHuman: number;
    if (costs.priceImpact && lPool > 0n) {
      const sqrtP = getSqrtRatioAtTick(closeTick[bar]);
      // token0 in when we sell base that is token0, or buy base (pay quote) when quote is token0.
      const zeroForOne = sellBase ? !baseIs1 : baseIs1;
      const r = swapExactInSingleRange(sqrtP, lPool, rawIn, feePips, zeroForOne);
      outHuman = Number(r.amountOut) / scaleOut;
      feeHuman = Number(r.feeAmount) / scaleIn;
    } else {
      feeHuman = inHuman * fee;
      outHuman = sellBase ? (inHuman - feeHuman) * price : (inHuman - feeHuman) / price;
    }
    const inValue = sellBase ? inHuman * price : inHuman;
    const outValue = sellBase ? outHuman : outHuman * price;
    const feeValue = sellBase ? feeHuman * price : feeHuman;
    if (sellBase) {
      ledger.cashBase -= inHuman;
      ledger.cashQuote += outHuman;
    } else {
      ledger.cashQuote -= inHuman;
      ledger.cashBase += outHuman;
    }
    const lost = inValue - outValue;
    attr.costs += lost;
    attr.costsSwapFee += feeValue;
    attr.costsImpact += lost - feeValue;
  }

  function unitAmounts(tickLower: number, tickUpper: number, sp: number): { base: number; quote: number } {
    const sa = Math.exp(HALF_LN_1_0001 * tickLower);
    const sb = Math.exp(HALF_LN_1_0001 * tickUpper);
    const sc = sp < sa ? sa : sp > sb ? sb : sp;
    const a0 = (1 / sc - 1 / sb) / scale0;
    const a1 = (sc - sa) / scale1;
    return baseIs1 ? { base: a1, quote: a0 } : { base: a0, quote: a1 };
  }

  function mint(
    tickLower: number,
    tickUpper: number,
    value: number | undefined,
    bar: number,
    price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
    swapFirst = true,
    fixedLiquidity?: string,
  ): void {
    const s = meta.tickSpacing;
    if (
      !Number.isInteger(tickLower) ||
      !Number.isInteger(tickUpper) ||
      tickLower >= tickUpper ||
      tickLower % s !== 0 ||
      tickUpper % s !== 0 ||
      tickLower < MIN_TICK ||
      tickUpper > MAX_TICK
    )
      throw new InvalidInputError({
        field: "intent.tickLower/tickUpper",
        value: [tickLower, tickUpper],
        expected: `integer multiples of ${s} with tickLower < tickUpper inside [${MIN_TICK}, ${MAX_TICK}]`,
      });
    const cashValue = ledger.cashBase * price + ledger.cashQuote;
    if (!(cashValue > 0)) return;
    const phi = value === undefined ? 1 : Math.min(1, Math.max(0, value / cashValue));
    if (phi === 0) return;
    // Cash kept aside for a partial mint.
    const asideBase = ledger.cashBase * (1 - phi);
    const asideQuote = ledger.cashQuote * (1 - phi);
    ledger.cashBase -= asideBase;
    ledger.cashQuote -= asideQuote;
    // 1. Swap to the range's ratio r = quote per base per unit of liquidity (fee-aware closed form, impact ignored
    //    in the sizing; the leftover stays as cash).
    const tick = closeTick[bar];
    const sp = Math.exp(HALF_LN_1_0001 * tick);
    const u = unitAmounts(tickLower, tickUpper, sp);
    const b = ledger.cashBase;
    const q = ledger.cashQuote;
    if (!swapFirst) {
      // Mint from the cash as it is.
    } else if (u.base === 0) {
      if (b > 0) swap(true, b, bar, price, ledger, attr);
    } else if (u.quote === 0) {
      if (q > 0) swap(false, q, bar, price, ledger, attr);
    } else {
      const r = u.quote / u.base;
      if (q > r * b) swap(false, (q - r * b) / (1 + (r * (1 - fee)) / price), bar, price, ledger, attr);
      else if (q < r * b) swap(true, (r * b - q) / (r + price * (1 - fee)), bar, price, ledger, attr);
    }
    // 2. Mint exactly.
    const sqrtP = getSqrtRatioAtTick(tick);
    const sqrtA = getSqrtRatioAtTick(tickLower);
    const sqrtB = getSqrtRatioAtTick(tickUpper);
    const cash0 = baseIs1 ? ledger.cashQuote : ledger.cashBase;
    const cash1 = baseIs1 ? ledger.cashBase : ledger.cashQuote;
    const raw0 = BigInt(Math.max(0, Math.floor(cash0 * scale0)));
    const raw1 = BigInt(Math.max(0, Math.floor(cash1 * scale1)));
    const liquidity =
      fixedLiquidity !== undefined
        ? parseLiquidity(fixedLiquidity)
        : getLiquidityForAmounts(sqrtP, sqrtA, sqrtB, raw0, raw1);
    if (liquidity > 0n) {
      const used = getAmountsForLiquidity(sqrtP, sqrtA, sqrtB, liquidity, true);
      const used0 = Number(used.amount0) / scale0;
      const used1 = Number(used.amount1) / scale1;
      const usedBase = baseIs1 ? used1 : used0;
      const usedQuote = baseIs1 ? used0 : used1;
      const slack = 1 + 1e-12;
      if (
        fixedLiquidity !== undefined &&
        (usedBase > ledger.cashBase * slack + 1 / scaleBase ||
          usedQuote > ledger.cashQuote * slack + 1 / scaleQuote)
      )
        throw new InvalidInputError({
          field: "intent.liquidity",
          value: fixedLiquidity,
          expected: `a liquidity the cash funds (needs ${usedBase} base and ${usedQuote} quote; cash ${ledger.cashBase} base, ${ledger.cashQuote} quote)`,
        });
      // No clamp at 0: cash may be negative by the gas already owed (gas is paid in quote even when all cash is in
      // positions); clamping would forgive that debt and create value from nothing.
      ledger.cashBase -= usedBase;
      ledger.cashQuote -= usedQuote;
      const lf = Number(liquidity);
      const sqrtLower = Math.exp(HALF_LN_1_0001 * tickLower);
      const sqrtUpper = Math.exp(HALF_LN_1_0001 * tickUpper);
      const sc = sp < sqrtLower ? sqrtLower : sp > sqrtUpper ? sqrtUpper : sp;
      const a0 = (lf * (1 / sc - 1 / sqrtUpper)) / scale0;
      const a1 = (lf * (sc - sqrtLower)) / scale1;
      positions.push({
        id: nextId++,
        tickLower,
        tickUpper,
        liquidity,
        liquidityFloat: lf,
        openedBar: bar,
        entryBase: usedBase,
        entryQuote: usedQuote,
        base: baseIs1 ? a1 : a0,
        quote: baseIs1 ? a0 : a1,
        owedBase: 0,
        owedQuote: 0,
        sqrtLower,
        sqrtUpper,
        invSqrtUpper: 1 / sqrtUpper,
      });
      model.version++;
      if (mints > 0) model.rebalances++;
      mints++;
      chargeGas(costs.gasQuotePerMint, ledger, attr);
    }
    ledger.cashBase += asideBase;
    ledger.cashQuote += asideQuote;
  }

  function burn(
    id: number | undefined,
    bar: number,
    _price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ): void {
    if (positions.length === 0) return;
    const sqrtP = getSqrtRatioAtTick(closeTick[bar]);
    for (let j = positions.length - 1; j >= 0; j--) {
      const p = positions[j];
      if (id !== undefined && p.id !== id) continue;
      const got = getAmountsForLiquidity(
        sqrtP,
        getSqrtRatioAtTick(p.tickLower),
        getSqrtRatioAtTick(p.tickUpper),
        p.liquidity,
        false,
      );
      const got0 = Number(got.amount0) / scale0;
      const got1 = Number(got.amount1) / scale1;
      ledger.cashBase += (baseIs1 ? got1 : got0) + p.owedBase;
      ledger.cashQuote += (baseIs1 ? got0 : got1) + p.owedQuote;
      positions.splice(j, 1);
      model.version++;
      chargeGas(costs.gasQuotePerBurn, ledger, attr);
    }
  }

  return model;
}
