/**
 * The sweep driver: points from the config, a content hash per point, cached points reused, the rest evaluated by
 * an executor (in this thread, on local worker threads, or on queue workers), every new result stored as soon as
 * it arrives, then one aggregate sorted by point index. The aggregate holds nothing that depends on how the
 * points ran (no timings, no worker counts), so it is byte-identical for any executor.
 */
import { formatValue } from "../errors/base.js";
import { requireObject, requireObjectArray } from "../errors/guards.js";
import { createMemoryPointCache, type PointCache } from "./cache.js";
import { axisName, axisPaths, type SweepConfig, type SweepObjective } from "./config.js";
import { createSeriesCache, evaluatePoint, type PointMetrics, type PointResult } from "./evaluate.js";
import { canonicalJson, type DataFileIdentity, dataIdentities, pointHash, sha256Hex } from "./hash.js";
import { generatePoints } from "./points.js";
import { createSweepThreadPool, type PointTask } from "./threads.js";

/**
 * Runs tasks somewhere; `onResult` as each one finishes; resolves with results by task index. `sweepId` names the
 * whole sweep (sha256 of every point hash), so a queue can find the flow a killed driver left behind.
 */
export type SweepExecutor = {
  run(
    tasks: PointTask[],
    onResult: (i: number, r: PointResult) => void,
    options?: { sweepId?: string },
  ): Promise<PointResult[]>;
  close(): Promise<void>;
};

/** Returns an executor that evaluates in this thread (one series cache for the executor's life). */
export function createInlineExecutor(): SweepExecutor & { executions: () => number } {
  const series = createSeriesCache();
  const dataCache = new Map();
  let executions = 0;
  return {
    async run(tasks, onResult) {
      return tasks.map((t, i) => {
        const r = evaluatePoint(t.spec, t.baseDir, series, dataCache);
        executions++;
        onResult(i, r);
        return r;
      });
    },
    async close() {},
    executions: () => executions,
  };
}

/** Returns an executor on `workers` local threads (1: in this thread). */
export function createLocalExecutor(workers: number): SweepExecutor {
  if (workers === 1) return createInlineExecutor();
  const pool = createSweepThreadPool(workers);
  return { run: (tasks, onResult) => pool.run(tasks, onResult), close: () => pool.close() };
}

/** One point of the aggregate. */
export type SweepPointRow = {
  index: number;
  hash: string;
  params: Record<string, unknown>;
  strategy: string;
  metrics: PointMetrics;
  /** The objective's value (higher is better). */
  objective: number;
  /** 1 = best objective (ties: lower index first). */
  rank: number;
  /** On the PnL-vs-volatility frontier (no other point has ≥ netPnl at ≤ pnlVol, one strictly). */
  frontier: boolean;
};

/** The result of a sweep, as written to sweep.json and printed by `--json`. */
export type SweepAggregate = {
  sweep: {
    /** Axes; `labels` maps canonical JSON of a value to its display name (when the config gives labels). */
    axes: { name: string; paths: string[]; labels?: Record<string, string> }[];
    sampling: SweepConfig["sampling"];
    seed: number;
    objective: SweepObjective;
    /** Points of the design. */
    points: number;
    /** Distinct hashes among them. */
    distinct: number;
  };
  /** Index of the best point. */
  best: number;
  points: SweepPointRow[];
};

export type RunSweepParameters = {
  config: SweepConfig;
  /** Folder that relative paths of the run spec resolve against (the config file's folder). */
  baseDir: string;
  /** Config file name, for error messages. */
  file?: string;
  /** Where finished points are kept (default: memory only). */
  cache?: PointCache;
  /** Runs the points not in the cache (default: this thread). */
  executor?: SweepExecutor;
  /** Called after each finished point (cached ones count at the start). */
  onProgress?: (done: number, total: number) => void;
};

export type RunSweepReturnType = {
  aggregate: SweepAggregate;
  /** Points evaluated by this run (cache misses, one per distinct hash). */
  executed: number;
  /** Distinct points found in the cache. */
  cached: number;
};

/**
 * Returns the objective of a point: `netPnl`; `pnlPerVol` = netPnl / pnlVol (0 when pnlVol is 0); `utility` =
 * netPnl − λ · pnlVol² · days, mean minus risk aversion times the variance of the window's PnL when daily PnLs are
 * independent.
 */
export function objectiveValue(objective: SweepObjective, m: PointMetrics): number {
  requireObject(objective, "objective");
  requireObject(m, "metrics");
  switch (objective.kind) {
    case "netPnl":
      return m.netPnl;
    case "pnlPerVol":
      return m.pnlVol > 0 ? m.netPnl / m.pnlVol : 0;
    case "utility":
      return m.netPnl - objective.riskAversion * m.pnlVol * m.pnlVol * m.days;
  }
}

/** Returns the indices of rows on the PnL-vs-vol frontier. */
export function frontierIndices(rows: { index: number; metrics: PointMetrics }[]): Set<number> {
  requireObjectArray(rows, "rows");
  const sorted = [...rows].sort(
    (a, b) => a.metrics.pnlVol - b.metrics.pnlVol || b.metrics.netPnl - a.metrics.netPnl || a.index - b.index,
  );
  const out = new Set<number>();
  let best = Number.NEGATIVE_INFINITY;
  for (const r of sorted)
    if (r.metrics.netPnl > best) {
      out.add(r.index);
      best = r.metrics.netPnl;
    }
  return out;
}

/** Returns the aggregate JSON text (what sweep.json holds). */
export function sweepJson(aggregate: SweepAggregate): string {
  requireObject(aggregate, "aggregate");
  return `${JSON.stringify(aggregate, null, 2)}\n`;
}

/**
 * Runs a sweep: generates its points, reuses cached ones, evaluates the rest with the executor and returns the
 * aggregate (rows by point index).
 * @throws {SweepPointError} for a point whose spec is invalid (before anything runs).
 * @throws {SweepRunError} when a point fails while it runs.
 */
export async function runSweep(options: RunSweepParameters): Promise<RunSweepReturnType> {
  requireObject(options, "options");
  requireObject(options.config, "options.config");
  const { config, baseDir, file, cache = createMemoryPointCache(), executor, onProgress } = options;
  const points = generatePoints(config, file);
  const ids = new Map<string, DataFileIdentity[]>();
  const hashes = points.map((p) => {
    const key = JSON.stringify([p.spec.data, p.spec.venues, p.spec.hedge ?? null, p.spec.hedges ?? null]);
    let data = ids.get(key);
    if (data === undefined) {
      data = dataIdentities(p.spec, baseDir);
      ids.set(key, data);
    }
    return pointHash(p.spec, data, config.seed);
  });
  const results = new Map<string, PointResult>();
  const tasks: PointTask[] = [];
  const queued = new Set<string>();
  points.forEach((p, i) => {
    const h = hashes[i];
    if (results.has(h) || queued.has(h)) return;
    const hit = cache.get(h);
    if (hit !== undefined) results.set(h, hit);
    else {
      queued.add(h);
      tasks.push({ id: h, spec: p.spec, baseDir });
    }
  });
  const cached = results.size;
  const distinct = cached + tasks.length;
  let done = cached;
  onProgress?.(done, distinct);
  if (tasks.length > 0) {
    const own = executor === undefined ? createInlineExecutor() : undefined;
    try {
      await (executor ?? (own as SweepExecutor)).run(
        tasks,
        (i, r) => {
          cache.put(tasks[i].id, r);
          results.set(tasks[i].id, r);
          onProgress?.(++done, distinct);
        },
        { sweepId: sha256Hex(hashes.join(",")) },
      );
    } finally {
      await own?.close();
    }
  }
  const rows = points.map((p, i) => {
    const r = results.get(hashes[i]) as PointResult;
    return {
      index: p.index,
      hash: hashes[i],
      params: p.params,
      strategy: r.strategy,
      metrics: r.metrics,
      objective: objectiveValue(config.objective, r.metrics),
      rank: 0,
      frontier: false,
    };
  });
  const order = [...rows].sort((a, b) => b.objective - a.objective || a.index - b.index);
  order.forEach((r, k) => {
    r.rank = k + 1;
  });
  const front = frontierIndices(rows);
  for (const r of rows) r.frontier = front.has(r.index);
  return {
    aggregate: {
      sweep: {
        axes: config.axes.map((a) => ({
          name: axisName(a),
          paths: axisPaths(a),
          ...(a.labels !== undefined
            ? {
                labels: Object.fromEntries(
                  a.labels.map((l, k) => [canonicalJson((a.values as unknown[])[k]), l]),
                ),
              }
            : {}),
        })),
        sampling: config.sampling,
        seed: config.seed,
        objective: config.objective,
        points: points.length,
        distinct,
      },
      best: order[0].index,
      points: rows,
    },
    executed: tasks.length,
    cached,
  };
}

/** Returns the display text of an axis value: its label, a string as is, or compact JSON. */
export function valueLabel(axis: SweepAggregate["sweep"]["axes"][number] | undefined, v: unknown): string {
  const l = axis?.labels?.[canonicalJson(v)];
  if (l !== undefined) return l;
  if (v === undefined) return "none";
  return typeof v === "string" ? v : formatValue(v);
}

/** Returns a one-line label of a point's parameters, e.g. `widthPct = 5, hedge = delta 0.1`. */
export function paramsLabel(a: SweepAggregate, params: Record<string, unknown>): string {
  requireObject(a, "aggregate");
  requireObject(a.sweep, "aggregate.sweep");
  requireObject(params, "params");
  return a.sweep.axes.map((x) => `${x.name} = ${valueLabel(x, params[x.name])}`).join(", ");
}
