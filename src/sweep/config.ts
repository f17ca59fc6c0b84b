/**
 * The sweep config file (YAML or JSON): a backtest run spec, the axes to vary, how to sample them, a seed and an
 * objective. Errors name the dotted path in the file.
 *
 * ```yaml
 * run:                                   # a backtest config (the schema of `lpguard backtest`)
 *   data: { pool: ../data/polygon-weth-usdc-005, from: 2022-07-19, to: 2022-08-22 }
 *   position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } }
 *   strategy: { kind: passive }
 * axes:
 *   - name: widthPct                     # one value sets every path (a symmetric range)
 *     paths: [position.range.belowPct, position.range.abovePct]
 *     values: [2, 5, 10, 20]
 *   - name: gas
 *     path: costs.gasQuote
 *     min: 0
 *     max: 1
 *     steps: 3                           # grid: 0, 0.5, 1 (random / latin draw in [min, max])
 *   - name: window                       # object values are merged into the object at the path
 *     path: data
 *     merge: true
 *     values: [{ from: 2022-07-19, to: 2022-08-04 }, { from: 2022-08-05, to: 2022-08-22 }]
 * sampling: { kind: grid }               # grid | random | latin (with points: N)
 * seed: 1
 * objective: { kind: utility, riskAversion: 0.001 }   # netPnl | pnlPerVol | utility
 * top: 10
 * heatmap: [widthPct, window]            # the report's two axes (default: the first two)
 * ```
 */
import { z } from "zod";
import { issueToConfigError, readConfigFile } from "../backtest/config.js";
import { requireObject, requireString } from "../errors/guards.js";

const num = () => z.number({ invalid_type_error: "expected a number" }).finite();
const DOTTED = /^[A-Za-z_$][\w$]*(\.[\w$]+)*$/;
const dotted = z
  .string({ invalid_type_error: "expected a dotted path" })
  .regex(DOTTED, { message: "expected a dotted path such as position.range.belowPct" });

const axisSchema = z
  .object({
    /** Column name of the axis in tables and JSON (default: its first path). */
    name: z.string({ invalid_type_error: "expected a name" }).min(1).optional(),
    /** Dotted path of the run-spec field the axis sets. */
    path: dotted.optional(),
    /** Several fields set to the same value (e.g. belowPct and abovePct). */
    paths: z.array(dotted).min(1).optional(),
    /** Discrete values (numbers, strings, booleans or objects such as a trigger). */
    values: z.array(z.unknown()).min(1).optional(),
    /** Display names of `values` in tables and the report (same length). */
    labels: z.array(z.string({ invalid_type_error: "expected a label" })).optional(),
    /** A numeric interval: grid takes `steps` evenly spaced values; random / latin draw in it. */
    min: num().optional(),
    max: num().optional(),
    steps: z.number({ invalid_type_error: "expected a number" }).int().min(1).optional(),
    /** Space the interval logarithmically (min > 0). */
    log: z.boolean({ invalid_type_error: "expected true or false" }).default(false),
    /** Round interval values to integers. */
    integer: z.boolean({ invalid_type_error: "expected true or false" }).default(false),
    /** Merge an object value into the object at the path instead of replacing it. */
    merge: z.boolean({ invalid_type_error: "expected true or false" }).default(false),
  })
  .strict()
  .superRefine((a, ctx) => {
    if ((a.path === undefined) === (a.paths === undefined))
      ctx.addIssue({ code: "custom", message: "give either path or paths" });
    if (a.labels !== undefined && a.labels.length !== (a.values?.length ?? -1))
      ctx.addIssue({
        code: "custom",
        path: ["labels"],
        message: `must have one label per value (${a.values?.length ?? 0})`,
      });
    const interval = a.min !== undefined || a.max !== undefined;
    if (interval === (a.values !== undefined))
      ctx.addIssue({ code: "custom", message: "give either values or min and max" });
    if (interval) {
      if (a.min === undefined)
        ctx.addIssue({ code: "custom", path: ["min"], message: "is required with max" });
      else if (a.max === undefined)
        ctx.addIssue({ code: "custom", path: ["max"], message: "is required with min" });
      else if (!(a.max >= a.min))
        ctx.addIssue({ code: "custom", path: ["max"], message: `must be >= min (${a.min})` });
      else if (a.log && !(a.min > 0))
        ctx.addIssue({ code: "custom", path: ["min"], message: "must be > 0 with log: true" });
    }
  });

const samplingSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("grid") }).strict(),
    z
      .object({
        kind: z.literal("random"),
        points: z.number({ invalid_type_error: "expected a number" }).int().min(1).max(1_000_000),
      })
      .strict(),
    z
      .object({
        kind: z.literal("latin"),
        points: z.number({ invalid_type_error: "expected a number" }).int().min(1).max(1_000_000),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: 'expected one of "grid", "random", "latin"' }) },
);

const objectiveSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("netPnl") }).strict(),
    z.object({ kind: z.literal("pnlPerVol") }).strict(),
    z.object({ kind: z.literal("utility"), riskAversion: num().min(0) }).strict(),
  ],
  { errorMap: () => ({ message: 'expected one of "netPnl", "pnlPerVol", "utility"' }) },
);

export const sweepConfigSchema = z
  .object({
    /** The run spec every point starts from (a backtest config, validated per point after the axes are set). */
    run: z.record(z.unknown(), { invalid_type_error: "expected a backtest config object" }),
    axes: z.array(axisSchema).min(1),
    sampling: samplingSchema.default({ kind: "grid" }),
    /** Integer seed of random / latin sampling; part of every point's hash. */
    seed: z.number({ invalid_type_error: "expected a number" }).int().min(0).max(4294967295).default(1),
    objective: objectiveSchema.default({ kind: "netPnl" }),
    /** The two axes of the report's heatmap (default: the first two). */
    heatmap: z.tuple([z.string(), z.string()]).optional(),
    /** Rows of the human table. */
    top: z.number({ invalid_type_error: "expected a number" }).int().min(1).default(10),
  })
  .strict()
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    c.axes.forEach((a, i) => {
      const name = axisName(a);
      if (names.has(name))
        ctx.addIssue({ code: "custom", path: ["axes", i, "name"], message: `duplicates axis "${name}"` });
      names.add(name);
      if (c.sampling.kind === "grid" && a.values === undefined && a.steps === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["axes", i, "steps"],
          message: "is required for grid sampling",
        });
    });
    c.heatmap?.forEach((n, k) => {
      if (!names.has(n))
        ctx.addIssue({
          code: "custom",
          path: ["heatmap", k],
          message: `names no axis (${[...names].join(", ")})`,
        });
    });
  });

/** A validated sweep config. */
export type SweepConfig = z.infer<typeof sweepConfigSchema>;
/** One validated axis. */
export type SweepAxis = SweepConfig["axes"][number];
/** The validated objective. */
export type SweepObjective = SweepConfig["objective"];

/** Returns the column name of an axis: its `name`, else its first path. */
export function axisName(a: { name?: string; path?: string; paths?: string[] }): string {
  requireObject(a, "axis");
  return a.name ?? a.path ?? a.paths?.[0] ?? "?";
}

/** Returns the paths an axis sets. */
export function axisPaths(a: SweepAxis): string[] {
  requireObject(a, "axis");
  return a.paths ?? [a.path as string];
}

/** Returns the validated sweep config; throws ConfigError naming the path of the first problem. */
export function parseSweepConfig(raw: unknown, file?: string): SweepConfig {
  if (file !== undefined) requireString(file, "file");
  const r = sweepConfigSchema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

/** Returns the validated sweep config read from a YAML or JSON file. */
export function loadSweepConfig(file: string): SweepConfig {
  return parseSweepConfig(readConfigFile(file), file);
}
