import Database from "better-sqlite3";
import type { Row, SqlDriver, SqlExecutor } from "./driver.js";

/**
 * Returns a SqlDriver over a better-sqlite3 file (WAL, foreign keys on, 5 s busy timeout). better-sqlite3 is
 * synchronous; a transaction holds a lock so that no other call of this driver interleaves with its statements
 * while it awaits.
 */
export function openSqliteDriver(file: string): SqlDriver {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (s === undefined) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const exec: SqlExecutor = {
    async all(sql, params = []) {
      return prepare(sql).all(...params) as Row[];
    },
    async run(sql, params = []) {
      return { changes: prepare(sql).run(...params).changes };
    },
  };
  let lock: Promise<unknown> = Promise.resolve();
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = lock.then(fn, fn);
    lock = next.catch(() => undefined);
    return next;
  };
  return {
    dialect: "sqlite",
    all: (sql, params) => locked(() => exec.all(sql, params)),
    run: (sql, params) => locked(() => exec.run(sql, params)),
    tx: (fn) =>
      locked(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const r = await fn(exec);
          db.exec("COMMIT");
          return r;
        } catch (e) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw e;
        }
      }),
    exec: (sql) => locked(async () => void db.exec(sql)),
    close: () => locked(async () => void db.close()),
  };
}
