/**
 * Monte Carlo throughput: path-steps per second of the lpHedge kernel (GBM path + v3 position with arbitrage and
 * noise fees + a delta hedge rebalanced every step), in this thread and on all cores through a reusable worker pool;
 * and the product path, the engine kernel (`simulate`'s: per path a synthetic minute pool series, rewritten in place,
 * and a run of one reused engine, reset to its bar-0 snapshot, of a passive v3 position with a delta hedge on a perp)
 * on 2 worker threads, against the old kernel on the same run's pool.
 */
import { availableParallelism } from "node:os";
import {
  createGbmModel,
  createRng,
  createWorkerPool,
  type LpHedgeConfig,
  runKernelRange,
} from "../src/sim/index.js";
import { engineKernel } from "../src/simulate/engineKernel.js";
import { parseSimulationConfig } from "../src/simulate/index.js";
import { ENGINE_KERNEL_URL, planSimulation } from "../src/simulate/runSimulation.js";
import type { BenchCase } from "./harness.js";

/** One day of minute steps: a passive ±10 % position with a delta hedge re-struck when |Δ| > 0.1 ETH. */
const ENGINE_STEPS = 1440;
const enginePlan = planSimulation(
  parseSimulationConfig({
    model: { kind: "gbm", mu: 0, sigma: 0.8 },
    initialPrice: 3000,
    horizonDays: 1,
    steps: ENGINE_STEPS,
    pool: { feeRate: 0.0005 },
    position: { deposit: 10_000, range: { belowPct: 10, abovePct: 10 } },
    syntheticPool: { liquidity: 1e18, tvl: 2e7, dailyTurnover: 0.5, volumeSigma: 0.5 },
    strategies: [
      {
        name: "passiveDelta",
        engine: {
          strategy: { kind: "passive" },
          hedge: { kind: "delta", venue: "perp", trigger: { kind: "absolute", band: 0.1 } },
        },
      },
    ],
  }),
  process.cwd(),
).plans[0].path;

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
  const enginePool = createWorkerPool({ workers: 2 });
  const enginePaths = 128;
  const engineRun = (paths: number, s: number) =>
    enginePool.runSync({
      kernel: engineKernel.name,
      module: { url: ENGINE_KERNEL_URL, definition: engineKernel },
      config: enginePlan,
      paths,
      seed: s,
      // one path a chunk, as `simulate` runs it: the run's tail (a worker idle while the other ends its last chunk)
      // is one path, not up to four (~3 % of a 128-path run)
      chunkSize: 1,
    }).rows[0];
  engineRun(256, 0); // warm up: each thread loads the engine and JIT-compiles its step
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
    {
      group: "monte carlo",
      name: "Monte Carlo engine (GBM, v3 position, delta hedge), path-steps/s, 2 workers",
      ops: enginePaths * ENGINE_STEPS,
      unit: "path-steps",
      baseline: `lpHedge on ${workers} worker threads (pool)`,
      goal: 20_000_000,
      fn: () => engineRun(enginePaths, seed++),
    },
  ];
}
