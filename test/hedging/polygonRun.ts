import { parseBacktestConfig, runBacktest } from "../../src/backtest/index.js";
import { loadPoolSeries } from "../../src/data/index.js";
import { sharedData } from "../helpers/sharedData.js";

/**
 * Returns a runner of passive ±10 % positions of 10,000 USDC on the real Polygon WETH/USDC 0.05 % minute data
 * between `from` and `to` (loaded once), with the real Binance ETHUSDT funding for the perp; `extra` adds or
 * replaces config sections (e.g. `{ hedge: … }`).
 */
export function polygonRunner(from: string, to: string) {
  const pool = sharedData("uniswap-v3", "polygon-weth-usdc-005");
  const funding = sharedData("funding", "binance-usdm", "binance-usdm-ETHUSDT-funding-2022-2025.csv");
  const series = loadPoolSeries({ path: pool, from, to });
  const base = {
    data: { pool, from, to },
    position: { deposit: 10_000, range: { belowPct: 10, abovePct: 10 } },
    strategy: { kind: "passive" },
    costs: { gasQuote: 0.05 },
    venues: { perp: { funding: { file: funding } } },
  };
  return (extra: Record<string, unknown>) =>
    runBacktest({ config: parseBacktestConfig({ ...base, ...extra }), baseDir: ".", series });
}
