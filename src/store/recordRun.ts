/**
 * Turns the results of the drivers (backtest, compare, simulate) into stored runs, and `storeRunIfAsked`, the
 * one call the CLI commands make for `--db`. The store depends on no driver: the results are described here by
 * the fields it keeps (RunBacktestReturnType, RunCompareReturnType and SimulationRun fit these shapes).
 */

import { requireObject, requireString } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { openStore } from "./openStore.js";
import type { NewRun, RunRecord, Store, StoredEvent, StoredSeries } from "./types.js";

/** An event of a run's log (the engine's EngineEvent). */
export type RunEventLike = {
  time: number;
  bar: number;
  kind: string;
  venue: string;
  fields: Record<string, number | string | boolean>;
};

/** What the store keeps of a backtest run (RunBacktestReturnType fits). */
export type BacktestResultLike = {
  config: unknown;
  series: { [column: string]: Float64Array };
  events: RunEventLike[];
};

/** What the store keeps of a compare run (RunCompareReturnType fits). */
export type CompareResultLike = {
  rows: { name: string }[];
  runs: BacktestResultLike[];
  baseline: string;
  baselines: string[];
};

/** What the store keeps of a simulation (SimulationRun fits). */
export type SimulationResultLike = {
  report: { model: { kind: string }; paths: number; strategies: { name: string }[] };
  fans: ({ strategy: string; timeDays: Float64Array } & Record<
    "p5" | "p25" | "p50" | "p75" | "p95",
    Float64Array
  >)[];
  totalPnl: Float64Array[];
};

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

function toStoredEvents(events: RunEventLike[], extra?: (e: RunEventLike) => Record<string, string>) {
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

/**
 * Returns the stored form of a backtest: `summary` (the BacktestSummary of `summarizeBacktest`), every series
 * column and the event log. The default name is "<strategy> on <pair>" when the summary has them.
 */
export function backtestToStored(r: BacktestResultLike, summary: unknown, name?: string): StoredRunParts {
  const s = (summary ?? {}) as { strategy?: string; pair?: string };
  const series = Object.entries(r.series).map(([k, v]): StoredSeries => ({ name: k, data: v }));
  return {
    run: {
      kind: "backtest",
      name: name ?? (s.strategy !== undefined ? `${s.strategy} on ${s.pair ?? "?"}` : "backtest"),
      spec: r.config,
      summary,
    },
    series,
    events: toStoredEvents(r.events),
  };
}

/** Returns the stored form of a compare: summary = {rows, baseline, baselines}, a few columns per sub-run. */
export function compareToStored(r: CompareResultLike, spec: unknown, name?: string): StoredRunParts {
  const series: StoredSeries[] = [];
  if (r.runs.length > 0) series.push({ name: "time", data: r.runs[0].series.time });
  r.runs.forEach((run, i) => {
    for (const c of COMPARE_COLUMNS)
      if (run.series[c] !== undefined) series.push({ name: `${r.rows[i].name}/${c}`, data: run.series[c] });
  });
  const events: RunEventLike[] = [];
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
export function simulationToStored(r: SimulationResultLike, spec: unknown, name?: string): StoredRunParts {
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
  | { kind: "backtest"; name?: string; result: BacktestResultLike; summary: unknown }
  | { kind: "compare"; name?: string; spec: unknown; result: CompareResultLike }
  | { kind: "simulate"; name?: string; spec: unknown; result: SimulationResultLike };

/** Returns the stored parts of any driver result. */
export function toStoredRun(input: StoreRunInput): StoredRunParts {
  requireObject(input, "input");
  requireObject(input.result, "input.result");
  switch (input.kind) {
    case "backtest":
      return backtestToStored(input.result, input.summary, input.name);
    case "compare":
      return compareToStored(input.result, input.spec, input.name);
    case "simulate":
      return simulationToStored(input.result, input.spec, input.name);
  }
  throw new InvalidInputError({
    field: "input.kind",
    value: (input as { kind: unknown }).kind,
    expected: '"backtest", "compare" or "simulate"',
  });
}

/** Saves a finished run into an open store in one transaction. */
export async function saveRun(store: Store, input: StoreRunInput): Promise<RunRecord> {
  requireObject(store, "store");
  requireObject(input, "input");
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
  requireString(db, "db");
  requireObject(input, "input");
  const store = await openStore(db);
  try {
    return await saveRun(store, input);
  } finally {
    await store.close();
  }
}
