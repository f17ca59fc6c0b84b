import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { v2AmountBase, v2AmountQuote } from "../math/v2/index.js";
import { checkWeight } from "../math/weighted/checkWeight.js";
import { weightedAmountBase, weightedAmountQuote, weightedValue } from "../math/weighted/index.js";
import {
  type CreatePoolVenueModelParameters,
  DEFAULT_POOL_COSTS,
  type PoolCosts,
  type PoolVenueModel,
  type PoolVenueState,
} from "./poolVenueModel.js";
import { asRecord, decodeNumber, encodeNumber } from "./snapshotCodec.js";
import type { AttributionAccumulator, Intent, Ledger, PoolPosition } from "./types.js";
import { MAX_TICK, MIN_TICK } from "./v3Exact.js";

/**
 * The pool design a backtest runs on the recorded v3 market: `v2` (constant product x·y = k) or `weighted`
 * (two-asset Balancer pool, base weight `weight`). `fee` defaults to the recorded pool's fee.
 */
export type AmmPoolDesign = { kind: "v2"; fee?: number } | { kind: "weighted"; weight: number; fee?: number };

export type CreateAmmPoolVenueModelParameters = CreatePoolVenueModelParameters & { design: AmmPoolDesign };

const HALF_LN_1_0001 = Math.log(1.0001) / 2;

type MutablePosition = { -readonly [K in keyof PoolPosition]: PoolPosition[K] };

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
  const costs: PoolCosts = { ...DEFAULT_POOL_COSTS, ...params.costs };
  for (const k of ["gasQuotePerMint", "gasQuotePerBurn", "gasQuotePerSwap"] as const)
    if (!(Number.isFinite(costs[k]) && costs[k] >= 0))
      throw new InvalidInputError({ field: `costs.${k}`, value: costs[k], expected: "a finite number >= 0" });
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
  const priceScale = baseIs1
    ? 10 ** (meta.token1.decimals - meta.token0.decimals)
    : 10 ** (meta.token0.decimals - meta.token1.decimals);
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

  const positions: MutablePosition[] = [];
  let nextId = 1;
  let mints = 0;
  const hot = new Float64Array([Number.NaN]);

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
      attr.fees += feeValue;
      model.stepValue = v;
      model.stepDelta = d;
      model.stepLpValue = lpV;
      model.stepHodlValue = lpH;
    },

    priceAt(bar: number): number {
      // The v3 model's arithmetic: √p = exp(tick·ln(1.0001)/2), P = c/p or c·p.
      const sp = Math.exp(HALF_LN_1_0001 * closeTick[bar]);
      return baseIs1 ? priceScale / (sp * sp) : priceScale * sp * sp;
    },

    refresh(): void {
      ({ closeTick, inAmount0, inAmount1, liquidity: poolL } = series);
    },

    state(): PoolVenueState {
      return {
        positions: positions.map((p) => ({
          id: p.id,
          tickLower: p.tickLower,
          tickUpper: p.tickUpper,
          // The invariant is a float here (no contract units); it travels as an encoded number string.
          liquidity: "0",
          invariant: encodeNumber(p.liquidityFloat),
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
      s.positions.forEach((x, j) => {
        const f = `snapshot.pool.positions[${j}]`;
        const r = asRecord(x, f);
        positions.push({
          id: Number(r.id),
          tickLower: Number(r.tickLower),
          tickUpper: Number(r.tickUpper),
          liquidity: 0n,
          liquidityFloat: decodeNumber(r.invariant, `${f}.invariant`),
          openedBar: Number(r.openedBar),
          entryBase: decodeNumber(r.entryBase, `${f}.entryBase`),
          entryQuote: decodeNumber(r.entryQuote, `${f}.entryQuote`),
          base: decodeNumber(r.base, `${f}.base`),
          quote: decodeNumber(r.quote, `${f}.quote`),
          owedBase: decodeNumber(r.owedBase, `${f}.owedBase`),
          owedQuote: decodeNumber(r.owedQuote, `${f}.owedQuote`),
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
    },

    mark(bar: number, price: number, attr: AttributionAccumulator): void {
      model.step(bar, price, attr);
    },

    accrue(): void {},

    value(price: number): number {
      let v = 0;
      for (const p of positions) v += (p.base + p.owedBase) * price + p.quote + p.owedQuote;
      return v;
    },

    delta(_price: number): number {
      let d = 0;
      for (const p of positions) d += p.base + p.owedBase;
      return d;
    },

    positionIl(price: number): number {
      let v = 0;
      let h = 0;
      for (const p of positions) {
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
          mint(intent.value, bar, price, ledger, attr);
          return true;
        case "burn":
          burn(intent.positionId, price, ledger, attr);
          return true;
        case "collect":
          for (const p of positions) {
            if (intent.positionId !== undefined && p.id !== intent.positionId) continue;
            ledger.cashBase += p.owedBase;
            ledger.cashQuote += p.owedQuote;
            p.owedBase = 0;
            p.owedQuote = 0;
          }
          return true;
        case "rebalance":
          burn(undefined, price, ledger, attr);
          mint(undefined, bar, price, ledger, attr);
          return true;
        case "swap": {
          const bf = intent.baseFraction;
          if (!(bf >= 0 && bf <= 1))
            throw new InvalidInputError({
              field: "intent.baseFraction",
              value: bf,
              expected: "a number in [0, 1]",
            });
          const targetBase = ((ledger.cashBase * price + ledger.cashQuote) * bf) / price;
          const excess = ledger.cashBase - targetBase;
          if (excess > 0) swap(true, excess, price, ledger, attr);
          else if (excess < 0) swap(false, (-excess * price) / (1 - fee), price, ledger, attr);
          if (excess !== 0) chargeGas(costs.gasQuotePerSwap, ledger, attr);
          return true;
        }
        default:
          return false;
      }
    },
  };

  function chargeGas(gas: number, ledger: Ledger, attr: AttributionAccumulator): void {
    if (gas === 0) return;
    ledger.cashQuote -= gas;
    attr.costs += gas;
    attr.costsGas += gas;
  }

  /** Swaps `amountIn` (base if `sellBase`, else quote) at P·(1 − fee); the fee is booked as a cost. */
  function swap(
    sellBase: boolean,
    amountIn: number,
    price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ) {
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
  }

  function mint(
    value: number | undefined,
    bar: number,
    price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ) {
    const cashValue = ledger.cashBase * price + ledger.cashQuote;
    if (!(cashValue > 0)) return;
    const phi = value === undefined ? 1 : Math.min(1, Math.max(0, value / cashValue));
    if (phi === 0) return;
    const asideBase = ledger.cashBase * (1 - phi);
    const asideQuote = ledger.cashQuote * (1 - phi);
    ledger.cashBase -= asideBase;
    ledger.cashQuote -= asideQuote;
    // Quote per base of the design's split at P: (1 − w)/w · P.
    const r = ((1 - w) / w) * price;
    const b = ledger.cashBase;
    const q = ledger.cashQuote;
    if (q > r * b) swap(false, (q - r * b) / (1 + (r * (1 - fee)) / price), price, ledger, attr);
    else if (q < r * b) swap(true, (r * b - q) / (r + price * (1 - fee)), price, ledger, attr);
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
      positions.push({
        id: nextId++,
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
      model.version++;
      if (mints > 0) model.rebalances++;
      mints++;
      chargeGas(costs.gasQuotePerMint, ledger, attr);
    }
    ledger.cashBase += asideBase;
    ledger.cashQuote += asideQuote;
  }

  function burn(id: number | undefined, price: number, ledger: Ledger, attr: AttributionAccumulator) {
    for (let j = positions.length - 1; j >= 0; j--) {
      const p = positions[j];
      if (id !== undefined && p.id !== id) continue;
      ledger.cashBase += amountBase(p.liquidityFloat, price) + p.owedBase;
      ledger.cashQuote += amountQuote(p.liquidityFloat, price) + p.owedQuote;
      positions.splice(j, 1);
      model.version++;
      chargeGas(costs.gasQuotePerBurn, ledger, attr);
    }
  }

  return model;
}
