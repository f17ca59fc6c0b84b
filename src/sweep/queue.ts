/**
 * Distributed sweeps over BullMQ 6 on Redis. The driver adds one flow per sweep: a parent job in
 * `lpguard-sweeps` whose children, one per point in `lpguard-sweep-points`, have the point's hash as job id (a
 * point already done is not redone: BullMQ records a completed duplicate's value in the parent). Workers
 * (`lpguard worker`, any machine with the same data files) evaluate children on worker threads, so the event loop
 * stays free to renew job locks; a worker killed mid-job leaves its job stalled, and another worker's stalled check
 * puts it back in the wait list. Each point is a pure function of its spec, so running it twice gives the same
 * result (at-least-once delivery cannot change the aggregate). The driver collects results from the parent's
 * children values as they arrive and removes the parent at the end. Monte Carlo batches of paths go through the
 * same queue (`runPathsOnQueue`, job name `paths`).
 */
import { FlowProducer, type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { ConfigError } from "../errors/config.js";
import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import { getKernel, runKernelRange } from "../sim/kernels/index.js";
import type { RunPathsParameters, RunPathsReturnType } from "../sim/parallel/runner.js";
import { checkInteger } from "../sim/validate.js";
import { SweepQueueError, SweepRunError } from "./errors.js";
import type { PointResult } from "./evaluate.js";
import { canonicalJson, sha256Hex } from "./hash.js";
import type { SweepExecutor } from "./runSweep.js";
import { createSweepThreadPool, type PointTask, type SweepThreadPool } from "./threads.js";

/** Queue of point jobs (children). */
export const POINT_QUEUE = "lpguard-sweep-points";
/** Queue of sweep jobs (parents). */
export const SWEEP_QUEUE = "lpguard-sweeps";

/** Data of a point job. */
export type PointJobData = Pick<PointTask, "spec" | "baseDir">;

/** Returns a Redis connection for BullMQ from a `redis://[:password@]HOST:PORT[/DB]` URL. */
export function parseQueueUrl(url: string): { host: string; port: number; password?: string; db?: number } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError({ path: "--queue", value: url, reason: "is not a URL redis://HOST:PORT" });
  }
  if (u.protocol !== "redis:")
    throw new ConfigError({ path: "--queue", value: url, reason: "must start with redis://" });
  const port = u.port === "" ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (u.hostname === "" || !Number.isInteger(port) || (db !== undefined && !Number.isInteger(db)))
    throw new ConfigError({ path: "--queue", value: url, reason: "expected redis://HOST:PORT[/DB]" });
  return {
    host: u.hostname,
    port,
    ...(u.password !== "" ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined ? { db } : {}),
  };
}

async function connect(url: string): Promise<Redis> {
  const redis = new Redis({
    ...parseQueueUrl(url),
    maxRetriesPerRequest: null,
    lazyConnect: true,
    retryStrategy: (n) => (n > 20 ? null : Math.min(1000, 50 * n)),
  });
  redis.on("error", () => {}); // surfaced through the failing command below
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    redis.disconnect();
    throw new SweepQueueError({ url, reason: `cannot reach Redis (${(cause as Error).message})` });
  }
  return redis;
}

export type CreateQueueExecutorParameters = {
  /** redis://HOST:PORT */
  url: string;
  /** Poll interval of the driver, ms (default 200). */
  pollMs?: number;
  /** Attempts per point before the sweep fails (default 3). */
  attempts?: number;
};

/** One child job of a flow. */
type FlowChild = { id: string; name: string; data: unknown };

/**
 * Runs `children` as one flow under the parent `parentId` and collects their return values as they arrive
 * (`onValue(i, value)`), then removes the parent. A parent left by a killed driver is reused if it holds every
 * child id (its finished children are collected at once), else replaced.
 */
async function runFlow<R>(
  flow: FlowProducer,
  sweeps: Queue,
  parentId: string,
  children: FlowChild[],
  { attempts, pollMs }: { attempts: number; pollMs: number },
  onValue: (i: number, value: R) => void,
): Promise<R[]> {
  const index = new Map<string, number>();
  children.forEach((c, i) => {
    index.set(c.id, i);
  });
  let parent: Job | undefined = await sweeps.getJob(parentId);
  const holds = (p: Job) => {
    const ids = new Set((p.data as { ids?: string[] }).ids ?? []);
    return children.every((c) => ids.has(c.id));
  };
  if (parent === undefined || (await parent.getState()) === "failed" || !holds(parent)) {
    if (parent !== undefined) await parent.remove({ removeChildren: false });
    const node = await flow.add({
      name: "sweep",
      queueName: SWEEP_QUEUE,
      data: { ids: children.map((c) => c.id) },
      opts: { jobId: parentId },
      children: children.map((c) => ({
        name: c.name,
        queueName: POINT_QUEUE,
        data: c.data,
        opts: {
          jobId: c.id,
          attempts,
          backoff: { type: "fixed", delay: 500 },
          failParentOnFailure: true,
          removeOnFail: true,
        },
      })),
    });
    parent = node.job;
  }
  const results = new Array<R>(children.length);
  const seen = new Set<number>();
  for (;;) {
    const values = await parent.getChildrenValues<R>();
    for (const [key, value] of Object.entries(values)) {
      const i = index.get(key.slice(key.lastIndexOf(":") + 1));
      if (i === undefined || seen.has(i)) continue;
      seen.add(i);
      results[i] = value;
      onValue(i, value);
    }
    if (seen.size === children.length) break;
    const state = await parent.getState();
    if (state === "failed" || state === "unknown") {
      const job = await sweeps.getJob(parentId);
      throw new SweepRunError({ point: parentId, reason: job?.failedReason ?? `the sweep job is ${state}` });
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  await parent.remove({ removeChildren: false }).catch(() => {});
  return results;
}

/** Returns an executor that runs points on queue workers and collects them through a parent-child flow. */
export async function createQueueExecutor(options: CreateQueueExecutorParameters): Promise<SweepExecutor> {
  const { url, pollMs = 200, attempts = 3 } = requireObject(options, "options");
  const connection = await connect(url);
  const flow = new FlowProducer({ connection });
  const sweeps = new Queue(SWEEP_QUEUE, { connection });
  return {
    async run(tasks, onResult, options) {
      if (tasks.length === 0) return [];
      const parentId = `sweep-${options?.sweepId ?? sha256Hex(tasks.map((t) => t.id).join(","))}`;
      const children = tasks.map((t) => ({
        id: t.id,
        name: "point",
        data: { spec: t.spec, baseDir: t.baseDir } satisfies PointJobData,
      }));
      return runFlow<PointResult>(flow, sweeps, parentId, children, { attempts, pollMs }, onResult);
    },
    async close() {
      await flow.close();
      await sweeps.close();
      connection.disconnect();
    },
  };
}

/** Data of a Monte Carlo batch job: paths [start, end) of a registered kernel, path i from createRng(seed, i). */
export type PathsJobData = { kernel: string; config: unknown; seed: number; start: number; end: number };

export type RunPathsOnQueueParameters = Omit<RunPathsParameters, "workers" | "chunkSize"> & {
  url: string;
  /** Paths per job (default 1000, the batch of `simulate`'s progress). */
  batchSize?: number;
  pollMs?: number;
  attempts?: number;
  onBatch?: (done: number, total: number) => void;
};

/**
 * Returns `runPaths`' result computed by queue workers: one job per batch of paths, its id the hash of (kernel,
 * config, seed, start, end), its rows returned as base64 of the Float64Array bytes (exact), collected through a
 * flow. Bit-identical to `runPaths` with any worker count.
 */
export async function runPathsOnQueue(options: RunPathsOnQueueParameters): Promise<RunPathsReturnType> {
  const {
    url,
    kernel,
    config,
    paths,
    seed,
    batchSize = 1000,
    pollMs = 100,
    attempts = 3,
    onBatch,
  } = requireObject(options, "options");
  const def = getKernel(kernel);
  def.create(config); // bad config fails here, naming the field
  checkInteger("paths", paths, 1, 2 ** 31);
  checkInteger("batchSize", batchSize, 1);
  if (!Number.isInteger(seed))
    throw new InvalidInputError({ field: "seed", value: seed, expected: "an integer" });
  const cols = def.columns.length;
  const children: FlowChild[] = [];
  for (let start = 0; start < paths; start += batchSize) {
    const data: PathsJobData = { kernel, config, seed, start, end: Math.min(paths, start + batchSize) };
    children.push({ id: `paths-${sha256Hex(canonicalJson(data))}`, name: "paths", data });
  }
  const rows = new Float64Array(paths * cols);
  const connection = await connect(url);
  const flow = new FlowProducer({ connection });
  const sweeps = new Queue(SWEEP_QUEUE, { connection });
  let done = 0;
  try {
    await runFlow<string>(
      flow,
      sweeps,
      `paths-${sha256Hex(children.map((c) => c.id).join(","))}`,
      children,
      { attempts, pollMs },
      (i, value) => {
        const d = children[i].data as PathsJobData;
        const bytes = Buffer.from(value, "base64");
        const got = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
        if (got.length !== (d.end - d.start) * cols)
          throw new SweepRunError({ point: children[i].id, reason: `returned ${got.length} values` });
        rows.set(got, d.start * cols);
        onBatch?.(++done, children.length);
      },
    );
  } finally {
    await flow.close();
    await sweeps.close();
    connection.disconnect();
  }
  return { kernel, columns: def.columns, paths, seed, workers: 0, rows };
}

/** Returns the base64 bytes of one Monte Carlo batch (what a worker returns for a `paths` job). */
export function runPathsJob(d: PathsJobData): string {
  requireObject(d, "job");
  const cols = getKernel(d.kernel).columns.length;
  const out = new Float64Array((d.end - d.start) * cols);
  runKernelRange(d.kernel, d.config, d.seed, d.start, d.end, out);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString("base64");
}

export type StartQueueWorkerParameters = {
  url: string;
  /** Points evaluated at once, each on its own thread (default 1). */
  concurrency?: number;
  /** Job lock, ms (renewed every half; default 30,000). A killed worker's job returns to the wait list after it. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs, ms (default: lockDurationMs). */
  stalledIntervalMs?: number;
  /** Resolve relative data paths against this folder instead of the driver's (another machine's checkout). */
  baseDir?: string;
  /** Called after each finished job. */
  onJob?: (id: string, ms: number) => void;
};

export type QueueWorker = {
  /** Jobs finished by this worker. */
  readonly processed: number;
  close(): Promise<void>;
};

/**
 * Starts a queue worker: evaluates point jobs on `concurrency` threads until closed. Its BullMQ name is
 * `lpguard-worker-<pid>` (a job's `processedBy`).
 */
export async function startQueueWorker(options: StartQueueWorkerParameters): Promise<QueueWorker> {
  const {
    url,
    concurrency = 1,
    lockDurationMs = 30_000,
    stalledIntervalMs,
    baseDir,
    onJob,
  } = requireObject(options, "options");
  const connection = await connect(url);
  const pools: SweepThreadPool[] = [];
  for (let k = 0; k < concurrency; k++) pools.push(createSweepThreadPool(1));
  const free = [...pools];
  let processed = 0;
  const worker = new Worker<PointJobData | PathsJobData, PointResult | string>(
    POINT_QUEUE,
    async (job) => {
      if (job.name === "paths") {
        // Monte Carlo batch: short, pure, run in this thread.
        const t0 = performance.now();
        const r = runPathsJob(job.data as PathsJobData);
        processed++;
        onJob?.(job.id ?? "?", performance.now() - t0);
        return r;
      }
      const data = job.data as PointJobData;
      const pool = free.pop();
      if (pool === undefined) throw new Error("no free thread (concurrency exceeded)");
      const t0 = performance.now();
      try {
        const [r] = await pool.run([
          { id: job.id ?? "?", spec: data.spec, baseDir: baseDir ?? data.baseDir },
        ]);
        processed++;
        onJob?.(job.id ?? "?", performance.now() - t0);
        return r;
      } finally {
        free.push(pool);
      }
    },
    {
      connection,
      name: `lpguard-worker-${process.pid}`,
      concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs ?? lockDurationMs,
      maxStalledCount: 10,
    },
  );
  worker.on("error", () => {}); // connection errors are retried by ioredis
  await worker.waitUntilReady();
  return {
    get processed() {
      return processed;
    },
    async close() {
      await worker.close();
      await Promise.all(pools.map((p) => p.close()));
      connection.disconnect();
    },
  };
}
