/**
 * The points of a sweep: each axis gives a value (grid: every combination, first axis slowest; random: independent
 * uniform draws; latin: Latin hypercube, one draw per stratum of each axis), the values are written into a copy of
 * the run spec, and the spec is validated as a backtest config. Deterministic for a given config and seed.
 */
import { type BacktestConfig, parseBacktestConfig } from "../backtest/config.js";
import { formatValue } from "../errors/base.js";
import { ConfigError } from "../errors/config.js";
import { requireArray, requireObject, requireString } from "../errors/guards.js";
import { createRng, type Rng } from "../sim/rng.js";
import { axisName, axisPaths, type SweepAxis, type SweepConfig } from "./config.js";
import { SweepPointError } from "./errors.js";

/** One point of a sweep. */
export type SweepPoint = {
  /** Position in the sweep (grid order or draw order); results are aggregated by it. */
  index: number;
  /** Axis name → value. */
  params: Record<string, unknown>;
  /** The validated backtest config of the point. */
  spec: BacktestConfig;
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Sets `value` at a dotted `path` of `target` (creating objects on the way); `merge` merges objects; `null` removes
 * the field (e.g. `hedge: null` for an unhedged point).
 */
export function setPath(target: Record<string, unknown>, path: string, value: unknown, merge = false): void {
  requireObject(target, "target");
  requireString(path, "path");
  const keys = path.split(".");
  let node: Record<string, unknown> = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node[keys[i]];
    if (next === null || typeof next !== "object") node[keys[i]] = {};
    node = node[keys[i]] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === null) {
    delete node[last];
    return;
  }
  const old = node[last];
  node[last] =
    merge && isPlainObject(old) && isPlainObject(value)
      ? { ...old, ...structuredClone(value) }
      : structuredClone(value);
}

function intervalValue(a: SweepAxis, u: number): number {
  const min = a.min as number;
  const max = a.max as number;
  const x = a.log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
  const v = a.integer ? Math.round(x) : x;
  return Math.min(max, Math.max(min, v));
}

/** Returns the grid values of an axis. */
export function gridValues(a: SweepAxis): unknown[] {
  requireObject(a, "axis");
  if (a.values !== undefined) return a.values;
  const steps = a.steps ?? 1;
  const out: unknown[] = [];
  for (let k = 0; k < steps; k++) {
    const v = intervalValue(a, steps === 1 ? 0 : k / (steps - 1));
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** Returns the value of an axis at a uniform draw u ∈ [0, 1). */
function drawValue(a: SweepAxis, u: number): unknown {
  if (a.values !== undefined) return a.values[Math.min(a.values.length - 1, Math.floor(u * a.values.length))];
  return intervalValue(a, u);
}

function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Returns axis values per point (rows of the design), before they are written into the spec. */
export function designRows(config: SweepConfig): unknown[][] {
  requireObject(config, "config");
  requireArray(config.axes, "config.axes");
  requireObject(config.sampling, "config.sampling");
  const axes = config.axes;
  const s = config.sampling;
  if (s.kind === "grid") {
    const lists = axes.map(gridValues);
    const total = lists.reduce((n, l) => n * l.length, 1);
    if (total > 1_000_000)
      throw new ConfigError({ path: "axes", value: total, reason: "give more than 1,000,000 grid points" });
    const rows: unknown[][] = [];
    for (let i = 0; i < total; i++) {
      let rest = i;
      const row = new Array<unknown>(axes.length);
      for (let k = axes.length - 1; k >= 0; k--) {
        row[k] = lists[k][rest % lists[k].length];
        rest = Math.floor(rest / lists[k].length);
      }
      rows.push(row);
    }
    return rows;
  }
  const rng = createRng(config.seed, 0);
  const n = s.points;
  if (s.kind === "random") {
    const rows: unknown[][] = [];
    for (let i = 0; i < n; i++) rows.push(axes.map((a) => drawValue(a, rng.nextFloat())));
    return rows;
  }
  // Latin hypercube: axis k puts point i in stratum perm_k[i] of n, uniformly inside it.
  const perms = axes.map(() => permutation(n, rng));
  const rows: unknown[][] = [];
  for (let i = 0; i < n; i++)
    rows.push(axes.map((a, k) => drawValue(a, (perms[k][i] + rng.nextFloat()) / n)));
  return rows;
}

/**
 * Returns every point of a sweep with its validated backtest config.
 * @throws {SweepPointError} naming `run.<path>` and the point's axis values when a point's spec is invalid.
 */
export function generatePoints(config: SweepConfig, file?: string): SweepPoint[] {
  requireObject(config, "config");
  if (file !== undefined) requireString(file, "file");
  const rows = designRows(config);
  const names = config.axes.map(axisName);
  return rows.map((row, index) => {
    const raw = structuredClone(config.run) as Record<string, unknown>;
    const params: Record<string, unknown> = {};
    config.axes.forEach((a, k) => {
      params[names[k]] = row[k];
      for (const p of axisPaths(a)) setPath(raw, p, row[k], a.merge);
    });
    let spec: BacktestConfig;
    try {
      spec = parseBacktestConfig(raw);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const at = names.map((n) => `${n} = ${formatValue(params[n])}`).join(", ");
      // ConfigError's message is "<path>[ <value>]: <reason>."; keep what follows the path.
      throw new SweepPointError({
        file,
        path: err.path,
        detail: err.shortMessage.slice(err.path.length).replace(/\.$/, ""),
        point: `point ${index}: ${at}`,
      });
    }
    return { index, params, spec };
  });
}
