/**
 * Exact Uniswap v3 math (`src/math/v3`, native bigint) against `@uniswap/v3-sdk` (JSBI) on the same
 * pre-generated inputs. Each SDK case is the baseline of ours, so the table shows the speed-up.
 */
import { SqrtPriceMath as SdkSqrtPriceMath, TickMath as SdkTickMath } from "@uniswap/v3-sdk";
import JSBIModule from "jsbi";
import { LiquidityAmounts, MAX_TICK, MIN_TICK, SqrtPriceMath, TickMath } from "../src/math/v3/index.js";
import { createRng, type Rng } from "../src/sim/rng.js";
import type { BenchCase } from "./harness.js";

// jsbi is CommonJS typed `export default`: under NodeNext the default import may be the module object
const JSBI = ((JSBIModule as unknown as { default?: typeof JSBIModule.default }).default ??
  JSBIModule) as typeof JSBIModule.default;

const N = 10_000;
const GROUP = "exact v3";

function randomBits(rng: Rng, bits: number): bigint {
  let x = 0n;
  for (let b = 0; b < bits; b += 32) x = (x << 32n) | BigInt(rng.nextU32());
  return x & ((1n << BigInt(bits)) - 1n);
}

/** A sqrt price uniformly spread in tick space: between the ratios at a random tick and the next one. */
function randomSqrtPrice(rng: Rng): bigint {
  const tick = MIN_TICK + rng.nextInt(MAX_TICK - MIN_TICK);
  const lo = TickMath.getSqrtRatioAtTick(tick);
  const hi = TickMath.getSqrtRatioAtTick(tick + 1);
  return lo + ((randomBits(rng, 64) * (hi - lo)) >> 64n);
}

type Inputs = { sqrtP: bigint[]; sqrtA: bigint[]; sqrtB: bigint[]; liquidity: bigint[] };

function generate(): Inputs {
  const rng = createRng(20240611);
  const out: Inputs = { sqrtP: [], sqrtA: [], sqrtB: [], liquidity: [] };
  for (let i = 0; i < N; i++) {
    // a range of up to ±20,000 ticks around a random centre, the price below, inside or above it
    const centre = -600_000 + rng.nextInt(1_200_000);
    const tickLower = centre - 1 - rng.nextInt(20_000);
    const tickUpper = centre + 1 + rng.nextInt(20_000);
    const regime = rng.nextInt(3);
    const tickP =
      regime === 0
        ? tickLower - rng.nextInt(20_000)
        : regime === 1
          ? tickLower + rng.nextInt(tickUpper - tickLower)
          : tickUpper + rng.nextInt(20_000);
    out.sqrtA.push(TickMath.getSqrtRatioAtTick(tickLower));
    out.sqrtB.push(TickMath.getSqrtRatioAtTick(tickUpper));
    out.sqrtP.push(TickMath.getSqrtRatioAtTick(tickP) + randomBits(rng, 8));
    out.liquidity.push(1n + randomBits(rng, 1 + rng.nextInt(127)));
  }
  return out;
}

export function cases(): BenchCase[] {
  const inp = generate();
  const j = (xs: bigint[]) => xs.map((x) => JSBI.BigInt(x.toString()));
  const jP = j(inp.sqrtP);
  const jA = j(inp.sqrtA);
  const jB = j(inp.sqrtB);
  const jL = j(inp.liquidity);
  const ticksP: bigint[] = [];
  const rng = createRng(7);
  for (let i = 0; i < N; i++) ticksP.push(randomSqrtPrice(rng));
  const jTicksP = j(ticksP);
  const ZERO = JSBI.BigInt(0);

  return [
    {
      group: GROUP,
      name: "sdk getAmount0Delta/getAmount1Delta (roundUp=false, 3 regimes)",
      ops: N,
      unit: "positions",
      fn: () => {
        let s = ZERO;
        for (let i = 0; i < N; i++) {
          const p = jP[i];
          const a = jA[i];
          const b = jB[i];
          const l = jL[i];
          if (JSBI.lessThanOrEqual(p, a)) s = SdkSqrtPriceMath.getAmount0Delta(a, b, l, false);
          else if (JSBI.lessThan(p, b)) {
            s = SdkSqrtPriceMath.getAmount0Delta(p, b, l, false);
            s = SdkSqrtPriceMath.getAmount1Delta(a, p, l, false);
          } else s = SdkSqrtPriceMath.getAmount1Delta(a, b, l, false);
        }
        return s;
      },
    },
    {
      group: GROUP,
      name: "ours LiquidityAmounts.getAmountsForLiquidity",
      ops: N,
      unit: "positions",
      baseline: "sdk getAmount0Delta/getAmount1Delta (roundUp=false, 3 regimes)",
      // issue #2 item 5: the exact path at least 10x the SDK on the same inputs
      goalRatio: 10,
      fn: () => {
        const { sqrtP, sqrtA, sqrtB, liquidity } = inp;
        let s = 0n;
        for (let i = 0; i < N; i++)
          s = LiquidityAmounts.getAmountsForLiquidity(sqrtP[i], sqrtA[i], sqrtB[i], liquidity[i]).amount0;
        return s;
      },
    },
    {
      group: GROUP,
      name: "ours SqrtPriceMath.getAmount0Delta/getAmount1Delta (roundUp=false, 3 regimes)",
      ops: N,
      unit: "positions",
      baseline: "sdk getAmount0Delta/getAmount1Delta (roundUp=false, 3 regimes)",
      fn: () => {
        const { sqrtP, sqrtA, sqrtB, liquidity } = inp;
        let s = 0n;
        for (let i = 0; i < N; i++) {
          const p = sqrtP[i];
          const a = sqrtA[i];
          const b = sqrtB[i];
          const l = liquidity[i];
          if (p <= a) s = SqrtPriceMath.getAmount0Delta(a, b, l, false);
          else if (p < b) {
            s = SqrtPriceMath.getAmount0Delta(p, b, l, false);
            s = SqrtPriceMath.getAmount1Delta(a, p, l, false);
          } else s = SqrtPriceMath.getAmount1Delta(a, b, l, false);
        }
        return s;
      },
    },
    {
      group: GROUP,
      name: "sdk TickMath.getTickAtSqrtRatio",
      ops: N,
      unit: "prices",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) s += SdkTickMath.getTickAtSqrtRatio(jTicksP[i]);
        return s;
      },
    },
    {
      group: GROUP,
      name: "ours TickMath.getTickAtSqrtRatio",
      ops: N,
      unit: "prices",
      baseline: "sdk TickMath.getTickAtSqrtRatio",
      fn: () => {
        let s = 0;
        for (let i = 0; i < N; i++) s += TickMath.getTickAtSqrtRatio(ticksP[i]);
        return s;
      },
    },
  ];
}
