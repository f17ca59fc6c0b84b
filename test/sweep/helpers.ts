import { parseSweepConfig, type SweepConfig } from "../../src/sweep/index.js";
import { sharedData } from "../helpers/sharedData.js";

/** A small real sweep: three passive widths × two one-day windows of the Polygon pool (6 points). */
export function smallSweep(extra: Partial<Record<string, unknown>> = {}): SweepConfig {
  return parseSweepConfig({
    run: {
      data: { pool: sharedData("uniswap-v3", "polygon-weth-usdc-005"), from: "2022-07-19", to: "2022-07-19" },
      position: { deposit: 10_000, range: { belowPct: 10, abovePct: 10 } },
      strategy: { kind: "passive" },
      costs: { gasQuote: 0.05 },
    },
    axes: [
      { name: "widthPct", paths: ["position.range.belowPct", "position.range.abovePct"], values: [2, 5, 10] },
      {
        name: "window",
        path: "data",
        merge: true,
        values: [
          { from: "2022-07-19", to: "2022-07-19" },
          { from: "2022-07-20", to: "2022-07-20" },
        ],
        labels: ["07-19", "07-20"],
      },
    ],
    objective: { kind: "utility", riskAversion: 0.001 },
    ...extra,
  });
}
