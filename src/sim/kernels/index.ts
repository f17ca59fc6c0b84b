import { requireFunction, requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";
import { createRng } from "../rng.js";
import { checkInteger } from "../validate.js";
import { lpHedgeKernel } from "./lpHedge.js";
import type { KernelDefinition, PathKernel } from "./types.js";

export { LP_HEDGE_COLUMNS, type LpHedgeConfig, type LpHedgeHedgeConfig, lpHedgeKernel } from "./lpHedge.js";
export type { KernelDefinition, PathKernel } from "./types.js";

/**
 * The registered kernels by name. The registry is static so worker threads see the same kernels as the main
 * thread; add a kernel here to make it runnable by `runPaths`.
 */
export const KERNELS: Readonly<Record<string, KernelDefinition>> = Object.freeze({
  lpHedge: lpHedgeKernel,
});

/** Returns the registered kernel `name`, or throws InvalidInputError listing the known names. */
export function getKernel(name: string): KernelDefinition {
  const k = Object.hasOwn(KERNELS, name) ? KERNELS[name] : undefined;
  if (!k)
    throw new InvalidInputError({
      field: "kernel",
      value: name,
      expected: `one of ${Object.keys(KERNELS).join(", ")}`,
    });
  return k;
}

/**
 * Returns nothing; runs paths [start, end) of kernel `name` (a registered name or a definition) in this thread, path i with createRng(seed, i), writing
 * row i − start at out[(i − start)·columns ..]. This is what each worker runs, so results do not depend on how the
 * paths are split.
 */
export function runKernelRange(
  name: string | KernelDefinition,
  config: unknown,
  seed: number,
  start: number,
  end: number,
  out: Float64Array,
): void {
  const def = typeof name === "string" ? getKernel(name) : requireObject(name, "name");
  requireFunction(def.create, "name.create");
  runKernelPaths(def.create(config), seed, start, end, out);
}

/**
 * Returns nothing; runs paths [start, end) of an already created kernel (see `runKernelRange`), so a caller that
 * runs many ranges of one config (a worker thread pulling chunks) builds the kernel once.
 */
export function runKernelPaths(
  kernel: PathKernel,
  seed: number,
  start: number,
  end: number,
  out: Float64Array,
): void {
  requireObject(kernel, "kernel");
  checkInteger("start", start, 0);
  checkInteger("end", end, start);
  const cols = kernel.columns.length;
  if (out.length < (end - start) * cols)
    throw new InvalidInputError({
      field: "out.length",
      value: out.length,
      expected: `>= ${(end - start) * cols}`,
    });
  for (let i = start; i < end; i++) kernel.runPath(createRng(seed, i), out, (i - start) * cols);
}
