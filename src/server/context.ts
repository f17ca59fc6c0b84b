import type { Store } from "../store/types.js";
import type { EventHub } from "./eventHub.js";
import type { KeeperReadModel } from "./keeperPort.js";
import type { RunQueue } from "./runQueue.js";

/** What every route group is built from. */
export type ApiContext = {
  store: Store;
  keeper: KeeperReadModel | undefined;
  queue: RunQueue;
  hub: EventHub;
  /** Folder that relative data paths in posted configs resolve against. */
  baseDir: string;
  version: string;
  log: (msg: string, err?: unknown) => void;
};
