import type { Rng } from "../rng.js";

/** A prepared per-path simulation: writes one result row of `columns.length` numbers per call. */
export type PathKernel = {
  readonly columns: readonly string[];
  /** Simulates one path with `rng` (the caller passes createRng(seed, pathIndex)) into out[offset..offset+cols). */
  runPath(rng: Rng, out: Float64Array, offset: number): void;
};

/** A named kernel: `create` validates a JSON-serialisable config and preallocates the per-path buffers. */
export type KernelDefinition = {
  readonly name: string;
  readonly columns: readonly string[];
  create(config: unknown): PathKernel;
};
