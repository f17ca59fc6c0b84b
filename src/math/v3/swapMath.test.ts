import { SwapMath as SdkSwapMath } from "@uniswap/v3-sdk";
import { describe, expect, test } from "vitest";
import { B, J, uintSampler } from "../../../test/helpers/jsbi.js";
import { InvalidInputError, MathRevertError } from "../../errors/math.js";
import { createRng } from "../../sim/rng.js";
import { MAX_SQRT_RATIO, MaxUint128, MaxUint160, MIN_SQRT_RATIO, Q96 } from "./constants.js";
import { SwapMath } from "./swapMath.js";

const rng = createRng(505);
const randUint = uintSampler(rng);

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x && x * x <= n && (x + 1n) * (x + 1n) > n) return x;
    x = y;
  }
}

/**
 * v3-core's test helper `encodePriceSqrt(reserve1, reserve0)`: bignumber.js sqrt of reserve1/reserve0 to 20
 * decimal places (ROUND_HALF_UP), times 2^96, floored. Exact for the ratios used here (1.01, 10, 100).
 */
function encodePriceSqrt(reserve1: bigint, reserve0: bigint): bigint {
  const scaled = (reserve1 * 10n ** 40n) / reserve0; // ratio · 10^40, exact for these ratios
  let s = isqrt(scaled);
  if ((2n * s + 1n) ** 2n <= 4n * scaled) s++;
  return (s * Q96) / 10n ** 20n;
}

const E18 = 10n ** 18n;

describe("SwapMath.computeSwapStep", () => {
  test("default", () => {
    // v3-core SwapMath.spec: 'exact amount in that gets capped at price target in one for zero'
    const priceTarget = encodePriceSqrt(101n, 100n);
    const r = SwapMath.computeSwapStep(Q96, priceTarget, 2n * E18, E18, 600);
    expect(r).toEqual({
      sqrtRatioNextX96: priceTarget,
      amountIn: 9975124224178055n,
      amountOut: 9925619580021728n,
      feeAmount: 5988667735148n,
    });
  });

  test("behavior: v3-core SwapMath.spec vectors", () => {
    const out = SwapMath.computeSwapStep(Q96, encodePriceSqrt(101n, 100n), 2n * E18, -E18, 600);
    expect([out.amountIn, out.feeAmount, out.amountOut]).toEqual([
      9975124224178055n,
      5988667735148n,
      9925619580021728n,
    ]);

    const spent = SwapMath.computeSwapStep(Q96, encodePriceSqrt(1000n, 100n), 2n * E18, E18, 600);
    expect([spent.amountIn, spent.feeAmount, spent.amountOut]).toEqual([
      999400000000000000n,
      600000000000000n,
      666399946655997866n,
    ]);

    const received = SwapMath.computeSwapStep(Q96, encodePriceSqrt(10000n, 100n), 2n * E18, -E18, 600);
    expect([received.amountIn, received.feeAmount, received.amountOut]).toEqual([
      2000000000000000000n,
      1200720432259356n,
      E18,
    ]);

    const capped = SwapMath.computeSwapStep(
      417332158212080721273783715441582n,
      1452870262520218020823638996n,
      159344665391607089467575320103n,
      -1n,
      1,
    );
    expect(capped).toEqual({
      sqrtRatioNextX96: 417332158212080721273783715441581n,
      amountIn: 1n,
      amountOut: 1n,
      feeAmount: 1n,
    });

    const partial = SwapMath.computeSwapStep(2n, 1n, 1n, 3915081100057732413702495386755767n, 1);
    expect(partial).toEqual({
      sqrtRatioNextX96: 1n,
      amountIn: 39614081257132168796771975168n,
      amountOut: 0n,
      feeAmount: 39614120871253040049813n,
    });

    const allFee = SwapMath.computeSwapStep(
      2413n,
      79887613182836312n,
      1985041575832132834610021537970n,
      10n,
      1872,
    );
    expect(allFee).toEqual({ sqrtRatioNextX96: 2413n, amountIn: 0n, amountOut: 0n, feeAmount: 10n });

    const sqrtP = 20282409603651670423947251286016n;
    const up = SwapMath.computeSwapStep(sqrtP, (sqrtP * 11n) / 10n, 1024n, -4n, 3000);
    expect(up).toEqual({
      sqrtRatioNextX96: (sqrtP * 11n) / 10n,
      amountIn: 26215n,
      amountOut: 0n,
      feeAmount: 79n,
    });
    const down = SwapMath.computeSwapStep(sqrtP, (sqrtP * 9n) / 10n, 1024n, -263000n, 3000);
    expect(down).toEqual({
      sqrtRatioNextX96: (sqrtP * 9n) / 10n,
      amountIn: 1n,
      amountOut: 26214n,
      feeAmount: 1n,
    });
  });

  test("behavior: rejects a fee outside [0, 1e6) and arguments outside their Solidity types", () => {
    expect(() => SwapMath.computeSwapStep(Q96, Q96 * 2n, E18, E18, 1_000_000)).toThrow(
      /^feePips 1000000 is invalid/,
    );
    expect(() => SwapMath.computeSwapStep(Q96, Q96 * 2n, E18, 2n ** 255n, 3000)).toThrow(InvalidInputError);
    expect(() => SwapMath.computeSwapStep(Q96, MaxUint160 + 1n, E18, E18, 3000)).toThrow(
      /^sqrtRatioTargetX96 /,
    );
  });

  test("behavior: matches the SDK on 10,000 random steps (exact in and out, both directions, extreme prices)", () => {
    const extremes = [MIN_SQRT_RATIO, MIN_SQRT_RATIO + 1n, Q96, MAX_SQRT_RATIO - 1n, MAX_SQRT_RATIO];
    const price = () =>
      rng.nextInt(8) === 0
        ? extremes[rng.nextInt(extremes.length)]
        : MIN_SQRT_RATIO + (randUint(160) % (MAX_SQRT_RATIO - MIN_SQRT_RATIO));
    const fees = [0, 1, 100, 500, 3000, 10000, 999_999];
    let compared = 0;
    for (let i = 0; i < 10_000; i++) {
      const current = price();
      const target = price();
      const liquidity = rng.nextInt(20) === 0 ? MaxUint128 : randUint(128) || 1n;
      const magnitude = randUint(255);
      const amountRemaining = i % 2 === 0 ? magnitude : -magnitude;
      const feePips = i % 5 === 0 ? rng.nextInt(1_000_000) : fees[rng.nextInt(fees.length)];
      let expected: bigint[] | "throws";
      try {
        expected = SdkSwapMath.computeSwapStep(
          J(current),
          J(target),
          J(liquidity),
          J(amountRemaining),
          feePips,
        ).map(B);
      } catch {
        expected = "throws";
      }
      if (expected === "throws" || expected[0] > MaxUint160) {
        expect(() => SwapMath.computeSwapStep(current, target, liquidity, amountRemaining, feePips)).toThrow(
          MathRevertError,
        );
        continue;
      }
      const r = SwapMath.computeSwapStep(current, target, liquidity, amountRemaining, feePips);
      expect([r.sqrtRatioNextX96, r.amountIn, r.amountOut, r.feeAmount]).toEqual(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(9000);
  });
});
