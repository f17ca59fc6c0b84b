/**
 * The parallel Monte Carlo runner: the only module of `sim/` that starts threads. Paths are split into chunks
 * and handed to worker threads as they become idle; path i always uses `createRng(seed, i)`, and each worker
 * writes its rows straight into one SharedArrayBuffer, so the result is bit-identical whatever the worker count.
 */

import { availableParallelism } from "node:os";
import { receiveMessageOnPort } from "node:worker_threads";
import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";
import { getKernel, type KernelDefinition, runKernelRange } from "../kernels/index.js";
import { checkInteger } from "../validate.js";
import { spawnModuleWorker, startWorkerThreads } from "./threads.js";
import type { WorkerJob, WorkerReply } from "./worker.js";

/** Parameters of `runPaths` and `WorkerPool.run`. */
export type RunPathsParameters = {
  /** Registered kernel name, e.g. "lpHedge" (see KERNELS), or the name of `module`'s kernel. */
  kernel: string;
  /**
   * A kernel outside the static registry (e.g. one that runs the engine, which `sim/` may not import): `url` is
   * the file URL of a module whose export `pathKernel` is `definition`; the worker threads import it.
   */
  module?: { url: string; definition: KernelDefinition };
  /** JSON-serialisable kernel config (validated in the calling thread first). */
  config: unknown;
  /** Number of paths, ≥ 1. */
  paths: number;
  /** Integer seed; path i uses createRng(seed, i). */
  seed: number;
  /** Worker threads; default os.availableParallelism(); 1 runs in this thread. */
  workers?: number;
  /** Paths per job handed to a worker; default ≈ paths / (8 · workers), at least 1. */
  chunkSize?: number;
};

/** Result of `runPaths`: one row of `columns` per path, row i from createRng(seed, i). */
export type RunPathsReturnType = {
  kernel: string;
  /** Column names of each row (the kernel's `columns`). */
  columns: readonly string[];
  paths: number;
  seed: number;
  /** Worker threads used (1 = in this thread). */
  workers: number;
  /** Row-major results: path i's column j is rows[i · columns.length + j]. */
  rows: Float64Array;
};

/** A reusable set of worker threads (spawning a thread that loads TypeScript takes ~0.1–0.5 s). */
export type WorkerPool = {
  readonly size: number;
  /** Runs paths on this pool's threads (`workers` is ignored: the pool's size is used). One run at a time. */
  run(params: Omit<RunPathsParameters, "workers">): Promise<RunPathsReturnType>;
  /**
   * As `run`, but blocks this thread until the workers finish (Atomics.wait), for synchronous callers such as
   * the benchmark harness. A worker killed by the runtime (e.g. out of memory) would block it forever.
   */
  runSync(params: Omit<RunPathsParameters, "workers">): RunPathsReturnType;
  /** Terminates the threads. */
  close(): Promise<void>;
};

function validate(p: Omit<RunPathsParameters, "workers">): { cols: number; columns: readonly string[] } {
  const def = validateRun(p);
  // validate the config here so bad input fails in the caller's thread with a named field
  def.create(p.config);
  return { cols: def.columns.length, columns: def.columns };
}

/** The checks of `validate` other than the config's: kernel, paths, seed, chunk size. Returns the kernel. */
function validateRun(p: Omit<RunPathsParameters, "workers">): KernelDefinition {
  const def = p.module?.definition ?? getKernel(p.kernel);
  checkInteger("paths", p.paths, 1, 2 ** 31);
  if (!Number.isInteger(p.seed))
    throw new InvalidInputError({ field: "seed", value: p.seed, expected: "an integer" });
  if (p.chunkSize !== undefined) checkInteger("chunkSize", p.chunkSize, 1);
  return def;
}

/**
 * Returns a pool of `workers` threads (default os.availableParallelism()) that run registered kernels. The
 * threads do not keep the process alive between runs; close the pool when done.
 */
export function createWorkerPool(options: { workers?: number } = {}): WorkerPool {
  const { workers } = requireObject(options, "options");
  const size = checkInteger("workers", workers ?? availableParallelism(), 1, 1024);
  const { threads, ports, crashes } = startWorkerThreads(size, () =>
    spawnModuleWorker(import.meta.url, "worker"),
  );
  let closed = false;
  let busy = false;
  // The kernel, module and config JSON of the last run that validated: a kernel's create is a pure function of its
  // config, so a repeated config (a benchmark, a batched simulation) is not created again in this thread, which
  // costs ~0.4 ms for the engine kernel (its series builder), ~4 % of a 128-path run on 2 workers.
  let validKey: string | undefined;
  let validShape: { cols: number; columns: readonly string[] } | undefined;

  const start = (p: Omit<RunPathsParameters, "workers">) => {
    if (closed) throw new InvalidInputError({ field: "pool", value: "closed", expected: "an open pool" });
    if (busy) throw new InvalidInputError({ field: "pool", value: "busy", expected: "one run at a time" });
    if (crashes.length > 0) throw crashes[0];
    const key = `${p.kernel}\u0000${p.module?.url ?? ""}\u0000${JSON.stringify(p.config)}`;
    if (validShape === undefined || key !== validKey) {
      validShape = undefined;
      validShape = validate(p);
      validKey = key;
    } else validateRun(p);
    const { cols, columns } = validShape;
    const buffer = new SharedArrayBuffer(p.paths * cols * 8);
    const control = new SharedArrayBuffer(12);
    const chunk = p.chunkSize ?? Math.max(1, Math.min(256, Math.ceil(p.paths / (8 * size))));
    const job: WorkerJob = {
      kernel: p.kernel,
      module: p.module?.url,
      config: p.config,
      seed: p.seed,
      paths: p.paths,
      chunk,
      cols,
      buffer,
      control,
    };
    busy = true;
    for (const port of ports) port.postMessage(job);
    const result: RunPathsReturnType = {
      kernel: p.kernel,
      columns,
      paths: p.paths,
      seed: p.seed,
      workers: size,
      rows: new Float64Array(buffer),
    };
    return { result, control: new Int32Array(control) };
  };
  const fail = (errors: (string | undefined)[], kernel: string) => {
    const first = errors.find((e) => e !== undefined);
    if (first !== undefined) throw new Error(`worker failed on kernel ${kernel}: ${first}`);
  };

  return {
    size,
    async run(p) {
      const { result } = start(p);
      try {
        const replies = await Promise.all(
          ports.map(
            (port, i) =>
              new Promise<WorkerReply>((resolve, reject) => {
                port.ref();
                const onError = (e: Error) => reject(e);
                threads[i].once("error", onError);
                port.once("message", (m: WorkerReply) => {
                  threads[i].off("error", onError);
                  port.unref();
                  resolve(m);
                });
              }),
          ),
        );
        fail(
          replies.map((r) => r.error),
          p.kernel,
        );
        return result;
      } finally {
        busy = false;
      }
    },
    runSync(p) {
      const { result, control } = start(p);
      try {
        for (;;) {
          const done = Atomics.load(control, 1);
          if (done >= size) break;
          Atomics.wait(control, 1, done, 1000);
          if (crashes.length > 0) throw crashes[0];
        }
        fail(
          ports.map((port) => (receiveMessageOnPort(port)?.message as WorkerReply | undefined)?.error),
          p.kernel,
        );
        return result;
      } finally {
        busy = false;
      }
    },
    async close() {
      closed = true;
      for (const port of ports) port.close();
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}

/**
 * Returns the per-path result rows of `paths` runs of a registered kernel, computed on `workers` threads
 * (default os.availableParallelism(); 1 = in this thread). Path i always uses createRng(seed, i), so the rows are
 * bit-identical for any worker count or chunk size.
 *
 * @example
 * const r = await runPaths({ kernel: "lpHedge", config, paths: 10_000, seed: 1 });
 * summarize(column(r.rows, r.columns.length, r.columns.indexOf("totalPnl")));
 * @throws {InvalidInputError} for an unknown kernel, a bad config field, paths, seed or workers.
 */
export async function runPaths(p: RunPathsParameters): Promise<RunPathsReturnType> {
  requireObject(p, "options");
  const workers = checkInteger("workers", p.workers ?? availableParallelism(), 1, 1024);
  if (workers === 1) {
    const { cols, columns } = validate(p);
    const rows = new Float64Array(p.paths * cols);
    runKernelRange(p.module?.definition ?? p.kernel, p.config, p.seed, 0, p.paths, rows);
    return { kernel: p.kernel, columns, paths: p.paths, seed: p.seed, workers: 1, rows };
  }
  validate(p); // fail before spawning threads
  const pool = createWorkerPool({ workers });
  try {
    return await pool.run(p);
  } finally {
    await pool.close();
  }
}
