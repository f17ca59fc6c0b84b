/**
 * Walk-forward evaluation of the optimiser: the run's data span is cut into consecutive windows of `windowDays`;
 * on each window the optimiser chooses, and every candidate is backtested on the next window (a sweep); the row
 * says where the choice ranks among those out-of-sample outcomes. For comparison it also ranks the model's own
 * pick (before the backtest check) and the naive choice, the best candidate of the previous window's sweep.
 */
import { ConfigError } from "../errors/config.js";
import {
  requireArray,
  requireInteger,
  requireNumber,
  requireObject,
  requireString,
} from "../errors/guards.js";
import { createMemoryPointCache, type PointCache } from "../sweep/cache.js";
import { parseSweepConfig, type SweepConfig } from "../sweep/config.js";
import { createSeriesCache } from "../sweep/evaluate.js";
import { runSweep, type SweepAggregate, type SweepExecutor } from "../sweep/runSweep.js";
import type { OptimizeConfig, OptimizeSettings } from "./config.js";
import { candidateRun, hedgeAt, type OptimizeRangeReturnType, optimizeRange } from "./optimizeRange.js";
import type { RangeCandidate } from "./rangeModel.js";

const DAY_MS = 86_400_000;

/** Returns `day` (YYYY-MM-DD) shifted by `n` days. */
export function addDays(day: string, n: number): string {
  requireString(day, "day");
  requireInteger(n, "days");
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Returns the consecutive whole windows of `windowDays` days in [from, to]. */
export function splitWindows(from: string, to: string, windowDays: number): { from: string; to: string }[] {
  requireString(from, "from");
  requireString(to, "to");
  requireNumber(windowDays, "windowDays");
  const out: { from: string; to: string }[] = [];
  for (let start = from; addDays(start, windowDays - 1) <= to; start = addDays(start, windowDays))
    out.push({ from: start, to: addDays(start, windowDays - 1) });
  return out;
}

/** Returns the sweep of every candidate on one window (utility objective with the optimiser's λ). */
export function candidateSweep(
  run: Record<string, unknown>,
  settings: OptimizeSettings,
  window: { from: string; to: string },
): SweepConfig {
  requireObject(run, "run");
  requireObject(settings, "settings");
  requireObject(window, "window");
  requireArray(settings.widthsPct, "settings.widthsPct");
  return parseSweepConfig({
    run: candidateRun(run, settings, { widthPct: settings.widthsPct[0], band: null }, window),
    axes: [
      {
        name: "widthPct",
        paths: ["position.range.belowPct", "position.range.abovePct"],
        values: settings.widthsPct,
      },
      {
        name: "band",
        path: "hedge",
        values: settings.hedgeBands.map((b) => (b === null ? null : hedgeAt(settings, b))),
        labels: settings.hedgeBands.map((b) => (b === null ? "unhedged" : `delta ±${b}`)),
      },
    ],
    objective: { kind: "utility", riskAversion: settings.riskAversion },
  });
}

/** Returns the rank of a candidate among a candidate sweep's points (1 = best). */
export function rankOf(a: SweepAggregate, settings: OptimizeSettings, c: RangeCandidate): number {
  requireObject(a, "aggregate");
  requireObject(settings, "settings");
  requireObject(c, "candidate");
  requireArray(settings.hedgeBands, "settings.hedgeBands");
  requireArray(settings.widthsPct, "settings.widthsPct");
  requireArray(a.points, "aggregate.points");
  const nb = settings.hedgeBands.length;
  const wi = settings.widthsPct.indexOf(c.widthPct);
  const bi = settings.hedgeBands.indexOf(c.band);
  return a.points[wi * nb + bi].rank;
}

function candidateAt(settings: OptimizeSettings, index: number): RangeCandidate {
  const nb = settings.hedgeBands.length;
  return { widthPct: settings.widthsPct[Math.floor(index / nb)], band: settings.hedgeBands[index % nb] };
}

/** One step of the walk-forward. */
export type WalkForwardRow = {
  train: { from: string; to: string };
  test: { from: string; to: string };
  /** Forecast volatility for the test window (annualised) and the test window's realised volatility. */
  forecastVol: number;
  realisedVol: number;
  choice: RangeCandidate;
  modelChoice: RangeCandidate;
  /** The previous window's sweep winner. */
  naiveChoice: RangeCandidate;
  /** The test window's best candidate. */
  best: RangeCandidate;
  /** Ranks out of sample (1 = best of `candidates`). */
  rank: number;
  modelRank: number;
  naiveRank: number;
  candidates: number;
  /** Out-of-sample utility of the choice, of the best candidate and the median candidate. */
  utility: number;
  bestUtility: number;
  medianUtility: number;
};

export type WalkForwardReturnType = {
  windowDays: number;
  rows: WalkForwardRow[];
  /** Mean out-of-sample rank of the choice, the model pick and the naive pick. */
  meanRank: number;
  meanModelRank: number;
  meanNaiveRank: number;
};

export type WalkForwardParameters = {
  config: OptimizeConfig;
  baseDir: string;
  /** Runs the sweeps (default: this thread). */
  executor?: SweepExecutor;
  /** Keeps the sweeps' points (default: memory; window k's test sweep is window k+1's train sweep). */
  cache?: PointCache;
  onStep?: (step: number, steps: number) => void;
};

/** Runs the walk-forward evaluation described by `config.walkForward`. */
export async function walkForward(options: WalkForwardParameters): Promise<WalkForwardReturnType> {
  requireObject(options, "options");
  requireObject(options.config, "options.config");
  const { config, baseDir, executor, cache = createMemoryPointCache(), onStep } = options;
  const wf = config.walkForward;
  if (wf === undefined)
    throw new ConfigError({ path: "walkForward", reason: "is required for a walk-forward" });
  const data = (config.run.data ?? {}) as { from?: string; to?: string };
  if (data.from === undefined || data.to === undefined)
    throw new ConfigError({ path: "run.data.from", reason: "run.data.from and run.data.to are required" });
  const windows = splitWindows(data.from, data.to, wf.windowDays);
  if (windows.length < 2)
    throw new ConfigError({
      path: "walkForward.windowDays",
      value: wf.windowDays,
      reason: `leaves fewer than two windows in [${data.from}, ${data.to}]`,
    });
  const settings: OptimizeSettings = { ...config.optimize, horizonDays: wf.windowDays };
  const series = createSeriesCache(3);
  const sweepOf = async (w: { from: string; to: string }) =>
    (await runSweep({ config: candidateSweep(config.run, settings, w), baseDir, cache, executor })).aggregate;
  const rows: WalkForwardRow[] = [];
  let trainSweep = await sweepOf(windows[0]);
  for (let k = 0; k + 1 < windows.length; k++) {
    onStep?.(k, windows.length - 1);
    const train = windows[k];
    const test = windows[k + 1];
    const run = candidateRun(config.run, settings, { widthPct: 10, band: null }, train);
    const opt: OptimizeRangeReturnType = optimizeRange({ run, baseDir, settings, series });
    const testSweep = await sweepOf(test);
    const testRun = candidateRun(config.run, settings, { widthPct: 10, band: null }, test);
    const testStats = optimizeRange({ run: testRun, baseDir, settings: { ...settings, check: 0 }, series });
    const utilities = testSweep.points.map((p) => p.objective).sort((x, y) => x - y);
    const naiveChoice = candidateAt(settings, trainSweep.best);
    rows.push({
      train,
      test,
      forecastVol: opt.forecast.volatility,
      realisedVol: testStats.forecast.realisedVol,
      choice: opt.choice,
      modelChoice: opt.modelChoice,
      naiveChoice,
      best: candidateAt(settings, testSweep.best),
      rank: rankOf(testSweep, settings, opt.choice),
      modelRank: rankOf(testSweep, settings, opt.modelChoice),
      naiveRank: rankOf(testSweep, settings, naiveChoice),
      candidates: testSweep.points.length,
      utility: testSweep.points[rankIndex(settings, opt.choice)].objective,
      bestUtility: utilities[utilities.length - 1],
      medianUtility: utilities[Math.floor((utilities.length - 1) / 2)],
    });
    trainSweep = testSweep;
  }
  const mean = (f: (r: WalkForwardRow) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  return {
    windowDays: wf.windowDays,
    rows,
    meanRank: mean((r) => r.rank),
    meanModelRank: mean((r) => r.modelRank),
    meanNaiveRank: mean((r) => r.naiveRank),
  };
}

function rankIndex(settings: OptimizeSettings, c: RangeCandidate): number {
  return (
    settings.widthsPct.indexOf(c.widthPct) * settings.hedgeBands.length + settings.hedgeBands.indexOf(c.band)
  );
}
