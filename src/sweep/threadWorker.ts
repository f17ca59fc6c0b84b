/**
 * Worker-thread entry of the local sweep pool. The pool hands each thread a MessagePort; for every run it sends
 * the task list and a shared control buffer. Threads claim tasks from an atomic cursor, evaluate them with one
 * series cache per thread (kept across runs), reply one message per task and count it done (Atomics, so a caller
 * may wait synchronously).
 */
import { type MessagePort, parentPort } from "node:worker_threads";
import { createSeriesCache, evaluatePoint } from "./evaluate.js";
import type { ThreadReply, ThreadRun } from "./threads.js";

const series = createSeriesCache();
const dataCache = new Map();

function runAll(port: MessagePort, run: ThreadRun): void {
  const control = new Int32Array(run.control);
  for (;;) {
    if (Atomics.load(control, 2) !== 0) break;
    const i = Atomics.add(control, 0, 1);
    if (i >= run.tasks.length) break;
    const task = run.tasks[i];
    let reply: ThreadReply;
    try {
      reply = { i, result: evaluatePoint(task.spec, task.baseDir, series, dataCache) };
    } catch (err) {
      Atomics.store(control, 2, 1);
      reply = {
        i,
        error:
          err instanceof Error
            ? ((err as { shortMessage?: string }).shortMessage ?? err.message)
            : String(err),
      };
    }
    port.postMessage(reply);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
}

if (parentPort) {
  parentPort.once("message", (port: MessagePort) => {
    port.on("message", (run: ThreadRun) => runAll(port, run));
  });
}
