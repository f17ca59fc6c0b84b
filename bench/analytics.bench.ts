/**
 * Float LP analytics throughput: value + delta + gamma of one position over 100,000 prices, written into
 * preallocated outputs (the engine's per-tick hot path). Goal: 20 M position evaluations per second.
 */

import { v2ValueDeltaGamma } from "../src/math/v2/v2ValueDeltaGamma.js";
import { v3AmountBase } from "../src/math/v3/float/v3AmountBase.js";
import { v3Gamma } from "../src/math/v3/float/v3Gamma.js";
import { v3Value } from "../src/math/v3/float/v3Value.js";
import { v3ValueDeltaGamma } from "../src/math/v3/float/v3ValueDeltaGamma.js";
import { weightedValueDeltaGamma } from "../src/math/weighted/weightedValueDeltaGamma.js";
import { createRng } from "../src/sim/rng.js";
import type { BenchCase } from "./harness.js";

const N = 100_000;
const GROUP = "float analytics";
const GOAL = 20_000_000;

export function cases(): BenchCase[] {
  // A seeded log-normal walk around 2000 (hourly steps at 80 % annual vol), so a v3 range of ±20 % sees
  // prices below, inside and above it.
  const rng = createRng(7);
  const prices = new Float64Array(N);
  let logP = Math.log(2000);
  const step = 0.8 / Math.sqrt(365 * 24);
  for (let i = 0; i < N; i++) {
    logP += step * rng.nextNormal() - 0.5 * step * step;
    logP = Math.min(Math.log(4000), Math.max(Math.log(1000), logP));
    prices[i] = Math.exp(logP);
  }
  const value = new Float64Array(N);
  const delta = new Float64Array(N);
  const gamma = new Float64Array(N);
  const liquidity = 1000;
  const sqrtLower = Math.sqrt(1600);
  const sqrtUpper = Math.sqrt(2400);
  return [
    {
      group: GROUP,
      name: "v3 scalar calls (baseline)",
      ops: N,
      unit: "positions",
      fn: () => {
        for (let i = 0; i < N; i++) {
          const s = Math.sqrt(prices[i]);
          value[i] = v3Value(liquidity, s, sqrtLower, sqrtUpper);
          delta[i] = v3AmountBase(liquidity, s, sqrtLower, sqrtUpper);
          gamma[i] = v3Gamma(liquidity, s, sqrtLower, sqrtUpper);
        }
        return value[N - 1];
      },
    },
    {
      group: GROUP,
      name: "v3ValueDeltaGamma",
      ops: N,
      unit: "positions",
      goal: GOAL,
      baseline: "v3 scalar calls (baseline)",
      fn: () => {
        v3ValueDeltaGamma(liquidity, sqrtLower, sqrtUpper, prices, value, delta, gamma);
        return value[N - 1];
      },
    },
    {
      group: GROUP,
      name: "v2ValueDeltaGamma",
      ops: N,
      unit: "positions",
      goal: GOAL,
      fn: () => {
        v2ValueDeltaGamma(liquidity, prices, value, delta, gamma);
        return value[N - 1];
      },
    },
    {
      group: GROUP,
      name: "weightedValueDeltaGamma (w = 0.8)",
      ops: N,
      unit: "positions",
      goal: GOAL,
      fn: () => {
        weightedValueDeltaGamma(liquidity, 0.8, prices, value, delta, gamma);
        return value[N - 1];
      },
    },
  ];
}
