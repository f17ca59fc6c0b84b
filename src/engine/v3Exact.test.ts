import { maxLiquidityForAmounts, SqrtPriceMath, TickMath } from "@uniswap/v3-sdk";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  getAmount0Delta,
  getAmount1Delta,
  getLiquidityForAmounts,
  getSqrtRatioAtTick,
  MAX_TICK,
  MIN_TICK,
  swapExactInSingleRange,
} from "./v3Exact.js";

type Jsbi = ReturnType<typeof TickMath.getSqrtRatioAtTick>;
const big = (x: Jsbi) => BigInt(x.toString());
/** The SDK's JSBI values are built from decimal strings through the SDK's own constructor. */
const jsbi = (x: bigint): Jsbi => {
  const anchor = TickMath.getSqrtRatioAtTick(0) as unknown as { constructor: { BigInt(s: string): Jsbi } };
  return anchor.constructor.BigInt(x.toString());
};

describe("getSqrtRatioAtTick", () => {
  test("default", () => {
    expect(getSqrtRatioAtTick(0)).toBe(1n << 96n);
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(4295128739n);
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(1461446703485210103287273052203988822378723970342n);
  });
  test("behavior: equals @uniswap/v3-sdk for any tick", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK }), (t) => {
        expect(getSqrtRatioAtTick(t)).toBe(big(TickMath.getSqrtRatioAtTick(t)));
      }),
      { numRuns: 300 },
    );
  });
  test("behavior: rejects a tick out of range", () => {
    expect(() => getSqrtRatioAtTick(MAX_TICK + 1)).toThrow(/tick 887273/);
  });
});

describe("getAmount0Delta", () => {
  test("behavior: equals @uniswap/v3-sdk SqrtPriceMath in both roundings", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -300000, max: 300000 }),
        fc.integer({ min: 1, max: 50000 }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.boolean(),
        (t, w, L, up) => {
          const a = getSqrtRatioAtTick(t);
          const b = getSqrtRatioAtTick(t + w);
          expect(getAmount0Delta(a, b, L, up)).toBe(
            big(SqrtPriceMath.getAmount0Delta(jsbi(a), jsbi(b), jsbi(L), up)),
          );
          expect(getAmount1Delta(a, b, L, up)).toBe(
            big(SqrtPriceMath.getAmount1Delta(jsbi(a), jsbi(b), jsbi(L), up)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("getLiquidityForAmounts", () => {
  test("behavior: equals @uniswap/v3-sdk maxLiquidityForAmounts (periphery precision)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200000, max: 200000 }),
        fc.integer({ min: 10, max: 40000 }),
        fc.integer({ min: -50000, max: 50000 }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        (lo, w, off, a0, a1) => {
          const sa = getSqrtRatioAtTick(lo);
          const sb = getSqrtRatioAtTick(lo + w);
          const sp = getSqrtRatioAtTick(lo + off);
          const ours = getLiquidityForAmounts(sp, sa, sb, a0, a1);
          const sdk = big(maxLiquidityForAmounts(jsbi(sp), jsbi(sa), jsbi(sb), jsbi(a0), jsbi(a1), false));
          expect(ours).toBe(sdk);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("swapExactInSingleRange", () => {
  test("behavior: output matches SqrtPriceMath next-price formulas and charges fee = gross × feePips/1e6", () => {
    const sp = getSqrtRatioAtTick(202693);
    const L = 422680516552367239n;
    for (const zeroForOne of [true, false]) {
      const amountIn = zeroForOne ? 5_000_000_000n : 10n ** 18n;
      const r = swapExactInSingleRange(sp, L, amountIn, 500, zeroForOne);
      const net = amountIn - r.feeAmount;
      expect(r.feeAmount).toBe(amountIn - (amountIn * 999_500n) / 1_000_000n);
      const next = big(SqrtPriceMath.getNextSqrtPriceFromInput(jsbi(sp), jsbi(L), jsbi(net), zeroForOne));
      expect(r.sqrtPriceNextX96).toBe(next);
      const out = zeroForOne
        ? big(SqrtPriceMath.getAmount1Delta(jsbi(next), jsbi(sp), jsbi(L), false))
        : big(SqrtPriceMath.getAmount0Delta(jsbi(sp), jsbi(next), jsbi(L), false));
      expect(r.amountOut).toBe(out);
    }
  });
});
