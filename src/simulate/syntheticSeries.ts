import { InvalidInputError } from "../errors/math.js";
import { LN_1_0001 } from "../math/units.js";
import { MAX_TICK, MIN_TICK } from "../math/v3/constants.js";
import { expBits } from "../sim/exp.js";
import type { Rng } from "../sim/rng.js";
import type { PoolMeta, PoolSeries } from "../types/series.js";

export type CreateSyntheticPoolSeriesParameters = {
  meta: PoolMeta;
  /** Number of rows: steps + 1 (row 0 is the start price). */
  rows: number;
  /** Time between rows, ms. */
  stepMs: number;
  /** Time of row 0, ms (default 2024-01-01T00:00Z; only relative times matter to the engine). */
  startTime?: number;
  /** Constant active liquidity L of the pool (raw v3 units). */
  liquidity: number;
  /** Noise-trader volume per row in quote units (before the lognormal factor); row 0 has none. */
  volumeQuotePerStep: number;
  /** Lognormal dispersion σ of the per-row volume: × exp(σZ − σ²/2), so the mean is kept. 0 = deterministic. */
  volumeSigma: number;
  /** Low/high tick of a row: the close, or the min/max of the previous and this close. */
  lowHigh: "close" | "endpoints";
};

export type CreateSyntheticPoolSeriesReturnType = {
  /** The series; its columns are overwritten by every `fill`. */
  series: PoolSeries;
  /**
   * Writes the rows of price path `prices` (quote per base, length = rows) into the series, then draws the volume
   * factors from `rng` (after the path, which the caller drew from the same rng). `logs`, when given, is the path's
   * running log sum from `PathModel.fillPathLog` (within its documented error of ln prices[i]): the ticks then come
   * from it instead of a logarithm per row, and are the same.
   */
  fill(prices: Float64Array, rng: Rng, logs?: Float64Array): void;
};

/**
 * Returns a reusable synthetic Uniswap v3 minute series for simulated price paths: closeTick = the pool tick of
 * each path price (`priceToTick`'s rule in float arithmetic, the inverse of the pool's price convention, e.g. price = 10^12 / 1.0001^tick for
 * USDC(6)/WETH(18) with base WETH), low/high = close (or the step's end points), constant active liquidity L, and
 * per row a noise volume V_i = volumeQuotePerStep · exp(σZ_i − σ²/2), half swapped in each token:
 * inAmount_quote = V_i/2 · 10^dec_quote, inAmount_base = V_i/2 / P_i · 10^dec_base (raw units).
 *
 * The engine then pays a position in range inAmount_k · fee · L_pos / (L + L_pos) (see engine/poolVenueModel).
 *
 * @see https://uniswap.org/whitepaper-v3.pdf (§6.1, price = 1.0001^tick)
 * @throws {InvalidInputError} for rows < 1, stepMs ≤ 0, liquidity ≤ 0, negative volume or σ, or a price the pool
 *   cannot represent (from priceToTick).
 */
export function createSyntheticPoolSeries(
  parameters: CreateSyntheticPoolSeriesParameters,
): CreateSyntheticPoolSeriesReturnType {
  const { meta, rows: n, stepMs, liquidity, volumeQuotePerStep, volumeSigma, lowHigh } = parameters;
  if (!(Number.isInteger(n) && n >= 1))
    throw new InvalidInputError({ field: "rows", value: n, expected: "an integer >= 1" });
  if (!(stepMs > 0 && Number.isFinite(stepMs)))
    throw new InvalidInputError({ field: "stepMs", value: stepMs, expected: "a finite number > 0" });
  if (!(liquidity > 0 && Number.isFinite(liquidity)))
    throw new InvalidInputError({ field: "liquidity", value: liquidity, expected: "a finite number > 0" });
  if (!(volumeQuotePerStep >= 0 && Number.isFinite(volumeQuotePerStep)))
    throw new InvalidInputError({
      field: "volumeQuotePerStep",
      value: volumeQuotePerStep,
      expected: "a finite number >= 0",
    });
  if (!(volumeSigma >= 0 && Number.isFinite(volumeSigma)))
    throw new InvalidInputError({
      field: "volumeSigma",
      value: volumeSigma,
      expected: "a finite number >= 0",
    });
  const t0 = parameters.startTime ?? 1_704_067_200_000;
  const close = new Int32Array(n);
  const low = lowHigh === "close" ? close : new Int32Array(n);
  const high = lowHigh === "close" ? close : new Int32Array(n);
  const in0 = new Float64Array(n);
  const in1 = new Float64Array(n);
  const series: PoolSeries = {
    meta,
    length: n,
    time: Float64Array.from({ length: n }, (_, i) => t0 + i * stepMs),
    openTick: close,
    highTick: high,
    lowTick: low,
    closeTick: close,
    netAmount0: new Float64Array(n),
    netAmount1: new Float64Array(n),
    inAmount0: in0,
    inAmount1: in1,
    liquidity: new Float64Array(n).fill(liquidity),
    gaps: [],
  };
  // Price → tick: priceToTick's rule in float arithmetic (`exactTick`), computed with `approxLn` in `fill`.
  const sign = meta.baseToken === 0 ? 1 : -1;
  const lnScale = (meta.token1.decimals - meta.token0.decimals) * Math.LN10;
  const badPrice = (price: number): InvalidInputError =>
    price > 0 && price < Number.POSITIVE_INFINITY
      ? new InvalidInputError({ field: "prices", value: price, expected: "prices the pool can represent" })
      : new InvalidInputError({ field: "prices", value: price, expected: "finite prices > 0" });
  const baseScale = 10 ** (meta.baseToken === 1 ? meta.token1.decimals : meta.token0.decimals);
  const quoteScale = 10 ** (meta.baseToken === 1 ? meta.token0.decimals : meta.token1.decimals);
  const inBase = meta.baseToken === 1 ? in1 : in0;
  const inQuote = meta.baseToken === 1 ? in0 : in1;
  const noisy = volumeSigma > 0 && volumeQuotePerStep > 0;
  const z = new Float64Array(noisy ? Math.max(0, n - 1) : 0);
  const drift = -0.5 * volumeSigma * volumeSigma;
  const endpoints = lowHigh === "endpoints";
  // Rows up to which a `fillPathLog` sum is within TICK_MARGIN / 2 of ln P: its error grows by at most
  // 3.4e-16 + |ln P| · 1.2e-16 per row (pathModel.ts), and |ln P| ≤ LN_RAW_MAX + |lnScale| on a row the pool can
  // represent (a row outside throws; the tick loop gates |lnRaw| ≤ LN_RAW_MAX before trusting the sum).
  const logRowsMax =
    Math.floor((0.5 * TICK_MARGIN) / (3.4e-16 + (LN_RAW_MAX + Math.abs(lnScale)) * 1.2e-16)) - 1;
  // The tick pass from a path's log sum: the fast tick of `fill` with the sum in place of approxLn, kept when lnRaw
  // is TICK_MARGIN (≫ the sum's error, see logRowsMax) inside its tick, else exactTick. One load and a multiply per
  // row instead of approxLn's table reads (~5 ns a row).
  const logTicks = (prices: Float64Array, logs: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const price = prices[i];
      if (!(price > 0 && price < Number.POSITIVE_INFINITY)) throw badPrice(price);
      const approx = sign * logs[i] + lnScale;
      let t = Math.floor(approx * INV_LN_STEP);
      if (
        !(
          approx - t * LN_1_0001 > TICK_MARGIN &&
          (t + 1) * LN_1_0001 - approx > TICK_MARGIN &&
          approx < LN_RAW_MAX &&
          approx > -LN_RAW_MAX
        )
      )
        t = exactTick(price, sign, lnScale);
      if (!(t >= MIN_TICK && t <= MAX_TICK)) throw badPrice(price);
      close[i] = t;
    }
  };
  return {
    series,
    fill(prices, rng, logs) {
      if (prices.length !== n)
        throw new InvalidInputError({ field: "prices.length", value: prices.length, expected: `${n}` });
      if (logs !== undefined && logs.length !== n)
        throw new InvalidInputError({ field: "logs.length", value: logs.length, expected: `${n}` });
      if (logs !== undefined && n <= logRowsMax) logTicks(prices, logs);
      else {
        // Three passes (ticks, end points, volumes), not one: a loop calling Math.exp (a C call, every XMM register
        // caller-saved) spills the tick pass's doubles around each call; measured 1.4× slower merged.
        for (let i = 0; i < n; i++) {
          const price = prices[i];
          // !(x > 0 && x < ∞) also catches NaN; the tick range check below catches the rest
          if (!(price > 0 && price < Number.POSITIVE_INFINITY)) throw badPrice(price);
          // The tick from approxLn, kept when lnRaw is more than TICK_MARGIN (≫ approxLn's error) inside
          // (t · ln 1.0001, (t + 1) · ln 1.0001): the Math.log rule (`exactTick`) must give the same tick there. Else
          // (about 1 row in 5·10^4, or a subnormal price) exactTick.
          let t: number;
          if (LITTLE_ENDIAN && price >= MIN_NORMAL) {
            const approx = sign * approxLn(price) + lnScale;
            // × 1/ln 1.0001 instead of a division: any guess is checked against the boundaries
            t = Math.floor(approx * INV_LN_STEP);
            if (!(approx - t * LN_1_0001 > TICK_MARGIN && (t + 1) * LN_1_0001 - approx > TICK_MARGIN))
              t = exactTick(price, sign, lnScale);
          } else t = exactTick(price, sign, lnScale);
          if (!(t >= MIN_TICK && t <= MAX_TICK)) throw badPrice(price);
          close[i] = t;
        }
      }
      if (endpoints) {
        low[0] = close[0];
        high[0] = close[0];
        for (let i = 1; i < n; i++) {
          const a = close[i - 1];
          const b = close[i];
          low[i] = a < b ? a : b;
          high[i] = a < b ? b : a;
        }
      }
      // the volume normals: the rng's next draws after the path
      const half = 0.5 * volumeQuotePerStep;
      if (noisy) {
        rng.fillNormal(z);
        // expBits: Math.exp's bits without its range branches, which a normal exponent of either sign mispredicts
        for (let i = 1; i < n; i++) {
          const v = half * expBits(drift + volumeSigma * z[i - 1]);
          inQuote[i] = v * quoteScale;
          inBase[i] = (v / prices[i]) * baseScale;
        }
      } else
        for (let i = 1; i < n; i++) {
          inQuote[i] = half * quoteScale;
          inBase[i] = (half / prices[i]) * baseScale;
        }
    },
  };
}

// Scratch for reading a double's bits (word 1 is the high word on a little-endian machine; on a big-endian one the
// fast logarithm is never used).
const BITS_F = new Float64Array(1);
const BITS_U = new Uint32Array(BITS_F.buffer);
BITS_F[0] = 1;
const LITTLE_ENDIAN = BITS_U[1] === 0x3ff00000;
// ln c_k and 1 / c_k at the centres c_k = 1 + (k + ½)/256 of the 256 mantissa intervals (`approxLn`), and
// 2^(1023 − e) for every biased exponent e of a normal double (2^−1023 is subnormal, still exact).
const LN_CENTRE = new Float64Array(256);
const INV_CENTRE = new Float64Array(256);
for (let k = 0; k < 256; k++) {
  const c = 1 + (k + 0.5) / 256;
  LN_CENTRE[k] = Math.log(c);
  INV_CENTRE[k] = 1 / c;
}
const UNSCALE = new Float64Array(2047);
for (let e = 0; e < 2047; e++) UNSCALE[e] = 2 ** (1023 - e);
/**
 * Distance (in ln units) from a tick boundary within which `fill` recomputes the tick with `Math.log`: far above
 * the error of `approxLn` (< 1e-11 for |ln x| < 745: 3.6e-12 series truncation, ~1e-13 from e · ln 2 and the table),
 * far below a tick (ln 1.0001 ≈ 1e-4), so 1 row in ~5·10^4 takes the slow path.
 */
const TICK_MARGIN = 1e-9;
const INV_LN_STEP = 1 / LN_1_0001;
/** |lnRaw| of the pool's extreme ticks (a little beyond: (MAX_TICK + 1) · ln 1.0001), for the log-sum tick pass. */
const LN_RAW_MAX = (MAX_TICK + 1) * LN_1_0001;
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * ln x for a positive normal double, within 1e-11 (not the correctly rounded value): x = m · 2^(e − 1023) with m in [1, 2),
 * ln x = (e − 1023) · ln 2 + ln c_k + ln(1 + r), r = (m − c_k)/c_k, |r| < 1/512, ln(1 + r) ≈ r − r²/2 + r³/3 (the next term is
 * below 3.6e-12). A third of `Math.log`'s time in V8 11.
 */
function approxLn(x: number): number {
  BITS_F[0] = x;
  const hi = BITS_U[1];
  const e = hi >>> 20;
  const k = (hi >>> 12) & 255;
  // m = x · 2^(1023 − e) in [1, 2), exact (a power-of-two scale); writing the mantissa bits back into BITS_F instead
  // would stall on the store (V8 11: slower than Math.log).
  const m = x * UNSCALE[e];
  // m − c_k is exact (Sterbenz: both in [1, 2])
  const r = (m - (1 + (k + 0.5) / 256)) * INV_CENTRE[k];
  return (e - 1023) * Math.LN2 + LN_CENTRE[k] + r * (1 - r * (0.5 - r / 3));
}

/**
 * Returns the pool tick of a price (quote per base, finite and > 0) in float arithmetic: priceToTick's rule (the tick
 * at or below the price in raw terms) with float tick prices, lnRaw = sign · ln P + lnScale (sign +1 when the base
 * is token0, else −1; lnScale = (dec1 − dec0) · ln 10), t = ⌊lnRaw / ln 1.0001⌋, then one correction step each way
 * against t · ln 1.0001 (priceToTick's exact tick prices cost ~4 µs a row, half of an engine path). `fill` gets the
 * same ticks faster from `approxLn` and calls this near a tick boundary.
 */
function exactTick(price: number, sign: number, lnScale: number): number {
  const lnStep = LN_1_0001;
  const lnRaw = sign * Math.log(price) + lnScale;
  let t = Math.floor(lnRaw / lnStep);
  if (t * lnStep > lnRaw) t--;
  else if ((t + 1) * lnStep <= lnRaw) t++;
  return t;
}
