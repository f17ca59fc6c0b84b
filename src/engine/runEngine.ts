import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { PoolSeries } from "../types/series.js";
import { type CreateEngineParameters, createEngine, type RunEngineReturnType } from "./engine.js";

export { type EngineSeries, type EngineTotals, sumAttribution } from "./engine.js";

/** The engine's parameters (see {@link CreateEngineParameters}) over a loaded series, latency counted in bars. */
export type RunEngineParameters = Omit<CreateEngineParameters, "market" | "latencyMs" | "tap"> & {
  series: PoolSeries;
  /**
   * k ≥ 0: an intent decided at time t fills at the first bar with time ≥ t + k · barMs, at that bar's price (on a
   * series with one row per `barMs`, as the gap-filled minute series are, that is bar i + k). Pending at the end:
   * dropped.
   */
  latencyBars?: number;
  /** Length of one bar of `latencyBars` (ms, default 60 000: one minute). */
  barMs?: number;
};

export type { RunEngineReturnType };

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
