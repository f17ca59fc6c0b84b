/**
 * Numbered schema migrations, applied in order and recorded in `schema_migrations`. `{blob}` and `{bigint}` are
 * replaced by the dialect's types. Never edit an applied migration: add the next number.
 */
import type { SqlDriver } from "./driver.js";

export type Migration = { version: number; name: string; sql: string };

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "runs, series, events, sweeps, idempotency keys",
    sql: `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  spec TEXT NOT NULL,
  summary TEXT,
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  error TEXT,
  sweep_id TEXT,
  created_at {bigint} NOT NULL,
  updated_at {bigint} NOT NULL
);
CREATE INDEX runs_created ON runs (created_at DESC, id);
CREATE INDEX runs_sweep ON runs (sweep_id);
CREATE TABLE run_series (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  name TEXT NOT NULL,
  dtype TEXT NOT NULL,
  length INTEGER NOT NULL,
  data {blob} NOT NULL,
  PRIMARY KEY (run_id, name)
);
CREATE TABLE run_events (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  time DOUBLE PRECISION NOT NULL,
  bar INTEGER NOT NULL,
  kind TEXT NOT NULL,
  venue TEXT NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE TABLE sweeps (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at {bigint} NOT NULL,
  updated_at {bigint} NOT NULL
);
CREATE TABLE sweep_points (
  sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  hash TEXT NOT NULL,
  params TEXT NOT NULL,
  status TEXT NOT NULL,
  metrics TEXT,
  run_id TEXT,
  PRIMARY KEY (sweep_id, hash)
);
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  run_id TEXT NOT NULL,
  created_at {bigint} NOT NULL
);
`,
  },
];

function dialectSql(sql: string, dialect: SqlDriver["dialect"]): string {
  return sql
    .replaceAll("{blob}", dialect === "postgres" ? "BYTEA" : "BLOB")
    .replaceAll("{bigint}", dialect === "postgres" ? "BIGINT" : "INTEGER");
}

/** Applies every migration not yet recorded, each in its own transaction; returns the versions applied now. */
export async function migrate(db: SqlDriver, now: number): Promise<number[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${
      db.dialect === "postgres" ? "BIGINT" : "INTEGER"
    } NOT NULL)`,
  );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    const done = await db.tx(async (t) => {
      // Two processes opening a fresh Postgres store at once: the primary key on version serialises them.
      const rows = await t.all("SELECT version FROM schema_migrations WHERE version = ?", [m.version]);
      if (rows.length > 0) return false;
      for (const stmt of dialectSql(m.sql, db.dialect)
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean))
        await t.run(stmt);
      await t.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        m.version,
        m.name,
        now,
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
