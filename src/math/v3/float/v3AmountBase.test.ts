import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { LiquidityAmounts, TickMath } from "../index.js";
import { v3AmountBase } from "./v3AmountBase.js";
import { v3AmountQuote } from "./v3AmountQuote.js";

const MIN_TICK = -887272;
const MAX_TICK = 887272;
const Q96 = 2 ** 96;
/**
 * Exact amounts are floored integers (≤ 2 units of rounding in `getAmount0ForLiquidity`'s two divisions),
 * so they are compared only from 1e12 raw units up, where rounding is < 2e-12 relative; the float path must
 * then agree to 1e-9 relative (its own error is ~1e-16 / (relative width of [√P, √B]) ≤ ~5e-12).
 */
const MIN_COMPARED = 10n ** 12n;
const TOLERANCE = 1e-9;

const arbCase = fc
  .record({
    t1: fc.integer({ min: MIN_TICK, max: MAX_TICK }),
    t2: fc.integer({ min: MIN_TICK, max: MAX_TICK }),
    // Price tick: anywhere, or near/inside the range (u in [−0.2, 1.2] of its width).
    u: fc.double({ min: -0.2, max: 1.2, noNaN: true }),
    anywhere: fc.integer({ min: MIN_TICK, max: MAX_TICK }),
    pickAnywhere: fc.boolean(),
    liquidity: fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }),
  })
  .filter(({ t1, t2 }) => t1 !== t2)
  .map(({ t1, t2, u, anywhere, pickAnywhere, liquidity }) => {
    const tickLower = Math.min(t1, t2);
    const tickUpper = Math.max(t1, t2);
    const inner = Math.round(tickLower + u * (tickUpper - tickLower));
    const tick = pickAnywhere ? anywhere : Math.min(MAX_TICK, Math.max(MIN_TICK, inner));
    return { tickLower, tickUpper, tick, liquidity };
  });

function compare(exact: bigint, float: number): number | undefined {
  if (exact < MIN_COMPARED) {
    // Small exact amounts only differ by their integer rounding (≤ 2 units below the true amount).
    expect(Math.abs(float - Number(exact))).toBeLessThan(3 + 1e-9 * float);
    return undefined;
  }
  const err = Math.abs(float - Number(exact)) / Number(exact);
  expect(err).toBeLessThan(TOLERANCE);
  return err;
}

describe("v3AmountBase", () => {
  test("default", () => {
    // Same example as LiquidityAmounts' own doc: L = 1e18 on [2^95, 2^97] at 2^96 → 0.5e18 of each token.
    expect(v3AmountBase(1e18, 1, 0.5, 2)).toBe(5e17);
    expect(v3AmountQuote(1e18, 1, 0.5, 2)).toBe(5e17);
  });

  test("behavior: agrees with the exact LiquidityAmounts.getAmountsForLiquidity to 1e-9 relative (1,000 random positions)", () => {
    let compared = 0;
    let worst = 0;
    fc.assert(
      fc.property(arbCase, ({ tickLower, tickUpper, tick, liquidity }) => {
        const sqrtAX96 = TickMath.getSqrtRatioAtTick(tickLower);
        const sqrtBX96 = TickMath.getSqrtRatioAtTick(tickUpper);
        const sqrtX96 = TickMath.getSqrtRatioAtTick(tick);
        const exact = LiquidityAmounts.getAmountsForLiquidity(sqrtX96, sqrtAX96, sqrtBX96, liquidity);
        const [s, sa, sb, l] = [
          Number(sqrtX96) / Q96,
          Number(sqrtAX96) / Q96,
          Number(sqrtBX96) / Q96,
          Number(liquidity),
        ];
        if (sqrtX96 <= sqrtAX96) expect(v3AmountQuote(l, s, sa, sb)).toBe(0);
        if (sqrtX96 >= sqrtBX96) expect(v3AmountBase(l, s, sa, sb)).toBe(0);
        const e0 = compare(exact.amount0, v3AmountBase(l, s, sa, sb));
        const e1 = compare(exact.amount1, v3AmountQuote(l, s, sa, sb));
        for (const e of [e0, e1]) {
          if (e === undefined) continue;
          compared++;
          worst = Math.max(worst, e);
        }
      }),
      { numRuns: 1000, seed: 20261124 },
    );
    // Most random positions have at least one large amount: the comparison is not vacuous.
    expect(compared).toBeGreaterThan(800);
    expect(worst).toBeLessThan(TOLERANCE);
  });
});
