/**
 * The API's run queue: runs start in the order they were posted, `concurrency` at a time (default 1: the
 * machine's cores are the engine's), each in its own worker thread. Progress goes to the store (throttled) and
 * to `onUpdate` (the event stream); the result is stored in one transaction.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Store } from "../store/types.js";
import type { RunJob } from "./runJob.js";
import type { WorkerMessage } from "./runWorker.js";

export type RunUpdate = {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  error?: string;
};

export type RunQueue = {
  submit(runId: string, job: RunJob): void;
  /** Number of runs queued or running. */
  pending(): number;
  /** Stops taking jobs, terminates running workers (their runs are marked failed) and waits for them. */
  close(): Promise<void>;
};

function tsxEsmApiUrl(from: string): string {
  const cjsPath = createRequire(from).resolve("tsx/esm/api");
  return pathToFileURL(cjsPath.replace(/\.cjs$/, ".mjs")).href;
}

function spawnRunWorker(job: RunJob): Worker {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    // From source (vitest, tsx): load the TypeScript worker through tsx's ESM loader (see sim/parallel/runner.ts).
    const workerUrl = new URL("./runWorker.ts", here).href;
    const code = `import { register } from ${JSON.stringify(tsxEsmApiUrl(here))}; register(); await import(${JSON.stringify(workerUrl)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: job });
  }
  return new Worker(new URL("./runWorker.js", here), { workerData: job });
}

export function createRunQueue({
  store,
  onUpdate,
  log,
  concurrency = 1,
  progressWriteMs = 500,
}: {
  store: Store;
  onUpdate: (u: RunUpdate) => void;
  log: (msg: string, err?: unknown) => void;
  concurrency?: number;
  progressWriteMs?: number;
}): RunQueue {
  const queue: { id: string; job: RunJob }[] = [];
  const running = new Map<string, { worker: Worker; done: Promise<void> }>();
  let closed = false;

  const finish = async (id: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      log(`run ${id}: storing its result failed`, e);
      await store
        .updateRun(id, { status: "failed", error: "storing the result failed" })
        .catch(() => undefined);
      onUpdate({ id, status: "failed", progress: 0, error: "storing the result failed" });
    }
  };

  const start = (id: string, job: RunJob) => {
    const worker = spawnRunWorker(job);
    let lastWrite = 0;
    let settled = false;
    // Status and progress writes are chained so that none lands after the final one.
    let writes: Promise<unknown> = store
      .updateRun(id, { status: "running" })
      .then(() => onUpdate({ id, status: "running", progress: 0 }))
      .catch((e) => log(`run ${id}: status write failed`, e));
    const done = new Promise<void>((resolve) => {
      const end = async (fn: () => Promise<unknown>) => {
        if (settled) return;
        settled = true;
        await writes;
        await finish(id, fn);
        running.delete(id);
        resolve();
        pump();
      };
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "progress") {
          onUpdate({ id, status: "running", progress: m.fraction });
          const now = Date.now();
          if (now - lastWrite >= progressWriteMs) {
            lastWrite = now;
            writes = writes
              .then(() => store.updateRun(id, { progress: m.fraction }))
              .catch((e) => log(`run ${id}: progress write failed`, e));
          }
        } else if (m.type === "done") {
          void end(async () => {
            await store.completeRun(id, m.parts.run.summary, m.parts.series, m.parts.events);
            onUpdate({ id, status: "done", progress: 1 });
          });
        } else {
          void end(async () => {
            if (m.stack !== undefined && !/Error$/.test(m.error))
              log(`run ${id} failed: ${m.error}\n${m.stack}`);
            await store.updateRun(id, { status: "failed", error: m.error });
            onUpdate({ id, status: "failed", progress: 0, error: m.error });
          });
        }
      });
      worker.on("error", (e) => {
        void end(async () => {
          log(`run ${id}: worker crashed`, e);
          await store.updateRun(id, { status: "failed", error: `worker crashed: ${e.message}` });
          onUpdate({ id, status: "failed", progress: 0, error: e.message });
        });
      });
      worker.on("exit", (code) => {
        void end(async () => {
          const error = closed ? "server stopped before the run finished" : `worker exited with code ${code}`;
          await store.updateRun(id, { status: "failed", error });
          onUpdate({ id, status: "failed", progress: 0, error });
        });
      });
    });
    running.set(id, { worker, done });
  };

  const pump = () => {
    while (!closed && running.size < concurrency && queue.length > 0) {
      const next = queue.shift()!;
      start(next.id, next.job);
    }
  };

  return {
    submit(id, job) {
      queue.push({ id, job });
      onUpdate({ id, status: "queued", progress: 0 });
      pump();
    },
    pending: () => queue.length + running.size,
    async close() {
      closed = true;
      for (const q of queue.splice(0))
        await store
          .updateRun(q.id, { status: "failed", error: "server stopped before the run started" })
          .catch(() => undefined);
      const all = [...running.values()];
      for (const r of all) await r.worker.terminate();
      await Promise.all(all.map((r) => r.done));
    },
  };
}
