import { ConfigError } from "../errors/config.js";
import { requireObject } from "../errors/guards.js";
import type { PointCache } from "../sweep/cache.js";
import type { SweepExecutor } from "../sweep/runSweep.js";
import type { OptimizeConfig } from "./config.js";
import { candidateRun, type OptimizeRangeReturnType, optimizeRange } from "./optimizeRange.js";
import { addDays, type WalkForwardReturnType, walkForward } from "./walkForward.js";

export type RunOptimizeParameters = {
  config: OptimizeConfig;
  baseDir: string;
  executor?: SweepExecutor;
  cache?: PointCache;
  onStep?: (step: number, steps: number) => void;
};

export type RunOptimizeReturnType = {
  /** The proposal for the horizon after run.data.to, from its last `trailingDays` days. */
  proposal: OptimizeRangeReturnType;
  walkForward: WalkForwardReturnType | null;
};

/** Returns the optimiser's proposal for the days after the data, and the walk-forward table if configured. */
export async function runOptimize(options: RunOptimizeParameters): Promise<RunOptimizeReturnType> {
  requireObject(options, "options");
  requireObject(options.config, "options.config");
  const { config, baseDir, executor, cache, onStep } = options;
  const to = (config.run.data as { to?: string } | undefined)?.to;
  if (to === undefined)
    throw new ConfigError({ path: "run.data.to", reason: "is required (the decision day)" });
  const window = { from: addDays(to, 1 - config.optimize.trailingDays), to };
  const run = candidateRun(config.run, config.optimize, { widthPct: 10, band: null }, window);
  const proposal = optimizeRange({ run, baseDir, settings: config.optimize });
  const wf =
    config.walkForward !== undefined ? await walkForward({ config, baseDir, executor, cache, onStep }) : null;
  return { proposal, walkForward: wf };
}
