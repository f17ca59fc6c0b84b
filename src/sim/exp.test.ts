import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { expBits, expPrimary } from "./exp.js";
import { createRng } from "./rng.js";

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** The next double above x (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  bits[0] = x;
  const lo = words[0];
  if (x > 0) {
    words[0] = (lo + 1) >>> 0;
    if (words[0] === 0) words[1]++;
  } else {
    words[0] = (lo - 1) >>> 0;
    if (lo === 0) words[1]--;
  }
  return bits[0];
}

/** Counts arguments where `exp` (default expBits) and Math.exp differ in any bit (Object.is: also ±0 and NaN). */
function mismatches(
  xs: Iterable<number>,
  exp: (x: number) => number = expBits,
): { n: number; bad: number[] } {
  const bad: number[] = [];
  let n = 0;
  for (const x of xs) {
    n++;
    if (!Object.is(exp(x), Math.exp(x)) && bad.length < 5) bad.push(x);
  }
  return { n, bad };
}

describe("expBits", () => {
  test("has Math.exp's bits on random arguments of every range (lognormal factors, GBM steps, the tails)", () => {
    const rng = createRng(20261201);
    const gen = function* () {
      for (let i = 0; i < 200_000; i++) {
        const u = rng.nextFloat() * 2 - 1;
        yield u * 1e-8; // below and around 2^-28
        yield u * 0.01; // a minute GBM step
        yield -0.125 + 0.5 * 3 * u; // a lognormal volume factor's exponent
        yield 0.34 + 0.02 * rng.nextFloat(); // around fdlibm's ½ ln 2 threshold
        yield -0.34 - 0.02 * rng.nextFloat();
        yield 1.03 + 0.02 * u; // around its 1.5 ln 2 threshold
        yield u * 760; // up to overflow and underflow
      }
    };
    const r = mismatches(gen());
    expect(r.n).toBe(1_400_000);
    expect(r.bad).toEqual([]);
  });

  test("has Math.exp's bits on random bit patterns (NaN, ±∞, subnormals, huge)", () => {
    const rng = createRng(7);
    const gen = function* () {
      for (let i = 0; i < 300_000; i++) {
        words[1] = rng.nextU32();
        words[0] = rng.nextU32();
        yield bits[0];
      }
    };
    expect(mismatches(gen()).bad).toEqual([]);
    expect(
      mismatches([0, -0, 1, -1, Math.E, 708, -708, 709.78, -745.13, Infinity, -Infinity, Number.NaN]).bad,
    ).toEqual([]);
  });

  test("has Math.exp's bits next to every boundary of the reduction's k ((m + ½) ln 2, 40 doubles each way)", () => {
    const gen = function* () {
      for (let m = -1030; m <= 1030; m++) {
        const b = (m + 0.5) * Math.LN2;
        let up = b;
        let down = b;
        for (let j = 0; j < 40; j++) {
          yield up;
          yield down;
          up = nextUp(up);
          down = -nextUp(-down);
        }
      }
    };
    expect(mismatches(gen()).bad).toEqual([]);
  });

  test("property: equals Math.exp bit for bit on any double", () => {
    fc.assert(
      fc.property(fc.double(), (x) => Object.is(expBits(x), Math.exp(x))),
      { numRuns: 20_000 },
    );
  });
});

describe("expPrimary", () => {
  test("has Math.exp's bits on GBM steps, random arguments and bit patterns", () => {
    const rng = createRng(20261202);
    const gen = function* () {
      for (let i = 0; i < 200_000; i++) {
        const u = rng.nextFloat() * 2 - 1;
        yield u * 0.002; // a minute GBM step (σ 0.8)
        yield u * 0.05; // an hourly or daily step
        yield u * 0.4; // up to and past ½ ln 2 (Math.exp's branch)
        yield u * 1e-8; // around 2^-28
        words[1] = rng.nextU32();
        words[0] = rng.nextU32();
        yield bits[0];
      }
    };
    const r = mismatches(gen(), expPrimary);
    expect(r.n).toBe(1_000_000);
    expect(r.bad).toEqual([]);
    expect(mismatches([0, -0, 1, -1, Infinity, -Infinity, Number.NaN], expPrimary).bad).toEqual([]);
  });

  test("has Math.exp's bits next to its thresholds (2^-28 and fdlibm's ½ ln 2, 2000 doubles each way, both signs)", () => {
    bits[0] = 0;
    const at = (hi: number): number => {
      words[1] = hi;
      words[0] = 0;
      return bits[0];
    };
    const gen = function* () {
      for (const b of [at(0x3e300000), at(0x3fd62e42), at(0x3fd62e43), 0.5 * Math.LN2]) {
        let up = b;
        let down = b;
        for (let j = 0; j < 2000; j++) {
          for (const x of [up, down]) {
            yield x;
            yield -x;
          }
          up = nextUp(up);
          down = -nextUp(-down);
        }
      }
    };
    expect(mismatches(gen(), expPrimary).bad).toEqual([]);
  });

  test("property: equals Math.exp bit for bit on any double and on small ones", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.double({ min: -0.4, max: 0.4 })), (x) =>
        Object.is(expPrimary(x), Math.exp(x)),
      ),
      { numRuns: 20_000 },
    );
  });
});
