/**
 * Keeper latency (issue 10, Speed), on real parts in this process: the in-process EDR chain with the Uniswap v3
 * bytecode, the paper exchange over HTTP through the ccxt adapter, the journal in SQLite.
 * - reaction: from the block that moves the pool price (the trader's swap mined) to the hedge order accepted by the
 *   paper exchange and journalled as filled (one keeper step: slot0 and positions read, the backtest's policy
 *   decides, the intent is journalled, the order is sent and its fill recorded). The run loop polls for new blocks
 *   every `loop.intervalMs` on top of this (10 ms here).
 * - recovery: a keeper crashed right after its order reached the exchange (journal: submitted); a new keeper takes
 *   the lease, resolves the order by its client id, reconciles chain and exchange, and trades again.
 * These are async measurements (milliseconds per event, percentiles), not the harness's ops/s: `cases()` measures,
 * prints its own table and returns no harness cases. Run alone with `npm run bench -- keeper`.
 */
import { join } from "node:path";
import type { CrashPhase } from "../src/keeper/crash.js";
import { createKeeperFromConfig } from "../src/keeper/setup.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET } from "../src/venues/paper-perp/server.js";
import { KEEPER_KEY, keeperEnv } from "../test/keeper/env.js";
import type { BenchCase } from "./harness.js";

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

class Crash extends Error {}

export async function cases(): Promise<BenchCase[]> {
  const filter = process.argv[2];
  if (filter !== undefined && !"keeper latency".includes(filter)) return [];
  process.stderr.write("running keeper latency (EDR chain + paper exchange)\n");
  const E = await keeperEnv({ band: 0.01 });
  const db = join(E.dir, "bench.db");
  let accepted = 0;
  const make = (owner: string, crashAt?: CrashPhase) =>
    createKeeperFromConfig({
      config: E.config,
      baseDir: E.dir,
      db,
      privateKey: KEEPER_KEY,
      publicClient: E.env.publicClient,
      deployment: E.env.deployment,
      perpCredentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
      alertSink: () => {},
      owner,
      isHolderDead: (h) => h !== owner,
      crash: (p) => {
        // The crash hook doubles as a probe: "after-submit" is the moment the exchange accepted the order.
        if (p === "after-submit") accepted = performance.now();
        if (p === crashAt) throw new Crash(p);
      },
    });
  const k = make("bench");
  await k.keeper.init();
  await k.keeper.step(); // mint + first hedge
  const reaction: number[] = [];
  for (let i = 0; i < 60; i++) {
    const { tick } = await E.trader.slot0("polygon-weth-usdc-005");
    await E.moveTo(i % 2 === 0 ? tick + 60 : tick - 60);
    const t0 = performance.now();
    accepted = 0;
    const r = await k.keeper.step();
    if (r.executed === 1 && accepted > 0) reaction.push(accepted - t0);
  }
  await k.keeper.stop("bench");
  await k.close();

  const recovery: number[] = [];
  const toTrade: number[] = [];
  for (let i = 0; i < 10; i++) {
    const { tick } = await E.trader.slot0("polygon-weth-usdc-005");
    await E.moveTo(i % 2 === 0 ? tick + 60 : tick - 60);
    const dead = make(`dead-${i}`, "after-submit");
    await dead.keeper.init();
    await dead.keeper.step().catch((e) => {
      if (!(e instanceof Crash)) throw e;
    });
    await dead.close();
    await E.moveTo((await E.trader.slot0("polygon-weth-usdc-005")).tick + (i % 2 === 0 ? 60 : -60));
    const t0 = performance.now();
    const r = make(`new-${i}`);
    const state = await r.keeper.init();
    const t1 = performance.now();
    const s = await r.keeper.step();
    const t2 = performance.now();
    if (state === "running") recovery.push(t1 - t0);
    if (s.executed > 0) toTrade.push(t2 - t0);
    await r.keeper.stop("bench");
    await r.close();
  }
  await E.paper.close();
  const rows = [
    ["reaction block → hedge accepted", reaction],
    ["recovery (lease, resolve by client id, reconcile)", recovery],
    ["recovery until the next hedge is accepted", toTrade],
  ] as const;
  const lines = [
    "keeper latency (ms)                                  n     p50     p99     max   goal",
    ...rows.map(([name, xs]) => {
      const goal = name.startsWith("reaction")
        ? pct(xs, 99) < 50
          ? "met (p99 < 50)"
          : "MISSED (p99 < 50)"
        : pct(xs, 99) < 2000
          ? "met (< 2000)"
          : "MISSED (< 2000)";
      return `${name.padEnd(50)} ${String(xs.length).padStart(3)} ${pct(xs, 50).toFixed(1).padStart(7)} ${pct(xs, 99).toFixed(1).padStart(7)} ${Math.max(
        ...xs,
      )
        .toFixed(1)
        .padStart(7)}   ${goal}`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n\n`);
  return [];
}
