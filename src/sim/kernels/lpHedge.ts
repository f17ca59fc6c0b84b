import { InvalidInputError } from "../../errors/math.js";
import type { Rng } from "../rng.js";
import { checkInteger, checkNumber, checkPositive } from "../validate.js";
import { prepareLpPosition } from "./prepareLpPosition.js";
import type { KernelDefinition, PathKernel } from "./types.js";

/** Hedge settings of the lpHedge kernel. */
export type LpHedgeHedgeConfig = {
  /** "none" (default), "interval" (rebalance every `every` steps) or "band" (when |target − hedge| > band·deposit/S0). */
  mode?: "none" | "interval" | "band";
  /** Steps between rebalances for mode "interval", ≥ 1. Default 1. */
  every?: number;
  /** Band for mode "band", as a fraction of the deposit's size in base units (deposit / S0). Default 0.05. */
  band?: number;
  /** Hedge ratio: the short perp targets ratio × the position's base amount. Default 1. */
  ratio?: number;
  /** Proportional cost per unit of traded notional (quote), e.g. 0.0005 = 5 bp. Default 0. */
  costRate?: number;
};

/** Config of the lpHedge kernel (JSON-serialisable). */
export type LpHedgeConfig = {
  /** Start price S0 (quote per base). */
  initialPrice: number;
  /** GBM drift μ per year. */
  mu: number;
  /** GBM volatility σ per √year. */
  sigma: number;
  /** Horizon T in years. */
  horizonYears: number;
  /** Number of steps (Δt = T / steps). */
  steps: number;
  /** Deposit value at S0 (quote units). */
  deposit: number;
  /** Range [lower, upper] (quote per base); default [S0 / rangeFactor, S0 · rangeFactor]. */
  lower?: number;
  upper?: number;
  /** Default 1.5 when lower/upper are not given. */
  rangeFactor?: number;
  /** Pool fee γ, e.g. 0.003. */
  feeRate: number;
  /** Noise-trader turnover (see ArbPoolParameters.noise). */
  noise?: { turnoverPerYear: number; volumeSigma?: number };
  hedge?: LpHedgeHedgeConfig;
  /**
   * The engine's fee model instead of the arbitrage band and `noise` (for the oracle test of the Monte Carlo engine):
   * the pool price follows the path (no fee band, no arbitrage fees), and each step in range pays
   * feeRate × volumeQuotePerStep · exp(σZ − σ²/2) × L / (poolLiquidity + L), Z drawn after the path's normals, as
   * `createSyntheticPoolSeries` and the engine's fee share do. `poolLiquidity` is in the kernel's units
   * √(quote·base) (raw L / √(10^(decimals0 + decimals1))).
   */
  poolFees?: { volumeQuotePerStep: number; volumeSigma: number; poolLiquidity: number };
};

/**
 * Columns of the lpHedge kernel, per path (quote units unless stated): `lpValue` (final position value), `hodlValue`
 * (entry amounts at the final price), `fees` (arbitrage + noise fees), `lvr` (realised loss versus rebalancing,
 * before fees), `hedgePnl` (short perp mark-to-market, no funding), `hedgeCost` (proportional costs),
 * `totalPnl` = lpValue + fees − deposit + hedgePnl − hedgeCost, `finalPrice`, `inRangeFraction` (share of steps
 * in range), `rebalances` (number of hedge trades, the opening one included).
 */
export const LP_HEDGE_COLUMNS = [
  "lpValue",
  "hodlValue",
  "fees",
  "lvr",
  "hedgePnl",
  "hedgeCost",
  "totalPnl",
  "finalPrice",
  "inRangeFraction",
  "rebalances",
] as const;

/** Indices of the hot-loop constants in the parameter vector of `lpHedgePath`. */
enum K {
  L,
  SqrtLower,
  SqrtUpper,
  InvSqrtUpper,
  SqrtOneMinusFee,
  FeeFactor,
  NoiseK,
  NoiseDrift,
  VolSigma,
  HalfDrift,
  HalfVol,
  Steps,
  S0,
  S0Sqrt,
  Base0,
  Quote0,
  Mode,
  Ratio,
  Every,
  BandAbs,
  CostRate,
  Deposit,
  PoolFeeK,
  Size,
}

/**
 * The fused per-path loop of the lpHedge kernel: GBM on √P, arbitrage to the fee band, noise fees and the delta
 * hedge, writing one row of LP_HEDGE_COLUMNS. A module-level function over typed arrays (no closure state), so the
 * optimiser keeps every constant and state variable in registers.
 */
function lpHedgePath(
  prm: Float64Array,
  z: Float64Array,
  zNoise: Float64Array,
  out: Float64Array,
  offset: number,
): void {
  const L = prm[K.L];
  const lo = prm[K.SqrtLower];
  const hi = prm[K.SqrtUpper];
  const iSb = prm[K.InvSqrtUpper];
  const g = prm[K.SqrtOneMinusFee];
  const ff = prm[K.FeeFactor];
  const nK = prm[K.NoiseK];
  const noiseDrift = prm[K.NoiseDrift];
  const volSigma = prm[K.VolSigma];
  const hD = prm[K.HalfDrift];
  const hV = prm[K.HalfVol];
  const n = prm[K.Steps];
  const s0 = prm[K.S0];
  const s0Sqrt = prm[K.S0Sqrt];
  const base0 = prm[K.Base0];
  const quote0 = prm[K.Quote0];
  const modeCode = prm[K.Mode];
  const ratio = prm[K.Ratio];
  const every = prm[K.Every];
  const bandAbs = prm[K.BandAbs];
  const costRate = prm[K.CostRate];
  const deposit = prm[K.Deposit];
  const poolFeeK = prm[K.PoolFeeK];
  const noisy = zNoise.length > 0;
  let sRef = s0Sqrt; // √ of the reference price
  let pPrev = s0;
  let sp = s0Sqrt; // pool √price (unclamped)
  let base = base0;
  let quote = quote0;
  let arbFees = 0;
  let noiseFees = 0;
  let lvr = 0;
  let inRange = 0;
  let hedge = 0; // short perp size, base units
  let hedgePnl = 0;
  let hedgeCost = 0;
  let rebalances = 0;
  if (modeCode !== 0) {
    hedge = ratio * base0;
    hedgeCost = costRate * Math.abs(hedge) * s0;
    rebalances = hedge !== 0 ? 1 : 0;
  }
  let untilRebalance = every;
  for (let t = 0; t < n; t++) {
    sRef *= Math.exp(hD + hV * z[t]);
    const P = sRef * sRef;
    // arbitrage to the no-arbitrage band: √p ← clamp(√p, √P·√(1−γ), √P/√(1−γ)). Written as
    // max(a, b) = (a + b + |a − b|)/2 (min likewise), which is branch-free and within one ulp of the exact clamp:
    // a random walk's up/down/no-trade pattern defeats branch prediction and costs ~40% of the step time.
    const bandLow = sRef * g;
    const atLeast = 0.5 * (sp + bandLow + Math.abs(sp - bandLow));
    const bandHigh = sRef / g;
    sp = 0.5 * (atLeast + bandHigh - Math.abs(atLeast - bandHigh));
    const c1 = Math.min(Math.max(sp, lo), hi);
    const nb = L * (1 / c1 - iSb);
    const nq = L * (c1 - lo);
    const dBase = nb - base;
    const dQuote = nq - quote;
    lvr -= dBase * P + dQuote;
    // the fee is paid on the input: quote when the pool price rises, base (valued at P) when it falls
    arbFees += (dQuote + Math.abs(dQuote) + (dBase + Math.abs(dBase)) * P) * 0.5 * ff;
    base = nb;
    quote = nq;
    if (sp > lo && sp < hi) {
      inRange++;
      if (nK > 0 || poolFeeK > 0) {
        // noise model: nK × the position's value; engine model (poolFees): a constant poolFeeK (nK = 0 then)
        const v = nK * (base * P + quote) + poolFeeK;
        noiseFees += noisy ? v * Math.exp(noiseDrift + volSigma * zNoise[t]) : v;
      }
    }
    if (modeCode !== 0) {
      hedgePnl -= hedge * (P - pPrev);
      const target = ratio * base;
      const diff = target - hedge;
      // interval: due on a countdown (predictable); band: due when the gap exceeds the band (rarely true)
      let due: boolean;
      if (modeCode === 1) {
        due = --untilRebalance === 0;
        if (due) untilRebalance = every;
      } else due = Math.abs(diff) > bandAbs;
      if (due) {
        // a zero gap (no arbitrage this step) costs 0 and counts 0 trades: ceil(min(|diff|, 1)) ∈ {0, 1},
        // branch-free, since whether the pool traded this step is a coin flip for the branch predictor
        const size = Math.abs(diff);
        hedgeCost += costRate * size * P;
        hedge = target;
        rebalances += Math.ceil(Math.min(size, 1));
      }
    }
    pPrev = P;
  }
  const lpValue = base * pPrev + quote;
  const fees = arbFees + noiseFees;
  out[offset] = lpValue;
  out[offset + 1] = base0 * pPrev + quote0;
  out[offset + 2] = fees;
  out[offset + 3] = lvr;
  out[offset + 4] = hedgePnl;
  out[offset + 5] = hedgeCost;
  out[offset + 6] = lpValue + fees - deposit + hedgePnl - hedgeCost;
  out[offset + 7] = pPrev;
  out[offset + 8] = inRange / n;
  out[offset + 9] = rebalances;
}

function createLpHedge(raw: unknown): PathKernel {
  if (typeof raw !== "object" || raw === null)
    throw new InvalidInputError({ field: "config", value: raw, expected: "an object" });
  const cfg = raw as LpHedgeConfig;
  const s0 = checkPositive("initialPrice", cfg.initialPrice);
  const mu = checkNumber("mu", cfg.mu);
  const sigma = checkNumber("sigma", cfg.sigma, 0);
  const horizon = checkPositive("horizonYears", cfg.horizonYears);
  const steps = checkInteger("steps", cfg.steps, 1, 100_000_000);
  const deposit = checkPositive("deposit", cfg.deposit);
  const factor = checkNumber("rangeFactor", cfg.rangeFactor ?? 1.5, 1.000001);
  const lower = checkNumber("lower", cfg.lower ?? s0 / factor, 0);
  const dt = horizon / steps;
  const {
    sa,
    sb,
    liquidity,
    pool,
    mode: modeCode,
    every,
    bandAbs,
    ratio,
    costRate,
  } = prepareLpPosition({
    initialPrice: s0,
    deposit,
    lower,
    upper: cfg.upper ?? s0 * factor,
    dtYears: dt,
    feeRate: cfg.feeRate,
    noise: cfg.noise,
    hedge: cfg.hedge,
  });
  // hot-loop constants: half log-step on √P (one exp per step gives both √P and P = (√P)²)
  const halfDrift = 0.5 * (mu - 0.5 * sigma * sigma) * dt;
  const halfVol = 0.5 * sigma * Math.sqrt(dt);
  const { invSb } = pool;
  let { sg, feeFactor, volSigma } = pool;
  let noiseK = pool.feeRate * pool.turnover * dt;
  let poolFeeK = 0;
  const pf = cfg.poolFees;
  if (pf !== undefined) {
    const volume = checkNumber("poolFees.volumeQuotePerStep", pf.volumeQuotePerStep, 0);
    volSigma = checkNumber("poolFees.volumeSigma", pf.volumeSigma, 0);
    const poolL = checkNumber("poolFees.poolLiquidity", pf.poolLiquidity, 0);
    sg = 1;
    feeFactor = 0;
    noiseK = 0;
    poolFeeK = pool.feeRate * volume * (liquidity / (poolL + liquidity));
  }
  const noiseDrift = -0.5 * volSigma * volSigma;
  const z = new Float64Array(steps);
  const zNoise = new Float64Array(volSigma > 0 && (noiseK > 0 || poolFeeK > 0) ? steps : 0);
  const s0Sqrt = Math.sqrt(s0);
  const c0 = Math.min(Math.max(s0Sqrt, sa), sb);
  const base0 = liquidity * (1 / c0 - invSb);
  const quote0 = liquidity * (c0 - sa);

  const prm = new Float64Array(K.Size);
  prm[K.L] = liquidity;
  prm[K.SqrtLower] = sa;
  prm[K.SqrtUpper] = sb;
  prm[K.InvSqrtUpper] = invSb;
  prm[K.SqrtOneMinusFee] = sg;
  prm[K.FeeFactor] = feeFactor;
  prm[K.NoiseK] = noiseK;
  prm[K.NoiseDrift] = noiseDrift;
  prm[K.VolSigma] = volSigma;
  prm[K.HalfDrift] = halfDrift;
  prm[K.HalfVol] = halfVol;
  prm[K.Steps] = steps;
  prm[K.S0] = s0;
  prm[K.S0Sqrt] = s0Sqrt;
  prm[K.Base0] = base0;
  prm[K.Quote0] = quote0;
  prm[K.Mode] = modeCode;
  prm[K.Ratio] = ratio;
  prm[K.Every] = every;
  prm[K.BandAbs] = bandAbs;
  prm[K.CostRate] = costRate;
  prm[K.Deposit] = deposit;
  prm[K.PoolFeeK] = poolFeeK;

  return {
    columns: LP_HEDGE_COLUMNS,
    runPath(rng: Rng, out: Float64Array, offset: number) {
      rng.fillNormal(z);
      if (zNoise.length > 0) rng.fillNormal(zNoise);
      lpHedgePath(prm, z, zNoise, out, offset);
    },
  };
}

/**
 * The "lpHedge" kernel: a GBM price path, a v3 position on [A, B] bought with `deposit` at S0, arbitrage (fee γ)
 * and optional noise-trader fees (the `runArbPool` model), and an optional short-perp delta hedge rebalanced every
 * k steps or on a band, with proportional costs. Hedge target = ratio × the position's base amount (its delta).
 * One fused loop per path, allocation-free: normals in one batch, one exp per step on √P (P = (√P)²), the pool
 * and hedge updated in place; a test checks it against `createGbmModel` + `runArbPool` on the same normals.
 * Liquidity L = deposit / ((1/√P0 − 1/√B)·P0 + √P0 − √A) (the v3 amount formulas, P0 clamped to the range).
 *
 * @see https://arxiv.org/abs/2208.06046 (LVR) and https://uniswap.org/whitepaper-v3.pdf (amounts)
 */
export const lpHedgeKernel: KernelDefinition = {
  name: "lpHedge",
  columns: LP_HEDGE_COLUMNS,
  create: createLpHedge,
};
