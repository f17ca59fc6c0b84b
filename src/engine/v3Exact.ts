/**
 * The exact (BigInt) Uniswap v3 operations the engine needs at mint, burn and swap time, as thin adapters over
 * `math/v3` (the bit-exact port of the contracts). The engine calls these instead of the namespaces directly so
 * that the rounding direction of each venue action is chosen in one place:
 * mint rounds amounts up (what the pool takes), burn rounds down (what the pool gives back).
 * Not exported from the engine's public index.
 */
import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK, Q96 } from "../math/v3/constants.js";
import { LiquidityAmounts } from "../math/v3/liquidityAmounts.js";
import { SqrtPriceMath } from "../math/v3/sqrtPriceMath.js";
import { SwapMath } from "../math/v3/swapMath.js";
import { TickMath } from "../math/v3/tickMath.js";

export { MAX_TICK, MIN_TICK, Q96 };

/** Returns sqrt(1.0001^tick) as a Q64.96 (`TickMath.getSqrtRatioAtTick`). */
export function getSqrtRatioAtTick(tick: number): bigint {
  return TickMath.getSqrtRatioAtTick(tick);
}

/** Returns the token0 amount between two sqrt prices for liquidity L (`SqrtPriceMath.getAmount0Delta`). */
export function getAmount0Delta(
  sqrtAX96: bigint,
  sqrtBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  return SqrtPriceMath.getAmount0Delta(sqrtAX96, sqrtBX96, liquidity, roundUp);
}

/** Returns the token1 amount between two sqrt prices for liquidity L (`SqrtPriceMath.getAmount1Delta`). */
export function getAmount1Delta(
  sqrtAX96: bigint,
  sqrtBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  return SqrtPriceMath.getAmount1Delta(sqrtAX96, sqrtBX96, liquidity, roundUp);
}

/**
 * Returns the token amounts of a position: rounded up for a mint (what the pool takes), down for a burn
 * (what the pool gives back), as `Pool._modifyPosition` does.
 */
export function getAmountsForLiquidity(
  sqrtPriceX96: bigint,
  sqrtAX96: bigint,
  sqrtBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): { amount0: bigint; amount1: bigint } {
  if (sqrtPriceX96 <= sqrtAX96)
    return { amount0: getAmount0Delta(sqrtAX96, sqrtBX96, liquidity, roundUp), amount1: 0n };
  if (sqrtPriceX96 < sqrtBX96)
    return {
      amount0: getAmount0Delta(sqrtPriceX96, sqrtBX96, liquidity, roundUp),
      amount1: getAmount1Delta(sqrtAX96, sqrtPriceX96, liquidity, roundUp),
    };
  return { amount0: 0n, amount1: getAmount1Delta(sqrtAX96, sqrtBX96, liquidity, roundUp) };
}

/** Returns the largest liquidity the amounts can fund (`LiquidityAmounts.getLiquidityForAmounts`, periphery). */
export function getLiquidityForAmounts(
  sqrtPriceX96: bigint,
  sqrtAX96: bigint,
  sqrtBX96: bigint,
  amount0: bigint,
  amount1: bigint,
): bigint {
  return LiquidityAmounts.getLiquidityForAmounts(sqrtPriceX96, sqrtAX96, sqrtBX96, amount0, amount1);
}

/**
 * Returns the output of an exact-input swap that stays inside one initialized-tick interval (constant active
 * liquidity L): one `SwapMath.computeSwapStep` towards the price limit, so rounding and the fee are the contract's.
 * `zeroForOne` = token0 in, token1 out. The engine uses the minute's active L for the whole swap (documented in
 * the engine README: crossing initialized ticks is not modelled because the data has no tick map).
 */
export function swapExactInSingleRange(
  sqrtPriceX96: bigint,
  liquidity: bigint,
  amountIn: bigint,
  feePips: number,
  zeroForOne: boolean,
): { amountOut: bigint; feeAmount: bigint; sqrtPriceNextX96: bigint } {
  if (liquidity <= 0n || amountIn <= 0n)
    return { amountOut: 0n, feeAmount: 0n, sqrtPriceNextX96: sqrtPriceX96 };
  const target = zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n;
  const step = SwapMath.computeSwapStep(sqrtPriceX96, target, liquidity, amountIn, feePips);
  return { amountOut: step.amountOut, feeAmount: step.feeAmount, sqrtPriceNextX96: step.sqrtRatioNextX96 };
}
