/**
 * Worker-thread helper of bench/sweep.bench.ts: runs the asynchronous queue driver (BullMQ) for the synchronous
 * benchmark harness. It receives { url, tasks, control, port }, runs the tasks through the queue, posts the results
 * on `port` and raises control[0] (Atomics), so the harness thread can block on it.
 */
import { type MessagePort, parentPort } from "node:worker_threads";
import { createQueueExecutor } from "../src/sweep/queue.js";
import type { SweepExecutor } from "../src/sweep/runSweep.js";
import type { PointTask } from "../src/sweep/threads.js";

let executor: SweepExecutor | undefined;
type Request = { url: string; tasks: PointTask[]; control: SharedArrayBuffer; port: MessagePort };
parentPort?.on("message", async (m: Request) => {
  const control = new Int32Array(m.control);
  try {
    executor ??= await createQueueExecutor({ url: m.url, pollMs: 5 });
    const results = await executor.run(m.tasks, () => {});
    m.port.postMessage({ results });
  } catch (err) {
    m.port.postMessage({ error: String(err) });
  }
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
});
