export type { Row, SqlDriver, SqlExecutor } from "./driver.js";
export { MIGRATIONS, type Migration, migrate } from "./migrations.js";
export { isPostgresUrl, openStore } from "./openStore.js";
export { openPostgresDriver } from "./postgresDriver.js";
export {
  backtestToStored,
  COMPARE_COLUMNS,
  compareToStored,
  type StoredRunParts,
  type StoreRunInput,
  saveRun,
  simulationToStored,
  storeRunIfAsked,
  toStoredRun,
} from "./recordRun.js";
export { createRepository } from "./repository.js";
export { decodeFloat64, encodeFloat64 } from "./seriesCodec.js";
export { openSqliteDriver } from "./sqliteDriver.js";
export * from "./types.js";
