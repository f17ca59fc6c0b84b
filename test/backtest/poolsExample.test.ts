import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseCompareConfig, runCompareFile } from "../../src/backtest/compare.js";
import { sumAttribution } from "../../src/engine/runEngine.js";
import { v2ImpermanentLoss } from "../../src/math/v2/index.js";
import { weightedImpermanentLoss } from "../../src/math/weighted/index.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

sharedData("uniswap-v3", "polygon-weth-usdc-005");

describe("examples/pools-v2-v3-weighted.yaml on the real Polygon WETH/USDC 0.05 % data", () => {
  test("behavior: v2 and weighted runs agree with v3 full range and the closed forms; attribution sums to PnL", () => {
    const r = runCompareFile(join(REPO_ROOT, "examples", "pools-v2-v3-weighted.yaml"));
    const by = (name: string) => {
      const i = r.rows.findIndex((x) => x.name === name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      return { row: r.rows[i], run: r.runs[i] };
    };
    for (const run of r.runs) {
      const t = run.totals;
      expect(
        Math.abs(sumAttribution(t.attribution) - (t.finalValue - t.initialValue)) / t.initialValue,
      ).toBeLessThan(1e-9);
      expect(t.attribution.lvr).toBeGreaterThan(0);
      expect(t.attribution.fees).toBeGreaterThan(0);
    }
    const v3Full = by("v3 full range");
    const v2 = by("v2 (x·y = k)");
    // A v2 position is the v3 full-range position (the v3 run pays price impact on its mint swap; v2 does not).
    expect(Math.abs(v2.row.fees / v3Full.row.fees - 1)).toBeLessThan(2e-3);
    expect(Math.abs(v2.row.lvr / v3Full.row.lvr - 1)).toBeLessThan(2e-3);
    // The same volume at 0.3 % earns 6× (the share differs only by the larger mint-swap fee).
    expect(by("v2, 0.3 % fee").row.fees / v2.row.fees / 6 - 1).toBeLessThan(2e-3);
    expect(by("v2, 0.3 % fee").row.fees / v2.row.fees / 6 - 1).toBeGreaterThan(-5e-3);
    // Realised LVR against the closed forms with the realised variance: Σ c·V_{t−1}·(Δ ln P)², c = w(1−w)/2.
    for (const [name, w] of [
      ["v2 (x·y = k)", 0.5],
      ["weighted 80/20 WETH/USDC", 0.8],
      ["weighted 20/80 WETH/USDC", 0.2],
    ] as const) {
      const { run } = by(name);
      const s = run.series;
      // LP value V_LP = (1 + positionIl)·hodl of the entry amounts (the mint leaves no idle cash: hodl = entry).
      let expected = 0;
      const first = s.price.findIndex((_, i) => s.inRange[i] > 0);
      const lp = (i: number) => (1 + s.positionIl[i]) * s.hodlValue[i];
      for (let i = first + 1; i < s.price.length; i++) {
        const dl = Math.log(s.price[i] / s.price[i - 1]);
        expected += ((w * (1 - w)) / 2) * lp(i - 1) * dl * dl;
      }
      expect(Math.abs(run.totals.attribution.lvr / expected - 1), name).toBeLessThan(0.01);
      // Position IL at the final price equals the closed form.
      const n = s.price.length;
      const il =
        w === 0.5
          ? v2ImpermanentLoss({ price: s.price[n - 1], entryPrice: run.totals.entryPrice })
          : weightedImpermanentLoss({ price: s.price[n - 1], entryPrice: run.totals.entryPrice, weight: w });
      expect(Math.abs(s.positionIl[n - 1] - il), name).toBeLessThan(1e-9);
    }
  }, 120_000);

  test("error: a weighted pool's weight outside (0, 1) names runs.<i>.poolModel.weight", () => {
    const raw = {
      data: { pool: "x" },
      position: { deposit: 1000 },
      strategy: { kind: "fullRange" },
      runs: [{ name: "a" }, { name: "b", poolModel: { kind: "weighted", weight: 1.5 } }],
    };
    expect(() => parseCompareConfig(raw, "c.yaml")).toThrow(/runs\.1\.poolModel\.weight/);
    expect(() => parseCompareConfig({ ...raw, runs: [{ name: "a", poolModel: { kind: "v4" } }] })).toThrow(
      /runs\.0\.poolModel\.kind/,
    );
    // Hedges that read the v3 LP gamma are refused on a v2 / weighted pool (fail closed), gamma-free ones accepted.
    const ww = { kind: "delta", trigger: { kind: "whalleyWilmott", riskAversion: 0.001 } };
    expect(() =>
      parseCompareConfig({ ...raw, runs: [{ name: "a", poolModel: { kind: "v2" }, hedge: ww }] }, "c.yaml"),
    ).toThrow(/runs\.0\.hedge.*v3 LP gamma/);
    expect(() =>
      parseCompareConfig({
        ...raw,
        poolModel: { kind: "weighted", weight: 0.5 },
        runs: [{ name: "a", hedge: ww }],
      }),
    ).toThrow(/runs\.0\.hedge.*v3 LP gamma/);
    const band = { kind: "delta", trigger: { kind: "absolute", band: 0.1 } };
    expect(
      parseCompareConfig({ ...raw, runs: [{ name: "a", poolModel: { kind: "v2" }, hedge: band }] }).runs,
    ).toHaveLength(1);
  });
});
