/**
 * Distributed sweeps over BullMQ 6 on Redis. The driver adds one flow per sweep: a parent job in
 * `lpguard-sweeps` whose children, one per point in `lpguard-sweep-points`, have the point's hash as job id (a
 * point already done is not redone: BullMQ records a completed duplicate's value in the parent). Workers
 * (`lpguard worker`, any machine with the same data files) evaluate children on worker threads, so the event loop
 * stays free to renew job locks; a worker killed mid-job leaves its job stalled, and another worker's stalled check
 * puts it back in the wait list. Each point is a pure function of its spec, so running it twice gives the same
 * result (at-least-once delivery cannot change the aggregate). The driver collects results from the parent's
 * children values as they arrive and removes the parent at the end.
 */
import { FlowProducer, type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { ConfigError } from "../errors/config.js";
import { SweepQueueError, SweepRunError } from "./errors.js";
import type { PointResult } from "./evaluate.js";
import { sha256Hex } from "./hash.js";
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

/** Returns an executor that runs points on queue workers and collects them through a parent-child flow. */
export async function createQueueExecutor({
  url,
  pollMs = 200,
  attempts = 3,
}: CreateQueueExecutorParameters): Promise<SweepExecutor> {
  const connection = await connect(url);
  const flow = new FlowProducer({ connection });
  const sweeps = new Queue(SWEEP_QUEUE, { connection });
  return {
    async run(tasks, onResult, options) {
      if (tasks.length === 0) return [];
      const index = new Map<string, number>();
      tasks.forEach((t, i) => {
        index.set(t.id, i);
      });
      const parentId = `sweep-${options?.sweepId ?? sha256Hex(tasks.map((t) => t.id).join(","))}`;
      // A parent left by a killed driver of the same sweep: reuse it if it holds every task (its finished children
      // are collected at once), else replace it.
      let parent: Job | undefined = await sweeps.getJob(parentId);
      const holds = (p: Job) => {
        const ids = new Set((p.data as { ids?: string[] }).ids ?? []);
        return tasks.every((t) => ids.has(t.id));
      };
      if (parent === undefined || (await parent.getState()) === "failed" || !holds(parent)) {
        if (parent !== undefined) await parent.remove({ removeChildren: false });
        const node = await flow.add({
          name: "sweep",
          queueName: SWEEP_QUEUE,
          data: { ids: tasks.map((t) => t.id) },
          opts: { jobId: parentId },
          children: tasks.map((t) => ({
            name: "point",
            queueName: POINT_QUEUE,
            data: { spec: t.spec, baseDir: t.baseDir } satisfies PointJobData,
            opts: {
              jobId: t.id,
              attempts,
              backoff: { type: "fixed", delay: 500 },
              failParentOnFailure: true,
              removeOnFail: true,
            },
          })),
        });
        parent = node.job;
      }
      const results = new Array<PointResult>(tasks.length);
      const seen = new Set<number>();
      for (;;) {
        const values = await parent.getChildrenValues<PointResult>();
        for (const [key, value] of Object.entries(values)) {
          const i = index.get(key.slice(key.lastIndexOf(":") + 1));
          if (i === undefined || seen.has(i)) continue;
          seen.add(i);
          results[i] = value;
          onResult(i, value);
        }
        if (seen.size === tasks.length) break;
        const state = await parent.getState();
        if (state === "failed" || state === "unknown") {
          const job = await sweeps.getJob(parentId);
          throw new SweepRunError({
            point: parentId,
            reason: job?.failedReason ?? `the sweep job is ${state}`,
          });
        }
        await new Promise((r) => setTimeout(r, pollMs));
      }
      await parent.remove({ removeChildren: false }).catch(() => {});
      return results;
    },
    async close() {
      await flow.close();
      await sweeps.close();
      connection.disconnect();
    },
  };
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
export async function startQueueWorker({
  url,
  concurrency = 1,
  lockDurationMs = 30_000,
  stalledIntervalMs,
  baseDir,
  onJob,
}: StartQueueWorkerParameters): Promise<QueueWorker> {
  const connection = await connect(url);
  const pools: SweepThreadPool[] = [];
  for (let k = 0; k < concurrency; k++) pools.push(createSweepThreadPool(1));
  const free = [...pools];
  let processed = 0;
  const worker = new Worker<PointJobData, PointResult>(
    POINT_QUEUE,
    async (job) => {
      const pool = free.pop();
      if (pool === undefined) throw new Error("no free thread (concurrency exceeded)");
      const t0 = performance.now();
      try {
        const [r] = await pool.run([
          { id: job.id ?? "?", spec: job.data.spec, baseDir: baseDir ?? job.data.baseDir },
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
