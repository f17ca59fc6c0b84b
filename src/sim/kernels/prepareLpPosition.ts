import { InvalidInputError } from "../../errors/math.js";
import { type PreparedArbPool, prepareArbPool } from "../arbPool.js";
import { checkInteger, checkNumber } from "../validate.js";
import type { LpHedgeHedgeConfig } from "./lpHedge.js";

/** Inputs shared by the LP kernels, with each kernel's own defaults already applied. */
export type PrepareLpPositionParameters = {
  initialPrice: number;
  deposit: number;
  lower: number;
  upper: unknown;
  dtYears: number;
  feeRate: number;
  noise?: { turnoverPerYear: number; volumeSigma?: number };
  hedge?: LpHedgeHedgeConfig;
};

/** Validated position, pool and hedge constants for an LP kernel's hot loop. */
export type PreparedLpPosition = {
  lower: number;
  upper: number;
  /** √lower, √upper and √S0 clamped into the range. */
  sa: number;
  sb: number;
  sc: number;
  /** Liquidity bought by `deposit` at S0: deposit / ((1/c − 1/√B)·S0 + (c − √A)). */
  liquidity: number;
  pool: PreparedArbPool;
  /** 0 none, 1 interval, 2 band. */
  mode: 0 | 1 | 2;
  every: number;
  /** Hedge band in base units (band fraction × deposit / S0). */
  bandAbs: number;
  ratio: number;
  costRate: number;
};

/**
 * Returns the validated constants every LP kernel needs: the range, the liquidity a deposit buys at S0, the
 * prepared arbitrage pool and the hedge settings. InvalidInputError names the bad field.
 */
export function prepareLpPosition(p: PrepareLpPositionParameters): PreparedLpPosition {
  const { initialPrice: s0, deposit, lower, upper } = p;
  if (!(typeof upper === "number" && upper > lower))
    throw new InvalidInputError({ field: "upper", value: upper, expected: `a number > lower (${lower})` });
  const sa = Math.sqrt(lower);
  const sb = Math.sqrt(upper);
  const sc = Math.min(Math.max(Math.sqrt(s0), sa), sb);
  // value of unit liquidity at S0: (1/c − 1/√B)·S0 + (c − √A)
  const unitValue = (1 / sc - 1 / sb) * s0 + (sc - sa);
  if (!(unitValue > 0))
    throw new InvalidInputError({
      field: "range",
      value: [lower, upper],
      expected: "a range with value at S0",
    });
  const liquidity = deposit / unitValue;
  const pool = prepareArbPool({
    liquidity,
    lower,
    upper,
    feeRate: p.feeRate,
    dtYears: p.dtYears,
    noise: p.noise,
  });
  const h = p.hedge ?? {};
  const modeName = h.mode ?? "none";
  if (modeName !== "none" && modeName !== "interval" && modeName !== "band")
    throw new InvalidInputError({
      field: "hedge.mode",
      value: modeName,
      expected: '"none", "interval" or "band"',
    });
  return {
    lower,
    upper,
    sa,
    sb,
    sc,
    liquidity,
    pool,
    mode: modeName === "none" ? 0 : modeName === "interval" ? 1 : 2,
    every: checkInteger("hedge.every", h.every ?? 1, 1),
    bandAbs: checkNumber("hedge.band", h.band ?? 0.05, 0) * (deposit / s0),
    ratio: checkNumber("hedge.ratio", h.ratio ?? 1),
    costRate: checkNumber("hedge.costRate", h.costRate ?? 0, 0, 1),
  };
}
