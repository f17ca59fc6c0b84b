import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/errors/config.js";
import { parseSimulationConfig, runSimulation } from "../../src/simulate/index.js";
import { sharedData } from "../helpers/sharedData.js";
import { SIMULATE_BASE } from "../helpers/simulateConfig.js";

const base = { ...SIMULATE_BASE, horizonDays: 10, steps: 240 };

describe("runSimulation", () => {
  test("default", async () => {
    const run = await runSimulation(parseSimulationConfig(base), { paths: 1500, seed: 5, tracePaths: 50 });
    const r = run.report;
    expect(r.paths).toBe(1500);
    expect(r.strategies.map((s) => s.name)).toEqual(["unhedged", "hedgeHourly", "hedgeBand"]);
    for (const s of r.strategies) {
      for (const m of [s.totalPnl, s.fees, s.lvr, s.hedgePnl, s.costs]) expect(m.count).toBe(1500);
      expect(s.totalPnl.expectedShortfall5).toBeLessThanOrEqual(s.totalPnl.p5);
      expect(s.totalPnl.p5).toBeLessThanOrEqual(s.totalPnl.p95);
    }
    const [u, hh, hb] = r.strategies;
    // the same paths: the pool side is identical, only the hedge differs
    expect(hh.fees.mean).toBe(u.fees.mean);
    expect(hb.lvr.mean).toBe(u.lvr.mean);
    // a delta hedge removes most of the price risk
    expect(hh.totalPnl.std).toBeLessThan(0.5 * u.totalPnl.std);
    expect(hb.totalPnl.std).toBeLessThan(0.5 * u.totalPnl.std);
    expect(hh.costs.mean).toBeGreaterThan(hb.costs.mean);
    expect(u.costs.mean).toBe(0);
    // fan charts: bands ordered, unhedged strategy starts at the deposit
    expect(run.fans).toHaveLength(3);
    const f = run.fans[0];
    expect(f.p50[0]).toBe(10_000);
    expect(f.timeDays[f.timeDays.length - 1]).toBeCloseTo(10, 9);
    for (let j = 0; j < f.p50.length; j++) {
      expect(f.p5[j]).toBeLessThanOrEqual(f.p25[j]);
      expect(f.p25[j]).toBeLessThanOrEqual(f.p50[j]);
      expect(f.p50[j]).toBeLessThanOrEqual(f.p75[j]);
      expect(f.p75[j]).toBeLessThanOrEqual(f.p95[j]);
    }
    expect(run.totalPnl[0]).toHaveLength(1500);
  });

  test("behavior: the unhedged mean LVR per year matches σ²/8 · value for a wide range", async () => {
    const sigma = 0.8;
    const run = await runSimulation(
      parseSimulationConfig({
        ...base,
        model: { kind: "gbm", mu: 0, sigma },
        horizonDays: 30,
        steps: 720,
        pool: { feeRate: 0 },
        position: { deposit: 10_000, range: { lower: 2000 / 1e4, upper: 2000 * 1e6 } },
        strategies: [{ name: "wide" }],
      }),
      { paths: 2000, seed: 3, tracePaths: 0 },
    );
    const s = run.report.strategies[0];
    const theory = ((sigma * sigma) / 8) * 10_000; // Milionis et al.: LVR = σ²/8 · V for constant product
    // value of a nearly full range is within 1 % of 2L√P, and E[√P_t] decays by e^{−σ²t/8} (≤ 0.3 % here)
    expect(Math.abs(s.lvrPerYear - theory)).toBeLessThan(4 * s.lvrPerYearStdError + 0.015 * theory);
    expect(s.lvrPerYearStdError).toBeLessThan(0.02 * theory);
    expect(Math.abs(s.theoreticalLvrPerYear / theory - 1)).toBeLessThan(0.015);
  });

  test("behavior: non-GBM models run on the engine", async () => {
    const eth = sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv");
    for (const model of [
      { kind: "merton", sigma: 0.6, lambda: 10, jumpMean: -0.02, jumpStd: 0.05 },
      { kind: "garch", volatility: 0.8, alpha: 0.05, beta: 0.9 },
      { kind: "regime", sigma: [0.5, 1.2], p01: 0.01, p10: 0.02 },
      { kind: "bootstrap", prices: eth, from: "2022-01-01", to: "2022-12-31", blockLength: 24 },
    ]) {
      const boot = model.kind === "bootstrap";
      const cfg = parseSimulationConfig({
        ...base,
        model,
        steps: boot ? undefined : 240,
        initialPrice: boot ? undefined : base.initialPrice,
      });
      const run = await runSimulation(cfg, { paths: 300, seed: 1, tracePaths: 10 });
      const r = run.report;
      expect(r.model.kind).toBe(model.kind);
      expect(r.strategies[0].kernel).toBe("engine");
      expect(r.model.volatility).toBeGreaterThan(0.3);
      expect(r.model.volatility).toBeLessThan(1.5);
      for (const s of r.strategies) expect(Number.isFinite(s.totalPnl.mean), model.kind).toBe(true);
      if (model.kind === "bootstrap") {
        expect(r.steps).toBe(240);
        expect(r.initialPrice).toBeGreaterThan(1000); // last close of 2022
        expect(r.initialPrice).toBeLessThan(1400);
      }
    }
  });

  test("behavior: bootstrap steps must match the file's bars", async () => {
    const eth = sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv");
    const cfg = parseSimulationConfig({ ...base, model: { kind: "bootstrap", prices: eth }, steps: 100 });
    await expect(runSimulation(cfg, { paths: 10, seed: 1 })).rejects.toThrow(/^steps 100: must be 240/);
  });
});

describe("parseSimulationConfig", () => {
  test("behavior: bad fields are rejected with their dotted path", () => {
    const bad: [unknown, RegExp][] = [
      [{ ...base, model: { kind: "heston" } }, /^model\.kind: expected one of "gbm"/],
      [
        { ...base, model: { kind: "gbm", sigma: -1 } },
        /^model\.sigma: must be greater than or equal to 0, got -1/,
      ],
      [
        { ...base, model: { kind: "garch", volatility: 0.8, alpha: 0.5, beta: 0.6 } },
        /^model\.beta: alpha \+ beta/,
      ],
      [{ ...base, pool: { feeRate: -0.1 } }, /^pool\.feeRate: /],
      [
        { ...base, strategies: [{ name: "a" }, { name: "b", hedge: { mode: "weekly" } }] },
        /^strategies\.1\.hedge\.mode: /,
      ],
      [
        { ...base, strategies: [{ name: "a" }, { name: "a" }] },
        /^strategies\.1\.name: duplicates strategies\.0\.name/,
      ],
      [{ ...base, strategies: [] }, /^strategies: /],
      [{ ...base, initialPrice: undefined }, /^initialPrice: is required for model gbm/],
      [
        { ...base, position: { deposit: 1, range: { lower: 5, upper: 4 } } },
        /^position\.range\.upper: must be greater/,
      ],
    ];
    for (const [raw, re] of bad) {
      let err: unknown;
      try {
        parseSimulationConfig(raw);
      } catch (e) {
        err = e;
      }
      expect(err, String(re)).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).shortMessage, String(re)).toMatch(re);
    }
  });
});
