/**
 * Worker-thread entry of the API's run queue: receives one RunJob, posts `{type: "progress", fraction}` while it
 * runs, then `{type: "done", parts}` or `{type: "failed", error}` and exits.
 */
import { parentPort, workerData } from "node:worker_threads";
import { BaseError } from "../errors/base.js";
import { type RunJob, runJob } from "./runJob.js";

export type WorkerMessage =
  | { type: "progress"; fraction: number }
  | { type: "done"; parts: import("../store/recordRun.js").StoredRunParts }
  | { type: "failed"; error: string; stack?: string };

const port = parentPort!;
const job = workerData as RunJob;
let last = -1;
try {
  const parts = await runJob(job, (fraction) => {
    // at most ~100 messages a run
    if (fraction - last >= 0.01) {
      last = fraction;
      port.postMessage({ type: "progress", fraction } satisfies WorkerMessage);
    }
  });
  port.postMessage({ type: "done", parts } satisfies WorkerMessage);
} catch (e) {
  const error = e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e);
  port.postMessage({
    type: "failed",
    error,
    stack: e instanceof Error ? e.stack : undefined,
  } satisfies WorkerMessage);
}
