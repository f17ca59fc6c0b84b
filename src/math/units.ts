/**
 * Conversions between human units (prices in quote per base, decimal token amounts) and the pool's raw units
 * (ticks, `sqrtPriceX96`, integer token amounts), in the manner of viem's `parseUnits`/`formatUnits`.
 * This is the one place where raw and human units meet (STYLE.md B2).
 *
 * Orientation: a Uniswap pool prices token1 in token0 raw units as 1.0001^tick, so token1 per token0 in
 * human units is 1.0001^tick · 10^(decimals0 − decimals1). `baseToken` says which token is the base of the
 * human price: `0` gives token1 per token0, `1` gives token0 per token1. For the USDC(6)/WETH(18) pool
 * (token0 = USDC) with base WETH, price = 10^12 / 1.0001^tick (tick 201101 ≈ 1848 USDC per WETH).
 */

import { requireObject } from "../errors/guards.js";
import { InvalidInputError, SqrtPriceOutOfRangeError, TickOutOfRangeError } from "../errors/math.js";

/** Smallest tick of a Uniswap v3 pool (`TickMath.MIN_TICK`). */
const MIN_TICK = -887272;
/** Largest tick of a Uniswap v3 pool (`TickMath.MAX_TICK`). */
const MAX_TICK = 887272;
/** `TickMath.MIN_SQRT_RATIO`: the sqrt price at MIN_TICK. */
const MIN_SQRT_RATIO = 4295128739n;
/** `TickMath.MAX_SQRT_RATIO`: the sqrt price at MAX_TICK. */
const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
const Q96 = 2 ** 96;

/** Which token of the pool is the base of a human price: 0 (token0) or 1 (token1). */
export type BaseToken = 0 | 1;

/** Token decimals and price orientation shared by the tick/price conversions. */
export type PriceOrientation = {
  /** Decimals of token0 (integer 0..255). */
  decimals0: number;
  /** Decimals of token1 (integer 0..255). */
  decimals1: number;
  /** 0: price is token1 per token0; 1: price is token0 per token1. */
  baseToken: BaseToken;
};

export type TickToPriceParameters = PriceOrientation & { tick: number };
export type TickToPriceReturnType = number;
export type TickToPriceErrorType = InvalidInputError | TickOutOfRangeError;

export type PriceToTickParameters = PriceOrientation & {
  /** Human price, quote per base. */
  price: number;
  /** When given, returns the nearest usable tick (a multiple of the spacing inside the tick range). */
  tickSpacing?: number;
};
export type PriceToTickReturnType = number;
export type PriceToTickErrorType = InvalidInputError;

export type SqrtPriceX96ToPriceParameters = PriceOrientation & { sqrtPriceX96: bigint };
export type SqrtPriceX96ToPriceReturnType = number;
export type SqrtPriceX96ToPriceErrorType = InvalidInputError | SqrtPriceOutOfRangeError;

export type PriceToSqrtPriceX96Parameters = PriceOrientation & { price: number };
export type PriceToSqrtPriceX96ReturnType = bigint;
export type PriceToSqrtPriceX96ErrorType = InvalidInputError;

function checkOrientation({ decimals0, decimals1, baseToken }: PriceOrientation): void {
  for (const [field, d] of [
    ["decimals0", decimals0],
    ["decimals1", decimals1],
  ] as const)
    if (!(Number.isInteger(d) && d >= 0 && d <= 255))
      throw new InvalidInputError({ field, value: d, expected: "an integer in [0, 255]" });
  if (baseToken !== 0 && baseToken !== 1)
    throw new InvalidInputError({ field: "baseToken", value: baseToken, expected: "0 or 1" });
}

function checkDecimals(decimals: number): void {
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= 255))
    throw new InvalidInputError({ field: "decimals", value: decimals, expected: "an integer in [0, 255]" });
}

/** Returns x · 10^k with 10^|k| parsed exactly (correctly rounded), so small k scale without error. */
function scaleByPowerOf10(x: number, k: number): number {
  if (k === 0) return x;
  const p = Number(`1e${Math.abs(k)}`);
  return k > 0 ? x * p : x / p;
}

/**
 * ln(1.0001) as a double-double: `LN_1_0001` is the float64 nearest to the exact value (equal to
 * `Math.log1p(1e-4)`, unlike `Math.log(1.0001)`, which is the log of the rounded 1.0001 and off by ~1.1e-12
 * relative) and `LN_1_0001_LO` the rest, so `LN_1_0001 + LN_1_0001_LO` is ln(1.0001) to ~1e-37 relative.
 * Computed as 2·atanh(1/20001) in exact integer arithmetic (the test recomputes it).
 */
export const LN_1_0001 = 0.00009999500033330834;
/** The low part of ln(1.0001) as a double-double (see `LN_1_0001`). */
export const LN_1_0001_LO = -4.154282797748557e-21;

// Double-double arithmetic (Dekker 1971, Knuth TAOCP 4.2.2): a value is hi + lo with |lo| <= ulp(hi)/2.
// Module-level scratch keeps the helpers allocation-free; everything here is synchronous and pure. A Float64Array,
// not two `let`s: a module-level `let` holding a double is boxed (a new heap number) on every store in V8.
const DD = new Float64Array(2);
const SPLITTER = 134217729; // 2^27 + 1

/** Sets (DD[0], DD[1]) = (ah + al) · (bh + bl), relative error ~2^-104. Needs |a|, |b| < 2^996. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  let c = SPLITTER * ah;
  const ahh = c - (c - ah);
  const ahl = ah - ahh;
  c = SPLITTER * bh;
  const bhh = c - (c - bh);
  const bhl = bh - bhh;
  const e = ahh * bhh - p + ahh * bhl + ahl * bhh + ahl * bhl + (ah * bl + al * bh);
  DD[0] = p + e;
  DD[1] = e - (DD[0] - p);
}

/** Sets (DD[0], DD[1]) = (ah + al) / b for a double b ≠ 0, relative error ~2^-104. */
function ddDivDouble(ah: number, al: number, b: number): void {
  const q1 = ah / b;
  // r = a − q1·b, exactly enough: q1·b as an exact two-product.
  const p = q1 * b;
  let c = SPLITTER * q1;
  const qh = c - (c - q1);
  const ql = q1 - qh;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  const pe = qh * bh - p + qh * bl + ql * bh + ql * bl;
  const q2 = (ah - p - pe + al) / b;
  DD[0] = q1 + q2;
  DD[1] = q2 - (DD[0] - q1);
}

/** |tick| = hi·2^10 + lo with lo < 2^10 and hi <= ⌊MAX_TICK / 2^10⌋ = 866. */
const LO_BITS = 10;
const LO_SIZE = 1 << LO_BITS;
const HI_SIZE = (MAX_TICK >> LO_BITS) + 1;
/** 1.0001^lo (lo < 2^10) and 1.0001^(hi·2^10) (hi <= 866) as double-doubles, from the exact 10001/10000. */
const LO_HI = new Float64Array(LO_SIZE);
const LO_LO = new Float64Array(LO_SIZE);
const HI_HI = new Float64Array(HI_SIZE);
const HI_LO = new Float64Array(HI_SIZE);
{
  // 10001/10000 = bh + bl: bh = fl(1.0001), bl = (10001 − 10000·bh)/10000 with 10000·bh an exact two-product.
  const bh = 1.0001;
  const p = 10000 * bh;
  let c = SPLITTER * bh;
  const hh = c - (c - bh);
  const hl = bh - hh;
  c = SPLITTER * 10000;
  const th = c - (c - 10000);
  const tl = 10000 - th;
  const pe = hh * th - p + hh * tl + hl * th + hl * tl;
  const bl = (10001 - p - pe) / 10000;
  // Successive products: each adds ~2^-104 relative, so after 1,890 steps the tables are within ~1e-28.
  LO_HI[0] = 1;
  for (let i = 1; i < LO_SIZE; i++) {
    ddMul(LO_HI[i - 1], LO_LO[i - 1], bh, bl);
    LO_HI[i] = DD[0];
    LO_LO[i] = DD[1];
  }
  ddMul(LO_HI[LO_SIZE - 1], LO_LO[LO_SIZE - 1], bh, bl); // 1.0001^1024
  const sh = DD[0];
  const sl = DD[1];
  HI_HI[0] = 1;
  for (let j = 1; j < HI_SIZE; j++) {
    ddMul(HI_HI[j - 1], HI_LO[j - 1], sh, sl);
    HI_HI[j] = DD[0];
    HI_LO[j] = DD[1];
  }
}

/** Sets (DD[0], DD[1]) = 1.0001^|tick| (|tick| <= MAX_TICK): one double-double product of two table entries. */
function ddPow10001(absTick: number): void {
  const hi = absTick >> LO_BITS;
  const lo = absTick & (LO_SIZE - 1);
  ddMul(HI_HI[hi], HI_LO[hi], LO_HI[lo], LO_LO[lo]);
}

/** Largest k for which 10^k is exact in float64. */
const EXACT_POW10 = 22;

/**
 * Returns 1.0001^e · 10^k rounded to float64 for an integer |e| < 2^20: the power as a double-double, the
 * inverse (e < 0) and the scale by 10^k (|k| <= 22, exact) in double-double, then one rounding, so the result is
 * within 0.5 ulp + 1e-26 relative of the exact value. For |k| > 22 a second rounding by the correctly rounded
 * 10^k adds at most 1 ulp.
 */
function scaledPow10001(e: number, k: number): number {
  ddPow10001(e < 0 ? -e : e);
  if (e < 0) {
    // 1/x: q1 = 1/xh, then one Newton correction q2 = (1 − q1·x)·q1 in double-double.
    const xh = DD[0];
    const xl = DD[1];
    const q1 = 1 / xh;
    ddMul(q1, 0, xh, xl); // q1·x ≈ 1
    const r = 1 - DD[0] - DD[1]; // 1 − q1·x, exact to ~2^-104 (1 − DD[0] is exact by Sterbenz)
    const q2 = r * q1;
    DD[0] = q1 + q2;
    DD[1] = q2 - (DD[0] - q1);
  }
  const ak = k < 0 ? -k : k;
  if (k === 0) return DD[0] + DD[1];
  if (ak <= EXACT_POW10) {
    const p = POW10_EXACT[ak];
    if (k > 0) ddMul(DD[0], DD[1], p, 0);
    else ddDivDouble(DD[0], DD[1], p);
    return DD[0] + DD[1];
  }
  return scaleByPowerOf10(DD[0] + DD[1], k);
}

const POW10_EXACT = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/** Human price of `tick` for a validated orientation (no checks), within ~0.5 ulp of the exact value. */
function priceAtTick(tick: number, o: PriceOrientation): number {
  return o.baseToken === 0
    ? scaledPow10001(tick, o.decimals0 - o.decimals1)
    : scaledPow10001(-tick, o.decimals1 - o.decimals0);
}

/**
 * Returns the human price (quote per base) at a pool tick.
 *
 * Formula: token1 per token0 = 1.0001^tick · 10^(decimals0 − decimals1); with `baseToken: 1` its inverse,
 * 1.0001^−tick · 10^(decimals1 − decimals0). The power of the exact 10001/10000 is one double-double product of
 * two tabled powers (1.0001^lo, 1.0001^(hi·1024), built once in double-double arithmetic), then rounded once: within 0.5 ulp (1.1e-16 relative) of the exact rational value
 * when |decimals0 − decimals1| <= 22, within 1.5 ulp otherwise (tested against exact BigInt powers). The result is
 * correctly rounded at tick 0 (10^(decimals0 − decimals1)).
 *
 * @example
 * import { tickToPrice } from "./units.js";
 * tickToPrice({ tick: 201101, decimals0: 6, decimals1: 18, baseToken: 1 }); // ≈ 1848.12 (USDC per WETH)
 * @see https://github.com/Uniswap/v3-sdk/blob/main/src/utils/priceTickConversions.ts
 * @throws {TickOutOfRangeError} when `tick` is outside [MIN_TICK, MAX_TICK]; {InvalidInputError} for a
 *   non-integer tick, bad decimals or `baseToken`, or a price that overflows float64.
 */
export function tickToPrice(parameters: TickToPriceParameters): number {
  requireObject(parameters, "options");
  const { tick } = parameters;
  checkOrientation(parameters);
  if (!Number.isInteger(tick))
    throw new InvalidInputError({ field: "tick", value: tick, expected: "an integer" });
  if (tick < MIN_TICK || tick > MAX_TICK)
    throw new TickOutOfRangeError({ field: "tick", tick, min: MIN_TICK, max: MAX_TICK });
  const price = priceAtTick(tick, parameters);
  if (!(price > 0 && price < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({
      field: "decimals1",
      value: parameters.decimals1,
      expected: `decimals for which the price at tick ${tick} is a finite float64 > 0`,
    });
  return price;
}

/**
 * Returns the pool tick at which a human price sits: the largest tick t whose raw price 1.0001^t (token1 per
 * token0) is ≤ the given price's raw price, i.e. the tick the pool reports at that price (floor). With
 * `tickSpacing`, returns instead the nearest usable tick to that floor tick (a multiple of the spacing,
 * clamped inside [MIN_TICK, MAX_TICK]), as v3-sdk's `nearestUsableTick`.
 *
 * Formula: t = ⌊log(raw)/log(1.0001)⌋, then corrected by comparing with `tickToPrice`, so
 * `priceToTick(tickToPrice(t)) === t` for every tick.
 *
 * @example
 * import { priceToTick } from "./units.js";
 * priceToTick({ price: 1850, decimals0: 6, decimals1: 18, baseToken: 1 }); // 201090
 * priceToTick({ price: 1850, decimals0: 6, decimals1: 18, baseToken: 1, tickSpacing: 60 }); // 201120
 * @see https://github.com/Uniswap/v3-sdk/blob/main/src/utils/priceTickConversions.ts
 * @throws {InvalidInputError} when `price` is not finite > 0 or outside the prices of [MIN_TICK, MAX_TICK],
 *   `tickSpacing` is not a positive integer, or decimals/`baseToken` are bad.
 */
export function priceToTick(parameters: PriceToTickParameters): number {
  requireObject(parameters, "options");
  const { price, tickSpacing } = parameters;
  checkOrientation(parameters);
  if (!(price > 0 && price < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({ field: "price", value: price, expected: "a finite number > 0" });
  if (
    tickSpacing !== undefined &&
    !(Number.isInteger(tickSpacing) && tickSpacing > 0 && tickSpacing <= MAX_TICK)
  )
    throw new InvalidInputError({ field: "tickSpacing", value: tickSpacing, expected: "a positive integer" });
  const up = parameters.baseToken === 0; // human price increases with the tick
  const pMin = priceAtTick(MIN_TICK, parameters);
  const pMax = priceAtTick(MAX_TICK, parameters);
  const lo = up ? pMin : pMax;
  const hi = up ? pMax : pMin;
  if (!(price >= lo && price <= hi))
    throw new InvalidInputError({ field: "price", value: price, expected: `a price in [${lo}, ${hi}]` });
  const human1per0 = up ? price : 1 / price;
  const raw = scaleByPowerOf10(human1per0, parameters.decimals1 - parameters.decimals0);
  let t = Math.floor(Math.log(raw) / LN_1_0001);
  if (!Number.isFinite(t)) t = up ? MIN_TICK : MAX_TICK;
  t = Math.min(MAX_TICK, Math.max(MIN_TICK, t));
  // "at or below" in raw terms: price(t) <= price when base is token0, price(t) >= price when base is token1.
  const atOrBelow = (tick: number) =>
    up ? priceAtTick(tick, parameters) <= price : priceAtTick(tick, parameters) >= price;
  while (t > MIN_TICK && !atOrBelow(t)) t--;
  while (t < MAX_TICK && atOrBelow(t + 1)) t++;
  if (tickSpacing === undefined) return t;
  const rounded = Math.round(t / tickSpacing) * tickSpacing;
  if (rounded < MIN_TICK) return rounded + tickSpacing;
  if (rounded > MAX_TICK) return rounded - tickSpacing;
  return rounded + 0; // normalise −0
}

/**
 * Returns the human price (quote per base) of a pool's `sqrtPriceX96`.
 *
 * Formula: token1 per token0 = (sqrtPriceX96 / 2^96)² · 10^(decimals0 − decimals1); inverted for
 * `baseToken: 1`. Float64, relative error ~1e-15.
 *
 * @example
 * import { sqrtPriceX96ToPrice } from "./units.js";
 * sqrtPriceX96ToPrice({ sqrtPriceX96: 2n ** 96n, decimals0: 18, decimals1: 18, baseToken: 0 }); // 1
 * @see https://docs.uniswap.org/contracts/v3/reference/core/libraries/TickMath
 * @throws {SqrtPriceOutOfRangeError} outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO]; {InvalidInputError} for bad
 *   decimals/`baseToken` or a price that overflows float64.
 */
export function sqrtPriceX96ToPrice(parameters: SqrtPriceX96ToPriceParameters): number {
  requireObject(parameters, "options");
  const { sqrtPriceX96 } = parameters;
  checkOrientation(parameters);
  if (typeof sqrtPriceX96 !== "bigint" || sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 > MAX_SQRT_RATIO)
    throw new SqrtPriceOutOfRangeError({ field: "sqrtPriceX96", sqrtPriceX96 });
  const s = Number(sqrtPriceX96) / Q96;
  const raw = s * s;
  const price =
    parameters.baseToken === 0
      ? scaleByPowerOf10(raw, parameters.decimals0 - parameters.decimals1)
      : scaleByPowerOf10(1 / raw, parameters.decimals1 - parameters.decimals0);
  if (!(price > 0 && price < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({
      field: "decimals1",
      value: parameters.decimals1,
      expected: "decimals for which the price is a finite float64 > 0",
    });
  return price;
}

/** Returns the exact fraction num/den (den a power of two) equal to a finite float x > 0. */
function floatToFraction(x: number): { num: bigint; den: bigint } {
  let e = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    e++;
  }
  return { num: BigInt(x), den: 1n << BigInt(e) };
}

/** Returns ⌊√n⌋ for a bigint n ≥ 0 (Newton's method). */
function sqrtFloor(n: bigint): bigint {
  if (n < 2n) return n;
  // A float guess where n fits a float64, else a power of two above √n (n < 2^bits, so √n < 2^(bits/2 + 1)).
  const f = Number(n);
  let x = Number.isFinite(f)
    ? BigInt(Math.floor(Math.sqrt(f))) + 1n
    : 1n << BigInt((n.toString(2).length >> 1) + 1);
  // The float guess may fall below √n; one Newton step from any x > 0 lands at or above ⌊√n⌋ (AM–GM), after
  // which the iteration decreases monotonically to ⌊√n⌋.
  x = (x + n / x) >> 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/**
 * Returns the `sqrtPriceX96` of a human price (quote per base), exactly: ⌊√(raw) · 2^96⌋ where raw, the
 * token1-per-token0 price in raw units, is the float `price` taken as an exact binary fraction times
 * 10^(decimals1 − decimals0) (inverted first for `baseToken: 1`). The same rounding as v3-sdk's
 * `encodeSqrtRatioX96(amount1, amount0)`.
 *
 * @example
 * import { priceToSqrtPriceX96 } from "./units.js";
 * priceToSqrtPriceX96({ price: 1, decimals0: 18, decimals1: 18, baseToken: 0 }); // 79228162514264337593543950336n
 * @see https://github.com/Uniswap/v3-sdk/blob/main/src/utils/encodeSqrtRatioX96.ts
 * @throws {InvalidInputError} when `price` is not finite > 0 or its sqrt price falls outside
 *   [MIN_SQRT_RATIO, MAX_SQRT_RATIO], or decimals/`baseToken` are bad.
 */
export function priceToSqrtPriceX96(parameters: PriceToSqrtPriceX96Parameters): bigint {
  requireObject(parameters, "options");
  const { price, decimals0, decimals1, baseToken } = parameters;
  checkOrientation(parameters);
  if (!(price > 0 && price < Number.POSITIVE_INFINITY))
    throw new InvalidInputError({ field: "price", value: price, expected: "a finite number > 0" });
  const f = floatToFraction(price);
  let num = baseToken === 0 ? f.num : f.den;
  let den = baseToken === 0 ? f.den : f.num;
  const k = decimals1 - decimals0;
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  const sqrtPriceX96 = sqrtFloor((num << 192n) / den);
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 > MAX_SQRT_RATIO)
    throw new InvalidInputError({
      field: "price",
      value: price,
      expected: "a price whose sqrtPriceX96 lies in [MIN_SQRT_RATIO, MAX_SQRT_RATIO]",
    });
  return sqrtPriceX96;
}

/**
 * Returns the raw integer amount (smallest unit) of a decimal string amount, exactly.
 *
 * Formula: "123.45" with 6 decimals → 123450000n. Accepts an optional sign, digits and one decimal point;
 * no exponent, no separators. Fractional digits beyond `decimals` must be zeros (no silent rounding).
 *
 * @example
 * import { parseUnits } from "./units.js";
 * parseUnits("1.5", 18); // 1500000000000000000n
 * @see https://viem.sh/docs/utilities/parseUnits
 * @throws {InvalidInputError} for a malformed string, bad `decimals`, or more significant fractional digits
 *   than `decimals`.
 */
export function parseUnits(value: string, decimals: number): bigint {
  checkDecimals(decimals);
  const m = typeof value === "string" ? /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(value.trim()) : null;
  if (!m || (m[2] === "" && (m[3] ?? "") === ""))
    throw new InvalidInputError({ field: "value", value, expected: "a decimal number like 123.45" });
  const [, sign, whole, fracRaw = ""] = m;
  const frac = fracRaw.replace(/0+$/, "");
  if (frac.length > decimals)
    throw new InvalidInputError({ field: "value", value, expected: `at most ${decimals} fractional digits` });
  const digits = `${whole}${frac.padEnd(decimals, "0")}`.replace(/^0+(?=\d)/, "") || "0";
  const amount = BigInt(digits);
  return sign === "-" ? -amount : amount;
}

/**
 * Returns the decimal string of a raw integer amount, exactly, with trailing fractional zeros removed.
 *
 * Formula: 123450000n with 6 decimals → "123.45".
 *
 * @example
 * import { formatUnits } from "./units.js";
 * formatUnits(1500000000000000000n, 18); // "1.5"
 * @see https://viem.sh/docs/utilities/formatUnits
 * @throws {InvalidInputError} for bad `decimals` or a non-bigint value.
 */
export function formatUnits(value: bigint, decimals: number): string {
  checkDecimals(decimals);
  if (typeof value !== "bigint") throw new InvalidInputError({ field: "value", value, expected: "a bigint" });
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/**
 * Returns √(1.0001^tick), the raw sqrt price (token1 per token0 in raw units, unscaled by 2^96) at an integer
 * `tick` in [MIN_TICK, MAX_TICK], within 1 ulp: the square root of the tabled double-double power `tickToPrice`
 * uses. No checks (the engine's per-tick path); callers pass ticks of a validated pool series or position.
 *
 * @example
 * sqrtRawPriceAtTick(0); // 1
 */
export function sqrtRawPriceAtTick(tick: number): number {
  return Math.sqrt(scaledPow10001(tick, 0));
}

/**
 * Returns the human price (quote per base) at an integer `tick` in [MIN_TICK, MAX_TICK] for an orientation already
 * checked by the caller: the same arithmetic and rounding as `tickToPrice`, without its checks (hot paths).
 */
export function tickToPriceUnchecked(tick: number, orientation: PriceOrientation): number {
  return priceAtTick(tick, orientation);
}

/** A pool's decimals, base token and tick spacing (the fields of `PoolMeta` the conversions need). */
export type PoolTickMeta = {
  token0: { decimals: number };
  token1: { decimals: number };
  baseToken: BaseToken;
  tickSpacing: number;
};

/** The tick ↔ price helpers of one pool (see `poolTickHelpers`). */
export type PoolTickHelpers = {
  /** Human price at a tick: `tickToPrice`'s value for an integer tick in range, else e^(ln c ± tick·ln 1.0001). */
  priceAtTick(tick: number): number;
  /** The fractional tick at a human price: ±(ln P − ln c) / ln(1.0001). */
  rawTick(price: number): number;
  /** The usable tick (multiple of the spacing, clamped to the usable range) nearest to a price. */
  tickAtPrice(price: number): number;
  /** The narrowest usable [lower, upper) (upper > lower) covering two prices. */
  ticksForPriceRange(priceA: number, priceB: number): [number, number];
  /** The widest usable ticks of the pool. */
  fullRangeTicks(): [number, number];
};

/**
 * Returns the tick ↔ price helpers of a pool, shared by the engine's strategy context and the keeper, so both
 * price and place ranges with the same arithmetic. Prices use `tickToPrice`'s rounding (within 0.5 ulp) and ticks
 * ln(1.0001) to the nearest float64 (`LN_1_0001`). No checks on prices (callers check their inputs).
 *
 * @example
 * const h = poolTickHelpers({ token0: { decimals: 6 }, token1: { decimals: 18 }, baseToken: 1, tickSpacing: 10 });
 * h.tickAtPrice(1850); // 201090
 */
export function poolTickHelpers(meta: PoolTickMeta): PoolTickHelpers {
  requireObject(meta, "meta");
  requireObject(meta.token0, "meta.token0");
  requireObject(meta.token1, "meta.token1");
  const orientation: PriceOrientation = {
    decimals0: meta.token0.decimals,
    decimals1: meta.token1.decimals,
    baseToken: meta.baseToken,
  };
  checkOrientation(orientation);
  const spacing = meta.tickSpacing;
  if (!(Number.isInteger(spacing) && spacing > 0 && spacing <= MAX_TICK))
    throw new InvalidInputError({ field: "tickSpacing", value: spacing, expected: "a positive integer" });
  const baseIs1 = meta.baseToken === 1;
  const logScale = baseIs1
    ? (meta.token1.decimals - meta.token0.decimals) * Math.LN10
    : (meta.token0.decimals - meta.token1.decimals) * Math.LN10;
  // ln P = logScale ∓ tick·ln(1.0001)
  const tickSign = baseIs1 ? -1 : 1;
  const minUsable = Math.ceil(MIN_TICK / spacing) * spacing;
  const maxUsable = Math.floor(MAX_TICK / spacing) * spacing;
  const rawTick = (price: number): number => (tickSign * (Math.log(price) - logScale)) / LN_1_0001;
  // `+ 0` turns a −0 (Math.round of a small negative) into 0.
  const clampTick = (t: number): number => (t < minUsable ? minUsable : t > maxUsable ? maxUsable : t) + 0;
  return {
    priceAtTick: (tick: number): number =>
      Number.isInteger(tick) && tick >= MIN_TICK && tick <= MAX_TICK
        ? priceAtTick(tick, orientation)
        : Math.exp(logScale + tickSign * tick * LN_1_0001),
    rawTick,
    tickAtPrice: (price: number): number => clampTick(Math.round(rawTick(price) / spacing) * spacing),
    ticksForPriceRange(priceA: number, priceB: number): [number, number] {
      const a = rawTick(priceA);
      const b = rawTick(priceB);
      let lo = clampTick(Math.floor(Math.min(a, b) / spacing) * spacing);
      let hi = clampTick(Math.ceil(Math.max(a, b) / spacing) * spacing);
      if (hi <= lo) {
        if (lo + spacing <= maxUsable) hi = lo + spacing;
        else lo = hi - spacing;
      }
      return [lo, hi];
    },
    fullRangeTicks: (): [number, number] => [minUsable, maxUsable],
  };
}
