import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { requireString } from "../errors/guards.js";
import { StoreError } from "../errors/store.js";
import { openPostgresDriver } from "./postgresDriver.js";
import { createRepository } from "./repository.js";
import { openSqliteDriver } from "./sqliteDriver.js";
import type { Store } from "./types.js";

/** True when `urlOrFile` names a Postgres database rather than a SQLite file. */
export function isPostgresUrl(urlOrFile: string): boolean {
  return /^postgres(ql)?:\/\//i.test(urlOrFile);
}

/**
 * Opens (and migrates) the store at `urlOrFile`: a Postgres database for `postgres://…` / `postgresql://…`, else a
 * SQLite file, created if missing (its folder must exist). Throws StoreError naming the file or url.
 *
 * @example
 * const store = await openStore("runs.sqlite");
 * const runs = await store.listRuns({ kind: "backtest" });
 * await store.close();
 */
export async function openStore(urlOrFile: string, what = "--db"): Promise<Store> {
  requireString(urlOrFile, "urlOrFile");
  if (urlOrFile.trim() === "") throw new StoreError({ what, value: urlOrFile, reason: "is empty" });
  if (isPostgresUrl(urlOrFile)) {
    const driver = openPostgresDriver(urlOrFile);
    try {
      return await createRepository(driver);
    } catch (e) {
      await driver.close().catch(() => undefined);
      // Never echo a password: only the host part of the url.
      const safe = urlOrFile.replace(/\/\/[^@/]*@/, "//***@");
      throw new StoreError({
        what,
        value: safe,
        reason: `cannot open the Postgres database (${e instanceof Error ? e.message : String(e)})`,
        cause: e,
      });
    }
  }
  const file = resolve(urlOrFile);
  if (!existsSync(dirname(file)))
    throw new StoreError({ what, value: urlOrFile, reason: `folder ${dirname(file)} does not exist` });
  let driver: ReturnType<typeof openSqliteDriver>;
  try {
    driver = openSqliteDriver(file);
  } catch (e) {
    throw new StoreError({
      what,
      value: urlOrFile,
      reason: `cannot open the SQLite file (${e instanceof Error ? e.message : String(e)})`,
      cause: e,
    });
  }
  try {
    return await createRepository(driver);
  } catch (e) {
    await driver.close().catch(() => undefined);
    throw new StoreError({
      what,
      value: urlOrFile,
      reason: `is not an lpguard store (${e instanceof Error ? e.message : String(e)})`,
      cause: e,
    });
  }
}
