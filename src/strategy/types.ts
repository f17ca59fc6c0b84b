/** Shared parameter types of the range strategies. */

/** A range given as absolute prices (quote per base), or as percentages below/above the start price (10 = 10 %). */
export type RangeSpec = { lower: number; upper: number } | { belowPct: number; abovePct: number };
