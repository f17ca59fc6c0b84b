/**
 * The optimize config file (YAML or JSON).
 *
 * ```yaml
 * run:                                  # a backtest config: pool data, deposit, costs, venues
 *   data: { pool: ../data/polygon-weth-usdc-005, from: 2022-07-19, to: 2022-08-22 }
 *   position: { deposit: 10000 }
 *   strategy: { kind: passive }
 * optimize:
 *   widthsPct: [2, 3, 5, 10, 20]        # candidate ±w % ranges
 *   hedgeBands: [null, 0.5, 0.1]        # base units; null = unhedged
 *   horizonDays: 7                      # decision horizon (default: trailingDays)
 *   trailingDays: 7                     # fee income and volatility are read from the last N days of run.data
 *   riskAversion: 0.001                 # λ (per quote²) of fees − LVR − costs − λ·variance
 *   forecast: { model: garch, barMinutes: 60 }
 *   check: 3                            # best model candidates re-checked by backtest on the trailing days
 * walkForward: { windowDays: 7 }        # optional: choose on each window of run.data, evaluate on the next
 * ```
 */
import { z } from "zod";
import { issueToConfigError, readConfigFile } from "../backtest/config.js";
import { duration, ewmaDecayRefine } from "../config/index.js";
import { requireString } from "../errors/guards.js";

const num = () => z.number({ invalid_type_error: "expected a number" }).finite();
const int = () => z.number({ invalid_type_error: "expected a number" }).int();

export const optimizeConfigSchema = z
  .object({
    run: z.record(z.unknown(), { invalid_type_error: "expected a backtest config object" }),
    optimize: z
      .object({
        widthsPct: z.array(num().gt(0).lt(100)).min(1).default([1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50]),
        hedgeBands: z.array(num().positive().nullable()).min(1).default([null]),
        /** Template of the hedge of hedged candidates (its trigger band is set per candidate). */
        hedge: z.record(z.unknown()).default({ kind: "delta", venue: "perp" }),
        horizonDays: num().positive().optional(),
        trailingDays: int().min(1).default(7),
        riskAversion: num().min(0).default(0.001),
        forecast: z
          .object({
            model: z.enum(["ewma", "garch"]).default("garch"),
            barMinutes: int().min(1).max(1440).default(60),
            /** EWMA half-life in time ("1d", "12h"), or lambdaPerBar (per barMinutes bar); default λ = 0.97 per bar. */
            halfLife: duration().optional(),
            lambdaPerBar: num().gt(0).lt(1).optional(),
            /** Refused with a message: a per-bar decay must be named lambdaPerBar. */
            lambda: z.unknown().optional(),
          })
          .strict()
          .superRefine(ewmaDecayRefine("1d"))
          .default({}),
        check: int().min(0).default(3),
      })
      .strict()
      .default({}),
    walkForward: z
      .object({ windowDays: int().min(1) })
      .strict()
      .optional(),
  })
  .strict();

/** A validated optimize config. */
export type OptimizeConfig = z.infer<typeof optimizeConfigSchema>;
/** Its `optimize` section. */
export type OptimizeSettings = OptimizeConfig["optimize"];

/** Returns the validated optimize config; throws ConfigError naming the path of the first problem. */
export function parseOptimizeConfig(raw: unknown, file?: string): OptimizeConfig {
  if (file !== undefined) requireString(file, "file");
  const r = optimizeConfigSchema.safeParse(raw);
  if (!r.success) throw issueToConfigError(r.error.issues[0], raw, file);
  return r.data;
}

/** Returns the validated optimize config read from a YAML or JSON file. */
export function loadOptimizeConfig(file: string): OptimizeConfig {
  return parseOptimizeConfig(readConfigFile(file), file);
}
