import { SqrtPriceMath as Sdk } from "@uniswap/v3-sdk";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { B, J, uintSampler } from "../../../test/helpers/jsbi.js";
import { InvalidInputError, MathRevertError } from "../../errors/math.js";
import { createRng } from "../../sim/rng.js";
import { MAX_SQRT_RATIO, MaxUint128, MaxUint160, MaxUint256, MIN_SQRT_RATIO, Q96 } from "./constants.js";
import { SqrtPriceMath } from "./sqrtPriceMath.js";

const rng = createRng(404);
const randUint = uintSampler(rng);
const PRICES = [
  MIN_SQRT_RATIO,
  MIN_SQRT_RATIO + 1n,
  Q96,
  MAX_SQRT_RATIO - 1n,
  MAX_SQRT_RATIO,
  1n,
  MaxUint160,
];
/** A uint160 sqrt price: extremes 10% of the time, else a random bit length in [1, 160]. */
function randPrice(): bigint {
  if (rng.nextInt(10) === 0) return PRICES[rng.nextInt(PRICES.length)];
  return randUint(160) || 1n;
}
function randLiquidity(): bigint {
  return rng.nextInt(20) === 0 ? MaxUint128 : randUint(128);
}
/** Runs the SDK, returning its value or "throws" (JSBI/tiny-invariant errors). */
function sdk(fn: () => { toString(): string }): bigint | "throws" {
  try {
    return B(fn());
  } catch {
    return "throws";
  }
}

const PRICE_1 = Q96; // encodePriceSqrt(1, 1)
const PRICE_121_100 = 87150978765690771352898345369n; // encodePriceSqrt(121, 100) = 1.1 · 2^96, floored
const E18 = 10n ** 18n;

describe("SqrtPriceMath.getAmount0Delta", () => {
  test("default", () => {
    // v3-core SqrtPriceMath.spec: 'returns 0.1 amount1 for price of 1 to 1.21'
    expect(SqrtPriceMath.getAmount0Delta(PRICE_121_100, PRICE_1, E18, true)).toBe(90909090909090910n);
    expect(SqrtPriceMath.getAmount0Delta(PRICE_121_100, PRICE_1, E18, false)).toBe(90909090909090909n);
  });

  test("behavior: 0 for zero liquidity or equal prices; reverts on a zero price", () => {
    expect(SqrtPriceMath.getAmount0Delta(PRICE_1 * 2n, PRICE_1, 0n, true)).toBe(0n);
    expect(SqrtPriceMath.getAmount0Delta(PRICE_1, PRICE_1, E18, true)).toBe(0n);
    expect(() => SqrtPriceMath.getAmount0Delta(0n, PRICE_1, E18, true)).toThrow(MathRevertError);
    expect(() => SqrtPriceMath.getAmount0Delta(PRICE_1, MaxUint160 + 1n, E18, true)).toThrow(
      InvalidInputError,
    );
  });

  test("behavior: matches the SDK on 10,000 random inputs, both roundings", () => {
    for (let i = 0; i < 10_000; i++) {
      const a = randPrice();
      const b = randPrice();
      const l = randLiquidity();
      const up = i % 2 === 0;
      expect(SqrtPriceMath.getAmount0Delta(a, b, l, up)).toBe(B(Sdk.getAmount0Delta(J(a), J(b), J(l), up)));
    }
  });
  test("behavior: one division by A·B equals the contract's two floored or ceiled divisions on 10,000 fast-check inputs", () => {
    const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;
    const bits = (max: number, limit: bigint) =>
      fc
        .integer({ min: 0, max })
        .chain((n) => fc.bigInt({ min: 0n, max: n === max ? limit : (1n << BigInt(n)) - 1n }));
    const sqrtPrice = fc.oneof(
      fc.constantFrom(...PRICES),
      bits(160, MaxUint160).map((x) => x || 1n),
    );
    const liquidity = fc.oneof(fc.constantFrom(0n, 1n, MaxUint128), bits(128, MaxUint128));
    fc.assert(
      fc.property(sqrtPrice, sqrtPrice, liquidity, fc.boolean(), (a, b, l, roundUp) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const n = (l << 96n) * (hi - lo);
        // mulDiv(L << 96, B − A, B) / A, or divRoundingUp(mulDivRoundingUp(L << 96, B − A, B), A)
        const expected = roundUp ? ceilDiv(ceilDiv(n, hi), lo) : n / hi / lo;
        expect(SqrtPriceMath.getAmount0Delta(a, b, l, roundUp)).toBe(expected);
      }),
      { numRuns: 10_000, seed: 5_2027 },
    );
  });
});

describe("SqrtPriceMath.getAmount1Delta", () => {
  test("default", () => {
    expect(SqrtPriceMath.getAmount1Delta(PRICE_1, PRICE_121_100, E18, true)).toBe(100000000000000000n);
    expect(SqrtPriceMath.getAmount1Delta(PRICE_1, PRICE_121_100, E18, false)).toBe(99999999999999999n);
  });

  test("behavior: matches the SDK on 10,000 random inputs, both roundings", () => {
    for (let i = 0; i < 10_000; i++) {
      const a = randPrice();
      const b = randPrice();
      const l = randLiquidity();
      const up = i % 2 === 1;
      expect(SqrtPriceMath.getAmount1Delta(a, b, l, up)).toBe(B(Sdk.getAmount1Delta(J(a), J(b), J(l), up)));
    }
  });
});

describe("SqrtPriceMath.getAmount0DeltaSigned", () => {
  test("default", () => {
    expect(SqrtPriceMath.getAmount0DeltaSigned(PRICE_1, PRICE_121_100, E18)).toBe(90909090909090910n);
    expect(SqrtPriceMath.getAmount0DeltaSigned(PRICE_1, PRICE_121_100, -E18)).toBe(-90909090909090909n);
  });

  test("behavior: rounds up for a positive delta and down (negated) for a negative one on 10,000 random inputs", () => {
    for (let i = 0; i < 10_000; i++) {
      const a = randPrice();
      const b = randPrice();
      const l = randUint(127);
      const neg = i % 2 === 0;
      const expected = neg
        ? -B(Sdk.getAmount0Delta(J(a), J(b), J(l), false))
        : B(Sdk.getAmount0Delta(J(a), J(b), J(l), true));
      expect(SqrtPriceMath.getAmount0DeltaSigned(a, b, neg ? -l : l)).toBe(expected);
    }
    expect(() => SqrtPriceMath.getAmount0DeltaSigned(PRICE_1, PRICE_121_100, 2n ** 127n)).toThrow(
      InvalidInputError,
    );
    expect(SqrtPriceMath.getAmount0DeltaSigned(PRICE_1, PRICE_121_100, -(2n ** 127n))).toBeLessThan(0n);
  });
});

describe("SqrtPriceMath.getAmount1DeltaSigned", () => {
  test("default", () => {
    expect(SqrtPriceMath.getAmount1DeltaSigned(PRICE_1, PRICE_121_100, E18)).toBe(100000000000000000n);
    expect(SqrtPriceMath.getAmount1DeltaSigned(PRICE_1, PRICE_121_100, -E18)).toBe(-99999999999999999n);
  });

  test("behavior: matches the SDK's unsigned deltas with the contract's rounding on 10,000 random inputs", () => {
    for (let i = 0; i < 10_000; i++) {
      const a = randPrice();
      const b = randPrice();
      const l = randUint(127);
      const neg = i % 2 === 1;
      const expected = neg
        ? -B(Sdk.getAmount1Delta(J(a), J(b), J(l), false))
        : B(Sdk.getAmount1Delta(J(a), J(b), J(l), true));
      expect(SqrtPriceMath.getAmount1DeltaSigned(a, b, neg ? -l : l)).toBe(expected);
    }
  });
});

/** Reproduces the contract's `(numerator1 / sqrtPX96).add(amount)` overflow, which the SDK does not check. */
function addOverflows(sqrtP: bigint, l: bigint, amount: bigint): boolean {
  return amount * sqrtP > MaxUint256 || (l << 96n) + amount * sqrtP > MaxUint256
    ? (l << 96n) / sqrtP + amount > MaxUint256
    : false;
}

describe("SqrtPriceMath.getNextSqrtPriceFromInput", () => {
  test("default", () => {
    // v3-core SqrtPriceMath.spec vectors
    expect(SqrtPriceMath.getNextSqrtPriceFromInput(PRICE_1, E18, E18 / 10n, false)).toBe(
      87150978765690771352898345369n,
    );
    expect(SqrtPriceMath.getNextSqrtPriceFromInput(PRICE_1, E18, E18 / 10n, true)).toBe(
      72025602285694852357767227579n,
    );
    expect(SqrtPriceMath.getNextSqrtPriceFromInput(PRICE_1, 10n * E18, 2n ** 100n, true)).toBe(
      624999999995069620n,
    );
    expect(SqrtPriceMath.getNextSqrtPriceFromInput(PRICE_1, 1n, MaxUint256 / 2n, true)).toBe(1n);
    expect(SqrtPriceMath.getNextSqrtPriceFromInput(1n, 1n, 2n ** 255n, true)).toBe(1n);
    expect(SqrtPriceMath.getNextSqrtPriceFromInput(PRICE_1, E18 / 10n, 0n, true)).toBe(PRICE_1);
    expect(
      SqrtPriceMath.getNextSqrtPriceFromInput(
        1025574284609383690408304870162715216695788925244n,
        50015962439936049619261659728067971248n,
        406n,
        true,
      ),
    ).toBe(1025574284609383582644711336373707553698163132913n);
  });

  test("behavior: reverts on zero price, zero liquidity and a price overflowing uint160", () => {
    expect(() => SqrtPriceMath.getNextSqrtPriceFromInput(0n, 0n, E18 / 10n, false)).toThrow(MathRevertError);
    expect(() => SqrtPriceMath.getNextSqrtPriceFromInput(1n, 0n, E18 / 10n, true)).toThrow(/liquidity is 0/);
    expect(() => SqrtPriceMath.getNextSqrtPriceFromInput(MaxUint160, 1024n, 1024n, false)).toThrow(/uint160/);
  });

  test("behavior: matches the SDK where the contract returns, and reverts where it reverts, on 10,000 random inputs", () => {
    let returned = 0;
    for (let i = 0; i < 10_000; i++) {
      const p = randPrice();
      const l = randLiquidity() || 1n;
      const amount = randUint(256);
      const zeroForOne = i % 2 === 0;
      const expected = sdk(() => Sdk.getNextSqrtPriceFromInput(J(p), J(l), J(amount), zeroForOne));
      if (expected === "throws" || expected > MaxUint160 || (zeroForOne && addOverflows(p, l, amount))) {
        expect(() => SqrtPriceMath.getNextSqrtPriceFromInput(p, l, amount, zeroForOne)).toThrow(
          MathRevertError,
        );
      } else {
        expect(SqrtPriceMath.getNextSqrtPriceFromInput(p, l, amount, zeroForOne)).toBe(expected);
        returned++;
      }
    }
    expect(returned).toBeGreaterThan(5000);
  });
});

describe("SqrtPriceMath.getNextSqrtPriceFromOutput", () => {
  test("default", () => {
    expect(SqrtPriceMath.getNextSqrtPriceFromOutput(PRICE_1, E18, E18 / 10n, false)).toBe(
      88031291682515930659493278152n,
    );
    expect(SqrtPriceMath.getNextSqrtPriceFromOutput(PRICE_1, E18, E18 / 10n, true)).toBe(
      71305346262837903834189555302n,
    );
  });

  test("behavior: reverts when the output meets or exceeds the virtual reserves", () => {
    const p = 20282409603651670423947251286016n;
    expect(() => SqrtPriceMath.getNextSqrtPriceFromOutput(p, 1024n, 4n, false)).toThrow(MathRevertError);
    expect(() => SqrtPriceMath.getNextSqrtPriceFromOutput(p, 1024n, 5n, false)).toThrow(MathRevertError);
    // exactly the token1 reserves: an early v3-core returned 0 here; the deployed `require(sqrtPX96 > quotient)` reverts
    expect(() => SqrtPriceMath.getNextSqrtPriceFromOutput(p, 1024n, 262144n, true)).toThrow(
      /token1 reserves/,
    );
    expect(() => SqrtPriceMath.getNextSqrtPriceFromOutput(p, 1024n, 262145n, true)).toThrow(MathRevertError);
    expect(() => SqrtPriceMath.getNextSqrtPriceFromOutput(PRICE_1, 1n, MaxUint256, true)).toThrow(
      MathRevertError,
    );
    expect(() => SqrtPriceMath.getNextSqrtPriceFromOutput(PRICE_1, 1n, MaxUint256, false)).toThrow(
      MathRevertError,
    );
  });

  test("behavior: matches the SDK where the contract returns, and reverts where it reverts, on 10,000 random inputs", () => {
    let returned = 0;
    for (let i = 0; i < 10_000; i++) {
      const p = randPrice();
      const l = randLiquidity() || 1n;
      // output amounts mostly below the reserves so both branches are exercised
      const amount = i % 4 === 0 ? randUint(256) : randUint(128);
      const zeroForOne = i % 2 === 0;
      const expected = sdk(() => Sdk.getNextSqrtPriceFromOutput(J(p), J(l), J(amount), zeroForOne));
      if (expected === "throws" || expected > MaxUint160) {
        expect(() => SqrtPriceMath.getNextSqrtPriceFromOutput(p, l, amount, zeroForOne)).toThrow(
          MathRevertError,
        );
      } else {
        expect(SqrtPriceMath.getNextSqrtPriceFromOutput(p, l, amount, zeroForOne)).toBe(expected);
        returned++;
      }
    }
    expect(returned).toBeGreaterThan(3000);
  });
});
