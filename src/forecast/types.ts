/**
 * The streaming shape every return-driven forecaster shares (the `add`/`isStable` shape of STYLE.md B5), so the
 * same object serves a backtest, a walk-forward evaluation and the live keeper.
 */
export type VarianceForecaster = {
  /** Feeds the next return (log return per period, oldest first). */
  add(ret: number): void;
  /** True once enough returns were seen for the forecast to be meaningful. */
  readonly isStable: boolean;
  /** Number of returns added so far. */
  readonly count: number;
  /**
   * Returns the forecast of the variance of the sum of the next `h` period returns (per-period units summed over
   * h periods; annualise with · periodsPerYear / h).
   */
  forecastVariance(h: number): number;
};
