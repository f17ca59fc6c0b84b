/**
 * The v3 pool model's execution: mint, burn and swap exactly as the contracts do (BigInt, contract rounding, via
 * `v3Exact.ts`): liquidity from `getLiquidityForAmounts`, amounts from `getAmountsForLiquidity` (up at mint, down
 * at burn), our swaps through `swapExactInSingleRange` against the pool's active liquidity of the row.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/UniswapV3Pool.sol
 */
import { InvalidInputError } from "../../errors/math.js";
import { sqrtRawPriceAtTick } from "../../math/units.js";
import type { PoolMeta, PoolSeries } from "../../types/series.js";
import {
  getAmountsForLiquidity,
  getLiquidityForAmounts,
  getSqrtRatioAtTick,
  MAX_TICK,
  MIN_TICK,
  swapExactInSingleRange,
} from "../v3Exact.js";
import { chargeGas, type PoolBook } from "./book.js";
import { type PoolExecution, returnAside, setAsideForMint, swapToRatio } from "./settle.js";
import type { MutablePoolPosition, PoolCosts } from "./types.js";

/** A v3 position with the float √ bounds the per-bar mark uses. */
export type V3Position = MutablePoolPosition & {
  sqrtLower: number;
  sqrtUpper: number;
  /** 1 / sqrtUpper (the same float `mark` divides by each bar). */
  invSqrtUpper: number;
};

/** Returns the raw liquidity of a mint intent's decimal string, checked to fit the contract's uint128. */
export function parseLiquidity(text: string): bigint {
  const l = /^[0-9]{1,39}$/.test(text) ? BigInt(text) : -1n;
  if (!(l > 0n && l < 1n << 128n))
    throw new InvalidInputError({
      field: "intent.liquidity",
      value: text,
      expected: "a decimal integer in (0, 2^128)",
    });
  return l;
}

/** Returns the float √ bounds of [tickLower, tickUpper) (`sqrtRawPriceAtTick`, the per-bar path's √p). */
export function sqrtBounds(
  tickLower: number,
  tickUpper: number,
): { sqrtLower: number; sqrtUpper: number; invSqrtUpper: number } {
  const sqrtLower = sqrtRawPriceAtTick(tickLower);
  const sqrtUpper = sqrtRawPriceAtTick(tickUpper);
  return { sqrtLower, sqrtUpper, invSqrtUpper: 1 / sqrtUpper };
}

/** Returns the v3 model's execution of mint, burn, collect and swap on the positions of `book`. */
export function createV3Execution(
  series: PoolSeries,
  meta: PoolMeta,
  costs: PoolCosts,
  book: PoolBook<V3Position>,
): PoolExecution {
  const fee = meta.fee;
  const feePips = meta.feePips;
  const baseIs1 = meta.baseToken === 1;
  const scale0 = 10 ** meta.token0.decimals;
  const scale1 = 10 ** meta.token1.decimals;
  const scaleBase = baseIs1 ? scale1 : scale0;
  const scaleQuote = baseIs1 ? scale0 : scale1;
  const positions = book.positions;

  /**
   * Swaps `amountIn` (human units of base if `sellBase`, else of quote) from the ledger through the pool at row
   * `bar` and books fee and impact (value lost versus the mid price) as costs.
   */
  const swap: PoolExecution["swap"] = (sellBase, amountIn, bar, price, ledger, attr) => {
    const have = sellBase ? ledger.cashBase : ledger.cashQuote;
    if (amountIn > have) amountIn = have;
    if (!(amountIn > 0)) return;
    const scaleIn = sellBase ? scaleBase : scaleQuote;
    const scaleOut = sellBase ? scaleQuote : scaleBase;
    const rawIn = BigInt(Math.floor(amountIn * scaleIn));
    if (rawIn <= 0n) return;
    const inHuman = Number(rawIn) / scaleIn;
    const lPool = BigInt(Math.round(series.liquidity[bar]));
    let outHuman: number;
    let feeHuman: number;
    if (costs.priceImpact && lPool > 0n) {
      const sqrtP = getSqrtRatioAtTick(series.closeTick[bar]);
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
  };

  const exec: PoolExecution = {
    swap,
    collect: book.collect,

    mint(tickLower, tickUpper, value, swapFirst, fixedLiquidity, bar, price, ledger, attr): void {
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
      const aside = setAsideForMint(value, price, ledger);
      if (aside === undefined) return;
      // 1. Swap to the range's ratio r = quote per base per unit of liquidity (fee-aware closed form, impact
      //    ignored in the sizing; the leftover stays as cash).
      const tick = series.closeTick[bar];
      const sp = sqrtRawPriceAtTick(tick);
      const { sqrtLower, sqrtUpper, invSqrtUpper } = sqrtBounds(tickLower, tickUpper);
      const sc = sp < sqrtLower ? sqrtLower : sp > sqrtUpper ? sqrtUpper : sp;
      // Amounts per unit of liquidity at √p (the mark's arithmetic with L = 1).
      const u0 = (1 / sc - invSqrtUpper) / scale0;
      const u1 = (sc - sqrtLower) / scale1;
      const uBase = baseIs1 ? u1 : u0;
      const uQuote = baseIs1 ? u0 : u1;
      if (!swapFirst) {
        // Mint from the cash as it is.
      } else if (uBase === 0) {
        if (ledger.cashBase > 0) swap(true, ledger.cashBase, bar, price, ledger, attr);
      } else if (uQuote === 0) {
        if (ledger.cashQuote > 0) swap(false, ledger.cashQuote, bar, price, ledger, attr);
      } else swapToRatio(uQuote / uBase, fee, exec, bar, price, ledger, attr);
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
        // No clamp at 0: cash may be negative by the gas already owed (gas is paid in quote even when all cash is
        // in positions); clamping would forgive that debt and create value from nothing.
        ledger.cashBase -= usedBase;
        ledger.cashQuote -= usedQuote;
        const lf = Number(liquidity);
        const a0 = (lf * (1 / sc - invSqrtUpper)) / scale0;
        const a1 = (lf * (sc - sqrtLower)) / scale1;
        book.open({
          id: book.takeId(),
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
          invSqrtUpper,
        });
        chargeGas(costs.gasQuotePerMint, ledger, attr);
      }
      returnAside(aside, ledger);
    },

    burn(id, bar, _price, ledger, attr): void {
      if (positions.length === 0) return;
      const sqrtP = getSqrtRatioAtTick(series.closeTick[bar]);
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
        book.close(j);
        chargeGas(costs.gasQuotePerBurn, ledger, attr);
      }
    },
  };
  return exec;
}
