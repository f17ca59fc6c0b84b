import { TickMath as SdkTickMath } from "@uniswap/v3-sdk";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { J } from "../../../test/helpers/jsbi.js";
import { InvalidInputError, SqrtPriceOutOfRangeError, TickOutOfRangeError } from "../../errors/math.js";
import { createRng } from "../../sim/rng.js";
import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK, Q96 } from "./constants.js";
import { TickMath, tickAtSqrtRatioExact } from "./tickMath.js";

const rng = createRng(303);
function randBits(n: number): bigint {
  let x = 0n;
  for (let b = 0; b < n; b += 32) x = (x << 32n) | BigInt(rng.nextU32());
  return x & ((1n << BigInt(n)) - 1n);
}
const EXTREME_TICKS = [MIN_TICK, MIN_TICK + 1, -1, 0, 1, MAX_TICK - 1, MAX_TICK];

describe("TickMath.getSqrtRatioAtTick", () => {
  test("default", () => {
    expect(TickMath.getSqrtRatioAtTick(0)).toBe(Q96);
    expect(TickMath.getSqrtRatioAtTick(MIN_TICK)).toBe(4295128739n);
    expect(TickMath.getSqrtRatioAtTick(MAX_TICK)).toBe(MAX_SQRT_RATIO);
  });

  test("behavior: published v3-core anchors at ±1 of the extremes", () => {
    // TickMath.spec.ts: 'min tick + 1' and 'max tick - 1'
    expect(TickMath.getSqrtRatioAtTick(MIN_TICK + 1)).toBe(4295343490n);
    expect(TickMath.getSqrtRatioAtTick(MAX_TICK - 1)).toBe(
      1461373636630004318706518188784493106690254656249n,
    );
  });

  test("behavior: throws TickOutOfRangeError naming the field and value outside [MIN_TICK, MAX_TICK]", () => {
    expect(() => TickMath.getSqrtRatioAtTick(MIN_TICK - 1)).toThrow(TickOutOfRangeError);
    expect(() => TickMath.getSqrtRatioAtTick(MAX_TICK + 1)).toThrow(/^tick 887273 is outside/);
    expect(() => TickMath.getSqrtRatioAtTick(1.5)).toThrow(InvalidInputError);
  });

  test("behavior: matches the SDK on the extreme ticks and 10,000 random ticks", () => {
    const ticks = [...EXTREME_TICKS];
    for (let i = 0; i < 10_000; i++) ticks.push(MIN_TICK + rng.nextInt(MAX_TICK - MIN_TICK + 1));
    for (const t of ticks)
      expect(TickMath.getSqrtRatioAtTick(t).toString()).toBe(SdkTickMath.getSqrtRatioAtTick(t).toString());
  });

  test("behavior: strictly increasing in the tick", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK - 1 }), (t) => {
        expect(TickMath.getSqrtRatioAtTick(t)).toBeLessThan(TickMath.getSqrtRatioAtTick(t + 1));
      }),
      { numRuns: 2000, seed: 1 },
    );
  });
});

describe("TickMath.getTickAtSqrtRatio", () => {
  test("default", () => {
    expect(TickMath.getTickAtSqrtRatio(Q96)).toBe(0);
    expect(TickMath.getTickAtSqrtRatio(MIN_SQRT_RATIO)).toBe(MIN_TICK);
    expect(TickMath.getTickAtSqrtRatio(MAX_SQRT_RATIO - 1n)).toBe(MAX_TICK - 1);
  });

  test("behavior: throws SqrtPriceOutOfRangeError outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)", () => {
    expect(() => TickMath.getTickAtSqrtRatio(MIN_SQRT_RATIO - 1n)).toThrow(SqrtPriceOutOfRangeError);
    expect(() => TickMath.getTickAtSqrtRatio(MAX_SQRT_RATIO)).toThrow(
      /^sqrtPriceX96 1461446703485210103287273052203988822378723970342 is outside/,
    );
  });

  test("behavior: matches the SDK on extreme and 10,000 random sqrt prices", () => {
    const prices = [
      MIN_SQRT_RATIO,
      MIN_SQRT_RATIO + 1n,
      Q96 - 1n,
      Q96,
      Q96 + 1n,
      MAX_SQRT_RATIO - 2n,
      MAX_SQRT_RATIO - 1n,
    ];
    for (const t of EXTREME_TICKS) {
      const s = TickMath.getSqrtRatioAtTick(t);
      for (const d of [-1n, 0n, 1n])
        if (s + d >= MIN_SQRT_RATIO && s + d < MAX_SQRT_RATIO) prices.push(s + d);
    }
    for (let i = 0; i < 10_000; i++) {
      if (i % 2 === 0) {
        // log-uniform: a random tick band, a random point in it (a third of the time exactly on the tick)
        const t = MIN_TICK + rng.nextInt(MAX_TICK - MIN_TICK);
        const lo = TickMath.getSqrtRatioAtTick(t);
        const hi = TickMath.getSqrtRatioAtTick(t + 1);
        prices.push(i % 3 === 0 ? lo : lo + (randBits(64) % (hi - lo)));
      } else {
        // uniform in bits: a random bit length between 33 and 160
        const p = randBits(33 + rng.nextInt(128));
        if (p >= MIN_SQRT_RATIO && p < MAX_SQRT_RATIO) prices.push(p);
      }
    }
    expect(prices.length).toBeGreaterThan(9000);
    for (const p of prices) expect(TickMath.getTickAtSqrtRatio(p)).toBe(SdkTickMath.getTickAtSqrtRatio(J(p)));
  });

  test("behavior: round-trips getTickAtSqrtRatio(getSqrtRatioAtTick(t)) === t", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK - 1 }), (t) => {
        expect(TickMath.getTickAtSqrtRatio(TickMath.getSqrtRatioAtTick(t))).toBe(t);
      }),
      { numRuns: 10_000, seed: 2 },
    );
  });

  test("behavior: getSqrtRatioAtTick(tick) <= s < getSqrtRatioAtTick(tick + 1)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MIN_SQRT_RATIO, max: MAX_SQRT_RATIO - 1n }), (s) => {
        const tick = TickMath.getTickAtSqrtRatio(s);
        expect(TickMath.getSqrtRatioAtTick(tick)).toBeLessThanOrEqual(s);
        expect(s).toBeLessThan(TickMath.getSqrtRatioAtTick(tick + 1));
      }),
      { numRuns: 10_000, seed: 3 },
    );
  });

  test("behavior: the float64-guarded fast path equals the bigint transcription of the contract, ties included", () => {
    for (let i = 0; i < 10_000; i++) {
      const t = MIN_TICK + 1 + rng.nextInt(MAX_TICK - MIN_TICK - 2);
      const lo = TickMath.getSqrtRatioAtTick(t);
      const hi = TickMath.getSqrtRatioAtTick(t + 1);
      // on the tick, one unit either side (guard fallbacks) and a uniform point inside the band (fast path)
      for (const s of [lo - 1n, lo, lo + 1n, lo + ((randBits(64) * (hi - lo)) >> 64n)])
        expect(TickMath.getTickAtSqrtRatio(s)).toBe(tickAtSqrtRatioExact(s));
    }
  });
});
