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
import { InvalidInputError } from "../errors/math.js";
export type Rng = {
  /** Next unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Standard normal N(0, 1). */
  nextNormal(): number;
  /**
   * Fills `out` with standard normals (no allocation). Uses a 256-layer ziggurat on the inlined generator, several
   * times faster than repeated `nextNormal()` (polar method), so its values differ from a `nextNormal()` sequence;
   * it is equally deterministic for a given seed, stream and call sequence. Abscissae have 24-bit resolution.
   */
  fillNormal(out: Float64Array): void;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
};

// Ziggurat tables for 256 layers with 24-bit signed abscissae (m = 2^23): R is the start of the tail, V the area
// of each layer (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8)).
const ZIG_R = 3.6541528853610088;
const ZIG_V = 0.00492867323399;
const ZIG_M = 8388608;
const ZIG_K = new Float64Array(256);
const ZIG_W = new Float64Array(256);
const ZIG_F = new Float64Array(256);
{
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * ZIG_M;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / ZIG_M;
  ZIG_W[255] = dn / ZIG_M;
  ZIG_F[0] = 1;
  ZIG_F[255] = Math.exp(-0.5 * dn * dn);
  for (let i = 254; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * ZIG_M;
    tn = dn;
    ZIG_F[i] = Math.exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / ZIG_M;
  }
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The ziggurat fast path over xoshiro128** state `st` (Int32Array [s0, s1, s2, s3]), filling out[from..]. In ~99%
 * of draws one 32-bit output gives the normal: its low 8 bits pick the layer and its high 24 bits (signed) the
 * abscissa, so layer and value use disjoint bits (Doornik 2005). The rare wedge/tail cases go to `slow`, which
 * reads and advances the same state. A module-level function on typed arrays, so V8 keeps the state in registers.
 */
function zigguratFill(
  st: Int32Array,
  out: Float64Array,
  from: number,
  slow: (hz: number, layer: number) => number,
): void {
  let a = st[0];
  let b = st[1];
  let c = st[2];
  let d = st[3];
  const n = out.length;
  for (let i = from; i < n; i++) {
    const r0 = Math.imul(b, 5);
    const x = Math.imul((r0 << 7) | (r0 >>> 25), 9);
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    const layer = x & 255;
    const hz = x >> 8;
    if (Math.abs(hz) < ZIG_K[layer]) {
      out[i] = hz * ZIG_W[layer];
      continue;
    }
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
    out[i] = slow(hz, layer);
    a = st[0];
    b = st[1];
    c = st[2];
    d = st[3];
  }
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d;
}

/** Creates a generator from an integer seed (and optional stream index for parallel runs). */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isInteger(seed))
    throw new InvalidInputError({ field: "seed", value: seed, expected: "an integer" });
  const mix = { s: (seed ^ Math.imul(stream + 1, 0x27d4eb2d)) | 0 };
  // fold the high part of large seeds in as well
  mix.s = (mix.s ^ Math.floor(seed / 4294967296)) | 0;
  const st = new Int32Array(4);
  st[0] = splitmix32(mix);
  st[1] = splitmix32(mix);
  st[2] = splitmix32(mix);
  st[3] = splitmix32(mix);
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1;
  let spare = 0;
  let hasSpare = false;

  const nextU32 = (): number => {
    const s1 = st[1];
    const r = Math.imul(s1, 5);
    const rot = (r << 7) | (r >>> 25);
    const result = Math.imul(rot, 9) >>> 0;
    const t = s1 << 9;
    st[2] ^= st[0];
    st[3] ^= s1;
    st[1] ^= st[2];
    st[0] ^= st[3];
    st[2] ^= t;
    const s3 = st[3];
    st[3] = (s3 << 11) | (s3 >>> 21);
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
  // The rare ziggurat branches: wedge test against the density, or the tail beyond R (Marsaglia 1964).
  const zigguratSlow = (hz0: number, layer0: number): number => {
    let hz = hz0;
    let layer = layer0;
    for (;;) {
      if (layer === 0) {
        let x: number;
        let y: number;
        do {
          x = -Math.log(1 - nextFloat()) / ZIG_R;
          y = -Math.log(1 - nextFloat());
        } while (y + y < x * x);
        return hz > 0 ? ZIG_R + x : -ZIG_R - x;
      }
      const x = hz * ZIG_W[layer];
      if (ZIG_F[layer] + nextFloat() * (ZIG_F[layer - 1] - ZIG_F[layer]) < Math.exp(-0.5 * x * x)) return x;
      const u = nextU32() | 0;
      layer = u & 255;
      hz = u >> 8;
      if (Math.abs(hz) < ZIG_K[layer]) return hz * ZIG_W[layer];
    }
  };
  return {
    nextU32,
    nextFloat,
    nextNormal,
    fillNormal(out: Float64Array) {
      let from = 0;
      if (hasSpare && out.length > 0) {
        hasSpare = false;
        out[from++] = spare;
      }
      zigguratFill(st, out, from, zigguratSlow);
    },
    nextInt(n: number) {
      return Math.floor(nextFloat() * n);
    },
  };
}
