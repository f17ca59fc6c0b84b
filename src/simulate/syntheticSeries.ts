import { InvalidInputError } from "../errors/math.js";
import { LN_1_0001 } from "../math/units.js";
import { MAX_TICK, MIN_TICK } from "../math/v3/constants.js";
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
   * factors from `rng` (after the path, which the caller drew from the same rng).
   */
  fill(prices: Float64Array, rng: Rng): void;
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
  // Price → tick in float arithmetic, priceToTick's rule (the tick at or below the price in raw terms) with float tick
  // prices: raw = (base is token0 ? P : 1/P) · 10^(dec1 − dec0), t = ⌊ln raw / ln 1.0001⌋, then one correction
  // step each way against 1.0001^t. priceToTick's exact tick prices cost ~4 µs a row, half of an engine path.
  const sign = meta.baseToken === 0 ? 1 : -1;
  const lnScale = (meta.token1.decimals - meta.token0.decimals) * Math.LN10;
  const lnStep = LN_1_0001;
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
  return {
    series,
    fill(prices, rng) {
      if (prices.length !== n)
        throw new InvalidInputError({ field: "prices.length", value: prices.length, expected: `${n}` });
      // The volume normals are the rng's next draws after the path (drawn first here: the ticks use no rng), so the
      // ticks, end points and volumes are written in one pass over the rows.
      if (noisy) rng.fillNormal(z);
      const half = 0.5 * volumeQuotePerStep;
      let prev = 0;
      for (let i = 0; i < n; i++) {
        const price = prices[i];
        // !(x > 0 && x < ∞) also catches NaN; the tick range check below catches the rest
        if (!(price > 0 && price < Number.POSITIVE_INFINITY)) throw badPrice(price);
        const lnRaw = sign * Math.log(price) + lnScale;
        let t = Math.floor(lnRaw / lnStep);
        if (t * lnStep > lnRaw) t--;
        else if ((t + 1) * lnStep <= lnRaw) t++;
        if (!(t >= MIN_TICK && t <= MAX_TICK)) throw badPrice(price);
        close[i] = t;
        if (i === 0) {
          if (endpoints) {
            low[0] = t;
            high[0] = t;
          }
        } else {
          if (endpoints) {
            low[i] = prev < t ? prev : t;
            high[i] = prev < t ? t : prev;
          }
          const v = noisy ? half * Math.exp(drift + volumeSigma * z[i - 1]) : half;
          inQuote[i] = v * quoteScale;
          inBase[i] = (v / price) * baseScale;
        }
        prev = t;
      }
    },
  };
}
