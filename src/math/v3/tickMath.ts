/**
 * Port of Uniswap v3-core `TickMath`: sqrt price ↔ tick with the contract's magic constants, bit for bit.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/TickMath.sol
 */
import { InvalidInputError, SqrtPriceOutOfRangeError, TickOutOfRangeError } from "../../errors/math.js";
import { LN_1_0001 } from "../units.js";
import { MAX_SQRT_RATIO, MAX_TICK, MaxUint256, MIN_SQRT_RATIO, MIN_TICK } from "./constants.js";

export type GetSqrtRatioAtTickErrorType = TickOutOfRangeError | InvalidInputError;
export type GetTickAtSqrtRatioErrorType = SqrtPriceOutOfRangeError | InvalidInputError;

const Q32_MASK = (1n << 32n) - 1n;
const ONE_X128 = 1n << 128n;
const ODD_FACTOR = 0xfffcb933bd6fad37aa2d162d1a594001n;
/** `1 / sqrt(1.0001)^(2^i)` as Q128.128 for i = 1..19, in the contract's order. */
const FACTORS: readonly bigint[] = [
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
  0xe7159475a2c29b7443b29c7fa6e889d9n,
  0xd097f3bdfd2022b8845ad8f792aa5825n,
  0xa9f746462d870fdf8a65dc1f90e061e5n,
  0x70d869a156d2a1b890bb3df62baf32f7n,
  0x31be135f97d08fd981231505542fcfa6n,
  0x9aa508b5b7a84e1c677de54f3e99bc9n,
  0x5d6af8dedb81196699c329225ee604n,
  0x2216e584f5fa1ea926041bedfe98n,
  0x48a170391f7dc42444e8fa2n,
];

/**
 * Returns sqrt(1.0001^tick) as a Q64.96 (`sqrtPriceX96`), exactly as `TickMath.getSqrtRatioAtTick`.
 *
 * Formula: ratio = Π over the set bits i of |tick| of 1/√1.0001^(2^i) in Q128.128 (each product floored by
 * `>> 128`), inverted as `(2^256 − 1) / ratio` for a positive tick, then shifted to Q64.96 rounding up.
 * Throws TickOutOfRangeError (the contract's `'T'`) when |tick| > MAX_TICK.
 *
 * @example
 * import { TickMath } from "./tickMath.js";
 * TickMath.getSqrtRatioAtTick(0); // 79228162514264337593543950336n (2^96)
 * TickMath.getSqrtRatioAtTick(-887272); // 4295128739n
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/TickMath.sol (getSqrtRatioAtTick)
 */
function getSqrtRatioAtTick(tick: number): bigint {
  if (!Number.isInteger(tick))
    throw new InvalidInputError({ field: "tick", value: tick, expected: "an integer (int24)" });
  if (tick < MIN_TICK || tick > MAX_TICK)
    throw new TickOutOfRangeError({ field: "tick", tick, min: MIN_TICK, max: MAX_TICK });
  return sqrtRatioAtTickUnchecked(tick);
}

/**
 * LOW[m] = the contract's running `ratio` after the bits 0..9 of |tick| equal m, built once on first use.
 * Design note: the contract multiplies bit by bit from the lowest bit up, flooring after each product, so the
 * ratio after the ten lowest bits depends on those bits only; tabulating it (1024 entries) leaves at most ten
 * products per call and gives the identical value.
 */
let LOW: bigint[] | undefined;
const LOW_BITS = 10;

function lowTable(): bigint[] {
  const table: bigint[] = new Array(1 << LOW_BITS);
  for (let m = 0; m < 1 << LOW_BITS; m++) {
    let ratio = (m & 1) !== 0 ? ODD_FACTOR : ONE_X128;
    for (let k = 1; k < LOW_BITS; k++) if ((m & (1 << k)) !== 0) ratio = (ratio * FACTORS[k - 1]) >> 128n;
    table[m] = ratio;
  }
  return table;
}

/** getSqrtRatioAtTick for a tick already known to be an integer in range (internal hot path). */
export function sqrtRatioAtTickUnchecked(tick: number): bigint {
  const absTick = tick < 0 ? -tick : tick;
  if (LOW === undefined) LOW = lowTable();
  let ratio = LOW[absTick & ((1 << LOW_BITS) - 1)];
  let bits = absTick >>> LOW_BITS;
  for (let k = LOW_BITS - 1; bits !== 0; k++, bits >>>= 1) {
    if ((bits & 1) !== 0) ratio = (ratio * FACTORS[k]) >> 128n;
  }
  if (tick > 0) ratio = MaxUint256 / ratio;
  // uint160((ratio >> 32) + (ratio % (1 << 32) == 0 ? 0 : 1))
  return (ratio & Q32_MASK) === 0n ? ratio >> 32n : (ratio >> 32n) + 1n;
}

/** POW2[k] = 2^k for k = 0..256, to correct the float estimate of the most significant bit. */
const POW2: readonly bigint[] = Array.from({ length: 257 }, (_, k) => 1n << BigInt(k));
/** LOG_BITS[i] = 2^(63 − i), the bit of log_2 set by iteration i of the contract's loop. */
const LOG_BITS: readonly bigint[] = Array.from({ length: 14 }, (_, i) => 1n << BigInt(63 - i));
const LOG_SQRT10001 = 255738958999603826347141n;
const TICK_LOW_OFFSET = 3402992956809132418596140100660247210n;
const TICK_HI_OFFSET = 291339464771989622907027621153398088495n;

/**
 * Returns the index of the most significant set bit of `x` (> 0), as `BitMath.mostSignificantBit`.
 * A float64 estimate (Number rounds to nearest, so it can be one too high just below a power of two) corrected
 * with two exact comparisons against precomputed powers of two; no loop of shifts.
 */
function mostSignificantBit(x: bigint): number {
  let msb = Math.floor(Math.log2(Number(x)));
  if (POW2[msb] > x) msb--;
  else if (POW2[msb + 1] <= x) msb++;
  return msb;
}

/**
 * Returns the greatest tick whose sqrt price is ≤ `sqrtPriceX96`, exactly as `TickMath.getTickAtSqrtRatio`.
 *
 * Algorithm (the contract's): log2 of the Q128.128 ratio from its most significant bit plus 14 fractional bits by
 * repeated squaring, times log_√1.0001(2) = 255738958999603826347141 (Q128.128), then the two candidate ticks
 * from the contract's error bounds, resolved with one `getSqrtRatioAtTick`. Throws SqrtPriceOutOfRangeError (the
 * contract's `'R'`) unless MIN_SQRT_RATIO ≤ sqrtPriceX96 < MAX_SQRT_RATIO.
 *
 * Design notes: the msb is found from a float64 estimate plus exact correction rather than the contract's binary
 * search (same value: the bit length of the ratio minus one). For speed, the contract's three decisions (the 14
 * fractional log bits, the floors giving tickLow/tickHi, and the final `getSqrtRatioAtTick(tickHi) <= sqrtPriceX96`)
 * are first taken in float64 with error guards, falling back to the bigint transcription of the contract
 * (`tickAtSqrtRatioExact`) whenever a value lies within a guard of a tie; so the result is the contract's.
 *
 * @example
 * import { TickMath } from "./tickMath.js";
 * TickMath.getTickAtSqrtRatio(79228162514264337593543950336n); // 0
 * TickMath.getTickAtSqrtRatio(4295128739n); // -887272
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/TickMath.sol (getTickAtSqrtRatio)
 */
function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (typeof sqrtPriceX96 !== "bigint")
    throw new InvalidInputError({ field: "sqrtPriceX96", value: sqrtPriceX96, expected: "a uint160 bigint" });
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO)
    throw new SqrtPriceOutOfRangeError({ field: "sqrtPriceX96", sqrtPriceX96 });
  const tick = tickAtSqrtRatioFast(sqrtPriceX96);
  return tick === UNDECIDED ? tickAtSqrtRatioExact(sqrtPriceX96) : tick;
}

/** The contract's algorithm step for step on bigint (the reference; used whenever the fast path is unsure). */
export function tickAtSqrtRatioExact(sqrtPriceX96: bigint): number {
  const ratio = sqrtPriceX96 << 32n;
  const msb = mostSignificantBit(ratio);
  let r = msb >= 128 ? ratio >> BigInt(msb - 127) : ratio << BigInt(127 - msb);
  // log_2 = (msb - 128) << 64; the 14 fractional bits below are disjoint from it, so `|` is `+`.
  let log2 = BigInt(msb - 128) << 64n;
  for (let i = 0; i < 14; i++) {
    r = (r * r) >> 127n;
    // f = r >> 128 is 0 or 1 (r < 2^129)
    if (r >= ONE_X128) {
      log2 += LOG_BITS[i];
      r >>= 1n;
    }
  }
  const logSqrt10001 = log2 * LOG_SQRT10001; // Q128.128
  const tickLow = Number((logSqrt10001 - TICK_LOW_OFFSET) >> 128n);
  const tickHi = Number((logSqrt10001 + TICK_HI_OFFSET) >> 128n);
  if (tickLow === tickHi) return tickLow;
  return sqrtRatioAtTickUnchecked(tickHi) <= sqrtPriceX96 ? tickHi : tickLow;
}

const UNDECIDED = 0x7fffffff;
/** LOG_SQRT10001 · 2^50 / 2^128, TICK_LOW_OFFSET / 2^128 and TICK_HI_OFFSET / 2^128 as float64. */
const C_FLOAT = Number(LOG_SQRT10001) / 2 ** 78;
const K_LOW_FLOAT = Number(TICK_LOW_OFFSET) / 2 ** 128;
const K_HI_FLOAT = Number(TICK_HI_OFFSET) / 2 ** 128;
const LN_SQRT_10001 = LN_1_0001 / 2;

/**
 * The contract's algorithm with its intermediate decisions taken in float64 where they are far from a tie, or
 * UNDECIDED. Each guard is wider than the float error it covers, so a decided result equals the exact one:
 * - squaring loop: relative error ≤ 2^(i+1)·2^-53 ≤ 2^-38 after 14 squarings; a bit is decided when |u − 2| > 2^-30;
 * - tickLow/tickHi: |M·c ± k| < 2^21, absolute error < 2^-30; decided when the value is 10^-6 away from an integer;
 * - getSqrtRatioAtTick(tickHi) ≤ √P: the contract's ratio is within one unit of 2^96·1.0001^(tick/2) (relative
 *   ≤ 2.4·10^-10 at MIN_TICK), float exp within 10^-13; decided when the relative gap exceeds 10^-9.
 */
function tickAtSqrtRatioFast(sqrtPriceX96: bigint): number {
  const price = Number(sqrtPriceX96);
  let msb = Math.floor(Math.log2(price)) + 32; // msb of sqrtPriceX96 << 32
  const ratio = sqrtPriceX96 << 32n;
  if (POW2[msb] > ratio) msb--;
  else if (POW2[msb + 1] <= ratio) msb++;
  let u = price * 2 ** (32 - msb); // ratio / 2^msb in [1, 2), relative error ≤ 2^-53
  let f = 0;
  for (let i = 0; i < 14; i++) {
    u *= u;
    const gap = u - 2;
    if (gap > -9.3e-10 && gap < 9.3e-10) return UNDECIDED; // 2^-30
    f <<= 1;
    if (gap >= 0) {
      f |= 1;
      u *= 0.5;
    }
  }
  const x = ((msb - 128) * 16384 + f) * C_FLOAT;
  const low = x - K_LOW_FLOAT;
  const hi = x + K_HI_FLOAT;
  const tickLow = Math.floor(low);
  const tickHi = Math.floor(hi);
  if (low - tickLow < 1e-6 || tickLow + 1 - low < 1e-6 || hi - tickHi < 1e-6 || tickHi + 1 - hi < 1e-6)
    return UNDECIDED;
  if (tickLow === tickHi) return tickLow;
  const rel = price / (Math.exp(tickHi * LN_SQRT_10001) * 2 ** 96) - 1;
  if (rel > 1e-9) return tickHi;
  if (rel < -1e-9) return tickLow;
  return UNDECIDED;
}

/**
 * Port of `TickMath`: `getSqrtRatioAtTick(tick) → sqrtPriceX96` and its inverse `getTickAtSqrtRatio`.
 *
 * @see https://github.com/Uniswap/v3-core/blob/main/contracts/libraries/TickMath.sol
 */
export const TickMath = { getSqrtRatioAtTick, getTickAtSqrtRatio } as const;
