/**
 * Group "vault": minutes per second of the two-pool vault of `examples/vault-polygon-osqth.yaml` (Polygon WETH/USDC
 * + Ethereum WETH/oSQTH, 2023-08-14..17), unhedged and with its ETH perp hedge, next to the same Polygon pool alone
 * through one engine (the baseline), after load. Goal (issue #8): a two-pool vault ≥ 0.4× a one-pool run per minute.
 * The hedged vault is shown against the unhedged one-pool run and against the same pool with the same perp hedge; the
 * vault's two pool engines alone (no vault work) show its floor.
 */
import { dirname, join } from "node:path";
import type { DataCache } from "../src/backtest/hedgeSetup.js";
import { loadVaultConfig, parseBacktestConfig } from "../src/config/index.js";
import { assemble } from "../src/run/assemble.js";
import { assembleVault } from "../src/run/assembleVault.js";
import { REPO_ROOT } from "../test/helpers/sharedData.js";
import type { BenchCase } from "./harness.js";

export function cases(): BenchCase[] {
  const file = join(REPO_ROOT, "examples", "vault-polygon-osqth.yaml");
  const config = loadVaultConfig(file);
  const baseDir = dirname(file);
  const series = assembleVault({ config, baseDir }).series;
  const unhedged = { ...config, hedge: undefined };
  const cache = new Map<string, unknown>();
  // The baseline: the Polygon pool of the vault alone, assembled from the same run spec (single-pool form).
  const p0 = config.pools[0];
  const single = parseBacktestConfig({
    data: p0.data,
    position: p0.position,
    strategy: p0.strategy,
    costs: config.costs,
  });
  // The like-for-like baseline of the hedged vault: the same pool with the vault's ETH perp hedge, one engine.
  const singleHedged = parseBacktestConfig({
    data: p0.data,
    position: p0.position,
    strategy: p0.strategy,
    costs: config.costs,
    hedge: config.hedge,
    venues: config.venues,
  });
  // Its funding series loaded once (the vault's own cache holds the vault's), as the vault cases do.
  const hedgedCache: DataCache = new Map();
  const out: BenchCase[] = [];
  for (const record of [true, false]) {
    const tail = record ? "" : ", totals only";
    const baseline = `one pool (Polygon), one engine${tail}`;
    const common = { group: "vault", ops: series[0].length, unit: "minutes", clock: "cpu" } as const;
    out.push({
      ...common,
      name: baseline,
      fn: () => {
        const e = assemble({ config: single, baseDir, series: series[0], record }).engine;
        e.advance();
        return e.totals().finalValue;
      },
    });
    out.push({
      ...common,
      name: `two-pool vault, unhedged${tail}`,
      baseline,
      goalRatio: 0.4,
      fn: () => {
        const v = assembleVault({ config: unhedged, baseDir, series, record, cache }).vault;
        v.advance();
        return v.totals().finalValue;
      },
    });
    // The vault's floor: its two pool engines (built by the same assembly, with their taps) stepped through the
    // vault's blocks of 256 bars, with none of the vault's own per-bar work (conversion, netting, record, hedge).
    // The distance between this row and the vault's is what the vault itself costs.
    out.push({
      ...common,
      name: `two pool engines of the vault, without the vault${tail}`,
      baseline,
      fn: () => {
        const { pools } = assembleVault({ config: unhedged, baseDir, series, record, cache });
        const time = series[0].time;
        let v = 0;
        for (let b0 = 0; b0 < time.length; b0 += 256) {
          const tEnd = time[Math.min(time.length, b0 + 256) - 1];
          for (const p of pools) {
            p.engine.clearTap();
            p.engine.advanceUntil(tEnd);
          }
        }
        for (const p of pools) v += p.engine.value;
        return v;
      },
    });
    const hedgedVault = () => {
      const v = assembleVault({ config, baseDir, series, record, cache }).vault;
      v.advance();
      return v.totals().finalValue;
    };
    out.push({
      ...common,
      name: `two-pool vault, ETH perp hedge${tail}`,
      baseline,
      goalRatio: 0.4,
      fn: hedgedVault,
    });
    const hedgedBaseline = `one pool (Polygon) + ETH perp hedge, one engine${tail}`;
    out.push({
      ...common,
      name: hedgedBaseline,
      baseline,
      fn: () => {
        const e = assemble({
          config: singleHedged,
          baseDir,
          series: series[0],
          record,
          cache: hedgedCache,
        }).engine;
        e.advance();
        return e.totals().finalValue;
      },
    });
    out.push({
      ...common,
      name: `two-pool vault, ETH perp hedge, against the hedged one-pool run${tail}`,
      baseline: hedgedBaseline,
      goalRatio: 0.4,
      fn: hedgedVault,
    });
  }
  return out;
}
