import { describe, expect, test } from "vitest";
import { compareRunConfig, parseCompareConfig, runCompare } from "../../src/backtest/compare.js";
import { runBacktest } from "../../src/backtest/runBacktest.js";
import { parseBacktestConfig } from "../../src/config/index.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

const pool = sharedData("uniswap-v3/polygon-weth-usdc-005");
const raw = {
  data: { pool, from: "2023-08-14", to: "2023-08-15" },
  position: { deposit: 10_000, range: { belowPct: 5, abovePct: 5 } },
  costs: { gasQuote: 0.05 },
  runs: [
    { name: "±5 %" },
    { name: "±2 %", position: { range: { belowPct: 2, abovePct: 2 } } },
    { name: "other days", data: { from: "2023-08-16", to: "2023-08-17" } },
    { name: "dear gas, 2 min latency", costs: { gasQuote: 5 }, latencyMinutes: 2, inRangeMode: "prorate" },
    {
      name: "perp, dear taker",
      hedge: { kind: "delta", venue: "perp", trigger: { kind: "absolute", band: 0.1 } },
      venues: { perp: { takerFee: 0.002 } },
    },
  ],
};

describe("compare: a run may vary any field of the run spec", () => {
  test("behavior: each varied run equals the standalone backtest of the merged config", () => {
    const c = parseCompareConfig(raw);
    const cfg = (i: number) => compareRunConfig(c, i);
    expect(cfg(1).position).toStrictEqual({
      deposit: 10_000,
      range: { belowPct: 2, abovePct: 2 },
      entry: "close",
    });
    expect(cfg(2).data).toStrictEqual({ pool, from: "2023-08-16", to: "2023-08-17" });
    expect(cfg(3).costs).toStrictEqual({ gasQuote: 5, swapGasQuote: 0, priceImpact: true });
    expect(cfg(3).latencyMinutes).toBe(2);
    expect(cfg(4).venues.perp.takerFee).toBe(0.002);
    expect(cfg(4).venues.perp.leverage).toBe(5);
    const out = runCompare({ config: c, baseDir: REPO_ROOT });
    expect(out.rows.map((r) => r.name)).toStrictEqual(raw.runs.map((r) => r.name));
    for (const i of [1, 2, 3, 4]) {
      const alone = runBacktest({
        config: parseBacktestConfig({ ...cfg(i), hedges: undefined }),
        baseDir: REPO_ROOT,
      }).totals;
      expect(out.rows[i].netPnl).toBe(alone.finalValue - alone.initialValue);
    }
    // The variations change the outcome.
    const pnl = out.rows.map((r) => r.netPnl);
    expect(new Set(pnl).size).toBe(pnl.length);
  }, 60_000);

  test("error: a bad overridden field names runs.<i>.<path> and the value", () => {
    const bad = {
      ...raw,
      runs: [{ name: "a" }, { name: "b", position: { range: { belowPct: 200, abovePct: 2 } } }],
    };
    expect(() => parseCompareConfig(bad)).toThrow(/runs\.1\.position\.range\.belowPct/);
    const bad2 = { ...raw, runs: [{ name: "a", latencyMinutes: -1 }] };
    expect(() => parseCompareConfig(bad2)).toThrow(/runs\.0\.latencyMinutes/);
  });
});
