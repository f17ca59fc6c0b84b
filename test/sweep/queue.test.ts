/**
 * Distributed sweeps on a real Redis (Debian's redis-server, started here on a free port of 127.0.0.1) with real
 * `lpguard worker` child processes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runPaths } from "../../src/sim/parallel/index.js";
import {
  createDirPointCache,
  createQueueExecutor,
  POINT_QUEUE,
  runPathsOnQueue,
  runSweep,
  SweepQueueError,
  sweepJson,
} from "../../src/sweep/index.js";
import { REPO_ROOT } from "../helpers/sharedData.js";
import { smallSweep } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "lpguard-queue-"));
let port = 0;
let redis: ChildProcess | undefined;
const workers: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type WorkerProc = { proc: ChildProcess; pid: number; done: string[] };

/** Starts `lpguard worker` from source in a child process and waits until it is ready. */
async function startWorker(lockMs = 3000): Promise<WorkerProc> {
  const proc = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(REPO_ROOT, "test/sweep/cli.ts"),
      "worker",
      "--queue",
      `redis://127.0.0.1:${port}`,
      "--lock-ms",
      String(lockMs),
      "--json",
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  workers.push(proc);
  const w: WorkerProc = { proc, pid: proc.pid as number, done: [] };
  let ready = false;
  let buf = "";
  proc.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      nl = buf.indexOf("\n");
      const e = JSON.parse(line) as { event: string; job?: string };
      if (e.event === "ready") ready = true;
      if (e.event === "done") w.done.push(e.job as string);
    }
  });
  let err = "";
  proc.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  await until(`worker ${w.pid} ready (${err})`, () =>
    ready ? true : proc.exitCode !== null ? undefined : undefined,
  );
  return w;
}

function stop(p: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once("exit", () => resolve());
    process.kill(p.pid as number, signal);
  });
}

beforeAll(async () => {
  port = await freePort();
  redis = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  await until("redis", async () => {
    const c = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0 });
    c.on("error", () => {});
    try {
      await c.connect();
      return (await c.ping()) === "PONG" ? true : undefined;
    } finally {
      c.disconnect();
    }
  });
}, 60_000);

afterAll(async () => {
  for (const w of workers) await stop(w, "SIGKILL");
  if (redis !== undefined) await stop(redis, "SIGKILL");
  rmSync(tmp, { recursive: true, force: true });
});

describe("distributed sweep", () => {
  test("default: aggregate byte-identical to the local run; a rerun is collected without new work", async () => {
    const config = smallSweep();
    const local = await runSweep({ config, baseDir: tmp });
    const a = await startWorker();
    const b = await startWorker();
    const ex = await createQueueExecutor({ url: `redis://127.0.0.1:${port}`, pollMs: 50 });
    try {
      const dist = await runSweep({ config, baseDir: tmp, executor: ex });
      expect(dist.executed).toBe(6);
      expect(sweepJson(dist.aggregate)).toBe(sweepJson(local.aggregate));
      await until("done lines", () => (a.done.length + b.done.length >= 6 ? true : undefined), 10_000);
      expect(new Set([...a.done, ...b.done])).toEqual(new Set(dist.aggregate.points.map((p) => p.hash)));
      // Same hashes again: the completed jobs are deduplicated by id, nothing runs.
      const before = a.done.length + b.done.length;
      const again = await runSweep({ config, baseDir: tmp, executor: ex });
      expect(sweepJson(again.aggregate)).toBe(sweepJson(local.aggregate));
      expect(a.done.length + b.done.length).toBe(before);
    } finally {
      await ex.close();
      await stop(a.proc);
      await stop(b.proc);
    }
  }, 120_000);

  test("behavior: SIGKILL of a worker in the middle of a job loses no job and changes no result", async () => {
    // Seed 2 gives new hashes (fresh jobs); 7-day windows make each job long enough to be caught running.
    const config = smallSweep({ seed: 2 });
    config.axes[1].values = [
      { from: "2022-07-19", to: "2022-07-25" },
      { from: "2022-07-26", to: "2022-08-01" },
    ];
    const local = await runSweep({ config, baseDir: tmp });
    const victim = await startWorker();
    const survivor = await startWorker();
    const url = `redis://127.0.0.1:${port}`;
    const conn = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: null });
    const points = new Queue(POINT_QUEUE, { connection: conn });
    const ex = await createQueueExecutor({ url, pollMs: 50 });
    try {
      const running = runSweep({ config, baseDir: tmp, executor: ex });
      const name = `lpguard-worker-${victim.pid}`;
      const held = await until("a job running on the victim", async () => {
        const active = await points.getActive();
        return active.find((j) => j.processedBy === name)?.id;
      });
      await stop(victim.proc, "SIGKILL");
      const dist = await running;
      expect(sweepJson(dist.aggregate)).toBe(sweepJson(local.aggregate));
      expect(victim.done).not.toContain(held);
      expect(survivor.done).toContain(held); // the stalled job was redone by the other worker
      const job = await points.getJob(held as string);
      expect(job?.processedBy).toBe(`lpguard-worker-${survivor.pid}`);
    } finally {
      await ex.close();
      await points.close();
      conn.disconnect();
      await stop(survivor.proc);
    }
  }, 180_000);

  test("behavior: a killed driver resumed with its --out cache reuses its flow and redoes nothing", async () => {
    const config = smallSweep({ seed: 3 });
    const local = await runSweep({ config, baseDir: tmp });
    const a = await startWorker();
    const b = await startWorker();
    const url = `redis://127.0.0.1:${port}`;
    const dir = join(tmp, "dist-resume");
    const ex = await createQueueExecutor({ url, pollMs: 50 });
    try {
      let seen = 0;
      const dying: typeof ex = {
        run: (tasks, onResult, options) =>
          ex.run(
            tasks,
            (i, r) => {
              if (seen++ >= 2) throw new Error("driver killed");
              onResult(i, r);
            },
            options,
          ),
        close: async () => {},
      };
      await expect(
        runSweep({ config, baseDir: tmp, cache: createDirPointCache(dir), executor: dying }),
      ).rejects.toThrow("driver killed");
      const resumed = await runSweep({ config, baseDir: tmp, cache: createDirPointCache(dir), executor: ex });
      expect(resumed.cached).toBe(2);
      expect(sweepJson(resumed.aggregate)).toBe(sweepJson(local.aggregate));
      await until("done lines", () => (a.done.length + b.done.length >= 6 ? true : undefined), 10_000);
      expect(a.done.length + b.done.length).toBe(6); // every point ran exactly once
    } finally {
      await ex.close();
      await stop(a.proc);
      await stop(b.proc);
    }
  }, 120_000);

  test("behavior: Monte Carlo batches through the queue are bit-identical to runPaths", async () => {
    const config = {
      initialPrice: 3000,
      mu: 0.05,
      sigma: 0.8,
      horizonYears: 7 / 365,
      steps: 168,
      deposit: 10_000,
      feeRate: 0.003,
      noise: { turnoverPerYear: 20, volumeSigma: 0.5 },
      hedge: { mode: "band", band: 0.02, costRate: 0.0005 },
    };
    const local = await runPaths({ kernel: "lpHedge", config, paths: 900, seed: 5, workers: 1 });
    const a = await startWorker();
    const b = await startWorker();
    try {
      const dist = await runPathsOnQueue({
        url: `redis://127.0.0.1:${port}`,
        kernel: "lpHedge",
        config,
        paths: 900,
        seed: 5,
        batchSize: 100,
        pollMs: 50,
      });
      expect(dist.columns).toEqual(local.columns);
      expect(Buffer.from(dist.rows.buffer).equals(Buffer.from(local.rows.buffer))).toBe(true);
      await until("done lines", () => (a.done.length + b.done.length >= 9 ? true : undefined), 10_000);
      expect(a.done.length + b.done.length).toBe(9);
    } finally {
      await stop(a.proc);
      await stop(b.proc);
    }
  }, 120_000);

  test("error: an unreachable queue names the URL", async () => {
    const dead = await freePort();
    await expect(createQueueExecutor({ url: `redis://127.0.0.1:${dead}` })).rejects.toBeInstanceOf(
      SweepQueueError,
    );
  }, 60_000);
});
