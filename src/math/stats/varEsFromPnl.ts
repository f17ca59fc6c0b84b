import { assertFinite, InvalidInputError } from "../../errors/math.js";

/** Value-at-risk and expected shortfall, both as positive losses in quote units. */
export type VarEs = {
  /** Loss exceeded with probability at most 1 − confidence (quote units, positive = loss). */
  valueAtRisk: number;
  /** Mean loss in the worst (1 − confidence) tail (quote units); always ≥ valueAtRisk. */
  expectedShortfall: number;
  /** Number of scenarios the estimate used. */
  scenarios: number;
};

/**
 * Returns the empirical VaR and ES of a sample of profit-and-loss outcomes (quote units).
 *
 * Formula: losses L = −pnl sorted descending, k = ⌈n (1 − confidence)⌉ (at least 1); VaR = L_(k), the k-th
 * worst loss; ES = (1/k) Σ_{j ≤ k} L_(j), the mean of the k worst losses, so ES ≥ VaR by construction.
 * Sorts a copy (the input is not changed). O(n log n).
 *
 * @example
 * import { varEsFromPnl } from "./varEsFromPnl.js";
 * varEsFromPnl(new Float64Array([-5, -3, 1, 2, 4, 0, -1, 3, 2, 1]), 0.8); // { valueAtRisk: 3, expectedShortfall: 4, scenarios: 10 }
 * @see Acerbi, C. and Tasche, D. (2002) "On the coherence of expected shortfall", J. Banking & Finance 26(7)
 */
export function varEsFromPnl(pnl: ArrayLike<number>, confidence: number): VarEs {
  if (!(confidence > 0 && confidence < 1))
    throw new InvalidInputError({ field: "confidence", value: confidence, expected: "a number in (0, 1)" });
  const n = pnl.length;
  if (n < 1) throw new InvalidInputError({ field: "pnl.length", value: n, expected: ">= 1 scenario" });
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = pnl[i];
    if (!Number.isFinite(x))
      throw new InvalidInputError({ field: `pnl[${i}]`, value: x, expected: "a finite number" });
    losses[i] = -x;
  }
  losses.sort();
  const k = Math.max(1, Math.ceil(n * (1 - confidence) - 1e-9));
  let sum = 0;
  for (let j = 0; j < k; j++) sum += losses[n - 1 - j];
  const valueAtRisk = losses[n - k];
  const expectedShortfall = sum / k;
  assertFinite("expectedShortfall", expectedShortfall);
  return { valueAtRisk, expectedShortfall, scenarios: n };
}
