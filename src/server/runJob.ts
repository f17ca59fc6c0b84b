/**
 * Runs one API-started job (backtest, compare or simulate) and returns what the store keeps. Called in a worker
 * thread (runWorker.ts) so that a long run never blocks the server's event loop.
 */

import type { CompareConfig } from "../backtest/compare.js";
import { runCompare } from "../backtest/compare.js";
import type { BacktestConfig } from "../backtest/config.js";
import { runBacktest } from "../backtest/runBacktest.js";
import { summarizeBacktest } from "../backtest/summary.js";
import type { SimulationConfig } from "../simulate/config.js";
import { runSimulation } from "../simulate/runSimulation.js";
import { type StoredRunParts, toStoredRun } from "../store/recordRun.js";

/** A validated job: the config was parsed by the API before the run was queued. */
export type RunJob =
  | { kind: "backtest"; name: string; config: BacktestConfig; baseDir: string }
  | { kind: "compare"; name: string; config: CompareConfig; baseDir: string }
  | {
      kind: "simulate";
      name: string;
      config: SimulationConfig;
      baseDir: string;
      paths: number;
      seed: number;
    };

/** Runs `job`, reporting progress in [0, 1]; returns its stored parts. */
export async function runJob(job: RunJob, onProgress: (fraction: number) => void): Promise<StoredRunParts> {
  switch (job.kind) {
    case "backtest": {
      const result = runBacktest({
        config: job.config,
        baseDir: job.baseDir,
        onProgress: (bar, total) => onProgress(total > 0 ? bar / total : 0),
      });
      return toStoredRun({ kind: "backtest", name: job.name, result, summary: summarizeBacktest(result) });
    }
    case "compare": {
      const result = runCompare({
        config: job.config,
        baseDir: job.baseDir,
        onRun: (i, total) => onProgress(total > 0 ? i / total : 0),
      });
      return toStoredRun({ kind: "compare", name: job.name, spec: job.config, result });
    }
    case "simulate": {
      const result = await runSimulation(job.config, {
        paths: job.paths,
        seed: job.seed,
        workers: 1,
        baseDir: job.baseDir,
        tracePaths: Math.min(200, job.paths),
        onProgress: (done, total) => onProgress(total > 0 ? done / total : 0),
      });
      return toStoredRun({
        kind: "simulate",
        name: job.name,
        spec: { config: job.config, paths: job.paths, seed: job.seed },
        result,
      });
    }
  }
}
