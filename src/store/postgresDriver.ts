import pg from "pg";
import type { Row, SqlDriver, SqlExecutor } from "./driver.js";

/** Rewrites `?` placeholders to `$1, $2, …` (our SQL never has a literal `?`). */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

/** Returns a SqlDriver over a pg connection pool for `url` (postgres://user@host:port/db). */
export function openPostgresDriver(url: string): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const on = (c: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async all(sql, params = []) {
      return (await c.query(numbered(sql), params)).rows as Row[];
    },
    async run(sql, params = []) {
      return { changes: (await c.query(numbered(sql), params)).rowCount ?? 0 };
    },
  });
  const direct = on(pool);
  return {
    dialect: "postgres",
    all: direct.all,
    run: direct.run,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const r = await fn(on(client));
        await client.query("COMMIT");
        return r;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
