/**
 * The worker-thread plumbing shared by the Monte Carlo runner and the sweep pool: start a sibling module as a
 * thread (from TypeScript source under tsx/vitest or from dist), and start a set of threads that each get a
 * MessagePort and do not keep the process alive between runs.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";

/** Returns the file URL of tsx's ESM register API (`tsx/esm/api`, import condition), resolved from `from`. */
function tsxEsmApiUrl(from: string): string {
  const cjsPath = createRequire(from).resolve("tsx/esm/api");
  return pathToFileURL(cjsPath.replace(/\.cjs$/, ".mjs")).href;
}

/** Starts a worker thread running `file` (a sibling module of the caller `here`, no extension), from source or dist. */
export function spawnModuleWorker(here: string, file: string): Worker {
  if (here.endsWith(".ts")) {
    // From source (vitest, tsx): load the TypeScript module through tsx's ESM loader (execArgv ["--import", "tsx"]
    // does not reach worker threads on Node 20: ERR_UNKNOWN_FILE_EXTENSION).
    const url = new URL(`./${file}.ts`, here).href;
    const code = `import { register } from ${JSON.stringify(tsxEsmApiUrl(here))}; register(); await import(${JSON.stringify(url)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
  }
  return new Worker(new URL(`./${file}.js`, here));
}

/** Threads started by `startWorkerThreads`: each thread's port (its first message) and the errors they raised. */
export type WorkerThreads = { threads: Worker[]; ports: MessagePort[]; crashes: Error[] };

/**
 * Returns `size` threads from `spawn`, each sent one end of a MessageChannel as its first message (the caller keeps
 * the other); threads and ports are unref'd, so they do not keep the process alive, and errors are collected.
 */
export function startWorkerThreads(size: number, spawn: () => Worker): WorkerThreads {
  const out: WorkerThreads = { threads: [], ports: [], crashes: [] };
  for (let i = 0; i < size; i++) {
    const w = spawn();
    const { port1, port2 } = new MessageChannel();
    w.postMessage(port2, [port2]);
    w.on("error", (e) => out.crashes.push(e));
    w.unref();
    port1.unref();
    out.threads.push(w);
    out.ports.push(port1);
  }
  return out;
}
