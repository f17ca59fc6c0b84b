import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT } from "../../test/helpers/sharedData.js";
import { runBacktest } from "../backtest/runBacktest.js";
import { type RunVaultBacktestReturnType, runVaultBacktest } from "../backtest/runVaultBacktest.js";
import { VAULT_PART_COLUMNS, type VaultDetailSeries } from "../backtest/vaultDetail.js";
import { loadVaultConfig, parseBacktestConfig } from "../config/index.js";
import {
  renderVaultHtml,
  vaultPartTable,
  vaultSeriesColumns,
  vaultSeriesToCsv,
  vaultWaterfalls,
} from "./renderVaultHtml.js";
import { columnsToCsv } from "./seriesCsv.js";

// The example vault on real data: two pools on two chains (Polygon WETH/USDC, Ethereum WETH/oSQTH) and an ETH perp.
const FILE = join(REPO_ROOT, "examples/vault-polygon-osqth.yaml");
let plain: RunVaultBacktestReturnType;
let run: RunVaultBacktestReturnType;
let d: VaultDetailSeries;

beforeAll(() => {
  const config = loadVaultConfig(FILE);
  const baseDir = join(REPO_ROOT, "examples");
  plain = runVaultBacktest({ config, baseDir });
  run = runVaultBacktest({ config, baseDir, detail: true });
  d = run.detail as VaultDetailSeries;
});

const close = (a: number, b: number, rel = 1e-9) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));

describe("vault detail (recordVaultDetail through runVaultBacktest)", () => {
  test("stepping bar by bar gives the same summary and record as one advance, to the bit", () => {
    expect(plain.detail).toBeUndefined();
    expect(JSON.stringify(run.summary)).toBe(JSON.stringify(plain.summary));
    const a = plain.series;
    const b = run.series;
    if (a === undefined || b === undefined) throw new Error("no vault record");
    for (const k of ["value", "price", "poolDelta", "netDelta"] as const) expect(b[k]).toEqual(a[k]);
  });

  test("one row per vault bar; the last row is the summary's end state", () => {
    const s = run.summary;
    const n = s.rows;
    expect(d.time.length).toBe(n);
    expect(d.value[n - 1]).toBe(s.finalValue);
    for (const a of d.assets) {
      expect(a.price[n - 1]).toBe(s.prices[a.asset]);
      expect(a.netDelta[n - 1]).toBe(s.netDelta[a.asset]);
      expect(a.poolDelta[n - 1]).toBe(s.poolDelta[a.asset]);
    }
    s.pools.forEach((p, k) => {
      expect(d.pools[k].id).toBe(p.id);
      expect(d.pools[k].value[n - 1]).toBe(p.value);
      for (const c of VAULT_PART_COLUMNS) expect(d.pools[k].attribution[c][n - 1]).toBe(p.attribution[c]);
    });
    s.venues.forEach((v, k) => {
      expect(d.venues[k].value[n - 1]).toBe(v.value);
      expect(d.venues[k].attribution.total[n - 1]).toBe(v.attribution.total);
      expect(d.venues[k].basis[n - 1]).toBe(v.attribution.basis);
    });
    // The hedge asset's columns equal the vault's own record at every bar.
    const hedge = d.assets.find((a) => a.asset === s.hedgeAsset);
    expect(hedge?.netDelta).toEqual(run.series?.netDelta);
    expect(hedge?.price).toEqual(run.series?.price);
  });

  test("at every bar the parts' attribution adds up to the vault's PnL so far (value − initial)", () => {
    const s = run.summary;
    let worst = 0;
    for (let i = 0; i < d.time.length; i++) {
      let sum = 0;
      for (const p of [...d.pools, ...d.venues]) sum += p.attribution.total[i];
      worst = Math.max(worst, Math.abs(sum - (d.value[i] - s.initialValue)));
    }
    expect(worst).toBeLessThan(1e-7);
  });

  test("each part's total is its signed components (lvr, costs subtracted); values add up to the vault value", () => {
    const n = d.time.length;
    for (const p of [...d.pools, ...d.venues])
      for (let i = 0; i < n; i += 97) {
        const a = p.attribution;
        close(
          a.total[i],
          a.fees[i] +
            a.rebalancing[i] -
            a.lvr[i] +
            a.inventory[i] +
            a.hedge[i] +
            a.funding[i] +
            a.premium[i] -
            a.costs[i] +
            a.rounding[i] +
            a.quoteRevaluation[i],
        );
      }
    // The vault's cash is the start value less the deposits; value = cash now + parts' values, so the parts'
    // values differ from the vault value by the cash (constant here: the perp margin moves inside the venue).
    const cash = (i: number) =>
      d.value[i] - d.pools.reduce((s, p) => s + p.value[i], 0) - d.venues.reduce((s, v) => s + v.value[i], 0);
    close(cash(0), cash(n - 1), 1e-9);
  });

  test("the clock pool's value and in-range per bar are a single-pool backtest's of the same position", () => {
    // The vault's first pool (6,000 USDC, ±5 %, passive, gas 0.05 USD) run alone as a one-pool backtest.
    const cfg = loadVaultConfig(FILE);
    const p0 = cfg.pools[0];
    const single = runBacktest({
      config: parseBacktestConfig({
        data: p0.data,
        position: p0.position,
        strategy: p0.strategy,
        costs: cfg.costs,
        latencyMinutes: cfg.latencyMinutes,
        inRangeMode: cfg.inRangeMode,
      }),
      baseDir: join(REPO_ROOT, "examples"),
    });
    const s = single.series;
    expect(d.pools[0].inRange).toEqual(s.inRange);
    expect(d.pools[0].value).toEqual(s.value);
    const mean = d.pools[0].inRange.reduce((a, b) => a + b, 0) / d.time.length;
    close(mean, single.totals.timeInRange);
    for (const p of d.pools) for (const x of p.inRange) expect(x >= 0 && x <= 1).toBe(true);
  });

  test("hold: the value after the first fills, then the cash plus each pool's hodl holdings at the bar's prices", () => {
    expect(d.hold[0]).toBe(d.value[0]);
    const last = d.time.length - 1;
    for (let i = 0; i <= last; i++) expect(Number.isFinite(d.hold[i])).toBe(true);
    // Over the run ETH fell (1,839 → 1,684 USD) and so did the hold benchmark; with no new fills in the pools
    // (passive), the hold moves only with prices: the polygon pool's hodl is ETH + USDC, the oSQTH one's oSQTH + WETH.
    const eth = d.assets.find((a) => a.asset === "ETH");
    if (eth === undefined) throw new Error("no ETH");
    expect(eth.price[last]).toBeLessThan(eth.price[0]);
    expect(d.hold[last]).toBeLessThan(d.hold[0]);
    // the vault (LP + hedge) beat holding the deposits' assets unhedged on the way down
    expect(d.value[last] - d.hold[last]).toBeGreaterThan(0);
  });
});

describe("vault detail of an unhedged vault (the vault's own unhedged record path)", () => {
  test("the same summary and record as one advance; no venue columns; parts add up to the PnL at every bar", () => {
    const config = { ...loadVaultConfig(FILE), hedge: undefined };
    const baseDir = join(REPO_ROOT, "examples");
    const a = runVaultBacktest({ config, baseDir });
    const b = runVaultBacktest({ config, baseDir, detail: true });
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    expect(b.series?.value).toEqual(a.series?.value);
    const u = b.detail as VaultDetailSeries;
    expect(u.venues).toEqual([]);
    expect(b.summary.venues).toEqual([]);
    let worst = 0;
    for (let i = 0; i < u.time.length; i++) {
      const sum = u.pools.reduce((x, p) => x + p.attribution.total[i], 0);
      worst = Math.max(worst, Math.abs(sum - (u.value[i] - b.summary.initialValue)));
    }
    expect(worst).toBeLessThan(1e-7);
    // unhedged, the ETH net delta is the pools' delta
    const eth = u.assets.find((x) => x.asset === "ETH");
    expect(eth?.netDelta).toEqual(eth?.poolDelta);
    const csv = vaultSeriesToCsv(u).split("\n")[0];
    expect(csv).not.toContain("perp.");
  });
});

describe("vault series.csv", () => {
  test("header, one line per bar, every number read back exactly", () => {
    const csv = vaultSeriesToCsv(d);
    const lines = csv.trimEnd().split("\n");
    const cols = vaultSeriesColumns(d);
    expect(lines[0]).toBe(`time,${cols.map((c) => c.name).join(",")}`);
    expect(lines[0].split(",")).toContain("ethereum-weth-osqth.quoteRevaluation");
    expect(lines[0].split(",")).toContain("netDelta.OSQTH");
    expect(lines.length).toBe(d.time.length + 1);
    for (const i of [0, 1, 2000, d.time.length - 1]) {
      const cells = lines[i + 1].split(",");
      expect(cells.length).toBe(cols.length + 1);
      expect(Date.parse(cells[0])).toBe(d.time[i]);
      for (let j = 0; j < cols.length; j++) expect(Number(cells[j + 1]) === cols[j].values[i]).toBe(true);
    }
  });

  test("columnsToCsv: any doubles round-trip; NaN is an empty cell", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double(), fc.double({ noNaN: true })), { minLength: 1, maxLength: 20 }),
        (rows) => {
          const time = Float64Array.from(rows, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000);
          const a = Float64Array.from(rows, (r) => r[0]);
          const b = Float64Array.from(rows, (r) => r[1]);
          const lines = columnsToCsv(time, [
            { name: "a", values: a },
            { name: "b", values: b },
          ])
            .trimEnd()
            .split("\n");
          expect(lines.length).toBe(rows.length + 1);
          rows.forEach((r, i) => {
            const [, ca, cb] = lines[i + 1].split(",");
            if (Number.isNaN(r[0])) expect(ca).toBe("");
            else expect(Number(ca) === r[0]).toBe(true);
            expect(Number(cb) === r[1]).toBe(true);
          });
        },
      ),
    );
  });
});

describe("vault part table and waterfalls", () => {
  test("one row per pool and venue; Σ totals = attributed PnL; the venue has no quote revaluation", () => {
    const s = run.summary;
    const t = vaultPartTable(s);
    expect(t.headers.slice(0, 3)).toEqual(["part", "assets", "value"]);
    expect(t.headers.length).toBe(3 + VAULT_PART_COLUMNS.length);
    expect(t.rows.map((r) => r.part)).toEqual([...s.pools.map((p) => p.id), ...s.venues.map((v) => v.id)]);
    const ti = VAULT_PART_COLUMNS.indexOf("total");
    close(
      t.rows.reduce((a, r) => a + r.attribution[ti], 0),
      s.attributedPnl,
    );
    close(s.attributedPnl, s.pnl, 1e-9);
    expect(t.rows[t.rows.length - 1].attribution[VAULT_PART_COLUMNS.indexOf("quoteRevaluation")]).toBe(0);
  });

  test("both waterfalls' steps add up to the vault PnL", () => {
    const s = run.summary;
    const w = vaultWaterfalls(s);
    for (const f of [w.byPart, w.byComponent]) {
      expect(f.total.value).toBe(s.pnl);
      close(
        f.steps.reduce((a, x) => a + x.value, 0),
        s.pnl,
      );
    }
    expect(w.byComponent.steps.map((x) => x.label)).toContain("− lvr");
  });
});

describe("renderVaultHtml", () => {
  test("one page shell, escaped title, the charts as inline SVG, no scripts", () => {
    const html = renderVaultHtml({
      title: "vault <a&b>",
      summary: run.summary,
      rows: [["pnl", String(run.summary.pnl)]],
      detail: d,
      events: run.events,
      maxPoints: 300,
      maxEvents: 10,
    });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<h1>vault &lt;a&amp;b&gt;</h1>");
    expect(html).not.toContain("<script");
    // 2 waterfalls + value, PnL per part, one net-delta chart per asset (2), in-range share
    expect(html.match(/<figure>/g)?.length).toBe(7);
    expect(html).toContain(`… and ${run.events.length - 10} more (events.csv)`);
    expect(html).toContain('data-markers="45"');
  });
});
