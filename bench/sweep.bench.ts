/**
 * Group "sweep": 35-day minute backtests per second (the Polygon WETH/USDC 0.05 % span, 50,400 rows, a passive
 * range of a different width per point, per-bar series recorded for the daily PnL volatility) on 1 and 2 local
 * worker threads, and through the BullMQ queue with 2 `lpguard worker` processes on a redis-server started here
 * (skipped when redis-server is missing). Each thread or worker has loaded the window once (warm-up), as in a
 * sweep. Goals: 2 local workers ≥ 1.8× one; the queue with 2 workers ≥ 1.6× one local worker. Two "machine" rows
 * run a plain spin loop on 1 and 2 threads: their ratio is the parallelism the machine gives at that moment (on a
 * shared, loaded machine it can be ~1×, and then no sweep can scale).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { parseBacktestConfig } from "../src/backtest/config.js";
import type { PointResult } from "../src/sweep/evaluate.js";
import { POINT_QUEUE } from "../src/sweep/queue.js";
import { createSweepThreadPool, type PointTask, spawnModuleWorker } from "../src/sweep/threads.js";
import { REPO_ROOT, SHARED_DATA } from "../test/helpers/sharedData.js";
import type { BenchCase } from "./harness.js";

const POINTS = 8;

function tasks(salt: string): PointTask[] {
  const out: PointTask[] = [];
  for (let i = 0; i < POINTS; i++) {
    const w = 2 + 3 * i;
    out.push({
      id: `bench-${salt}-${i}`,
      baseDir: REPO_ROOT,
      spec: parseBacktestConfig({
        data: {
          pool: join(SHARED_DATA, "uniswap-v3", "polygon-weth-usdc-005"),
          from: "2022-07-19",
          to: "2022-08-22",
        },
        position: { deposit: 10_000, range: { belowPct: w, abovePct: w } },
        strategy: { kind: "passive" },
        costs: { gasQuote: 0.05 },
      }),
    });
  }
  return out;
}

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

const children: ChildProcess[] = [];
process.on("exit", () => {
  for (const c of children) if (c.exitCode === null && c.pid !== undefined) process.kill(c.pid, "SIGKILL");
});

async function waitFor(what: string, fn: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (
    !(await Promise.resolve()
      .then(fn)
      .catch(() => false))
  ) {
    if (Date.now() > end) throw new Error(`bench sweep: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts redis-server and two `lpguard worker` processes; returns a synchronous queue runner, or null. */
async function startQueue(): Promise<((t: PointTask[]) => PointResult[]) | null> {
  if (spawnSync("redis-server", ["--version"]).status !== 0) return null;
  const port = await freePort();
  const redis = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  redis.unref(); // the bench process exits when its cases are done; the exit handler kills the children
  children.push(redis);
  const url = `redis://127.0.0.1:${port}`;
  const { Redis } = await import("ioredis");
  await waitFor("redis", async () => {
    const c = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0 });
    c.on("error", () => {});
    try {
      await c.connect();
      return (await c.ping()) === "PONG";
    } finally {
      c.disconnect();
    }
  });
  for (let k = 0; k < 2; k++) {
    // stdout ignored: nothing has to drain a pipe while the harness thread blocks
    const w = spawn(
      process.execPath,
      ["--import", "tsx", join(REPO_ROOT, "test/sweep/cli.ts"), "worker", "--queue", url],
      {
        cwd: REPO_ROOT,
        stdio: "ignore",
      },
    );
    w.unref();
    children.push(w);
  }
  const { Queue } = await import("bullmq");
  const conn = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: null });
  const points = new Queue(POINT_QUEUE, { connection: conn });
  await waitFor("two workers", async () => (await points.getWorkersCount()) >= 2);
  await points.close();
  conn.disconnect();
  const driver = spawnModuleWorker(import.meta.url, "sweep.bench.driver");
  driver.unref();
  return (t) => {
    const control = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    driver.postMessage({ url, tasks: t, control, port: port2 }, [port2]);
    const c = new Int32Array(control);
    const end = Date.now() + 300_000;
    while (Atomics.load(c, 0) === 0) {
      if (Date.now() > end) throw new Error("bench sweep: the queue run did not finish in 300 s");
      Atomics.wait(c, 0, 0, 1000);
    }
    const reply = receiveMessageOnPort(port1)?.message as
      | { results?: PointResult[]; error?: string }
      | undefined;
    port1.close();
    if (reply?.results === undefined) throw new Error(`bench sweep: queue run failed: ${reply?.error}`);
    return reply.results;
  };
}

const SPIN = `const { parentPort } = require("node:worker_threads");
parentPort.on("message", (m) => {
  const c = new Int32Array(m.control);
  let x = 0;
  for (let i = 0; i < m.n; i++) x += Math.sqrt(i);
  c[1] = x > 0 ? 1 : 2;
  Atomics.add(c, 0, 1);
  Atomics.notify(c, 0);
});`;

/** A machine reference: a spin loop split over `k` threads (shows how much parallelism the machine gives now). */
function spinCase(k: number): BenchCase {
  const threads = Array.from({ length: k }, () => new Worker(SPIN, { eval: true }));
  for (const t of threads) t.unref();
  const n = 20_000_000;
  return {
    group: "sweep",
    name: `machine: spin loop on ${k} thread${k > 1 ? "s" : ""}`,
    ops: n,
    unit: "iterations",
    ...(k > 1 ? { baseline: "machine: spin loop on 1 thread" } : {}),
    fn: () => {
      const control = new SharedArrayBuffer(8);
      const c = new Int32Array(control);
      for (const t of threads) t.postMessage({ n: n / k, control });
      while (Atomics.load(c, 0) < k) Atomics.wait(c, 0, Atomics.load(c, 0), 1000);
      return c[1];
    },
  };
}

export async function cases(): Promise<BenchCase[]> {
  const one = createSweepThreadPool(1);
  const two = createSweepThreadPool(2);
  // warm-up: every thread loads the window
  // warm-up: a few rounds, so that every thread has loaded the window
  const reference = one.runSync(tasks("warm1"));
  for (let k = 0; k < 3; k++) two.runSync(tasks("warm2"));
  const out: BenchCase[] = [
    spinCase(1),
    spinCase(2),
    {
      group: "sweep",
      name: "1 local worker",
      ops: POINTS,
      unit: "35-day backtests",
      fn: () => one.runSync(tasks("l1")).length,
    },
    {
      group: "sweep",
      name: "2 local workers",
      ops: POINTS,
      unit: "35-day backtests",
      baseline: "1 local worker",
      goalRatio: 1.8,
      fn: () => two.runSync(tasks("l2")).length,
    },
  ];
  const queue = await startQueue();
  if (queue !== null) {
    let call = 0;
    const viaQueue = queue(tasks("warmq"));
    for (let k = 0; k < 2; k++) queue(tasks(`warmq${k}`));
    if (JSON.stringify(viaQueue) !== JSON.stringify(reference))
      throw new Error("bench sweep: queue results differ");
    out.push({
      group: "sweep",
      name: "queue, 2 workers",
      ops: POINTS,
      unit: "35-day backtests",
      baseline: "1 local worker",
      goalRatio: 1.6,
      fn: () => queue(tasks(`q${call++}`)).length,
    });
  }
  return out;
}
