/**
 * The library surface of lpguard (`import { … } from "lpguard"`): the same functions the CLI uses.
 * Each layer is also a subpath export (`lpguard/math`, `lpguard/data`, `lpguard/engine`, …).
 */
export * from "./backtest/index.js";
export {
  assetOfToken,
  isVaultConfig,
  loadVaultConfig,
  parseVaultConfig,
  type VaultConfig,
  vaultConfigSchema,
} from "./config/index.js";
export * from "./data/index.js";
export * from "./engine/index.js";
export * from "./errors/index.js";
export * from "./forecast/index.js";
export * from "./math/index.js";
export * from "./optimize/index.js";
export * from "./report/index.js";
export * from "./risk/index.js";
export * from "./run/index.js";
export {
  type ApiServer,
  type CreateApiServerParameters,
  createApiServer,
  type StartApiServerParameters,
  type StartedApiServer,
  startApiServer,
} from "./server/createServer.js";
export type * from "./server/keeperPort.js";
export * from "./sim/index.js";
export * from "./simulate/index.js";
export {
  isPostgresUrl,
  openStore,
  RunKind,
  RunStatus,
  type StoreRunInput,
  saveRun,
  storeRunIfAsked,
  toStoredRun,
} from "./store/index.js";
export type {
  CreateRunReturnType,
  IdempotencyOptions,
  ListRunsQuery,
  NewRun,
  RunPatch,
  RunRecord,
  Store,
  StoredEvent,
  StoredSeries,
  SweepPoint as StoredSweepPoint,
  SweepRecord,
  SweepStatus,
} from "./store/types.js";
export * from "./strategy/index.js";
export * from "./sweep/index.js";
export type * from "./types/index.js";
