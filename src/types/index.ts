export type {
  FundingSeries,
  LendingReserveSeries,
  OhlcvSeries,
  PoolMeta,
  PoolSeries,
  SeriesGap,
  TokenMeta,
  VolIndexSeries,
} from "./series.js";
