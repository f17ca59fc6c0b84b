import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { VarianceForecaster } from "./types.js";

export type CreateEwmaForecasterParameters = {
  /** Decay λ in (0, 1), default 0.94 (RiskMetrics daily). */
  lambda?: number;
  /** Returns used to seed σ² with their mean square before the recursion starts (default 20); isStable after. */
  warmup?: number;
};

/**
 * Returns a streaming EWMA (RiskMetrics) variance forecaster.
 *
 * Formula: the first `warmup` returns seed σ² = mean(r²); after that σ² ← λ σ² + (1 − λ) r². The forecast of the
 * variance of the next h returns is h · σ² (EWMA is a random walk in variance: flat term structure).
 *
 * @example
 * import { createEwmaForecaster } from "lpguard/forecast";
 * const f = createEwmaForecaster({ lambda: 0.94, warmup: 1 });
 * f.add(0.01); f.add(0.02); f.forecastVariance(1); // 0.94·1e-4 + 0.06·4e-4 = 1.18e-4
 * @see J.P. Morgan/Reuters (1996) RiskMetrics — Technical Document, 4th ed., §5.2
 */
export function createEwmaForecaster(
  options: CreateEwmaForecasterParameters = {},
): VarianceForecaster & { readonly variance: number } {
  const { lambda = 0.94, warmup = 20 } = requireObject(options, "options");
  if (!(lambda > 0 && lambda < 1))
    throw new InvalidInputError({ field: "lambda", value: lambda, expected: "a number in (0, 1)" });
  if (!(Number.isInteger(warmup) && warmup >= 1))
    throw new InvalidInputError({ field: "warmup", value: warmup, expected: "an integer >= 1" });
  let v = 0;
  let n = 0;
  let sumSq = 0;
  return {
    add(ret: number) {
      if (!Number.isFinite(ret))
        throw new InvalidInputError({ field: "ret", value: ret, expected: "a finite return" });
      n++;
      if (n <= warmup) {
        sumSq += ret * ret;
        v = sumSq / n;
      } else v = lambda * v + (1 - lambda) * ret * ret;
    },
    get isStable() {
      return n >= warmup;
    },
    get count() {
      return n;
    },
    get variance() {
      return v;
    },
    forecastVariance(h: number) {
      if (!(h >= 1)) throw new InvalidInputError({ field: "h", value: h, expected: ">= 1 period" });
      return h * v;
    },
  };
}
