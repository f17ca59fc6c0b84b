/**
 * Opens the keeper's read model over its journal database for `lpguard serve --keeper-db FILE`. The keeper
 * module (`src/keeper/readModel.ts`) is loaded lazily, so the API works without it; it must export
 * `createKeeperReadModel({ db: file })` (or `openKeeperReadModel(file)`), returning a KeeperReadModel.
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
  // src/keeper/readModel.ts exports createKeeperReadModel({ db: file }) (keeper branch); openKeeperReadModel(file)
  // is accepted too.
  const create = mod.createKeeperReadModel as
    | ((p: { db: string }) => KeeperReadModel & { close?: () => unknown })
    | undefined;
  const open = mod.openKeeperReadModel as
    | ((file: string) => (KeeperReadModel & { close?: () => unknown }) | Promise<KeeperReadModel>)
    | undefined;
  if (typeof create === "function") return create({ db: file });
  if (typeof open === "function") return open(file);
  throw new ConfigError({
    path: "--keeper-db",
    value: file,
    reason: "src/keeper/readModel.ts exports no createKeeperReadModel({ db })",
  });
}
