/**
 * A seeded, fast, reproducible pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018) on 32-bit
 * integer state, seeded through SplitMix32. Integer operations only, plus `Math.log`/`Math.sqrt` for normals
 * (Marsaglia's polar method), so the same seed gives the same stream on every machine running V8.
 *
 * `jump`-free stream splitting: `createRng(seed, stream)` mixes the stream index into the seed, so worker k
 * of a parallel run uses stream k and the result does not depend on how paths are spread over workers.
 *
 * @see https://prng.di.unimi.it/xoshiro128starstar.c
 */
export type Rng = {
  /** Next unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Standard normal N(0, 1). */
  nextNormal(): number;
  /** Fills `out` with standard normals (no allocation). */
  fillNormal(out: Float64Array): void;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
};

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Creates a generator from an integer seed (and optional stream index for parallel runs). */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed ${seed} is invalid: expected an integer`);
  const mix = { s: (seed ^ Math.imul(stream + 1, 0x27d4eb2d)) | 0 };
  // fold the high part of large seeds in as well
  mix.s = (mix.s ^ Math.floor(seed / 4294967296)) | 0;
  let s0 = splitmix32(mix);
  let s1 = splitmix32(mix);
  let s2 = splitmix32(mix);
  let s3 = splitmix32(mix);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spare = 0;
  let hasSpare = false;

  const nextU32 = (): number => {
    const r = Math.imul(s1, 5);
    const rot = (r << 7) | (r >>> 25);
    const result = Math.imul(rot, 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  const nextFloat = (): number => {
    const hi = nextU32() >>> 5; // 27 bits
    const lo = nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const nextNormal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = nextFloat() * 2 - 1;
      v = nextFloat() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  };
  return {
    nextU32,
    nextFloat,
    nextNormal,
    fillNormal(out: Float64Array) {
      for (let i = 0; i < out.length; i++) out[i] = nextNormal();
    },
    nextInt(n: number) {
      return Math.floor(nextFloat() * n);
    },
  };
}
