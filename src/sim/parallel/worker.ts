/**
 * Worker-thread entry of the parallel Monte Carlo runner. The runner hands each thread a MessagePort; for every
 * run it sends one job, and the threads pull chunks of paths from a shared atomic cursor, write their rows into
 * the shared result buffer with `runKernelRange`, then count themselves done (Atomics, so a caller may wait
 * synchronously) and reply on the port.
 */
import { type MessagePort, parentPort } from "node:worker_threads";
import { getKernel, type KernelDefinition, type PathKernel, runKernelPaths } from "../kernels/index.js";

/** One run as seen by a worker. `control` = Int32Array [next chunk, threads done, failed flag]. */
export type WorkerJob = {
  kernel: string;
  /** File URL of a module exporting `pathKernel` (a kernel outside the registry), if any. */
  module?: string;
  config: unknown;
  seed: number;
  paths: number;
  chunk: number;
  cols: number;
  buffer: SharedArrayBuffer;
  control: SharedArrayBuffer;
};

/** A worker's answer to one job: the error message if a kernel threw. */
export type WorkerReply = { error?: string };

/** Kernels loaded by module URL, kept for the thread's life. */
const loaded = new Map<string, KernelDefinition>();

async function kernelOf(job: WorkerJob): Promise<string | KernelDefinition> {
  if (job.module === undefined) return job.kernel;
  let def = loaded.get(job.module);
  if (def === undefined) {
    def = ((await import(job.module)) as { pathKernel: KernelDefinition }).pathKernel;
    loaded.set(job.module, def);
  }
  return def;
}

/**
 * The kernel of the last job's config (kernel name, module and config JSON as the key): created once and reused for
 * every chunk of a job and for the next job of the same config, since building one (the engine kernel assembles a
 * whole backtest run) costs as much as many paths. A kernel's rows depend only on the config and each path's rng.
 */
let last: { key: string; kernel: PathKernel } | undefined;

function kernelFor(job: WorkerJob, def: string | KernelDefinition): PathKernel {
  const key = `${job.kernel}\u0000${job.module ?? ""}\u0000${JSON.stringify(job.config)}`;
  if (last === undefined || last.key !== key) {
    const d = typeof def === "string" ? getKernel(def) : def;
    last = { key, kernel: d.create(job.config) };
  }
  return last.kernel;
}

function runJob(job: WorkerJob, def: string | KernelDefinition): WorkerReply {
  const control = new Int32Array(job.control);
  try {
    const kernel = kernelFor(job, def);
    for (;;) {
      if (Atomics.load(control, 2) !== 0) break;
      const start = Atomics.add(control, 0, 1) * job.chunk;
      if (start >= job.paths) break;
      const end = Math.min(job.paths, start + job.chunk);
      const view = new Float64Array(job.buffer, start * job.cols * 8, (end - start) * job.cols);
      runKernelPaths(kernel, job.seed, start, end, view);
    }
    return {};
  } catch (err) {
    Atomics.store(control, 2, 1);
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

if (parentPort) {
  parentPort.once("message", (port: MessagePort) => {
    port.on("message", async (job: WorkerJob) => {
      let reply: WorkerReply;
      try {
        reply = runJob(job, await kernelOf(job));
      } catch (err) {
        Atomics.store(new Int32Array(job.control), 2, 1);
        reply = { error: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(reply);
      const control = new Int32Array(job.control);
      Atomics.add(control, 1, 1);
      Atomics.notify(control, 1);
    });
  });
}
