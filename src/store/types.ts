/**
 * The repository lpguard stores runs, their series and events, sweeps and idempotency keys in. One async
 * interface; `openStore` picks SQLite (a file, the default) or Postgres (a `postgres://` url). Every write is one
 * transaction: a run is never visible half-written.
 */

export const RunKind = {
  backtest: "backtest",
  compare: "compare",
  simulate: "simulate",
  sweepPoint: "sweep-point",
} as const;
export type RunKind = (typeof RunKind)[keyof typeof RunKind];

export const RunStatus = { queued: "queued", running: "running", done: "done", failed: "failed" } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** One stored run. `spec` is the validated config it ran; `summary` its JSON result (null until done). */
export type RunRecord = {
  id: string;
  kind: RunKind;
  name: string;
  status: RunStatus;
  spec: unknown;
  summary: unknown | null;
  /** Fraction done in [0, 1]. */
  progress: number;
  /** Why a failed run failed (the error's short message). */
  error: string | null;
  /** Sweep this run is a point of, if any. */
  sweepId: string | null;
  /** ms since the epoch. */
  createdAt: number;
  updatedAt: number;
};

export type NewRun = {
  /** Default: a random UUID. */
  id?: string;
  kind: RunKind;
  name: string;
  spec: unknown;
  status?: RunStatus;
  summary?: unknown;
  sweepId?: string | null;
  /** Default: now. */
  createdAt?: number;
};

export type RunPatch = {
  status?: RunStatus;
  summary?: unknown;
  progress?: number;
  error?: string | null;
};

export type ListRunsQuery = {
  kind?: RunKind;
  status?: RunStatus;
  /** Substring of the name (case-insensitive). */
  name?: string;
  sweepId?: string;
  /** Default 100, at most 1000. */
  limit?: number;
  offset?: number;
};

/** One stored column of a run: float64 values, one per bar (NaN allowed, e.g. the range of a flat position). */
export type StoredSeries = { name: string; data: Float64Array };

/** One row of a run's event log (EngineEvent plus its position in the log). */
export type StoredEvent = {
  seq: number;
  time: number;
  bar: number;
  kind: string;
  venue: string;
  fields: Record<string, number | string | boolean>;
};

export type SweepStatus = "running" | "done" | "failed";

export type SweepRecord = {
  id: string;
  name: string;
  spec: unknown;
  status: SweepStatus;
  createdAt: number;
  updatedAt: number;
};

/** One grid point of a sweep, identified by the hash of its parameters. */
export type SweepPoint = {
  hash: string;
  params: unknown;
  status: RunStatus;
  metrics: Record<string, number> | null;
  runId: string | null;
};

/** Options of `createRun` that make it idempotent. */
export type IdempotencyOptions = {
  key: string;
  /** Hash of the request body: the same key with another body is a conflict. */
  requestHash: string;
};

export type CreateRunReturnType = { run: RunRecord; created: boolean };

export interface Store {
  readonly dialect: "sqlite" | "postgres";
  /**
   * Inserts a run. With `idempotency`, the key and the run are inserted in one transaction: a key already
   * present returns its run with `created: false` (or throws IdempotencyConflictError for another body).
   */
  createRun(run: NewRun, idempotency?: IdempotencyOptions): Promise<CreateRunReturnType>;
  updateRun(id: string, patch: RunPatch): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | null>;
  listRuns(q?: ListRunsQuery): Promise<RunRecord[]>;
  countRuns(q?: Omit<ListRunsQuery, "limit" | "offset">): Promise<number>;
  /** Deletes a run with its series and events. Returns false if there was none. */
  deleteRun(id: string): Promise<boolean>;
  /** Stores (or replaces) series of a run, all in one transaction (columns may differ in length). */
  putSeries(runId: string, series: StoredSeries[]): Promise<void>;
  /** Returns the named series in the order asked (missing names skipped), or all in stored order. */
  getSeries(runId: string, names?: string[]): Promise<StoredSeries[]>;
  /** Names and lengths of a run's series, without the data. */
  listSeries(runId: string): Promise<{ name: string; length: number }[]>;
  /** Appends events (their `seq` is their index in the run's log). */
  putEvents(runId: string, events: StoredEvent[]): Promise<void>;
  getEvents(runId: string, q?: { afterSeq?: number; limit?: number; kind?: string }): Promise<StoredEvent[]>;
  /**
   * Stores a finished run in one transaction: the run record (status done), its series and its events.
   * What a CLI `--db` flag calls.
   */
  saveCompletedRun(
    run: NewRun & { summary: unknown },
    series: StoredSeries[],
    events: StoredEvent[],
  ): Promise<RunRecord>;
  /** Marks an existing run done with its summary, series and events, in one transaction. */
  completeRun(
    id: string,
    summary: unknown,
    series: StoredSeries[],
    events: StoredEvent[],
  ): Promise<RunRecord>;
  /** Marks runs left queued or running (by a process that died) as failed with `reason`; returns their ids. */
  failUnfinishedRuns(reason: string): Promise<string[]>;
  createSweep(s: { id?: string; name: string; spec: unknown }): Promise<SweepRecord>;
  updateSweep(id: string, patch: { status: SweepStatus }): Promise<SweepRecord>;
  getSweep(id: string): Promise<SweepRecord | null>;
  listSweeps(q?: { limit?: number; offset?: number }): Promise<SweepRecord[]>;
  /** Inserts or updates points by (sweep, hash), in one transaction. */
  putSweepPoints(sweepId: string, points: SweepPoint[]): Promise<void>;
  getSweepPoints(sweepId: string): Promise<SweepPoint[]>;
  /** Applied migration versions, ascending. */
  migrations(): Promise<number[]>;
  close(): Promise<void>;
}
