import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { PoolMeta } from "../types/series.js";
import { createPoolBook, type PoolBook } from "./pool/book.js";
import { createV3Execution, sqrtBounds, type V3Position } from "./pool/execution.js";
import { markAtOwnPrice, type PortMethods, poolPortMethods } from "./pool/port.js";
import type { PoolExecution } from "./pool/settle.js";
import { loadTickPrice, sharedTickPriceCache, type TickPriceCache } from "./pool/tickPriceCache.js";
import {
  type CreatePoolVenueModelParameters,
  type PoolVenueModel,
  type PoolVenueState,
  resolvePoolCosts,
} from "./pool/types.js";
import type { AttributionAccumulator, PoolPosition } from "./types.js";

export {
  type CreatePoolVenueModelParameters,
  DEFAULT_POOL_COSTS,
  InRangeMode,
  type PoolCosts,
  type PoolVenueModel,
  type PoolVenueState,
} from "./pool/types.js";

/**
 * Returns the Uniswap v3 pool venue model over a minute series (the model is documented in src/engine/README.md).
 *
 * Per minute (float path, raw token units, √p = 1.0001^(tick/2) from `closeTick` via `src/math/units.ts`):
 * amount0 = L(1/√p_c − 1/√p_b), amount1 = L(√p_c − √p_a), √p_c = clamp(√p, √p_a, √p_b).
 * Fees of a position in range: inAmount_k × fee × L_pos / (L_pool + L_pos) × inRange, k = 0, 1.
 * At mint/burn/swap (exact path, BigInt, contract rounding; `pool/execution.ts`): liquidity from
 * `getLiquidityForAmounts`, amounts from `getAmountsForLiquidity` (up at mint, down at burn), our swaps through
 * `swapExactInSingleRange` against L_pool. Positions, counters and the snapshot state live in `pool/book.ts`, the
 * intent switch in `pool/settle.ts`.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/UniswapV3Pool.sol
 */
export function createPoolVenueModel(params: CreatePoolVenueModelParameters): PoolVenueModel {
  requireObject(params, "options");
  requireObject(params.series, "options.series");
  return new V3PoolVenueModel(params);
}

/**
 * The v3 model (see `createPoolVenueModel`). A class, not an object of closures made per model: the engine's loop
 * inlines `step` and `priceAt`, and a closure made per run dies with its run, after which V8 dropped the loop's
 * feedback and optimised code at the next GC and optimised it again in every run (measured in the backtest bench,
 * where runs of different strategies alternate); a prototype method lives as long as the module.
 */
class V3PoolVenueModel implements PoolVenueModel {
  readonly id = "pool" as const;
  readonly meta: PoolMeta;
  positions: readonly PoolPosition[] = [];
  inRangeFraction = 0;
  rebalances = 0;
  feesBaseAmount = 0;
  feesQuoteAmount = 0;
  version = 0;
  stepValue = 0;
  stepDelta = 0;
  stepLpValue = 0;
  stepHodlValue = 0;
  /**
   * Doubles rewritten every bar: [0] last marked price, [1] √p, [2] P and [3] 1/√p at `cachedTick`, [4] L_pool,
   * [5] a position's liquidityFloat and [6] its share lf / (L_pool + lf) of the last fee accrual (NaN: none yet).
   */
  private readonly hot = new Float64Array([Number.NaN, 1, 1, 1, Number.NaN, Number.NaN, Number.NaN]);
  private cachedTick = Number.NaN;
  private readonly prices: TickPriceCache;
  private readonly series: CreatePoolVenueModelParameters["series"];
  // Columns of the market, re-read by `refresh` (an appendable market may replace its arrays when it grows).
  private closeTick: Int32Array;
  private lowTick: Int32Array;
  private highTick: Int32Array;
  private inAmount0: Float64Array;
  private inAmount1: Float64Array;
  private poolL: Float64Array;
  private readonly fee: number;
  private readonly baseIs1: boolean;
  private readonly scale0: number;
  private readonly scale1: number;
  private readonly closeMode: boolean;
  private readonly pathMode: boolean;
  private readonly book: PoolBook<V3Position>;
  readonly accrue: PortMethods["accrue"];
  readonly value: PortMethods["value"];
  readonly delta: PortMethods["delta"];
  readonly positionIl: PortMethods["positionIl"];
  readonly holdings: PortMethods["holdings"];
  readonly settle: PortMethods["settle"];

  constructor(params: CreatePoolVenueModelParameters) {
    const { series } = params;
    const meta = series.meta;
    this.meta = meta;
    this.series = series;
    const costs = resolvePoolCosts(params.costs);
    const inRangeMode = params.inRangeMode ?? "prorate";
    this.fee = meta.fee;
    this.baseIs1 = meta.baseToken === 1;
    this.scale0 = 10 ** meta.token0.decimals;
    this.scale1 = 10 ** meta.token1.decimals;
    this.closeTick = series.closeTick;
    this.lowTick = series.lowTick;
    this.highTick = series.highTick;
    this.inAmount0 = series.inAmount0;
    this.inAmount1 = series.inAmount1;
    this.poolL = series.liquidity;
    this.closeMode = inRangeMode === "close";
    this.pathMode = inRangeMode === "path";
    this.prices = sharedTickPriceCache(meta);
    const book = createPoolBook<V3Position>(this, this.hot);
    this.book = book;
    this.positions = book.positions;
    const exec = createV3Execution(series, meta, costs, book);
    const port = poolPortMethods(
      (): PoolBook<V3Position> => book,
      (): PoolExecution => exec,
      this.fee,
      costs.gasQuotePerSwap,
    );
    this.accrue = port.accrue;
    this.value = port.value;
    this.delta = port.delta;
    this.positionIl = port.positionIl;
    this.holdings = port.holdings;
    this.settle = port.settle;
  }

  step(bar: number, attr: AttributionAccumulator): void {
    const price = this.priceAt(bar);
    const { hot, closeTick, fee, scale0, scale1, baseIs1, closeMode, pathMode } = this;
    const positions = this.book.positions;
    const dP = price - hot[0];
    hot[0] = price;
    const n = positions.length;
    if (n === 0) {
      this.inRangeFraction = 0;
      this.stepValue = 0;
      this.stepDelta = 0;
      this.stepLpValue = 0;
      this.stepHodlValue = 0;
      return;
    }
    const tick = closeTick[bar];
    // √p and 1/√p at this tick (priceAt above loaded them from the tick cache).
    const sp = hot[1];
    const isp = hot[3];
    // The span the minute's volume is spread over: its [low, high] ticks (prorate), or the path from the previous
    // minute's close tick to this one's (path; the first minute has no path and counts by its close tick).
    let lo = this.lowTick[bar];
    let hi = this.highTick[bar];
    if (pathMode) {
      const prev = bar > 0 ? closeTick[bar - 1] : tick;
      lo = prev < tick ? prev : tick;
      hi = prev < tick ? tick : prev;
    }
    const lPool = this.poolL[bar];
    const in0 = this.inAmount0[bar] * fee;
    const in1 = this.inAmount1[bar] * fee;
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
      // √p clamped to the range, and its reciprocal: the cached 1/√p in range, 1/√p_b stored, 1/√p_a computed (the
      // same quotients as 1 / sc)
      let sc = sp;
      let invSc = isp;
      if (sp < p.sqrtLower) {
        sc = p.sqrtLower;
        invSc = 1 / sc;
      } else if (sp > p.sqrtUpper) {
        sc = p.sqrtUpper;
        invSc = p.invSqrtUpper;
      }
      const lf = p.liquidityFloat;
      const a0 = (lf * (invSc - p.invSqrtUpper)) / scale0;
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
        // lf / (L_pool + lf) is recomputed only when either changed (a division a bar saved on a series of constant
        // liquidity with one position, as a Monte Carlo path's; the same quotient either way).
        if (lPool !== hot[4] || lf !== hot[5]) {
          hot[4] = lPool;
          hot[5] = lf;
          hot[6] = lf / (lPool + lf);
        }
        const share = hot[6] * f;
        const f0 = (in0 * share) / scale0;
        const f1 = (in1 * share) / scale1;
        const fb = baseIs1 ? f1 : f0;
        const fq = baseIs1 ? f0 : f1;
        owedBase += fb;
        owedQuote += fq;
        p.owedBase = owedBase;
        p.owedQuote = owedQuote;
        this.feesBaseAmount += fb;
        this.feesQuoteAmount += fq;
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
    this.inRangeFraction = frac;
    attr.fees += feeValue;
    this.stepValue = v;
    this.stepDelta = d;
    this.stepLpValue = lpV;
    this.stepHodlValue = lpH;
  }

  priceAt(bar: number): number {
    const tick = this.closeTick[bar];
    if (tick !== this.cachedTick) {
      this.cachedTick = tick;
      loadTickPrice(this.prices, this.hot, tick);
    }
    return this.hot[2];
  }

  refresh(): void {
    const s = this.series;
    this.closeTick = s.closeTick;
    this.lowTick = s.lowTick;
    this.highTick = s.highTick;
    this.inAmount0 = s.inAmount0;
    this.inAmount1 = s.inAmount1;
    this.poolL = s.liquidity;
  }

  state(): PoolVenueState {
    return this.book.state((p) => ({ liquidity: p.liquidity.toString() }));
  }

  restore(raw: unknown): void {
    this.book.restore(raw, (r, f, c) => {
      const liqText = r.liquidity;
      if (typeof liqText !== "string" || !/^\d+$/.test(liqText))
        throw new InvalidInputError({
          field: `${f}.liquidity`,
          value: liqText,
          expected: "a decimal string",
        });
      const liquidity = BigInt(liqText);
      const { sqrtLower, sqrtUpper, invSqrtUpper } = sqrtBounds(c.tickLower, c.tickUpper);
      // The keys in the mint's order (pool/execution.ts), so a restored position has the minted one's hidden class
      // and `step` stays monomorphic (a Monte Carlo kernel restores a snapshot per path).
      return {
        id: c.id,
        tickLower: c.tickLower,
        tickUpper: c.tickUpper,
        liquidity,
        liquidityFloat: Number(liquidity),
        openedBar: c.openedBar,
        entryBase: c.entryBase,
        entryQuote: c.entryQuote,
        base: c.base,
        quote: c.quote,
        owedBase: c.owedBase,
        owedQuote: c.owedQuote,
        sqrtLower,
        sqrtUpper,
        invSqrtUpper,
      };
    });
    this.cachedTick = Number.NaN;
  }

  // The port's two steps run as one pass (`step`): `mark` marks and accrues, `accrue` has nothing left to do.
  mark(bar: number, price: number, attr: AttributionAccumulator): void {
    markAtOwnPrice(this, bar, price, attr);
  }
}
