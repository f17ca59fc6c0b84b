/**
 * Turns the results of the drivers (backtest, compare, simulate) into stored runs, and `storeRunIfAsked`, the
 * one call the CLI commands make for `--db`.
 */
import type { RunCompareReturnType } from "../backtest/compare.js";
import type { RunBacktestReturnType } from "../backtest/runBacktest.js";
import { summarizeBacktest } from "../backtest/summary.js";
import type { EngineEvent } from "../engine/types.js";
import type { SimulationRun } from "../simulate/runSimulation.js";
import { openStore } from "./openStore.js";
import type { NewRun, RunRecord, Store, StoredEvent, StoredSeries } from "./types.js";

/** What one finished run is stored as. */
export type StoredRunParts = {
  run: NewRun & { summary: unknown };
  series: StoredSeries[];
  events: StoredEvent[];
};

/** The series of a compare run kept per sub-run (`<run name>/<column>`; `time` once). */
export const COMPARE_COLUMNS = [
  "price",
  "value",
  "hodlValue",
  "il",
  "fees",
  "lvr",
  "hedge",
  "funding",
  "costs",
] as const;

function toStoredEvents(events: EngineEvent[], extra?: (e: EngineEvent) => Record<string, string>) {
  return events.map(
    (e, seq): StoredEvent => ({
      seq,
      time: e.time,
      bar: e.bar,
      kind: e.kind,
      venue: e.venue,
      fields: extra ? { ...extra(e), ...e.fields } : e.fields,
    }),
  );
}

/** Returns the stored form of a backtest: summary = BacktestSummary, every EngineSeries column, the event log. */
export function backtestToStored(r: RunBacktestReturnType, name?: string): StoredRunParts {
  const summary = summarizeBacktest(r);
  const series = Object.entries(r.series).map(
    ([k, v]): StoredSeries => ({ name: k, data: v as Float64Array }),
  );
  return {
    run: {
      kind: "backtest",
      name: name ?? `${summary.strategy} on ${summary.pair}`,
      spec: r.config,
      summary,
    },
    series,
    events: toStoredEvents(r.events),
  };
}

/** Returns the stored form of a compare: summary = {rows, baseline, baselines}, a few columns per sub-run. */
export function compareToStored(r: RunCompareReturnType, spec: unknown, name?: string): StoredRunParts {
  const series: StoredSeries[] = [];
  if (r.runs.length > 0) series.push({ name: "time", data: r.runs[0].series.time });
  r.runs.forEach((run, i) => {
    for (const c of COMPARE_COLUMNS) series.push({ name: `${r.rows[i].name}/${c}`, data: run.series[c] });
  });
  const events: EngineEvent[] = [];
  r.runs.forEach((run, i) => {
    for (const e of run.events) events.push({ ...e, fields: { run: r.rows[i].name, ...e.fields } });
  });
  events.sort((a, b) => a.time - b.time);
  return {
    run: {
      kind: "compare",
      name: name ?? `compare ${r.rows.map((x) => x.name).join(", ")}`.slice(0, 200),
      spec,
      summary: { rows: r.rows, baseline: r.baseline, baselines: r.baselines },
    },
    series,
    events: toStoredEvents(events),
  };
}

/** Returns the stored form of a simulation: summary = SimulationReport, fan quantiles and per-path total PnL. */
export function simulationToStored(r: SimulationRun, spec: unknown, name?: string): StoredRunParts {
  const series: StoredSeries[] = [];
  for (const f of r.fans) {
    series.push({ name: `${f.strategy}/timeDays`, data: f.timeDays });
    for (const q of ["p5", "p25", "p50", "p75", "p95"] as const)
      series.push({ name: `${f.strategy}/${q}`, data: f[q] });
  }
  r.report.strategies.forEach((s, i) => {
    series.push({ name: `${s.name}/totalPnl`, data: r.totalPnl[i] });
  });
  return {
    run: {
      kind: "simulate",
      name: name ?? `simulate ${r.report.model.kind} × ${r.report.paths} paths`,
      spec,
      summary: r.report,
    },
    series,
    events: [],
  };
}

export type StoreRunInput =
  | { kind: "backtest"; name?: string; result: RunBacktestReturnType }
  | { kind: "compare"; name?: string; spec: unknown; result: RunCompareReturnType }
  | { kind: "simulate"; name?: string; spec: unknown; result: SimulationRun };

/** Returns the stored parts of any driver result. */
export function toStoredRun(input: StoreRunInput): StoredRunParts {
  switch (input.kind) {
    case "backtest":
      return backtestToStored(input.result, input.name);
    case "compare":
      return compareToStored(input.result, input.spec, input.name);
    case "simulate":
      return simulationToStored(input.result, input.spec, input.name);
  }
}

/** Saves a finished run into an open store in one transaction. */
export async function saveRun(store: Store, input: StoreRunInput): Promise<RunRecord> {
  const p = toStoredRun(input);
  return store.saveCompletedRun(p.run, p.series, p.events);
}

/**
 * Stores a finished run when `db` (a `--db` flag: SQLite file or postgres:// url) is given; returns the stored
 * run, or undefined without `db`. Opens and closes the store around the one transaction.
 */
export async function storeRunIfAsked(
  db: string | undefined,
  input: StoreRunInput,
): Promise<RunRecord | undefined> {
  if (db === undefined) return undefined;
  const store = await openStore(db);
  try {
    return await saveRun(store, input);
  } finally {
    await store.close();
  }
}
