/**
 * Private exact (BigInt) Uniswap v3 helpers used by the engine at mint, burn and swap time.
 * They port `TickMath.getSqrtRatioAtTick`, `SqrtPriceMath.getAmount0Delta/getAmount1Delta`,
 * `SqrtPriceMath.getNextSqrtPriceFromInput` (core) and `LiquidityAmounts.getLiquidityForAmounts` (periphery)
 * call for call with contract rounding. They stand in until `src/math/v3` lands; the tests compare them with
 * `@uniswap/v3-sdk`. Not exported from the engine's public index.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/TickMath.sol
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/SqrtPriceMath.sol
 * @see https://github.com/Uniswap/v3-periphery/blob/main/contracts/libraries/LiquidityAmounts.sol
 */
import { InvalidInputError } from "../errors/math.js";

export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
const Q32 = 1n << 32n;
export const Q96 = 1n << 96n;
const MAX_UINT256 = (1n << 256n) - 1n;

const TICK_FACTORS: readonly [number, bigint][] = [
  [0x2, 0xfff97272373d413259a46990580e213an],
  [0x4, 0xfff2e50f5f656932ef12357cf3c7fdccn],
  [0x8, 0xffe5caca7e10e4e61c3624eaa0941cd0n],
  [0x10, 0xffcb9843d60f6159c9db58835c926644n],
  [0x20, 0xff973b41fa98c081472e6896dfb254c0n],
  [0x40, 0xff2ea16466c96a3843ec78b326b52861n],
  [0x80, 0xfe5dee046a99a2a811c461f1969c3053n],
  [0x100, 0xfcbe86c7900a88aedcffc83b479aa3a4n],
  [0x200, 0xf987a7253ac413176f2b074cf7815e54n],
  [0x400, 0xf3392b0822b70005940c7a398e4b70f3n],
  [0x800, 0xe7159475a2c29b7443b29c7fa6e889d9n],
  [0x1000, 0xd097f3bdfd2022b8845ad8f792aa5825n],
  [0x2000, 0xa9f746462d870fdf8a65dc1f90e061e5n],
  [0x4000, 0x70d869a156d2a1b890bb3df62baf32f7n],
  [0x8000, 0x31be135f97d08fd981231505542fcfa6n],
  [0x10000, 0x9aa508b5b7a84e1c677de54f3e99bc9n],
  [0x20000, 0x5d6af8dedb81196699c329225ee604n],
  [0x40000, 0x2216e584f5fa1ea926041bedfe98n],
  [0x80000, 0x48a170391f7dc42444e8fa2n],
];

/** Returns sqrt(1.0001^tick) as a Q64.96 (TickMath.getSqrtRatioAtTick, rounded up like the contract). */
export function getSqrtRatioAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK)
    throw new InvalidInputError({
      field: "tick",
      value: tick,
      expected: `an integer in [${MIN_TICK}, ${MAX_TICK}]`,
    });
  const absTick = Math.abs(tick);
  let ratio = (absTick & 0x1) !== 0 ? 0xfffcb933bd6fad37aa2d162d1a594001n : 1n << 128n;
  for (const [bit, factor] of TICK_FACTORS) if ((absTick & bit) !== 0) ratio = (ratio * factor) >> 128n;
  if (tick > 0) ratio = MAX_UINT256 / ratio;
  return ratio % Q32 > 0n ? ratio / Q32 + 1n : ratio / Q32;
}

function mulDiv(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b) / d;
}

function mulDivRoundingUp(a: bigint, b: bigint, d: bigint): bigint {
  const p = a * b;
  const q = p / d;
  return p % d > 0n ? q + 1n : q;
}

function divRoundingUp(a: bigint, d: bigint): bigint {
  const q = a / d;
  return a % d > 0n ? q + 1n : q;
}

/** Returns token0 owed for liquidity between two sqrt prices (SqrtPriceMath.getAmount0Delta). */
export function getAmount0Delta(
  sqrtAX96: bigint,
  sqrtBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  if (sqrtAX96 > sqrtBX96) [sqrtAX96, sqrtBX96] = [sqrtBX96, sqrtAX96];
  const numerator1 = liquidity << 96n;
  const numerator2 = sqrtBX96 - sqrtAX96;
  return roundUp
    ? divRoundingUp(mulDivRoundingUp(numerator1, numerator2, sqrtBX96), sqrtAX96)
    : mulDiv(numerator1, numerator2, sqrtBX96) / sqrtAX96;
}

/** Returns token1 owed for liquidity between two sqrt prices (SqrtPriceMath.getAmount1Delta). */
export function getAmount1Delta(
  sqrtAX96: bigint,
  sqrtBX96: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  if (sqrtAX96 > sqrtBX96) [sqrtAX96, sqrtBX96] = [sqrtBX96, sqrtAX96];
  return roundUp
    ? mulDivRoundingUp(liquidity, sqrtBX96 - sqrtAX96, Q96)
    : mulDiv(liquidity, sqrtBX96 - sqrtAX96, Q96);
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

/** Returns the largest liquidity the amounts can fund (LiquidityAmounts.getLiquidityForAmounts, periphery rounding). */
export function getLiquidityForAmounts(
  sqrtPriceX96: bigint,
  sqrtAX96: bigint,
  sqrtBX96: bigint,
  amount0: bigint,
  amount1: bigint,
): bigint {
  const l0 = (sa: bigint, sb: bigint) => mulDiv(amount0, mulDiv(sa, sb, Q96), sb - sa);
  const l1 = (sa: bigint, sb: bigint) => mulDiv(amount1, Q96, sb - sa);
  if (sqrtPriceX96 <= sqrtAX96) return l0(sqrtAX96, sqrtBX96);
  if (sqrtPriceX96 < sqrtBX96) {
    const a = l0(sqrtPriceX96, sqrtBX96);
    const b = l1(sqrtAX96, sqrtPriceX96);
    return a < b ? a : b;
  }
  return l1(sqrtAX96, sqrtBX96);
}

/**
 * Returns the output of an exact-input swap that stays inside one initialized-tick interval (constant active
 * liquidity L), with contract rounding: fee = amountIn − floor(amountIn·(1e6 − feePips)/1e6), the next price from
 * `getNextSqrtPriceFromInput`, and the output from `getAmount{0,1}Delta(…, roundUp = false)` as `SwapMath.computeSwapStep`.
 * `zeroForOne` = token0 in, token1 out.
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
  const lessFee = (amountIn * BigInt(1_000_000 - feePips)) / 1_000_000n;
  const feeAmount = amountIn - lessFee;
  if (zeroForOne) {
    const numerator1 = liquidity << 96n;
    const next = mulDivRoundingUp(numerator1, sqrtPriceX96, numerator1 + lessFee * sqrtPriceX96);
    return {
      amountOut: getAmount1Delta(next, sqrtPriceX96, liquidity, false),
      feeAmount,
      sqrtPriceNextX96: next,
    };
  }
  const next = sqrtPriceX96 + (lessFee << 96n) / liquidity;
  return {
    amountOut: getAmount0Delta(sqrtPriceX96, next, liquidity, false),
    feeAmount,
    sqrtPriceNextX96: next,
  };
}
