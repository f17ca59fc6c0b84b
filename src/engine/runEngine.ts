import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { PoolSeries } from "../types/series.js";
import { type CreateEngineParameters, createEngine, type EngineSeries, type EngineTotals } from "./engine.js";
import type { InRangeMode, PoolCosts, PoolVenueModel } from "./poolVenueModel.js";
import type { EngineEvent, IntentGate, Ledger, Strategy, VenueModel } from "./types.js";

export { type EngineSeries, type EngineTotals, sumAttribution } from "./engine.js";

export type RunEngineParameters = {
  series: PoolSeries;
  strategy: Strategy;
  /** Starting cash in quote units. */
  deposit: number;
  /** Starting cash in base units (default 0). */
  depositBase?: number;
  /**
   * k ≥ 0: an intent decided at time t fills at the first bar with time ≥ t + k · barMs, at that bar's price (on a
   * series with one row per `barMs`, as the gap-filled minute series are, that is bar i + k). Pending at the end:
   * dropped.
   */
  latencyBars?: number;
  /** Length of one bar of `latencyBars` (ms, default 60 000: one minute). */
  barMs?: number;
  costs?: Partial<PoolCosts>;
  inRangeMode?: InRangeMode;
  /** Risk gate applied to every intent before it is queued. */
  gate?: IntentGate;
  /** Extra venue models (perp, lending, option hedges), marked/accrued/settled after the pool, routed by `id`. */
  venues?: VenueModel[];
  /** Record the per-bar series (default true). Totals are computed either way. */
  record?: boolean;
  /**
   * The run's event log: the engine appends one event per settled pool intent, and venue models and gates built
   * with the same array append theirs (fills, funding, liquidations, governor decisions). Default: a new array.
   */
  events?: EngineEvent[];
  /** Called every `progressEvery` bars with the bar index (for a progress bar at the edge). */
  onProgress?: (bar: number) => void;
  progressEvery?: number;
  /** Builds the pool venue model (default: Uniswap v3; see `CreateEngineParameters.poolModel`). */
  poolModel?: CreateEngineParameters["poolModel"];
};

export type RunEngineReturnType = {
  totals: EngineTotals;
  /** Undefined when `record` is false. */
  series: EngineSeries | undefined;
  pool: PoolVenueModel;
  ledger: Ledger;
  /** The event log (see `RunEngineParameters.events`), in time order. */
  events: EngineEvent[];
};

/**
 * Returns the result of running `strategy` over every row of `series`: a loop over the steppable engine's bars
 * ({@link createEngine}), then its per-bar series, totals and attribution.
 *
 * Pure: no clock, files or randomness. Allocates only when a strategy returns intents.
 */
export function runEngine(params: RunEngineParameters): RunEngineReturnType {
  requireObject(params, "options");
  requireObject(params.series, "options.series");
  const n = params.series.length;
  if (!(n > 0))
    throw new InvalidInputError({ field: "series.length", value: n, expected: "at least one row" });
  const k = params.latencyBars ?? 0;
  if (!(Number.isInteger(k) && k >= 0))
    throw new InvalidInputError({ field: "latencyBars", value: k, expected: "an integer >= 0" });
  const barMs = params.barMs ?? 60_000;
  if (!(Number.isFinite(barMs) && barMs > 0))
    throw new InvalidInputError({ field: "barMs", value: barMs, expected: "a number of ms > 0" });
  const engine = createEngine({
    market: params.series,
    strategy: params.strategy,
    deposit: params.deposit,
    depositBase: params.depositBase,
    latencyMs: k * barMs,
    costs: params.costs,
    inRangeMode: params.inRangeMode,
    gate: params.gate,
    venues: params.venues,
    record: params.record,
    events: params.events,
    onProgress: params.onProgress,
    progressEvery: params.progressEvery,
    poolModel: params.poolModel,
  });
  engine.advance();
  return {
    totals: engine.totals(),
    series: engine.series(),
    pool: engine.pool,
    ledger: engine.ledger,
    events: engine.events,
  };
}
