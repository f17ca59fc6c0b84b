/**
 * Opens the keeper's read model over its journal database for `lpguard serve --keeper-db FILE`. The keeper
 * module (`src/keeper/readModel.ts`) is loaded lazily, so the API works without it; it must export
 * `openKeeperReadModel(file): KeeperReadModel | Promise<KeeperReadModel>`.
 */
import { existsSync } from "node:fs";
import { ConfigError } from "../errors/config.js";
import type { KeeperReadModel } from "./keeperPort.js";

export async function openKeeperDb(file: string): Promise<KeeperReadModel & { close?: () => unknown }> {
  if (!existsSync(file))
    throw new ConfigError({ path: "--keeper-db", value: file, reason: "file not found" });
  const spec = "../keeper/readModel.js";
  let mod: Record<string, unknown>;
  try {
    mod = (await import(spec)) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError({
      path: "--keeper-db",
      value: file,
      reason: `the keeper read model (src/keeper/readModel.ts) cannot be loaded: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  const open = (mod.openKeeperReadModel ?? mod.createKeeperReadModel) as
    | ((file: string) => KeeperReadModel | Promise<KeeperReadModel>)
    | undefined;
  if (typeof open !== "function")
    throw new ConfigError({
      path: "--keeper-db",
      value: file,
      reason: "src/keeper/readModel.ts exports no openKeeperReadModel(file)",
    });
  return open(file);
}
