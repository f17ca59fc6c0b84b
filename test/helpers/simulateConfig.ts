/** The three-strategy simulate config (unhedged, hourly and band hedges on a ±15 % range) the simulate tests share. */
export const SIMULATE_BASE = {
  model: { kind: "gbm", mu: 0, sigma: 0.8 },
  initialPrice: 2000,
  pool: { feeRate: 0.003, noise: { turnoverPerYear: 10, volumeSigma: 0.3 } },
  position: { deposit: 10_000, range: { belowPct: 15, abovePct: 15 } },
  strategies: [
    { name: "unhedged" },
    { name: "hedgeHourly", hedge: { mode: "interval", every: 1, costRate: 0.0005 } },
    { name: "hedgeBand", hedge: { mode: "band", band: 0.05, costRate: 0.0005 } },
  ],
};
