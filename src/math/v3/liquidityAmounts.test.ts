import { maxLiquidityForAmounts, SqrtPriceMath as SdkSqrtPriceMath } from "@uniswap/v3-sdk";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { B, J, uintSampler } from "../../../test/helpers/jsbi.js";
import { InvalidInputError, MathRevertError } from "../../errors/math.js";
import { createRng } from "../../sim/rng.js";
import { MAX_SQRT_RATIO, MaxUint128, MaxUint160, MaxUint256, MIN_SQRT_RATIO, Q96 } from "./constants.js";
import { LiquidityAmounts } from "./liquidityAmounts.js";

const rng = createRng(606);
const randUint = uintSampler(rng);
const EXTREMES = [MIN_SQRT_RATIO, MIN_SQRT_RATIO + 1n, Q96, MAX_SQRT_RATIO - 1n, MAX_SQRT_RATIO];
function price(): bigint {
  return rng.nextInt(8) === 0
    ? EXTREMES[rng.nextInt(EXTREMES.length)]
    : MIN_SQRT_RATIO + (randUint(160) % (MAX_SQRT_RATIO - MIN_SQRT_RATIO));
}
/** SDK maxLiquidityForAmounts, or the reason the contract reverts (division by zero, mulDiv overflow, toUint128). */
function sdkLiquidity(
  p: bigint,
  a: bigint,
  b: bigint,
  amount0: bigint,
  amount1: bigint,
  full: boolean,
): bigint | "reverts" {
  try {
    const l = B(maxLiquidityForAmounts(J(p), J(a), J(b), J(amount0), J(amount1), full));
    return l > MaxUint128 ? "reverts" : l;
  } catch {
    return "reverts";
  }
}
/** The periphery's intermediate mulDiv(amount0, ⌊√A√B/2^96⌋, √B − √A) overflows 2^256 (the SDK never checks). */
function amount0MulDivOverflows(a: bigint, b: bigint, amount0: bigint): boolean {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return hi !== lo && (amount0 * ((lo * hi) >> 96n)) / (hi - lo) > MaxUint256;
}

describe("LiquidityAmounts.getLiquidityForAmounts", () => {
  test("default", () => {
    expect(LiquidityAmounts.getLiquidityForAmounts(Q96, Q96 / 2n, Q96 * 2n, 10n ** 18n, 10n ** 18n)).toBe(
      2n * 10n ** 18n,
    );
  });

  test("behavior: equals the SDK's maxLiquidityForAmounts with useFullPrecision = false on 10,000 random inputs", () => {
    let compared = 0;
    let differsFromFullPrecision = 0;
    for (let i = 0; i < 10_000; i++) {
      const p = price();
      const a = price();
      const b = price();
      const amount0 = randUint(i % 3 === 0 ? 256 : 128);
      const amount1 = randUint(i % 3 === 1 ? 256 : 128);
      const expected = sdkLiquidity(p, a, b, amount0, amount1, false);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const inside = p > lo && p < hi;
      // inside the range the contract casts both liquidities with toUint128 before taking the minimum
      const eitherReverts =
        inside &&
        (sdkLiquidity(0n, p, hi, amount0, 0n, false) === "reverts" ||
          sdkLiquidity(MaxUint256, lo, p, 0n, amount1, false) === "reverts");
      const overflow =
        eitherReverts ||
        (p <= lo && amount0MulDivOverflows(lo, hi, amount0)) ||
        (inside && amount0MulDivOverflows(p, hi, amount0));
      if (expected === "reverts" || overflow || a === b) {
        expect(() => LiquidityAmounts.getLiquidityForAmounts(p, a, b, amount0, amount1)).toThrow(
          MathRevertError,
        );
        continue;
      }
      const ours = LiquidityAmounts.getLiquidityForAmounts(p, a, b, amount0, amount1);
      expect(ours).toBe(expected);
      const full = sdkLiquidity(p, a, b, amount0, amount1, true);
      if (full !== ours) differsFromFullPrecision++;
      compared++;
    }
    expect(compared).toBeGreaterThan(6000);
    // the "precise" variant is a different (larger) liquidity in a share of cases: it is not the periphery's
    expect(differsFromFullPrecision).toBeGreaterThan(0);
  });

  test("behavior: reverts on an empty range and on a liquidity above 2^128 - 1", () => {
    expect(() => LiquidityAmounts.getLiquidityForAmounts(Q96, Q96 * 2n, Q96 * 2n, 1n, 1n)).toThrow(
      MathRevertError,
    );
    expect(() => LiquidityAmounts.getLiquidityForAmount1(Q96, Q96 + 2n ** 60n, 2n ** 100n)).toThrow(
      /uint128/,
    );
  });
});

describe("LiquidityAmounts.getLiquidityForAmount0", () => {
  test("default", () => {
    expect(LiquidityAmounts.getLiquidityForAmount0(Q96, Q96 * 2n, 10n ** 18n)).toBe(2n * 10n ** 18n);
    // argument order does not matter
    expect(LiquidityAmounts.getLiquidityForAmount0(Q96 * 2n, Q96, 10n ** 18n)).toBe(2n * 10n ** 18n);
  });

  test("behavior: equals the SDK below the range (imprecise variant) on 10,000 random inputs", () => {
    for (let i = 0; i < 10_000; i++) {
      const a = price();
      const b = price();
      const amount0 = randUint(128);
      const expected = sdkLiquidity(MIN_SQRT_RATIO - 1n, a, b, amount0, 0n, false);
      if (expected === "reverts" || a === b)
        expect(() => LiquidityAmounts.getLiquidityForAmount0(a, b, amount0)).toThrow(MathRevertError);
      else expect(LiquidityAmounts.getLiquidityForAmount0(a, b, amount0)).toBe(expected);
    }
  });
});

describe("LiquidityAmounts.getLiquidityForAmount1", () => {
  test("default", () => {
    expect(LiquidityAmounts.getLiquidityForAmount1(Q96, Q96 * 2n, 10n ** 18n)).toBe(10n ** 18n);
  });

  test("behavior: equals the SDK above the range on 10,000 random inputs", () => {
    for (let i = 0; i < 10_000; i++) {
      const a = price();
      const b = price();
      const amount1 = randUint(200);
      const expected = sdkLiquidity(MAX_SQRT_RATIO + 1n, a, b, 0n, amount1, false);
      if (expected === "reverts" || a === b)
        expect(() => LiquidityAmounts.getLiquidityForAmount1(a, b, amount1)).toThrow(MathRevertError);
      else expect(LiquidityAmounts.getLiquidityForAmount1(a, b, amount1)).toBe(expected);
    }
  });
});

describe("LiquidityAmounts.getAmountsForLiquidity", () => {
  test("default", () => {
    expect(LiquidityAmounts.getAmountsForLiquidity(Q96, Q96 / 2n, Q96 * 2n, 10n ** 18n)).toEqual({
      amount0: 5n * 10n ** 17n,
      amount1: 5n * 10n ** 17n,
    });
  });

  test("behavior: equals the SDK's getAmount0Delta/getAmount1Delta rounded down in all three regimes on 10,000 random inputs", () => {
    const regimes = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) {
      const p = price();
      const a = price();
      const b = price();
      const l = rng.nextInt(20) === 0 ? MaxUint128 : randUint(128);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      let amount0 = 0n;
      let amount1 = 0n;
      if (p <= lo) {
        amount0 = B(SdkSqrtPriceMath.getAmount0Delta(J(lo), J(hi), J(l), false));
        regimes[0]++;
      } else if (p < hi) {
        amount0 = B(SdkSqrtPriceMath.getAmount0Delta(J(p), J(hi), J(l), false));
        amount1 = B(SdkSqrtPriceMath.getAmount1Delta(J(lo), J(p), J(l), false));
        regimes[1]++;
      } else {
        amount1 = B(SdkSqrtPriceMath.getAmount1Delta(J(lo), J(hi), J(l), false));
        regimes[2]++;
      }
      expect(LiquidityAmounts.getAmountsForLiquidity(p, a, b, l)).toEqual({ amount0, amount1 });
      if (p > lo && p < hi) {
        expect(LiquidityAmounts.getAmount0ForLiquidity(p, hi, l)).toBe(amount0);
        expect(LiquidityAmounts.getAmount1ForLiquidity(lo, p, l)).toBe(amount1);
      }
    }
    expect(Math.min(...regimes)).toBeGreaterThan(1000);
  });

  test("behavior: amounts are monotone in the price (token0 falls, token1 rises)", () => {
    const a = Q96 / 2n;
    const b = Q96 * 2n;
    let prev = LiquidityAmounts.getAmountsForLiquidity(a / 2n, a, b, 10n ** 24n);
    for (let k = 1; k <= 200; k++) {
      const next = LiquidityAmounts.getAmountsForLiquidity(
        a / 2n + (BigInt(k) * (b * 2n - a / 2n)) / 200n,
        a,
        b,
        10n ** 24n,
      );
      expect(next.amount0).toBeLessThanOrEqual(prev.amount0);
      expect(next.amount1).toBeGreaterThanOrEqual(prev.amount1);
      prev = next;
    }
  });

  test("behavior: equals the contract's two floored divisions and shift on 10,000 fast-check inputs with extremes", () => {
    /** Straightforward port of the periphery: mulDiv(L << 96, B − A, B) / A and mulDiv(L, B − A, 2^96). */
    const contract = (
      p: bigint,
      a: bigint,
      b: bigint,
      l: bigint,
    ): { amount0: bigint; amount1: bigint } | "reverts" => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const amount0 = (x: bigint) => (x === 0n ? "reverts" : ((l << 96n) * (hi - x)) / hi / x);
      const amount1 = (y: bigint) => (l * (y - lo)) / Q96;
      if (p <= lo) {
        const a0 = amount0(lo);
        return a0 === "reverts" ? a0 : { amount0: a0, amount1: 0n };
      }
      if (p < hi) {
        const a0 = amount0(p);
        return a0 === "reverts" ? a0 : { amount0: a0, amount1: amount1(p) };
      }
      return { amount0: 0n, amount1: amount1(hi) };
    };
    const bits = (max: number, limit: bigint) =>
      fc
        .integer({ min: 0, max })
        .chain((n) => fc.bigInt({ min: 0n, max: n === max ? limit : (1n << BigInt(n)) - 1n }));
    const sqrtPrice = fc.oneof(
      fc.constantFrom(
        0n,
        1n,
        2n,
        MIN_SQRT_RATIO,
        MIN_SQRT_RATIO + 1n,
        Q96,
        MAX_SQRT_RATIO - 1n,
        MAX_SQRT_RATIO,
        MaxUint160,
      ),
      bits(160, MaxUint160),
      fc.bigInt({ min: MIN_SQRT_RATIO, max: MAX_SQRT_RATIO }),
    );
    const liquidity = fc.oneof(fc.constantFrom(0n, 1n, MaxUint128 - 1n, MaxUint128), bits(128, MaxUint128));
    fc.assert(
      fc.property(sqrtPrice, sqrtPrice, sqrtPrice, liquidity, (p, a, b, l) => {
        const expected = contract(p, a, b, l);
        if (expected === "reverts")
          expect(() => LiquidityAmounts.getAmountsForLiquidity(p, a, b, l)).toThrow(MathRevertError);
        else expect(LiquidityAmounts.getAmountsForLiquidity(p, a, b, l)).toEqual(expected);
      }),
      { numRuns: 10_000, seed: 5_2026 },
    );
  });

  test("behavior: names the invalid field in every regime (validation fused into the hot path)", () => {
    const a = Q96 / 2n;
    const b = Q96 * 2n;
    const cases: [bigint, bigint, bigint, bigint, string][] = [
      [-1n, a, b, 1n, "sqrtRatioX96"], // below the range
      [MaxUint160 + 1n, a, b, 1n, "sqrtRatioX96"], // above the range
      [Q96, -1n, b, 1n, "sqrtRatioAX96"], // inside, lower bound negative
      [Q96, a, MaxUint160 + 1n, 1n, "sqrtRatioBX96"], // inside, upper bound too big
      [0n, a, MaxUint160 + 1n, 1n, "sqrtRatioBX96"], // below, upper bound too big
      [MaxUint160, -1n, b, 1n, "sqrtRatioAX96"], // above, lower bound negative
      [Q96, a, b, -1n, "liquidity"],
      [Q96, a, b, MaxUint128 + 1n, "liquidity"],
      [Q96, 1 as unknown as bigint, b, 1n, "sqrtRatioAX96"],
    ];
    for (const [p, lo, hi, l, field] of cases) {
      let caught: unknown;
      try {
        LiquidityAmounts.getAmountsForLiquidity(p, lo, hi, l);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(InvalidInputError);
      expect((caught as InvalidInputError).field).toBe(field);
    }
    expect(() => LiquidityAmounts.getAmountsForLiquidity(0n, 0n, b, 1n)).toThrow(MathRevertError);
    expect(LiquidityAmounts.getAmountsForLiquidity(0n, 1n, 2n, 2n ** 100n)).toEqual({
      amount0: (2n ** 196n * 1n) / 2n / 1n,
      amount1: 0n,
    });
  });
});
