/**
 * Opens the keeper's read model over its journal database for `lpguard serve --keeper-db FILE`: the API reads the
 * keeper's state only through the `KeeperReadModel` port (src/server/keeperPort.ts), which
 * `src/keeper/readModel.ts` implements over the journal.
 */
import { existsSync, statSync } from "node:fs";
import { ConfigError } from "../errors/config.js";
import { createKeeperReadModel } from "../keeper/readModel.js";
import type { KeeperReadModel } from "./keeperPort.js";

export async function openKeeperDb(file: string): Promise<KeeperReadModel & { close?: () => unknown }> {
  if (!existsSync(file))
    throw new ConfigError({ path: "--keeper-db", value: file, reason: "file not found" });
  if (!statSync(file).isFile())
    throw new ConfigError({ path: "--keeper-db", value: file, reason: "is not a file" });
  try {
    return createKeeperReadModel({ db: file });
  } catch (e) {
    throw new ConfigError({
      path: "--keeper-db",
      value: file,
      reason: `is not a keeper journal (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`,
    });
  }
}
