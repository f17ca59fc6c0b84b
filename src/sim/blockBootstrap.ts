import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { PathModel } from "./pathModel.js";
import type { Rng } from "./rng.js";
import { checkNumber, checkPathBuffer } from "./validate.js";

export type CreateBlockBootstrapModelParameters = {
  /** Historical log returns, one per step (e.g. ln(close_t / close_{t−1}) of hourly bars). Not copied. */
  logReturns: Float64Array;
  /** "stationary" (Politis–Romano, geometric block lengths) or "fixed" (moving blocks). Default "stationary". */
  kind?: "stationary" | "fixed";
  /** Mean block length (stationary) or the block length (fixed), in steps, ≥ 1. */
  blockLength: number;
};

/**
 * Returns a block-bootstrap path model that resamples real log returns, keeping their short-range dependence.
 * Stationary bootstrap (Politis & Romano 1994): each step continues the current block (index + 1, wrapping
 * around) or, with probability 1/blockLength, jumps to a uniform random index. Fixed blocks: a new uniform start
 * every `blockLength` steps. The path steps at the source's frequency: `dtYears` is only validated.
 *
 * @see https://doi.org/10.1080/01621459.1994.10476870 (Politis & Romano 1994, The stationary bootstrap)
 */
export function createBlockBootstrapModel(params: CreateBlockBootstrapModelParameters): PathModel {
  requireObject(params, "options");
  const r = params.logReturns;
  if (!(r instanceof Float64Array) || r.length < 1)
    throw new InvalidInputError({
      field: "logReturns.length",
      value: r?.length,
      expected: "a Float64Array with >= 1 return",
    });
  for (let i = 0; i < r.length; i++)
    if (!Number.isFinite(r[i]))
      throw new InvalidInputError({ field: `logReturns[${i}]`, value: r[i], expected: "a finite number" });
  const kind = params.kind ?? "stationary";
  if (kind !== "stationary" && kind !== "fixed")
    throw new InvalidInputError({ field: "kind", value: kind, expected: '"stationary" or "fixed"' });
  const blockLength = checkNumber("blockLength", params.blockLength, 1);
  if (kind === "fixed" && !Number.isInteger(blockLength))
    throw new InvalidInputError({
      field: "blockLength",
      value: blockLength,
      expected: "an integer for fixed blocks",
    });
  const m = r.length;
  const pNew = 1 / blockLength;
  return {
    name: "blockBootstrap",
    fillPath(rng: Rng, out: Float64Array, dtYears: number) {
      checkPathBuffer(out, dtYears);
      const n = out.length - 1;
      let idx = rng.nextInt(m);
      let s = out[0];
      if (kind === "stationary") {
        for (let i = 0; i < n; i++) {
          s *= Math.exp(r[idx]);
          out[i + 1] = s;
          if (rng.nextFloat() < pNew) idx = rng.nextInt(m);
          else if (++idx === m) idx = 0;
        }
      } else {
        let left = blockLength;
        for (let i = 0; i < n; i++) {
          s *= Math.exp(r[idx]);
          out[i + 1] = s;
          if (--left === 0) {
            idx = rng.nextInt(m);
            left = blockLength;
          } else if (++idx === m) idx = 0;
        }
      }
    },
  };
}
