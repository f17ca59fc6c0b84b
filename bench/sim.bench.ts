/**
 * Monte Carlo throughput: path-steps per second of the lpHedge kernel (GBM path + v3 position with arbitrage and
 * noise fees + a delta hedge rebalanced every step), in this thread and on all cores through a reusable worker pool.
 */
import { availableParallelism } from "node:os";
import {
  createGbmModel,
  createRng,
  createWorkerPool,
  type LpHedgeConfig,
  runKernelRange,
} from "../src/sim/index.js";
import type { BenchCase } from "./harness.js";

const STEPS = 1000;
const config: LpHedgeConfig = {
  initialPrice: 3000,
  mu: 0,
  sigma: 0.8,
  horizonYears: 30 / 365,
  steps: STEPS,
  deposit: 10_000,
  feeRate: 0.003,
  noise: { turnoverPerYear: 20 },
  hedge: { mode: "interval", every: 1, costRate: 0.0005 },
};

export async function cases(): Promise<BenchCase[]> {
  const singlePaths = 200;
  const rows = new Float64Array(singlePaths * 10);
  let seed = 0;
  const gbm = createGbmModel({ mu: 0, sigma: 0.8 });
  const path = new Float64Array(STEPS + 1);
  const workers = availableParallelism();
  const pool = createWorkerPool({ workers });
  const poolPaths = 4000;
  // the pool stays open for the bench process (its threads are unref'd, so the process still exits); warm it up
  await pool.run({ kernel: "lpHedge", config, paths: 2 * workers, seed: 0 });
  return [
    {
      group: "monte carlo",
      name: "gbm path only (1 thread)",
      ops: 100 * STEPS,
      unit: "path-steps",
      fn: () => {
        for (let i = 0; i < 100; i++) {
          path[0] = 3000;
          gbm.fillPath(createRng(seed, i), path, 1 / 8760);
        }
        seed++;
        return path[STEPS];
      },
    },
    {
      group: "monte carlo",
      name: "lpHedge: gbm + v3 arb pool + delta hedge (1 thread)",
      ops: singlePaths * STEPS,
      unit: "path-steps",
      baseline: "gbm path only (1 thread)",
      goal: 25_000_000,
      fn: () => {
        runKernelRange("lpHedge", config, seed++, 0, singlePaths, rows);
        return rows[0];
      },
    },
    {
      group: "monte carlo",
      name: `lpHedge on ${workers} worker threads (pool)`,
      ops: poolPaths * STEPS,
      unit: "path-steps",
      baseline: "lpHedge: gbm + v3 arb pool + delta hedge (1 thread)",
      goal: 50_000_000,
      fn: () => pool.runSync({ kernel: "lpHedge", config, paths: poolPaths, seed: seed++ }).rows[0],
    },
  ];
}
