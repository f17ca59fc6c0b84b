/// <reference lib="dom" />
/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core over CDP, against a real API
 * server on 127.0.0.1, a SQLite store holding real backtests of the Polygon WETH/USDC pool, and our in-memory
 * KeeperReadModel port. Screenshots go to test/artifacts/ (git-ignored).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dailyPnl, loadCompareConfig, runCompareFile, sampleVariance } from "../../src/backtest/compare.js";
import { type RunBacktestReturnType, runBacktestFile } from "../../src/backtest/runBacktest.js";
import { summarizeBacktest } from "../../src/backtest/summary.js";
import { type StartedApiServer, startApiServer } from "../../src/server/createServer.js";
import { openStore, type Store, saveRun } from "../../src/store/index.js";
import { startChromium, type TestChromium } from "../helpers/chromium.js";
import { createMemoryKeeper, type MemoryKeeper, sampleStatus } from "../helpers/memoryKeeper.js";
import { REPO_ROOT } from "../helpers/sharedData.js";
import { writeSmallCompare } from "../helpers/smallCompare.js";

const TOKEN = "e2e-token-0123456789abcdef";
const ARTIFACTS = join(REPO_ROOT, "test/artifacts");
const tmp = mkdtempSync(join(tmpdir(), "lpguard-e2e-"));
let store: Store;
let server: StartedApiServer;
let keeper: MemoryKeeper;
let chrome: TestChromium;
let page: Page;
let passive: RunBacktestReturnType;
let recenter: RunBacktestReturnType;
const ids: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  store = await openStore(join(tmp, "e2e.sqlite"));
  passive = runBacktestFile(join(REPO_ROOT, "examples/passive-polygon.yaml"));
  recenter = runBacktestFile(join(REPO_ROOT, "examples/recenter-polygon.yaml"));
  ids.passive = (
    await saveRun(store, {
      kind: "backtest",
      name: "passive ±10 %",
      result: passive,
      summary: summarizeBacktest(passive),
    })
  ).id;
  ids.recenter = (
    await saveRun(store, {
      kind: "backtest",
      name: "recenter",
      result: recenter,
      summary: summarizeBacktest(recenter),
    })
  ).id;
  const cmpFile = writeSmallCompare(join(tmp, "compare.json"), { runs: 5 });
  ids.compare = (
    await saveRun(store, {
      kind: "compare",
      name: "hedges compared",
      spec: loadCompareConfig(cmpFile),
      result: runCompareFile(cmpFile),
    })
  ).id;
  const sweep = await store.createSweep({
    name: "width × band grid",
    spec: { widths: [4, 8, 12], bands: [1, 2, 3, 4] },
  });
  ids.sweep = sweep.id;
  await store.putSweepPoints(
    sweep.id,
    [4, 8, 12].flatMap((widthPct) =>
      [1, 2, 3, 4].map((bandPct) => ({
        hash: `w${widthPct}b${bandPct}`,
        params: { widthPct, bandPct },
        status: widthPct === 12 && bandPct === 4 ? ("queued" as const) : ("done" as const),
        metrics:
          widthPct === 12 && bandPct === 4
            ? null
            : { pnl: widthPct * 10 - bandPct, sharpe: bandPct / widthPct },
        runId: null,
      })),
    ),
  );
  keeper = createMemoryKeeper(sampleStatus(Date.now() - 60_000));
  keeper.pushEvent("started", { vault: "vault-1" });
  keeper.pushEvent("hedge.filled", { symbol: "ETH/USDT:USDT", quantity: -1.25 });
  server = await startApiServer({ store, token: TOKEN, keeper, keeperPollMs: 100 });
  chrome = await startChromium();
  const context = chrome.browser.contexts()[0] ?? (await chrome.browser.newContext());
  page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => process.stderr.write(`page error: ${e.message}\n`));
});

afterAll(async () => {
  await chrome?.stop();
  await server?.close();
  await store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const shot = async (name: string) => {
  const file = join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
};

describe("dashboard", () => {
  test("default: a wrong token is refused; the right one logs in and opens the vault page", async () => {
    await page.goto(server.url);
    await page.fill("#token", "not-the-token-0000000000");
    await page.click("#login-form button");
    await page.waitForFunction(() =>
      document.querySelector("#login-error")?.textContent?.includes("refused"),
    );
    await page.fill("#token", TOKEN);
    await page.click("#login-form button");
    await page.waitForSelector("#nav:not([hidden])");
    await page.waitForSelector('[data-kpi="value"]');
    expect(page.url()).toMatch(/#\/vault$/);
    // the token never goes into the URL
    expect(page.url()).not.toContain(TOKEN);
  });

  test("behavior: the vault page shows value vs hold, attribution, net delta, positions, hedges and events", async () => {
    const s = sampleStatus(0);
    expect(await page.textContent('[data-kpi="value"]')).toBe("10,033");
    expect(await page.textContent('[data-kpi="value − hold"]')).toBe(
      (s.value - s.hodlValue).toLocaleString("en-US", { maximumFractionDigits: 2 }),
    );
    const svg = await page.evaluate(
      () => (window as never as { __lpguard: { svg: Record<string, unknown> } }).__lpguard.svg,
    );
    expect(svg.attribution).toEqual({ bars: Object.keys(s.attribution).length + 1 });
    expect(svg["net-delta"]).toEqual({ bars: 2 });
    expect(svg["position-0"]).toEqual({ inRange: true });
    expect(await page.locator("#chart-attribution rect").count()).toBe(Object.keys(s.attribution).length + 1);
    expect(await page.locator("#hedges td.num").first().textContent()).toBe("-1.25");
    expect(await page.locator("#event-list li").count()).toBe(2);
    await page.waitForFunction(() => document.querySelector("#live")?.textContent === "live");
    await shot("vault.png");
  });

  test("behavior: a keeper event arrives live over the event stream and the page refreshes the state", async () => {
    keeper.setStatus({
      ...sampleStatus(Date.now()),
      value: 10_100.5,
      state: "degraded",
      reason: "funding spike",
    });
    const e = keeper.pushEvent("rebalance", { tickLower: 200_000, tickUpper: 202_000 });
    await page.waitForSelector(`#event-list li[data-event-id="${e.id}"]`, { timeout: 30_000 });
    expect(await page.textContent(`#event-list li[data-event-id="${e.id}"]`)).toContain("rebalance");
    await page.waitForFunction(() => document.querySelector('[data-kpi="value"]')?.textContent === "10,101");
    expect(await page.textContent('[data-kpi="state"]')).toContain("degraded");
    // the value-vs-hold chart now holds both status points
    const n = await page.evaluate(
      () =>
        (window as never as { __lpguard: { charts: Record<string, { data: unknown[][] }> } }).__lpguard
          .charts["vault-value"].data[0].length,
    );
    expect(n).toBe(2);
    const file = await shot("vault-live.png");
    copyFileSync(file, "/tmp/lpguard-vault.png");
  });

  test("behavior: the runs page lists and filters runs; a stored backtest draws its 50,400 minutes", async () => {
    await page.click('a[data-nav="runs"]');
    await page.waitForSelector("#runs-table tr[data-run]");
    expect(await page.locator("#runs-table tr[data-run]").count()).toBe(3);
    await page.selectOption("#f-kind", "compare");
    await page.waitForFunction(() => document.querySelectorAll("#runs-table tr[data-run]").length === 1);
    await page.selectOption("#f-kind", "");
    await page.waitForFunction(() => document.querySelectorAll("#runs-table tr[data-run]").length === 3);
    await page.click(`tr[data-run="${ids.passive}"] td:nth-child(4)`);
    await page.waitForFunction(() => {
      const c = (window as never as { __lpguard: { charts: Record<string, unknown> } }).__lpguard.charts;
      return c.value && c.price && c["attribution-lines"];
    });
    const rows = 50_400;
    const stride = Math.ceil((rows - 1) / (3000 - 1));
    const expectedPoints = Math.ceil(rows / stride) + ((rows - 1) % stride !== 0 ? 1 : 0);
    const drawn = await page.evaluate(() => {
      const lp = (
        window as never as {
          __lpguard: {
            charts: Record<string, { data: ArrayLike<number | null>[]; series: unknown[] }>;
            inkPixels: (u: unknown) => number;
          };
        }
      ).__lpguard;
      const v = lp.charts.value;
      const p = lp.charts.price;
      return {
        points: v.data[0].length,
        firstValue: v.data[1][0],
        lastValue: v.data[1][v.data[1].length - 1],
        firstTime: v.data[0][0],
        priceSeries: p.series.length,
        ink: {
          value: lp.inkPixels(v),
          price: lp.inkPixels(p),
          attr: lp.inkPixels(lp.charts["attribution-lines"]),
        },
      };
    });
    expect(drawn.points).toBe(expectedPoints);
    expect(drawn.firstValue).toBe(passive.series.value[0]);
    expect(drawn.lastValue).toBe(passive.series.value[rows - 1]);
    expect(drawn.firstTime).toBe(passive.series.time[0] / 1000);
    expect(drawn.priceSeries).toBe(4); // x + price + upper + lower
    for (const [k, n] of Object.entries(drawn.ink)) expect(n, `${k} chart ink`).toBeGreaterThan(2000);
    expect(await page.locator("#run-events tr").count()).toBe(Math.min(300, passive.events.length) + 1);
    expect(await page.locator("#chart-waterfall rect").count()).toBe(9);
    const file = await shot("run-backtest.png");
    copyFileSync(file, "/tmp/lpguard-run.png");
  });

  test("behavior: two backtests compare on a PnL vs PnL-volatility scatter that matches compare.ts", async () => {
    await page.click('a[data-nav="runs"]');
    await page.waitForSelector(`[data-select="${ids.passive}"]`);
    await page.check(`[data-select="${ids.passive}"]`);
    await page.check(`[data-select="${ids.recenter}"]`);
    await page.click("#compare-btn");
    await page.waitForSelector('svg[data-chart="scatter"] circle');
    expect(await page.locator('svg[data-chart="scatter"] circle').count()).toBe(2);
    const pts = (await page.evaluate(
      () => (window as never as { __lpguard: { comparePoints: unknown } }).__lpguard.comparePoints,
    )) as { label: string; x: number; y: number }[];
    const byName = Object.fromEntries(pts.map((p) => [p.label, p]));
    for (const [name, run] of [
      ["passive ±10 %", passive],
      ["recenter", recenter],
    ] as const) {
      const sd = Math.sqrt(sampleVariance(dailyPnl(run.series, run.totals.initialValue)));
      expect(byName[name].x).toBeCloseTo(sd, 9);
      expect(byName[name].y).toBeCloseTo(run.totals.pnl, 9);
    }
    await shot("compare-scatter.png");
  });

  test("behavior: a stored compare run shows one scatter point and one value line per sub-run", async () => {
    await page.goto(`${server.url}/#/runs/${ids.compare}`);
    await page.waitForSelector('svg[data-chart="scatter"] circle');
    const run = await store.getRun(ids.compare);
    const rows = (run!.summary as { rows: unknown[] }).rows;
    expect(await page.locator('svg[data-chart="scatter"] circle').count()).toBe(rows.length);
    await page.waitForFunction(
      () =>
        (window as never as { __lpguard: { charts: Record<string, unknown> } }).__lpguard.charts[
          "compare-value"
        ],
    );
    const lines = await page.evaluate(
      () =>
        (window as never as { __lpguard: { charts: Record<string, { series: unknown[] }> } }).__lpguard
          .charts["compare-value"].series.length,
    );
    expect(lines).toBe(rows.length + 1);
    await shot("run-compare.png");
  });

  test("behavior: a sweep opens as a heatmap of a metric over two parameters", async () => {
    await page.goto(`${server.url}/#/runs`);
    await page.waitForSelector(`tr[data-sweep="${ids.sweep}"]`);
    await page.click(`tr[data-sweep="${ids.sweep}"]`);
    await page.waitForSelector('svg[data-chart="heatmap"] rect[data-x]');
    expect(await page.locator('svg[data-chart="heatmap"] rect[data-x]').count()).toBe(12);
    const info = await page.evaluate(
      () => (window as never as { __lpguard: { svg: Record<string, unknown> } }).__lpguard.svg.heatmap,
    );
    expect(info).toEqual({ cells: 11, lo: 36, hi: 119 });
    const cell = page.locator('svg[data-chart="heatmap"] rect[data-x="8"][data-y="3"]');
    expect(await cell.getAttribute("data-value")).toBe("77");
    expect(
      await page.locator('svg[data-chart="heatmap"] rect[data-x="12"][data-y="4"]').getAttribute("fill"),
    ).toBe("#e5e7eb");
    await page.selectOption("#hm", "sharpe");
    await page.waitForFunction(
      () =>
        (window as never as { __lpguard: { svg: Record<string, { hi: number }> } }).__lpguard.svg.heatmap
          ?.hi === 1,
    );
    await shot("sweep-heatmap.png");
  });
});
