/**
 * Group "backtest": minute-rows per second of the engine after load (load time is the data bench's business),
 * for a passive ±10 % and a re-centring range, on the 35-day Polygon WETH/USDC 0.05 % span and on a synthetic year
 * (the real days tiled to 525,600 rows in memory, each tile's ticks shifted to continue from the previous close).
 * Each case runs next to the same case on the engine of commit a079cb0 (`bench/baseline`, before the steppable
 * engine of issue #8), in the same process and round-robin, with the same in-range fee model (prorate, today's
 * default; that engine's default was "close"): goals ≥ 0.9× that engine, and ≥ 10 M rows/s with the series
 * recorded, ≥ 15 M totals only. Timed by the process's CPU time (single-threaded runs on a shared machine).
 */
import { join } from "node:path";
import { loadPoolSeries } from "../src/data/index.js";
import { runEngine } from "../src/engine/index.js";
import type { Strategy } from "../src/engine/types.js";
import { passiveRange, recenterRange } from "../src/strategy/index.js";
import type { PoolSeries } from "../src/types/series.js";
import { SHARED_DATA } from "../test/helpers/sharedData.js";
import * as old from "./baseline/engine-a079cb0.min.mjs";
import type { BenchCase } from "./harness.js";

const YEAR_ROWS = 525_600;

function tileToYear(s: PoolSeries): PoolSeries {
  const n = YEAR_ROWS;
  const out: PoolSeries = {
    meta: s.meta,
    length: n,
    time: new Float64Array(n),
    openTick: new Int32Array(n),
    highTick: new Int32Array(n),
    lowTick: new Int32Array(n),
    closeTick: new Int32Array(n),
    netAmount0: new Float64Array(n),
    netAmount1: new Float64Array(n),
    inAmount0: new Float64Array(n),
    inAmount1: new Float64Array(n),
    liquidity: new Float64Array(n),
    gaps: [],
  };
  let shift = 0;
  for (let i = 0; i < n; i++) {
    const j = i % s.length;
    if (j === 0 && i > 0) shift = out.closeTick[i - 1] - s.openTick[0];
    out.time[i] = s.time[0] + i * 60_000;
    out.openTick[i] = s.openTick[j] + shift;
    out.highTick[i] = s.highTick[j] + shift;
    out.lowTick[i] = s.lowTick[j] + shift;
    out.closeTick[i] = s.closeTick[j] + shift;
    out.netAmount0[i] = s.netAmount0[j];
    out.netAmount1[i] = s.netAmount1[j];
    out.inAmount0[i] = s.inAmount0[j];
    out.inAmount1[i] = s.inAmount1[j];
    out.liquidity[i] = s.liquidity[j];
  }
  return out;
}

export function cases(): BenchCase[] {
  const days = loadPoolSeries({
    path: join(SHARED_DATA, "uniswap-v3", "polygon-weth-usdc-005"),
    from: "2022-07-19",
    to: "2022-08-22",
  });
  const year = tileToYear(days);
  const strategies: [string, () => Strategy, () => old.OldStrategy][] = [
    [
      "passive ±10%",
      () => passiveRange({ range: { belowPct: 10, abovePct: 10 } }),
      () => old.passiveRange({ range: { belowPct: 10, abovePct: 10 } }),
    ],
    [
      "recenter ±5%/4%/60m",
      () => recenterRange({ widthPct: 5, bandPct: 4, cooldownMinutes: 60 }),
      () => old.recenterRange({ widthPct: 5, bandPct: 4, cooldownMinutes: 60 }),
    ],
  ];
  const costs = { gasQuotePerMint: 0.05, gasQuotePerBurn: 0.05 };
  const out: BenchCase[] = [];
  for (const [label, series] of [
    ["35 days", days],
    ["synthetic year", year],
  ] as const)
    for (const [name, make, makeOld] of strategies)
      for (const record of [true, false]) {
        const caseName = `${name}, ${label}${record ? "" : ", totals only"}`;
        const baseline = `${caseName} (engine a079cb0)`;
        const common = { group: "backtest", ops: series.length, unit: "minute-rows", clock: "cpu" } as const;
        out.push({
          ...common,
          name: baseline,
          // The same fee model as today's default (prorate): the old engine defaulted to "close", less work a bar.
          fn: () =>
            old.runEngine({
              series,
              strategy: makeOld(),
              deposit: 10_000,
              costs,
              record,
              inRangeMode: "prorate",
            }).totals.finalValue,
        });
        out.push({
          ...common,
          name: caseName,
          baseline,
          goalRatio: 0.9,
          goal: record ? 10_000_000 : 15_000_000,
          fn: () => runEngine({ series, strategy: make(), deposit: 10_000, costs, record }).totals.finalValue,
        });
      }
  return out;
}
