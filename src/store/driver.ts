/**
 * The small SQL seam both backends implement: parameterised queries with `?` placeholders (rewritten to `$n` for
 * Postgres) and a transaction that runs an async function on one connection. The repository is written once
 * against it (see repository.ts).
 */
export type Row = Record<string, unknown>;

export interface SqlExecutor {
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: "sqlite" | "postgres";
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws). */
  tx<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
