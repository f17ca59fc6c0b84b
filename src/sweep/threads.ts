/**
 * The local sweep pool: worker threads (node:worker_threads) that evaluate points. Tasks are claimed from a
 * shared atomic cursor, so idle threads take the next point; each thread keeps its loaded pool series, so a window
 * is loaded once per thread. Results come back by task index, so the outcome does not depend on the thread count.
 */
import { receiveMessageOnPort } from "node:worker_threads";
import type { BacktestConfig } from "../backtest/config.js";
import { InvalidInputError } from "../errors/math.js";
import { spawnModuleWorker, startWorkerThreads } from "../sim/parallel/threads.js";
import { SweepRunError } from "./errors.js";
import type { PointResult } from "./evaluate.js";

/** One point to evaluate: its spec and the folder its relative data paths resolve against. */
export type PointTask = { id: string; spec: BacktestConfig; baseDir: string };

/** A run as a thread sees it. `control` = Int32Array [next task, tasks done, failed flag]. */
export type ThreadRun = { tasks: PointTask[]; control: SharedArrayBuffer };
/** A thread's answer for task i. */
export type ThreadReply = { i: number; result?: PointResult; error?: string };

/** A reusable set of sweep threads. */
export type SweepThreadPool = {
  readonly size: number;
  /** Evaluates tasks; `onResult` is called as each finishes (any order); resolves with results by task index. */
  run(tasks: PointTask[], onResult?: (i: number, r: PointResult) => void): Promise<PointResult[]>;
  /** As `run`, blocking this thread (Atomics.wait) until every task is done; for synchronous callers (bench). */
  runSync(tasks: PointTask[]): PointResult[];
  close(): Promise<void>;
};

export { spawnModuleWorker } from "../sim/parallel/threads.js";

/** Returns a pool of `size` sweep threads. They do not keep the process alive between runs; close when done. */
export function createSweepThreadPool(size: number): SweepThreadPool {
  if (!Number.isInteger(size) || size < 1 || size > 256)
    throw new InvalidInputError({ field: "workers", value: size, expected: "an integer in [1, 256]" });
  const { threads, ports, crashes } = startWorkerThreads(size, () =>
    spawnModuleWorker(import.meta.url, "threadWorker"),
  );
  let busy = false;
  const start = (tasks: PointTask[]) => {
    if (busy) throw new InvalidInputError({ field: "pool", value: "busy", expected: "one run at a time" });
    if (crashes.length > 0) throw crashes[0];
    busy = true;
    const control = new SharedArrayBuffer(12);
    for (const port of ports) port.postMessage({ tasks, control } satisfies ThreadRun);
    return new Int32Array(control);
  };
  const fail = (tasks: PointTask[], reply: ThreadReply): never => {
    throw new SweepRunError({
      point: tasks[reply.i]?.id ?? String(reply.i),
      reason: reply.error ?? "no result",
    });
  };
  return {
    size,
    run(tasks, onResult) {
      if (tasks.length === 0) return Promise.resolve([]);
      start(tasks);
      const results = new Array<PointResult>(tasks.length);
      let done = 0;
      return new Promise<PointResult[]>((resolvePromise, reject) => {
        const cleanup = () => {
          for (const p of ports) {
            p.off("message", onMessage);
            p.unref();
          }
          for (const t of threads) t.off("error", onError);
          busy = false;
        };
        const onError = (e: Error) => {
          cleanup();
          reject(e);
        };
        const onMessage = (m: ThreadReply) => {
          if (m.error !== undefined || m.result === undefined) {
            cleanup();
            try {
              fail(tasks, m);
            } catch (e) {
              reject(e);
            }
            return;
          }
          results[m.i] = m.result;
          onResult?.(m.i, m.result);
          if (++done === tasks.length) {
            cleanup();
            resolvePromise(results);
          }
        };
        for (const p of ports) {
          p.ref();
          p.on("message", onMessage);
        }
        for (const t of threads) t.once("error", onError);
      });
    },
    runSync(tasks) {
      if (tasks.length === 0) return [];
      const control = start(tasks);
      try {
        for (;;) {
          const done = Atomics.load(control, 1);
          if (done >= tasks.length || Atomics.load(control, 2) !== 0) break;
          Atomics.wait(control, 1, done, 1000);
          if (crashes.length > 0) throw crashes[0];
        }
        const results = new Array<PointResult>(tasks.length);
        let got = 0;
        // A failed run stops early; wait for replies of the tasks claimed so far.
        const claimed = Math.min(tasks.length, Atomics.load(control, 0));
        while (got < claimed) {
          let any = false;
          for (const p of ports) {
            const m = receiveMessageOnPort(p)?.message as ThreadReply | undefined;
            if (m === undefined) continue;
            any = true;
            got++;
            if (m.error !== undefined || m.result === undefined) fail(tasks, m);
            else results[m.i] = m.result;
          }
          if (!any) Atomics.wait(control, 1, Atomics.load(control, 1), 10);
        }
        return results;
      } finally {
        busy = false;
      }
    },
    async close() {
      for (const p of ports) p.close();
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}
