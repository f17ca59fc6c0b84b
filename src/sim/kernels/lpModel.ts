import { InvalidInputError } from "../../errors/math.js";
import { createBlockBootstrapModel } from "../blockBootstrap.js";
import { createGarchModel } from "../garch.js";
import { createGbmModel } from "../gbm.js";
import { createMertonModel } from "../merton.js";
import type { PathModel } from "../pathModel.js";
import { createRegimeSwitchingModel } from "../regimeSwitching.js";
import type { Rng } from "../rng.js";
import { checkInteger, checkNumber, checkPositive } from "../validate.js";
import { LP_HEDGE_COLUMNS, type LpHedgeHedgeConfig } from "./lpHedge.js";
import { prepareLpPosition } from "./prepareLpPosition.js";
import type { KernelDefinition, PathKernel } from "./types.js";

/** The price model of the lpModel kernel (JSON-serialisable; parameters as the `create*Model` functions take them). */
export type LpModelPriceModel =
  | { kind: "gbm"; mu: number; sigma: number }
  | {
      kind: "merton";
      mu: number;
      sigma: number;
      lambda: number;
      jumpMean: number;
      jumpStd: number;
      compensated?: boolean;
    }
  | {
      kind: "garch";
      /** Per-step parameters (see createGarchModel). */
      omega: number;
      alpha: number;
      beta: number;
      meanLogReturn?: number;
      initialVariance?: number;
    }
  | {
      kind: "regime";
      mu: [number, number];
      sigma: [number, number];
      /** Per-step switching probabilities. */
      p01: number;
      p10: number;
      initialState?: 0 | 1;
    }
  | {
      kind: "bootstrap";
      /** Historical log returns, one per step. */
      logReturns: number[] | Float64Array;
      blockLength: number;
      blocks?: "stationary" | "fixed";
    };

/** Config of the lpModel kernel: the lpHedge config with any `PathModel` in place of the built-in GBM. */
export type LpModelConfig = {
  model: LpModelPriceModel;
  /** Start price S0 (quote per base). */
  initialPrice: number;
  /** Horizon T in years (Δt = T / steps; GARCH and bootstrap step at their own frequency). */
  horizonYears: number;
  steps: number;
  /** Deposit value at S0 (quote units). */
  deposit: number;
  /** Range [lower, upper] (quote per base); 0 and Infinity (or omitted) give a full-range position. */
  lower?: number;
  upper?: number;
  /** Pool fee γ, e.g. 0.003. */
  feeRate: number;
  noise?: { turnoverPerYear: number; volumeSigma?: number };
  hedge?: LpHedgeHedgeConfig;
};

/** Returns the PathModel a config names. */
export function createPriceModel(m: LpModelPriceModel): PathModel {
  if (typeof m !== "object" || m === null)
    throw new InvalidInputError({ field: "model", value: m, expected: "an object with a kind" });
  switch (m.kind) {
    case "gbm":
      return createGbmModel(m);
    case "merton":
      return createMertonModel(m);
    case "garch":
      return createGarchModel(m);
    case "regime":
      return createRegimeSwitchingModel(m);
    case "bootstrap":
      return createBlockBootstrapModel({
        logReturns:
          m.logReturns instanceof Float64Array ? m.logReturns : Float64Array.from(m.logReturns ?? []),
        blockLength: m.blockLength,
        kind: m.blocks,
      });
    default:
      throw new InvalidInputError({
        field: "model.kind",
        value: (m as { kind: unknown }).kind,
        expected: '"gbm", "merton", "garch", "regime" or "bootstrap"',
      });
  }
}

/** The validated constants of one lpModel run. */
type Prepared = {
  L: number;
  sa: number;
  sb: number;
  invSb: number;
  sg: number;
  feeFactor: number;
  noiseK: number;
  noiseDrift: number;
  volSigma: number;
  base0: number;
  quote0: number;
  deposit: number;
  mode: 0 | 1 | 2;
  ratio: number;
  every: number;
  bandAbs: number;
  costRate: number;
};

/**
 * The per-path loop over a filled price path: arbitrage to the fee band, noise fees while in range and the
 * delta hedge, exactly as the lpHedge kernel does on its GBM path (same formulas and order), writing one row of
 * LP_HEDGE_COLUMNS. With `trace`, trace[t] is the strategy's value after step t (position + fees + hedge PnL −
 * costs; trace[0] = deposit less the opening hedge cost).
 */
function lpModelPath(
  c: Prepared,
  prices: Float64Array,
  zNoise: Float64Array,
  out: Float64Array,
  offset: number,
  trace?: Float64Array,
): void {
  const {
    L,
    sa,
    sb,
    invSb,
    sg,
    feeFactor,
    noiseK,
    noiseDrift,
    volSigma,
    mode,
    ratio,
    every,
    bandAbs,
    costRate,
  } = c;
  const n = prices.length - 1;
  const noisy = zNoise.length > 0;
  const s0 = prices[0];
  let pPrev = s0;
  let sp = Math.sqrt(s0);
  let base = c.base0;
  let quote = c.quote0;
  let arbFees = 0;
  let noiseFees = 0;
  let lvr = 0;
  let inRange = 0;
  let hedge = 0;
  let hedgePnl = 0;
  let hedgeCost = 0;
  let rebalances = 0;
  if (mode !== 0) {
    hedge = ratio * c.base0;
    hedgeCost = costRate * Math.abs(hedge) * s0;
    rebalances = hedge !== 0 ? 1 : 0;
  }
  if (trace) trace[0] = c.deposit - hedgeCost;
  let untilRebalance = every;
  for (let t = 0; t < n; t++) {
    const P = prices[t + 1];
    const sRef = Math.sqrt(P);
    sp = Math.min(Math.max(sp, sRef * sg), sRef / sg);
    const c1 = Math.min(Math.max(sp, sa), sb);
    const nb = L * (1 / c1 - invSb);
    const nq = L * (c1 - sa);
    const dBase = nb - base;
    const dQuote = nq - quote;
    lvr -= dBase * P + dQuote;
    arbFees += (Math.max(dQuote, 0) + Math.max(dBase, 0) * P) * feeFactor;
    base = nb;
    quote = nq;
    if (sp > sa && sp < sb) {
      inRange++;
      if (noiseK > 0) {
        const v = base * P + quote;
        noiseFees += noisy ? noiseK * v * Math.exp(noiseDrift + volSigma * zNoise[t]) : noiseK * v;
      }
    }
    if (mode !== 0) {
      hedgePnl -= hedge * (P - pPrev);
      const target = ratio * base;
      const diff = target - hedge;
      let due: boolean;
      if (mode === 1) {
        due = --untilRebalance === 0;
        if (due) untilRebalance = every;
      } else due = Math.abs(diff) > bandAbs;
      if (due && diff !== 0) {
        const size = Math.abs(diff);
        hedgeCost += costRate * size * P;
        hedge = target;
        rebalances += Math.ceil(Math.min(size, 1));
      }
    }
    pPrev = P;
    if (trace) trace[t + 1] = base * P + quote + arbFees + noiseFees + hedgePnl - hedgeCost;
  }
  const lpValue = base * pPrev + quote;
  const fees = arbFees + noiseFees;
  out[offset] = lpValue;
  out[offset + 1] = c.base0 * pPrev + c.quote0;
  out[offset + 2] = fees;
  out[offset + 3] = lvr;
  out[offset + 4] = hedgePnl;
  out[offset + 5] = hedgeCost;
  out[offset + 6] = lpValue + fees - c.deposit + hedgePnl - hedgeCost;
  out[offset + 7] = pPrev;
  out[offset + 8] = inRange / n;
  out[offset + 9] = rebalances;
}

/** A kernel of the lpModel kind that can also record the per-step value of a path (for fan charts). */
export type LpModelKernel = PathKernel & {
  /** As runPath, and writes the strategy's value after each step into trace[0..steps]. */
  runPathTrace(rng: Rng, out: Float64Array, offset: number, trace: Float64Array): void;
};

/** Returns a prepared lpModel kernel for `raw` (validated; InvalidInputError names the bad field). */
export function createLpModelKernel(raw: unknown): LpModelKernel {
  if (typeof raw !== "object" || raw === null)
    throw new InvalidInputError({ field: "config", value: raw, expected: "an object" });
  const cfg = raw as LpModelConfig;
  const model = createPriceModel(cfg.model);
  const s0 = checkPositive("initialPrice", cfg.initialPrice);
  const horizon = checkPositive("horizonYears", cfg.horizonYears);
  const steps = checkInteger("steps", cfg.steps, 1, 100_000_000);
  const deposit = checkPositive("deposit", cfg.deposit);
  const lower = checkNumber("lower", cfg.lower ?? 0, 0);
  const dt = horizon / steps;
  const position = prepareLpPosition({
    initialPrice: s0,
    deposit,
    lower,
    upper: cfg.upper ?? Number.POSITIVE_INFINITY,
    dtYears: dt,
    feeRate: cfg.feeRate,
    noise: cfg.noise,
    hedge: cfg.hedge,
  });
  const { sa, sb, sc, liquidity, pool } = position;
  const noiseK = pool.feeRate * pool.turnover * dt;
  const prepared: Prepared = {
    L: liquidity,
    sa,
    sb,
    invSb: pool.invSb,
    sg: pool.sg,
    feeFactor: pool.feeFactor,
    noiseK,
    noiseDrift: -0.5 * pool.volSigma * pool.volSigma,
    volSigma: pool.volSigma,
    base0: liquidity * (1 / sc - pool.invSb),
    quote0: liquidity * (sc - sa),
    deposit,
    mode: position.mode,
    ratio: position.ratio,
    every: position.every,
    bandAbs: position.bandAbs,
    costRate: position.costRate,
  };
  const prices = new Float64Array(steps + 1);
  const zNoise = new Float64Array(pool.volSigma > 0 && noiseK > 0 ? steps : 0);
  const fill = (rng: Rng) => {
    prices[0] = s0;
    model.fillPath(rng, prices, dt);
    if (zNoise.length > 0) rng.fillNormal(zNoise);
  };
  return {
    columns: LP_HEDGE_COLUMNS,
    runPath(rng, out, offset) {
      fill(rng);
      lpModelPath(prepared, prices, zNoise, out, offset);
    },
    runPathTrace(rng, out, offset, trace) {
      if (trace.length < steps + 1)
        throw new InvalidInputError({
          field: "trace.length",
          value: trace.length,
          expected: `>= ${steps + 1}`,
        });
      fill(rng);
      lpModelPath(prepared, prices, zNoise, out, offset, trace);
    },
  };
}

/**
 * The "lpModel" kernel: the lpHedge kernel's pool and hedge (a v3 position on [A, B] bought with `deposit` at S0,
 * arbitrage to the fee band, noise-trader fees, a short-perp delta hedge on an interval or a band, proportional
 * costs) on a path of any `PathModel` (gbm, merton, garch, regime, bootstrap). The path is drawn first, then the
 * noise-volume normals, so with model gbm it consumes the random stream exactly as lpHedge does (a test checks
 * that both give the same rows). Columns: LP_HEDGE_COLUMNS.
 *
 * @see https://arxiv.org/abs/2208.06046 (LVR) and https://uniswap.org/whitepaper-v3.pdf (amounts)
 */
export const lpModelKernel: KernelDefinition = {
  name: "lpModel",
  columns: LP_HEDGE_COLUMNS,
  create: createLpModelKernel,
};
