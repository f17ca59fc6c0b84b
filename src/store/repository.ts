import { randomUUID } from "node:crypto";
import { IdempotencyConflictError, NotFoundError, StoreError } from "../errors/store.js";
import type { Row, SqlDriver, SqlExecutor } from "./driver.js";
import { migrate } from "./migrations.js";
import { decodeFloat64, encodeFloat64 } from "./seriesCodec.js";
import type {
  ListRunsQuery,
  NewRun,
  RunKind,
  RunRecord,
  RunStatus,
  Store,
  StoredEvent,
  StoredSeries,
  SweepPoint,
  SweepRecord,
  SweepStatus,
} from "./types.js";

const json = (v: unknown): string => JSON.stringify(v ?? null);
const parse = (v: unknown): unknown => (v === null || v === undefined ? null : JSON.parse(String(v)));

function toRun(r: Row): RunRecord {
  return {
    id: String(r.id),
    kind: r.kind as RunKind,
    name: String(r.name),
    status: r.status as RunStatus,
    spec: parse(r.spec),
    summary: parse(r.summary),
    progress: Number(r.progress),
    error: r.error === null || r.error === undefined ? null : String(r.error),
    sweepId: r.sweep_id === null || r.sweep_id === undefined ? null : String(r.sweep_id),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toSweep(r: Row): SweepRecord {
  return {
    id: String(r.id),
    name: String(r.name),
    spec: parse(r.spec),
    status: r.status as SweepStatus,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function where(q: Omit<ListRunsQuery, "limit" | "offset">): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.kind !== undefined) {
    parts.push("kind = ?");
    params.push(q.kind);
  }
  if (q.status !== undefined) {
    parts.push("status = ?");
    params.push(q.status);
  }
  if (q.sweepId !== undefined) {
    parts.push("sweep_id = ?");
    params.push(q.sweepId);
  }
  if (q.name !== undefined && q.name !== "") {
    parts.push("LOWER(name) LIKE ?");
    params.push(`%${q.name.toLowerCase().replace(/[%_]/g, "")}%`);
  }
  return { sql: parts.length > 0 ? ` WHERE ${parts.join(" AND ")}` : "", params };
}

async function insertRun(t: SqlExecutor, run: NewRun, id: string, now: number): Promise<void> {
  const created = run.createdAt ?? now;
  await t.run(
    "INSERT INTO runs (id, kind, name, status, spec, summary, progress, error, sweep_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
    [
      id,
      run.kind,
      run.name,
      run.status ?? "queued",
      json(run.spec),
      run.summary === undefined ? null : json(run.summary),
      run.status === "done" ? 1 : 0,
      run.sweepId ?? null,
      created,
      now,
    ],
  );
}

async function writeSeries(t: SqlExecutor, runId: string, series: StoredSeries[]): Promise<void> {
  const seen = new Set<string>();
  for (const [i, s] of series.entries()) {
    if (seen.has(s.name))
      throw new StoreError({ what: "series name", value: s.name, reason: "appears twice" });
    seen.add(s.name);
    await t.run("DELETE FROM run_series WHERE run_id = ? AND name = ?", [runId, s.name]);
    await t.run(
      "INSERT INTO run_series (run_id, ord, name, dtype, length, data) VALUES (?, ?, ?, 'f64', ?, ?)",
      [runId, i, s.name, s.data.length, encodeFloat64(s.data)],
    );
  }
}

async function writeEvents(t: SqlExecutor, runId: string, events: StoredEvent[]): Promise<void> {
  // Multi-row inserts: 200 rows (1,400 parameters) per statement keep both backends fast.
  const chunk = 200;
  for (let i = 0; i < events.length; i += chunk) {
    const part = events.slice(i, i + chunk);
    const params: unknown[] = [];
    for (const e of part) params.push(runId, e.seq, e.time, e.bar, e.kind, e.venue, json(e.fields));
    await t.run(
      `INSERT INTO run_events (run_id, seq, time, bar, kind, venue, fields) VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      params,
    );
  }
}

/** Returns the Store over a migrated SqlDriver (see openStore). `clock` gives ms since the epoch. */
export async function createRepository(db: SqlDriver, clock: () => number = Date.now): Promise<Store> {
  await migrate(db, clock());
  const mustGetRun = async (t: SqlExecutor, id: string): Promise<RunRecord> => {
    const rows = await t.all("SELECT * FROM runs WHERE id = ?", [id]);
    if (rows.length === 0) throw new NotFoundError({ field: "run", value: id });
    return toRun(rows[0]);
  };
  const store: Store = {
    dialect: db.dialect,

    async createRun(run, idempotency) {
      const id = run.id ?? randomUUID();
      const now = clock();
      if (idempotency === undefined) {
        await db.tx((t) => insertRun(t, run, id, now));
        return { run: await mustGetRun(db, id), created: true };
      }
      return db.tx(async (t) => {
        const ins = await t.run(
          "INSERT INTO idempotency_keys (key, request_hash, run_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
          [idempotency.key, idempotency.requestHash, id, now],
        );
        if (ins.changes === 0) {
          const [k] = await t.all("SELECT request_hash, run_id FROM idempotency_keys WHERE key = ?", [
            idempotency.key,
          ]);
          const runId = String(k.run_id);
          if (String(k.request_hash) !== idempotency.requestHash)
            throw new IdempotencyConflictError({ key: idempotency.key, runId });
          return { run: await mustGetRun(t, runId), created: false };
        }
        await insertRun(t, run, id, now);
        return { run: await mustGetRun(t, id), created: true };
      });
    },

    async updateRun(id, patch) {
      return db.tx(async (t) => {
        const cur = await mustGetRun(t, id);
        await t.run(
          "UPDATE runs SET status = ?, summary = ?, progress = ?, error = ?, updated_at = ? WHERE id = ?",
          [
            patch.status ?? cur.status,
            patch.summary !== undefined
              ? json(patch.summary)
              : cur.summary === null
                ? null
                : json(cur.summary),
            patch.progress ?? cur.progress,
            patch.error !== undefined ? patch.error : cur.error,
            clock(),
            id,
          ],
        );
        return mustGetRun(t, id);
      });
    },

    async getRun(id) {
      const rows = await db.all("SELECT * FROM runs WHERE id = ?", [id]);
      return rows.length === 0 ? null : toRun(rows[0]);
    },

    async listRuns(q = {}) {
      const w = where(q);
      const limit = Math.max(1, Math.min(1000, Math.floor(q.limit ?? 100)));
      const offset = Math.max(0, Math.floor(q.offset ?? 0));
      const rows = await db.all(
        `SELECT * FROM runs${w.sql} ORDER BY created_at DESC, id LIMIT ${limit} OFFSET ${offset}`,
        w.params,
      );
      return rows.map(toRun);
    },

    async countRuns(q = {}) {
      const w = where(q);
      const [r] = await db.all(`SELECT COUNT(*) AS n FROM runs${w.sql}`, w.params);
      return Number(r.n);
    },

    async deleteRun(id) {
      return db.tx(async (t) => {
        await t.run("DELETE FROM run_series WHERE run_id = ?", [id]);
        await t.run("DELETE FROM run_events WHERE run_id = ?", [id]);
        await t.run("DELETE FROM idempotency_keys WHERE run_id = ?", [id]);
        return (await t.run("DELETE FROM runs WHERE id = ?", [id])).changes > 0;
      });
    },

    async putSeries(runId, series) {
      await db.tx(async (t) => {
        await mustGetRun(t, runId);
        await writeSeries(t, runId, series);
      });
    },

    async getSeries(runId, names) {
      const rows =
        names === undefined
          ? await db.all("SELECT name, data FROM run_series WHERE run_id = ? ORDER BY ord", [runId])
          : names.length === 0
            ? []
            : await db.all(
                `SELECT name, data FROM run_series WHERE run_id = ? AND name IN (${names.map(() => "?").join(", ")}) ORDER BY ord`,
                [runId, ...names],
              );
      const out = rows.map((r) => ({ name: String(r.name), data: decodeFloat64(r.data as Uint8Array) }));
      if (names === undefined) return out;
      const byName = new Map(out.map((x) => [x.name, x]));
      return names.flatMap((n) => byName.get(n) ?? []);
    },

    async listSeries(runId) {
      const rows = await db.all("SELECT name, length FROM run_series WHERE run_id = ? ORDER BY ord", [runId]);
      return rows.map((r) => ({ name: String(r.name), length: Number(r.length) }));
    },

    async putEvents(runId, events) {
      await db.tx(async (t) => {
        await mustGetRun(t, runId);
        await writeEvents(t, runId, events);
      });
    },

    async getEvents(runId, q = {}) {
      const limit = Math.max(1, Math.min(10_000, Math.floor(q.limit ?? 1000)));
      const params: unknown[] = [runId, q.afterSeq ?? -1];
      let sql = "SELECT seq, time, bar, kind, venue, fields FROM run_events WHERE run_id = ? AND seq > ?";
      if (q.kind !== undefined) {
        sql += " AND kind = ?";
        params.push(q.kind);
      }
      const rows = await db.all(`${sql} ORDER BY seq LIMIT ${limit}`, params);
      return rows.map((r) => ({
        seq: Number(r.seq),
        time: Number(r.time),
        bar: Number(r.bar),
        kind: String(r.kind),
        venue: String(r.venue),
        fields: parse(r.fields) as StoredEvent["fields"],
      }));
    },

    async saveCompletedRun(run, series, events) {
      const id = run.id ?? randomUUID();
      const now = clock();
      await db.tx(async (t) => {
        await insertRun(t, { ...run, status: "done" }, id, now);
        await writeSeries(t, id, series);
        await writeEvents(t, id, events);
      });
      return mustGetRun(db, id);
    },

    async completeRun(id, summary, series, events) {
      return db.tx(async (t) => {
        await mustGetRun(t, id);
        await t.run("DELETE FROM run_series WHERE run_id = ?", [id]);
        await t.run("DELETE FROM run_events WHERE run_id = ?", [id]);
        await writeSeries(t, id, series);
        await writeEvents(t, id, events);
        await t.run(
          "UPDATE runs SET status = 'done', summary = ?, progress = 1, error = NULL, updated_at = ? WHERE id = ?",
          [json(summary), clock(), id],
        );
        return mustGetRun(t, id);
      });
    },

    async failUnfinishedRuns(reason) {
      return db.tx(async (t) => {
        const rows = await t.all("SELECT id FROM runs WHERE status IN ('queued', 'running') ORDER BY id");
        await t.run(
          "UPDATE runs SET status = 'failed', error = ?, updated_at = ? WHERE status IN ('queued', 'running')",
          [reason, clock()],
        );
        return rows.map((r) => String(r.id));
      });
    },

    async createSweep(s) {
      const id = s.id ?? randomUUID();
      const now = clock();
      await db.run(
        "INSERT INTO sweeps (id, name, spec, status, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?)",
        [id, s.name, json(s.spec), now, now],
      );
      return (await store.getSweep(id))!;
    },

    async updateSweep(id, patch) {
      const r = await db.run("UPDATE sweeps SET status = ?, updated_at = ? WHERE id = ?", [
        patch.status,
        clock(),
        id,
      ]);
      if (r.changes === 0) throw new NotFoundError({ field: "sweep", value: id });
      return (await store.getSweep(id))!;
    },

    async getSweep(id) {
      const rows = await db.all("SELECT * FROM sweeps WHERE id = ?", [id]);
      return rows.length === 0 ? null : toSweep(rows[0]);
    },

    async listSweeps(q = {}) {
      const limit = Math.max(1, Math.min(1000, Math.floor(q.limit ?? 100)));
      const offset = Math.max(0, Math.floor(q.offset ?? 0));
      const rows = await db.all(
        `SELECT * FROM sweeps ORDER BY created_at DESC, id LIMIT ${limit} OFFSET ${offset}`,
      );
      return rows.map(toSweep);
    },

    async putSweepPoints(sweepId, points) {
      await db.tx(async (t) => {
        const s = await t.all("SELECT id FROM sweeps WHERE id = ?", [sweepId]);
        if (s.length === 0) throw new NotFoundError({ field: "sweep", value: sweepId });
        for (const p of points)
          await t.run(
            "INSERT INTO sweep_points (sweep_id, hash, params, status, metrics, run_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sweep_id, hash) DO UPDATE SET params = excluded.params, status = excluded.status, metrics = excluded.metrics, run_id = excluded.run_id",
            [sweepId, p.hash, json(p.params), p.status, p.metrics === null ? null : json(p.metrics), p.runId],
          );
        await t.run("UPDATE sweeps SET updated_at = ? WHERE id = ?", [clock(), sweepId]);
      });
    },

    async getSweepPoints(sweepId) {
      const rows = await db.all(
        "SELECT hash, params, status, metrics, run_id FROM sweep_points WHERE sweep_id = ? ORDER BY hash",
        [sweepId],
      );
      return rows.map(
        (r): SweepPoint => ({
          hash: String(r.hash),
          params: parse(r.params),
          status: r.status as RunStatus,
          metrics: parse(r.metrics) as Record<string, number> | null,
          runId: r.run_id === null || r.run_id === undefined ? null : String(r.run_id),
        }),
      );
    },

    async migrations() {
      const rows = await db.all("SELECT version FROM schema_migrations ORDER BY version");
      return rows.map((r) => Number(r.version));
    },

    close: () => db.close(),
  };
  return store;
}
