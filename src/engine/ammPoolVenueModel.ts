import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { v2AmountBase, v2AmountQuote } from "../math/v2/index.js";
import { checkWeight } from "../math/weighted/checkWeight.js";
import { weightedAmountBase, weightedAmountQuote, weightedValue } from "../math/weighted/index.js";
import { chargeGas, createPoolBook, type PoolBook } from "./pool/book.js";
import { markAtOwnPrice, poolPortMethods } from "./pool/port.js";
import { type PoolExecution, returnAside, setAsideForMint, swapToRatio } from "./pool/settle.js";
import { loadTickPrice, sharedTickPriceCache } from "./pool/tickPriceCache.js";
import {
  type CreatePoolVenueModelParameters,
  type MutablePoolPosition,
  type PoolVenueModel,
  type PoolVenueState,
  resolvePoolCosts,
} from "./pool/types.js";
import { decodeNumber, encodeNumber } from "./snapshotCodec.js";
import type { AttributionAccumulator, PoolPosition } from "./types.js";
import { MAX_TICK, MIN_TICK } from "./v3Exact.js";

/**
 * The pool design a backtest runs on the recorded v3 market: `v2` (constant product x·y = k) or `weighted`
 * (two-asset Balancer pool, base weight `weight`). `fee` defaults to the recorded pool's fee.
 */
export type AmmPoolDesign = { kind: "v2"; fee?: number } | { kind: "weighted"; weight: number; fee?: number };

export type CreateAmmPoolVenueModelParameters = CreatePoolVenueModelParameters & { design: AmmPoolDesign };

/**
 * Returns a constant-product (Uniswap v2) or two-asset weighted (Balancer) pool venue model over a v3 minute series,
 * behind the same port as the v3 model (`createPoolVenueModel`), so the engine runs it unchanged. The model is
 * documented in src/engine/README.md ("v2 and weighted pool models").
 *
 * - Price: the close tick's price, computed exactly as the v3 model does (the same path, bit for bit).
 * - Position: invariant k (v2: L = √(base·quote); weighted: base^w·quote^(1−w)), human units, in `liquidityFloat`;
 *   amounts at P from `src/math/v2` / `src/math/weighted`. A position covers every price: mint ticks are ignored
 *   and the position reports the widest usable ticks, so it is always in range.
 * - Fees per minute and token k: `inAmount_k × fee × V_pos / (V_eq + V_pos)`, with `V_eq = 2·L_pool·√p` the value
 *   of a constant-product pool holding the recorded active liquidity `L_pool` at this price (the v3 pool's
 *   value-equivalent depth) and `V_pos` the position's value. For v2 this is `L_pos / (L_pool + L_pos)` with L in
 *   raw units, the v3 model's share for a full-range position.
 * - Our swaps fill at `P·(1 − fee)` (no price impact); mint swaps cash to the design's value split (v2 ½, weighted
 *   w in base) with the fee-aware closed form, and the leftover stays as cash.
 */
export function createAmmPoolVenueModel(params: CreateAmmPoolVenueModelParameters): PoolVenueModel {
  requireObject(params, "options");
  requireObject(params.series, "options.series");
  const { series, design } = params;
  const meta = series.meta;
  const costs = resolvePoolCosts(params.costs);
  const fee = design.fee ?? meta.fee;
  if (!(Number.isFinite(fee) && fee >= 0 && fee < 1))
    throw new InvalidInputError({ field: "poolModel.fee", value: fee, expected: "a number in [0, 1)" });
  const weighted = design.kind === "weighted";
  const w = weighted ? design.weight : 0.5;
  if (weighted) checkWeight(w);
  const baseIs1 = meta.baseToken === 1;
  const scale0 = 10 ** meta.token0.decimals;
  const scale1 = 10 ** meta.token1.decimals;
  const scaleBase = baseIs1 ? scale1 : scale0;
  const scaleQuote = baseIs1 ? scale0 : scale1;
  // Raw L of a v2 pool → human: L_raw = L_human · √(scaleBase · scaleQuote).
  const rawPerHumanL = Math.sqrt(scaleBase * scaleQuote);
  const spacing = meta.tickSpacing;
  const tickLower = Math.ceil(MIN_TICK / spacing) * spacing;
  const tickUpper = Math.floor(MAX_TICK / spacing) * spacing;
  let { closeTick, inAmount0, inAmount1, liquidity: poolL } = series;

  const amountBase = weighted
    ? (k: number, price: number) => weightedAmountBase(k, price, w)
    : (k: number, price: number) => v2AmountBase(k, Math.sqrt(price));
  const amountQuote = weighted
    ? (k: number, price: number) => weightedAmountQuote(k, price, w)
    : (k: number, price: number) => v2AmountQuote(k, Math.sqrt(price));

  // [0] last marked price, [1] √p, [2] P and [3] 1/√p at `cachedTick` (the v3 model's tick → price cache).
  const hot = new Float64Array([Number.NaN, 1, 1, 1]);
  let cachedTick = Number.NaN;
  const prices = sharedTickPriceCache(meta);

  const model = {
    id: "pool" as const,
    meta,
    positions: [] as readonly PoolPosition[],
    inRangeFraction: 0,
    rebalances: 0,
    feesBaseAmount: 0,
    feesQuoteAmount: 0,
    version: 0,
    stepValue: 0,
    stepDelta: 0,
    stepLpValue: 0,
    stepHodlValue: 0,

    step(bar: number, attr: AttributionAccumulator): void {
      const price = model.priceAt(bar);
      const dP = price - hot[0];
      hot[0] = price;
      const n = positions.length;
      model.inRangeFraction = n === 0 ? 0 : 1;
      let rebal = 0;
      let dV = 0;
      let inv = 0;
      let feeValue = 0;
      let v = 0;
      let d = 0;
      let lpV = 0;
      let lpH = 0;
      if (n > 0) {
        // Value of a constant-product pool with the recorded active liquidity at this price (quote units).
        const poolEq = (2 * poolL[bar] * Math.sqrt(price)) / rawPerHumanL;
        const in0 = inAmount0[bar] * fee;
        const in1 = inAmount1[bar] * fee;
        for (let j = 0; j < n; j++) {
          const p = positions[j];
          const k = p.liquidityFloat;
          const base = amountBase(k, price);
          const quote = amountQuote(k, price);
          const oldBase = p.base;
          rebal += oldBase * dP;
          dV += base * price + quote - (oldBase * (price - dP) + p.quote);
          inv += p.owedBase * dP;
          p.base = base;
          p.quote = quote;
          const vPos = base * price + quote;
          const share = vPos / (poolEq + vPos);
          const f0 = (in0 * share) / scale0;
          const f1 = (in1 * share) / scale1;
          const fb = baseIs1 ? f1 : f0;
          const fq = baseIs1 ? f0 : f1;
          p.owedBase += fb;
          p.owedQuote += fq;
          model.feesBaseAmount += fb;
          model.feesQuoteAmount += fq;
          feeValue += fb * price + fq;
          v += (base + p.owedBase) * price + quote + p.owedQuote;
          d += base + p.owedBase;
          lpV += vPos;
          lpH += p.entryBase * price + p.entryQuote;
        }
      }
      attr.rebalancing += rebal;
      attr.lvr += rebal - dV;
      attr.inventory += inv;
      // The revaluation of uncollected base fees since they accrued is kept out of the IL, as in the v3 model.
      attr.inventoryFees += inv;
      attr.fees += feeValue;
      model.stepValue = v;
      model.stepDelta = d;
      model.stepLpValue = lpV;
      model.stepHodlValue = lpH;
    },

    priceAt(bar: number): number {
      // The v3 model's price, bit for bit (the same cache over src/math/units.ts).
      const tick = closeTick[bar];
      if (tick !== cachedTick) {
        cachedTick = tick;
        loadTickPrice(prices, hot, tick);
      }
      return hot[2];
    },

    refresh(): void {
      ({ closeTick, inAmount0, inAmount1, liquidity: poolL } = series);
    },

    state(): PoolVenueState {
      // The invariant is a float here (no contract units); it travels as an encoded number string.
      return book.state((p) => ({ liquidity: "0", invariant: encodeNumber(p.liquidityFloat) }));
    },

    restore(raw: unknown): void {
      book.restore(raw, (r, f, c) => ({
        ...c,
        liquidity: 0n,
        liquidityFloat: decodeNumber(r.invariant, `${f}.invariant`),
      }));
      cachedTick = Number.NaN;
    },

    mark(bar: number, price: number, attr: AttributionAccumulator): void {
      markAtOwnPrice(model, bar, price, attr);
    },

    ...poolPortMethods(
      (): PoolBook<MutablePoolPosition> => book,
      (): PoolExecution => exec,
      fee,
      costs.gasQuotePerSwap,
    ),
  };
  const book = createPoolBook<MutablePoolPosition>(model, hot);
  const positions = book.positions;
  model.positions = positions;

  const exec: PoolExecution = {
    collect: book.collect,

    /** Swaps `amountIn` (base if `sellBase`, else quote) at P·(1 − fee); the fee is booked as a cost. */
    swap(sellBase, amountIn, _bar, price, ledger, attr): void {
      const have = sellBase ? ledger.cashBase : ledger.cashQuote;
      if (amountIn > have) amountIn = have;
      if (!(amountIn > 0)) return;
      const feeIn = amountIn * fee;
      if (sellBase) {
        ledger.cashBase -= amountIn;
        ledger.cashQuote += (amountIn - feeIn) * price;
      } else {
        ledger.cashQuote -= amountIn;
        ledger.cashBase += (amountIn - feeIn) / price;
      }
      const lost = sellBase ? feeIn * price : feeIn;
      attr.costs += lost;
      attr.costsSwapFee += lost;
    },

    // Mint ticks, `swap: false` and a fixed liquidity do not apply: the position covers every price at the design's
    // split.
    mint(_tickLower, _tickUpper, value, _swapFirst, _liquidity, bar, price, ledger, attr): void {
      const aside = setAsideForMint(value, price, ledger);
      if (aside === undefined) return;
      // Quote per base of the design's split at P: (1 − w)/w · P.
      swapToRatio(((1 - w) / w) * price, fee, exec, bar, price, ledger, attr);
      // The largest position the cash holds at the design's split (value V: base w·V/P, quote (1 − w)·V).
      const vMax = Math.min(
        (Math.max(0, ledger.cashBase) * price) / w,
        Math.max(0, ledger.cashQuote) / (1 - w),
      );
      if (vMax > 0) {
        const k = weighted ? vMax / weightedValue(1, price, w) : vMax / (2 * Math.sqrt(price));
        const base = amountBase(k, price);
        const quote = amountQuote(k, price);
        ledger.cashBase -= base;
        ledger.cashQuote -= quote;
        book.open({
          id: book.takeId(),
          tickLower,
          tickUpper,
          liquidity: 0n,
          liquidityFloat: k,
          openedBar: bar,
          entryBase: base,
          entryQuote: quote,
          base,
          quote,
          owedBase: 0,
          owedQuote: 0,
        });
        chargeGas(costs.gasQuotePerMint, ledger, attr);
      }
      returnAside(aside, ledger);
    },

    burn(id, _bar, price, ledger, attr): void {
      for (let j = positions.length - 1; j >= 0; j--) {
        const p = positions[j];
        if (id !== undefined && p.id !== id) continue;
        ledger.cashBase += amountBase(p.liquidityFloat, price) + p.owedBase;
        ledger.cashQuote += amountQuote(p.liquidityFloat, price) + p.owedQuote;
        book.close(j);
        chargeGas(costs.gasQuotePerBurn, ledger, attr);
      }
    },
  };

  return model;
}
