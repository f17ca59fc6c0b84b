/**
 * Columnar market-data series shared by `data/` (which builds them), `engine/`, `forecast/` and `math/stats`.
 * Every column is a typed array of the same `length`; row i of every column is one bar. No row objects.
 * Times are milliseconds since the Unix epoch (UTC) as float64.
 */

/** A gap in a series: rows `index - 1` and `index` are more than one bar apart. */
export type SeriesGap = {
  /** Index of the first row after the gap. */
  index: number;
  /** Time of the row before the gap (ms). */
  fromTime: number;
  /** Time of the row after the gap (ms). */
  toTime: number;
  /** Number of whole bars missing between them. */
  missingBars: number;
};

export type TokenMeta = { symbol: string; address: string; decimals: number };

/** Static description of a Uniswap v3 pool. */
export type PoolMeta = {
  chain: string;
  address: string;
  /** Fee tier as a fraction: 0.0005 for the 0.05 % pool. */
  fee: number;
  /** Fee in hundredths of a bip, as the contract stores it: 500 for 0.05 %. */
  feePips: number;
  tickSpacing: number;
  token0: TokenMeta;
  token1: TokenMeta;
  /**
   * Which token is the base of the pair (price = quote per base). For USDC/WETH pools base is WETH (token1),
   * so price = USDC per WETH = 10^(dec1-dec0) / 1.0001^tick.
   */
  baseToken: 0 | 1;
};

/** Uniswap v3 pool, one row per minute (see ../shared/data/README.md §1). */
export type PoolSeries = {
  meta: PoolMeta;
  length: number;
  /** Start of the minute bucket, ms. */
  time: Float64Array;
  openTick: Int32Array;
  highTick: Int32Array;
  lowTick: Int32Array;
  closeTick: Int32Array;
  /**
   * Swap amounts in raw token units, parsed with BigInt and stored as float64 (relative error < 1.2e-16;
   * values reach 1e21, beyond 2^53, so they are never parsed as JS numbers directly).
   */
  netAmount0: Float64Array;
  netAmount1: Float64Array;
  inAmount0: Float64Array;
  inAmount1: Float64Array;
  /** Active liquidity L after the minute's last swap (raw v3 units), float64 from a BigInt parse. */
  liquidity: Float64Array;
  gaps: SeriesGap[];
};

/** OHLCV bars (e.g. Binance spot hourly). */
export type OhlcvSeries = {
  symbol: string;
  /** Bar length in ms (3_600_000 for hourly). */
  barMs: number;
  length: number;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  gaps: SeriesGap[];
};

/** Perpetual funding: `rate[i]` is paid for one interval settling at `time[i]`; positive = longs pay shorts. */
export type FundingSeries = {
  venue: string;
  symbol: string;
  /** Nominal interval in ms (8 h Binance/Bybit, 1 h Hyperliquid/dYdX). */
  intervalMs: number;
  length: number;
  time: Float64Array;
  rate: Float64Array;
  gaps: SeriesGap[];
};

/** Aave v3 reserve rates (annual, decimal fractions) and indexes (dimensionless), per minute. */
export type LendingReserveSeries = {
  asset: string;
  length: number;
  time: Float64Array;
  liquidityRate: Float64Array;
  stableBorrowRate: Float64Array;
  variableBorrowRate: Float64Array;
  liquidityIndex: Float64Array;
  variableBorrowIndex: Float64Array;
  gaps: SeriesGap[];
};

/** Daily implied-volatility index (Deribit DVOL), as an annualised decimal fraction (0.6164 = 61.64 %). */
export type VolIndexSeries = {
  name: string;
  length: number;
  time: Float64Array;
  vol: Float64Array;
  gaps: SeriesGap[];
};
