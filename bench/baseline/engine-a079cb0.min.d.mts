/**
 * Types of the bundled engine of commit a079cb0 (`scripts/bench-baseline.sh`): only what the benchmarks call. Its
 * parameters are structurally those of today's `runEngine` for a loaded series.
 */
import type { PoolSeries } from "../../src/types/series.js";

export type OldStrategy = { readonly __old: unique symbol };
export type OldVenue = { readonly __oldVenue: unique symbol };

export function runEngine(params: {
  series: PoolSeries;
  strategy: OldStrategy;
  deposit: number;
  costs?: { gasQuotePerMint?: number; gasQuotePerBurn?: number };
  venues?: OldVenue[];
  record?: boolean;
  inRangeMode?: "close" | "prorate";
}): { totals: { finalValue: number } };
export function passiveRange(params: { range: { belowPct: number; abovePct: number } }): OldStrategy;
export function recenterRange(params: { widthPct: number; bandPct: number; cooldownMinutes: number }): OldStrategy;
export function deltaHedge(params: unknown): unknown;
export function hedgedStrategy(range: OldStrategy, hedges: unknown[]): OldStrategy;
export function createPerpVenueModel(params: unknown): OldVenue;
