/**
 * The engine's column tables, one list each, read by the engine, the vault and the series CSV: the cumulative
 * attribution components (quote units), in the order `EngineTap.components` interleaves them, and the per-bar series.
 */

/** Cumulative attribution components a run records per bar (quote units). */
export const ATTRIBUTION_COLUMNS = [
  "fees",
  "rebalancing",
  "lvr",
  "inventory",
  "hedge",
  "funding",
  "premium",
  "costs",
  "rounding",
] as const;
export type AttributionColumn = (typeof ATTRIBUTION_COLUMNS)[number];

/** Per-bar series of a run (after `time`), the column order of series.csv. */
export const SERIES_COLUMNS = [
  "price",
  "value",
  "hodlValue",
  "il",
  "positionIl",
  "inRange",
  "rangeLowerPrice",
  "rangeUpperPrice",
  "feesBaseAmount",
  "feesQuoteAmount",
  ...ATTRIBUTION_COLUMNS,
] as const;
export type SeriesColumn = (typeof SERIES_COLUMNS)[number];
