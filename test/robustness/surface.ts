/**
 * The public library surface, walked: every function (and class, and function inside an exported namespace object
 * such as `TickMath`) reachable from `src/index.ts` and the package.json "exports" subpaths, and the garbage
 * arguments the surface test calls each one with. Kept apart from the test so a script can print the same table.
 */
import * as backtest from "../../src/backtest/index.js";
import * as data from "../../src/data/index.js";
import * as engine from "../../src/engine/index.js";
import { BaseError } from "../../src/errors/base.js";
import * as errors from "../../src/errors/index.js";
import * as forecast from "../../src/forecast/index.js";
import * as root from "../../src/index.js";
import * as math from "../../src/math/index.js";
import * as optimize from "../../src/optimize/index.js";
import * as report from "../../src/report/index.js";
import * as risk from "../../src/risk/index.js";
import * as sim from "../../src/sim/index.js";
import * as simulate from "../../src/simulate/index.js";
import * as strategy from "../../src/strategy/index.js";
import * as sweep from "../../src/sweep/index.js";

/** The index files behind package.json "exports" (".", "./math", …). */
export const SURFACE_MODULES: Record<string, Record<string, unknown>> = {
  index: root,
  "math/index": math,
  "data/index": data,
  "engine/index": engine,
  "strategy/index": strategy,
  "forecast/index": forecast,
  "sim/index": sim,
  "backtest/index": backtest,
  "report/index": report,
  "risk/index": risk,
  "simulate/index": simulate,
  "sweep/index": sweep,
  "optimize/index": optimize,
  "errors/index": errors,
};

// biome-ignore lint/complexity/noBannedTypes: any exported callable, whatever its signature
export type AnyFunction = Function;

/** One callable of the surface: `name` as a user writes it (`getKernel`, `TickMath.getSqrtRatioAtTick`). */
export type SurfaceEntry = { name: string; fn: AnyFunction; isClass: boolean; isError: boolean };

function isClass(fn: AnyFunction): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/** Loads every surface module and returns its callables, each once (the first name it is exported under). */
export function loadSurface(): SurfaceEntry[] {
  const seen = new Set<unknown>();
  const out: SurfaceEntry[] = [];
  const add = (name: string, fn: AnyFunction) => {
    if (seen.has(fn)) return;
    seen.add(fn);
    const cls = isClass(fn);
    out.push({ name, fn, isClass: cls, isError: cls && fn.prototype instanceof Error });
  };
  for (const mod of Object.values(SURFACE_MODULES)) {
    for (const [k, v] of Object.entries(mod)) {
      if (typeof v === "function") add(k, v);
      else if (
        v !== null &&
        typeof v === "object" &&
        Object.getPrototypeOf(v) === Object.prototype &&
        !seen.has(v)
      ) {
        // A namespace of functions (TickMath, FullMath, …) or a table of kernels: its functions are surface too.
        seen.add(v);
        for (const [kk, vv] of Object.entries(v)) if (typeof vv === "function") add(`${k}.${kk}`, vv);
      }
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The garbage table: values a caller passes by mistake (each made fresh per call, so a mutation cannot leak). */
export const GARBAGE: readonly { label: string; make: () => unknown }[] = [
  { label: "null", make: () => null },
  { label: "undefined", make: () => undefined },
  { label: "0", make: () => 0 },
  { label: "NaN", make: () => Number.NaN },
  { label: '"x"', make: () => "x" },
  { label: "{}", make: () => ({}) },
  { label: "[]", make: () => [] },
  { label: "-1n", make: () => -1n },
  { label: "frozen object", make: () => Object.freeze({ a: 1 }) },
  // biome-ignore lint/suspicious/noSparseArray: an array with holes is one of the garbage values
  { label: "array with holes", make: () => [1, , 3] },
  { label: "huge array", make: () => new Array(100_000).fill(1) },
];

/** A call's arguments: the garbage alone, then in every position the function declares (at least two). */
export function argumentLists(fn: AnyFunction, make: () => unknown): unknown[][] {
  const n = Math.max(2, fn.length);
  return [[make()], Array.from({ length: n }, () => make())];
}

/** A BaseError's one line names an argument: it starts with the argument's name (`options`, `tick`, `data.pool`). */
const NAMES_ARGUMENT = /^(?:--[\w-]+|\(root\)|[A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*)(?:\s|:)/;

/** Returns undefined when a returned value is acceptable, else why not: a number must be finite. */
function badValue(v: unknown): string | undefined {
  if (typeof v === "number" && !Number.isFinite(v)) return `returned ${v}`;
  return undefined;
}

/** Returns undefined when a thrown value is acceptable (a BaseError naming an argument), else why not. */
export function badThrow(e: unknown): string | undefined {
  if (!(e instanceof BaseError)) {
    const err = e as Error;
    return `threw ${err?.constructor?.name ?? typeof e}: ${String(err?.message ?? e)
      .split("\n")[0]
      .slice(0, 160)}`;
  }
  if (!NAMES_ARGUMENT.test(e.shortMessage))
    return `BaseError not naming an argument: ${e.shortMessage.slice(0, 160)}`;
  return undefined;
}

/** A settled promise's outcome, or "timeout" after `ms`. */
async function settle(p: Promise<unknown>, ms: number): Promise<{ ok: boolean; value: unknown } | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), ms);
  });
  try {
    return await Promise.race([
      p.then(
        (value) => ({ ok: true, value }),
        (value) => ({ ok: false, value }),
      ),
      t,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `entry` with `args` (with `new` for a class) and returns undefined when the outcome keeps the library's
 * promise, else a one-line description of what went wrong. A promise is awaited for at most `timeoutMs`; a returned
 * object with a `close()` (a pool, a server) is closed. `nonFiniteOk` accepts a NaN / ±Infinity return.
 */
export async function probe(
  entry: SurfaceEntry,
  args: unknown[],
  timeoutMs = 5_000,
  nonFiniteOk = false,
): Promise<string | undefined> {
  let value: unknown;
  try {
    value = entry.isClass
      ? Reflect.construct(entry.fn as new (...a: unknown[]) => unknown, args)
      : Reflect.apply(entry.fn, undefined, args);
  } catch (e) {
    return badThrow(e);
  }
  if (value instanceof Promise) {
    const s = await settle(value, timeoutMs);
    if (s === "timeout") return `promise still pending after ${timeoutMs} ms`;
    if (!s.ok) return badThrow(s.value);
    value = s.value;
  }
  const close = (value as { close?: unknown } | null)?.close;
  if (typeof close === "function") await settle(Promise.resolve(close.call(value)), timeoutMs);
  return nonFiniteOk ? undefined : badValue(value);
}
