import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { runBacktest } from "../../src/backtest/runBacktest.js";
import { runVaultBacktest } from "../../src/backtest/runVaultBacktest.js";
import {
  loadVaultConfig,
  parseBacktestConfig,
  parseVaultConfig,
  type VaultConfig,
} from "../../src/config/index.js";
import { marketPriceAt } from "../../src/engine/market.js";
import { assembleVault } from "../../src/run/assembleVault.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

const EXAMPLE = join(REPO_ROOT, "examples", "vault-polygon-osqth.yaml");
const config = loadVaultConfig(EXAMPLE);
const baseDir = dirname(EXAMPLE);

/**
 * Runs `config` stepped bar by bar and in one advance (both recording), expects equal totals and net-delta series,
 * and returns the stepped run and its totals.
 */
function steppedEqualsWhole(config: VaultConfig) {
  const stepped = assembleVault({ config, baseDir, record: true });
  while (stepped.vault.step()) {}
  const whole = assembleVault({ config, baseDir, record: true });
  whole.vault.advance();
  const totals = stepped.vault.totals();
  expect(whole.vault.totals()).toStrictEqual(totals);
  expect(Array.from(whole.vault.series()!.netDelta)).toStrictEqual(
    Array.from(stepped.vault.series()!.netDelta),
  );
  return { stepped, totals };
}

describe("vault (examples/vault-polygon-osqth.yaml)", () => {
  const a = assembleVault({ config, baseDir });
  a.vault.advance();
  const t = a.vault.totals();

  test("behavior: attribution per pool and venue sums to the vault's PnL (1e-9 relative)", () => {
    expect(t.pools.map((p) => p.id)).toStrictEqual(["polygon-weth-usdc", "ethereum-weth-osqth"]);
    expect(t.venues.map((v) => v.id)).toStrictEqual(["perp"]);
    expect(Math.abs(t.attributedPnl - t.pnl) / t.initialValue).toBeLessThan(1e-9);
    // The value is the sum of its parts: Polygon value (USD) + oSQTH pool value (WETH) × ETH price + perp + cash.
    const eth = marketPriceAt(a.series[0], a.series[0].length - 1);
    expect(t.prices.ETH).toBe(eth);
    const osqthPool = a.pools[1].engine;
    expect(t.pools[1].value).toBe(osqthPool.value * eth);
    expect(t.initialValue).toBeCloseTo(10_000 * 1.25, 9);
    // Every part earned or lost something real.
    expect(t.pools[0].attribution.fees).toBeGreaterThan(0);
    expect(t.pools[1].attribution.fees).toBeGreaterThan(0);
    expect(t.pools[1].attribution.quoteRevaluation).not.toBe(0);
    expect(t.venues[0].attribution.funding).not.toBe(0);
  });

  test("behavior: ETH delta is netted across both chains and the perp hedges it to its band", () => {
    // Independent count of ETH held: Polygon position's WETH (base) and the oSQTH position's WETH (quote), with
    // uncollected fees and idle cash of each pool's account.
    const pg = a.pools[0].engine;
    const os = a.pools[1].engine;
    let ethPolygon = pg.ledger.cashBase;
    for (const p of pg.pool.positions) ethPolygon += p.base + p.owedBase;
    let ethEthereum = os.ledger.cashQuote;
    for (const p of os.pool.positions) ethEthereum += p.quote + p.owedQuote;
    let osqth = os.ledger.cashBase;
    for (const p of os.pool.positions) osqth += p.base + p.owedBase;
    expect(t.poolDelta.ETH).toBeCloseTo(ethPolygon + ethEthereum, 9);
    expect(t.poolDelta.OSQTH).toBeCloseTo(osqth, 9);
    expect(ethPolygon).toBeGreaterThan(0);
    expect(ethEthereum).toBeGreaterThan(0);
    expect(t.netDelta.ETH).toBeCloseTo(t.poolDelta.ETH + t.venues[0].delta, 12);
    // Band 0.1 ETH around −(net delta); at every bar after the first hedge the net delta stays near the band.
    const s = a.vault.series()!;
    let worst = 0;
    for (let i = 10; i < s.netDelta.length; i++) worst = Math.max(worst, Math.abs(s.netDelta[i]));
    expect(worst).toBeLessThan(0.2);
    expect(Math.abs(t.netDelta.ETH)).toBeLessThanOrEqual(0.1 + 1e-9);
    // Unhedged, the vault would hold several ETH of delta.
    expect(Math.abs(t.poolDelta.ETH)).toBeGreaterThan(1);
  });

  test("behavior: a vault snapshotted at bar k, restored and stepped to the end equals the uninterrupted run", () => {
    const k = 2000;
    const first = assembleVault({ config, baseDir });
    for (let i = 0; i < k; i++) first.vault.step();
    const snap = JSON.parse(JSON.stringify(first.vault.snapshot()));
    const second = assembleVault({ config, baseDir });
    second.vault.restore(snap);
    second.vault.advance();
    expect(second.vault.totals()).toStrictEqual(t);
    expect(Array.from(second.vault.series()!.value.subarray(k))).toStrictEqual(
      Array.from(a.vault.series()!.value.subarray(k)),
    );
  });

  test("behavior: a vault stepped bar by bar equals one advanced in one call (volatility band: the policy reads the pricing pool's tick)", () => {
    // The volatility trigger's EWMA reads the pricing pool's close tick at the vault's bar: advancing in blocks
    // must show it the tick of that bar, never one from the end of the block.
    const vol = parseVaultConfig({
      ...config,
      hedge: { ...config.hedge, trigger: { kind: "volatility", k: 1, horizonMinutes: 60 } },
    });
    const { totals: ts } = steppedEqualsWhole(vol);
    // The band moved with the volatility: the hedge traded more than once.
    expect(ts.venues[0].attribution.costs).toBeGreaterThan(0);
    expect(ts.rows).toBe(a.series[0].length);
  });

  test("behavior: a re-centring pricing pool under a Whalley–Wilmott band: stepped bar by bar equals one advance (the policy sees each bar's positions, never the block end's)", () => {
    // The band reads the LP gamma from the pricing pool's positions. The pools advance 256 bars at a time; a range
    // re-centred inside a block must reach the policy at the bar it happened, not at the block's start.
    const ww = parseVaultConfig({
      ...config,
      pools: [
        {
          ...config.pools[0],
          position: { ...config.pools[0].position, range: { belowPct: 1, abovePct: 1 } },
          strategy: { kind: "recenter", params: { widthPct: 1, bandPct: 0.5, cooldownMinutes: 30 } },
        },
        config.pools[1],
      ],
      hedge: { ...config.hedge, trigger: { kind: "whalleyWilmott", riskAversion: 0.001 } },
    });
    const { stepped, totals: ts } = steppedEqualsWhole(ww);
    // The pricing pool re-centred (inside blocks) and the hedge traded.
    expect(stepped.pools[0].engine.pool.rebalances).toBeGreaterThan(3);
    expect(ts.venues[0].attribution.costs).toBeGreaterThan(0);
  });

  test("behavior: with the WETH-quoted oSQTH pool as the clock (pools swapped), stepping bar by bar, uneven chunks and one advance agree bit for bit, unhedged and hedged", () => {
    // The vault's block passes read the clock pool's tap in place and convert its WETH attribution row by row:
    // blocks of 1, 255, 257 and 1000 bars must give the numbers of one advance.
    const swapped = parseVaultConfig({ ...config, pools: [config.pools[1], config.pools[0]] });
    for (const c of [parseVaultConfig({ ...swapped, hedge: undefined }), swapped]) {
      const whole = assembleVault({ config: c, baseDir });
      whole.vault.advance();
      const stepped = assembleVault({ config: c, baseDir });
      while (stepped.vault.step()) {}
      const chunks = assembleVault({ config: c, baseDir });
      for (const n of [1, 255, 257, 1000]) chunks.vault.advance(n);
      chunks.vault.advance();
      const tw = whole.vault.totals();
      expect(stepped.vault.totals()).toStrictEqual(tw);
      expect(chunks.vault.totals()).toStrictEqual(tw);
      const sw = whole.vault.series()!;
      for (const k of ["value", "price", "poolDelta", "netDelta"] as const) {
        expect(Array.from(stepped.vault.series()![k])).toStrictEqual(Array.from(sw[k]));
        expect(Array.from(chunks.vault.series()![k])).toStrictEqual(Array.from(sw[k]));
      }
      expect(Math.abs(tw.attributedPnl - tw.pnl) / tw.initialValue).toBeLessThan(1e-9);
      expect(tw.pools[0].attribution.quoteRevaluation).not.toBe(0);
      if (c.hedge === undefined) {
        // Independently from the pool engines: the oSQTH pool's value (WETH) at the Polygon pool's last price, plus
        // the Polygon pool's value (USD), summed in the vault's order (cash, then the pools).
        const os = whole.pools[0].engine;
        const pg = whole.pools[1].engine;
        const eth = marketPriceAt(pg.market, pg.bar - 1);
        expect(tw.prices.ETH).toBe(eth);
        expect(tw.finalValue).toBe(0 + os.value * eth + pg.value);
        expect(sw.value[sw.value.length - 1]).toBe(tw.finalValue);
      } else expect(tw.venues[0].attribution.costs).toBeGreaterThan(0);
    }
  });

  test("behavior: unhedged, totals only (the one-pass block route) equals the recorded run bit for bit, in both pool orders, stepped, in uneven chunks and whole", () => {
    // Without a record the pools after the clock convert their attribution in one pass per block (`pullConvert`);
    // with one they go through the per-bar columns. Both must give the same totals, whatever the block boundaries.
    const swapped = parseVaultConfig({ ...config, pools: [config.pools[1], config.pools[0]] });
    for (const c of [
      parseVaultConfig({ ...config, hedge: undefined }),
      parseVaultConfig({ ...swapped, hedge: undefined }),
    ]) {
      const recorded = assembleVault({ config: c, baseDir, record: true });
      recorded.vault.advance();
      const tr = recorded.vault.totals();
      const whole = assembleVault({ config: c, baseDir, record: false });
      whole.vault.advance();
      const stepped = assembleVault({ config: c, baseDir, record: false });
      for (let i = 0; i < 700; i++) stepped.vault.step();
      stepped.vault.advance();
      const chunks = assembleVault({ config: c, baseDir, record: false });
      for (const n of [3, 255, 257, 1000]) chunks.vault.advance(n);
      const snap = JSON.parse(JSON.stringify(chunks.vault.snapshot()));
      const restored = assembleVault({ config: c, baseDir, record: false });
      restored.vault.restore(snap);
      restored.vault.advance();
      chunks.vault.advance();
      for (const v of [whole, stepped, chunks, restored]) {
        expect(v.vault.series()).toBeUndefined();
        expect(v.vault.totals()).toStrictEqual(tr);
      }
      // The converted pool (quoted in WETH) carries attribution and a quote revaluation.
      const k = c.pools[0].name === config.pools[1].name ? 0 : 1;
      expect(tr.pools[k].quoteAsset).toBe("ETH");
      expect(tr.pools[k].attribution.fees).toBeGreaterThan(0);
      expect(tr.pools[k].attribution.quoteRevaluation).not.toBe(0);
    }
  });

  test("behavior: a perp with its own price series shows its basis to the pools' price in attribution", () => {
    const pg = a.series[0];
    const t0 = pg.time[0];
    // The perp trades 5 USD above the Polygon pool from day 2 on (a step in the basis), at the pool price before.
    const jump = t0 + 86_400_000;
    let at = 0;
    const price = (time: number) => {
      while (at + 1 < pg.length && pg.time[at + 1] <= time) at++;
      return marketPriceAt(pg, at) + (time >= jump ? 5 : 0);
    };
    const b = assembleVault({ config, baseDir, perpPrice: price });
    b.vault.advance();
    const tb = b.vault.totals();
    const s = b.vault.series()!;
    let j = 0;
    while (s.time[j] < jump) j++;
    const pos = s.netDelta[j - 1] - s.poolDelta[j - 1];
    expect(pos).toBeLessThan(-1);
    expect(tb.venues[0].attribution.basis).toBeCloseTo(pos * 5, 9);
    expect(t.venues[0].attribution.basis).toBe(0);
    expect(Math.abs(tb.attributedPnl - tb.pnl) / tb.initialValue).toBeLessThan(1e-9);
  });

  test("behavior: the CLI prints pools and netDelta (--json)", () => {
    const out = execFileSync(
      process.execPath,
      [join(REPO_ROOT, "bin", "lpguard"), "backtest", "--config", EXAMPLE, "--json"],
      {
        encoding: "utf8",
      },
    );
    const j = JSON.parse(out);
    expect(j.kind).toBe("vault");
    expect(j.pools.length).toBe(2);
    expect(Object.keys(j.netDelta).sort()).toStrictEqual(["ETH", "OSQTH"]);
    expect(
      j.pools[0].attribution.total + j.pools[1].attribution.total + j.venues[0].attribution.total,
    ).toBeCloseTo(j.pnl, 6);
  }, 60_000);
});

describe("vault with one pool", () => {
  test("behavior: an unhedged one-pool vault equals the single-pool backtest bit for bit", () => {
    const pool = {
      data: { pool: sharedData("uniswap-v3/polygon-weth-usdc-005"), from: "2023-08-14", to: "2023-08-15" },
      position: { deposit: 10_000, range: { belowPct: 5, abovePct: 5 } },
      strategy: { kind: "recenter", params: { widthPct: 0.5, bandPct: 0.3, cooldownMinutes: 30 } },
    };
    const costs = { gasQuote: 0.05 };
    const v = runVaultBacktest({
      config: parseVaultConfig({ pools: [{ name: "p", ...pool }], costs, latencyMinutes: 1 }),
      baseDir: REPO_ROOT,
    }).summary;
    const single = runBacktest({
      config: parseBacktestConfig({ ...pool, costs, latencyMinutes: 1 }),
      baseDir: REPO_ROOT,
    }).totals;
    expect(v.finalValue).toBe(single.finalValue);
    expect(v.pnl).toBe(single.pnl);
    expect(v.pools[0].attribution.fees).toBe(single.attribution.fees);
    expect(single.rebalances).toBeGreaterThan(0);
  });

  test("error: a pool quoted in an asset no pool prices names the config path", () => {
    const c = parseVaultConfig({
      pools: [
        {
          name: "osqth",
          data: {
            pool: sharedData("uniswap-v3/ethereum-weth-osqth-030"),
            from: "2023-08-14",
            to: "2023-08-14",
          },
          position: { deposit: 1000, range: { belowPct: 5, abovePct: 5 } },
          strategy: { kind: "passive" },
        },
      ],
    });
    expect(() => assembleVault({ config: c, baseDir: REPO_ROOT })).toThrow(
      /pools\.0\.data\.pool .* quoted in ETH/,
    );
    expect(() => parseVaultConfig({ pools: [] })).toThrow(/pools/);
  });
});

describe("vault with a cost governor (hedge.governor)", () => {
  // The example's ETH perp hedge, governed as a single-pool delta hedge is (the same governor module).
  const governed = parseVaultConfig({
    ...config,
    hedge: { ...config.hedge, governor: { horizonDays: 7, riskAversion: 1e-3, priorDays: 0.1 } },
  });
  const plain = assembleVault({ config, baseDir, record: false });
  plain.vault.advance();
  const g = assembleVault({ config: governed, baseDir });
  g.vault.advance();
  const tg = g.vault.totals();
  const decisions = g.events.filter((e) => e.kind === "governor");

  test("behavior: the governor changes the number of perp trades and their costs, and logs each approval and refusal", () => {
    const tp = plain.vault.totals();
    expect(plain.perp!.trades).toBeGreaterThan(10);
    expect(g.perp!.trades).toBeGreaterThan(0);
    expect(g.perp!.trades).toBeLessThan(plain.perp!.trades);
    expect(tg.venues[0].attribution.costs).toBeGreaterThan(0);
    expect(tg.venues[0].attribution.costs).toBeLessThan(tp.venues[0].attribution.costs);
    // Every hedge intent went through the governor: the approved ones were traded, the refused ones not.
    const passed = decisions.filter((e) => e.fields.passed === true).length;
    expect(passed).toBe(g.perp!.trades);
    expect(decisions.length - passed).toBeGreaterThan(0);
    expect(new Set(decisions.map((e) => e.fields.action))).toContain("widen");
    expect(Math.abs(tg.attributedPnl - tg.pnl) / tg.initialValue).toBeLessThan(1e-9);
  });

  test("behavior: the governor weighs the vault's pools as of its bar (fees, LVR and value in the numeraire)", () => {
    // Re-derived independently: step a fresh vault through the bar of the last decision and read its totals.
    const last = decisions[decisions.length - 1];
    const v = assembleVault({ config: governed, baseDir, record: false });
    v.vault.advance(last.bar + 1);
    const at = v.vault.totals();
    const value = at.pools[0].value + at.pools[1].value;
    expect(last.fields.positionValue).toBe(value);
    const fees = at.pools[0].attribution.fees + at.pools[1].attribution.fees;
    const lvr = at.pools[0].attribution.lvr + at.pools[1].attribution.lvr;
    expect(fees).toBeGreaterThan(10);
    // Before a full fee window: the realised-so-far rate blended with the priors (costGovernorGate's formula).
    expect(last.fields.feeAprSource).toBe("prior");
    const priorYears = 0.1 / 365;
    const years = (last.time - g.series[0].time[0]) / (365 * 86_400_000);
    const feeApr = (0.2 * priorYears + fees / value) / (priorYears + years);
    const lvrPerYear = (0.05 * priorYears + lvr / value) / (priorYears + years);
    expect(Math.abs((last.fields.feeApr as number) / feeApr - 1)).toBeLessThan(1e-12);
    expect(Math.abs((last.fields.lvrPerYear as number) / lvrPerYear - 1)).toBeLessThan(1e-12);
  });

  test("behavior: stepped bar by bar, and restored from a mid-run snapshot, it equals the whole run (its state is in the snapshot)", () => {
    const { stepped } = steppedEqualsWhole(governed);
    const ofKind = (events: typeof decisions) => events.filter((e) => e.kind === "governor");
    expect(ofKind(stepped.events)).toStrictEqual(decisions);
    const k = 3000;
    const first = assembleVault({ config: governed, baseDir });
    first.vault.advance(k);
    const snap = JSON.parse(JSON.stringify(first.vault.snapshot()));
    expect(snap.gate).not.toBeNull();
    const second = assembleVault({ config: governed, baseDir });
    second.vault.restore(snap);
    second.vault.advance();
    expect(second.vault.totals()).toStrictEqual(tg);
    const after = decisions.filter((e) => e.bar >= k);
    expect(after.length).toBeGreaterThan(0);
    expect(ofKind(second.events)).toStrictEqual(after);
  });
});
