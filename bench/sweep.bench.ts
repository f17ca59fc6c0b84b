/**
 * Group "sweep": 35-day minute backtests per second (the Polygon WETH/USDC 0.05 % span, 50,400 rows, a passive
 * range of a different width per point, per-bar series recorded for the daily PnL volatility) on 1 and 2 local
 * worker threads, and through the BullMQ queue with 2 `lpguard worker` processes on a redis-server started here
 * (skipped when redis-server is missing). Each thread or worker has loaded the window once (warm-up), as in a
 * sweep. Goals: 2 local workers ≥ 1.8× one; the queue with 2 workers ≥ 1.6× one local worker.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { parseBacktestConfig } from "../src/backtest/config.js";
import type { PointResult } from "../src/sweep/evaluate.js";
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
    let ready = false;
    const w = spawn(
      process.execPath,
      ["--import", "tsx", join(REPO_ROOT, "test/sweep/cli.ts"), "worker", "--queue", url, "--json"],
      {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    w.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes('"ready"')) ready = true;
    });
    children.push(w);
    await waitFor("worker", () => ready);
  }
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

export async function cases(): Promise<BenchCase[]> {
  const one = createSweepThreadPool(1);
  const two = createSweepThreadPool(2);
  // warm-up: every thread loads the window
  // warm-up: a few rounds, so that every thread has loaded the window
  const reference = one.runSync(tasks("warm1"));
  for (let k = 0; k < 3; k++) two.runSync(tasks("warm2"));
  const out: BenchCase[] = [
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
