/// <reference lib="dom" />
/**
 * The vault report in a real browser: `lpguard backtest --out` on the example vault (real Polygon WETH/USDC and
 * Ethereum WETH/oSQTH minute data, Binance ETHUSDT funding), its report.html opened from disk in Debian's Chromium
 * (playwright-core over CDP). Each chart is drawn into a canvas and its pixels counted; the part table's numbers
 * are summed in the page. A screenshot goes to test/artifacts/ (git-ignored).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { startChromium, type TestChromium } from "../helpers/chromium.js";
import { REPO_ROOT } from "../helpers/sharedData.js";

const ARTIFACTS = join(REPO_ROOT, "test/artifacts");
const tmp = mkdtempSync(join(tmpdir(), "lpguard-vault-report-"));
let chrome: TestChromium;
let page: Page;
let summary: { pnl: number; finalValue: number; rows: number; pools: unknown[]; venues: unknown[] };
const problems: string[] = [];

beforeAll(async () => {
  const io = memoryIO();
  const code = await main(
    ["backtest", "--config", join(REPO_ROOT, "examples/vault-polygon-osqth.yaml"), "--json", "--out", tmp],
    io,
  );
  expect(code, io.stderr()).toBe(0);
  summary = JSON.parse(io.stdout());
  chrome = await startChromium();
  const context = chrome.browser.contexts()[0] ?? (await chrome.browser.newContext());
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(pathToFileURL(join(tmp, "report.html")).href, { waitUntil: "load" });
}, 180_000);

afterAll(async () => {
  await chrome?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Numbers as the report writes them (grouped thousands, exponent form for tiny values). */
const num = (text: string) => Number(text.replace(/,/g, "").trim());

/**
 * Draws each chart (inline SVG) into a canvas of its size and counts the pixels that are not white, once as it is
 * and once with its data (line paths, waterfall bars) removed: the difference is the ink of the data alone.
 */
async function rasterise(p: Page) {
  return p.evaluate(async () => {
    const DATA = "path[fill=none], rect[data-label]";
    const ink = async (svg: SVGSVGElement, width: number, height: number) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext("2d") as CanvasRenderingContext2D;
      g.fillStyle = "#fff";
      g.fillRect(0, 0, width, height);
      const img = new Image();
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
      await img.decode();
      g.drawImage(img, 0, 0, width, height);
      const px = g.getImageData(0, 0, width, height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] < 235 || px[i + 1] < 235 || px[i + 2] < 235) n++;
      return n;
    };
    const out: {
      title: string;
      width: number;
      height: number;
      inked: number;
      dataInk: number;
      lines: number;
    }[] = [];
    for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>("figure > svg"))) {
      const box = svg.getBoundingClientRect();
      const width = Math.round(box.width);
      const height = Math.round(box.height);
      const bare = svg.cloneNode(true) as SVGSVGElement;
      for (const el of Array.from(bare.querySelectorAll(DATA))) el.remove();
      const inked = await ink(svg, width, height);
      // the data drawn: line paths (charts) or bars (waterfalls) with real extent
      let lines = 0;
      for (const el of Array.from(svg.querySelectorAll<SVGGraphicsElement>(DATA))) {
        const b = el.getBBox();
        if (b.width > 0 && (b.height > 0 || el.tagName === "path")) lines++;
      }
      out.push({
        title: svg.querySelector("text")?.textContent ?? "",
        width,
        height,
        inked,
        dataInk: inked - (await ink(bare, width, height)),
        lines,
      });
    }
    return out;
  });
}

describe("vault report.html in Chromium", () => {
  test("every chart renders: drawn into a canvas it has ink, and each carries its lines or bars", async () => {
    const charts = await rasterise(page);
    expect(charts.map((c) => c.title)).toEqual([
      "Attribution by part: what made the vault PnL (USD)",
      "Attribution by component (USD)",
      "Vault value vs hold (USD)",
      "Cumulative PnL per part (USD)",
      "Net delta of ETH (units of ETH)",
      "Net delta of OSQTH (units of OSQTH)",
      "Share of bars in range so far, per pool",
    ]);
    for (const c of charts) {
      expect(c.width, c.title).toBeGreaterThan(400);
      expect(c.height, c.title).toBeGreaterThan(200);
      // the data alone inks more than 0.3 % of the canvas (one line across the plot inks about 0.4 %)
      expect(c.dataInk / (c.width * c.height), c.title).toBeGreaterThan(0.003);
      expect(c.inked, c.title).toBeGreaterThan(c.dataInk);
      expect(c.lines, c.title).toBeGreaterThanOrEqual(2);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "vault-report.png"), fullPage: true });
  });

  test("the part table's totals add up to the vault PnL shown; its vault row is the JSON's", async () => {
    const t = await page.evaluate(() => {
      const h2 = Array.from(document.querySelectorAll("h2")).find(
        (h) => h.textContent === "Attribution per part",
      );
      const table = h2?.nextElementSibling as HTMLTableElement;
      const headers = Array.from(table.rows[0].cells).map((c) => c.textContent ?? "");
      const rows = Array.from(table.rows)
        .slice(1)
        .map((r) => ({
          part: r.cells[0].textContent ?? "",
          text: Array.from(r.cells).map((c) => c.textContent ?? ""),
          values: Array.from(r.cells).map((c) => c.getAttribute("data-value")),
        }));
      const kv: Record<string, string> = {};
      for (const r of Array.from(document.querySelectorAll("table:first-of-type tr")))
        kv[r.querySelector("th")?.textContent ?? ""] = r.querySelector("td")?.textContent ?? "";
      return { headers, rows, kv };
    });
    const ti = t.headers.indexOf("total");
    expect(ti).toBe(t.headers.length - 1);
    const parts = t.rows.slice(0, -1);
    const vault = t.rows[t.rows.length - 1];
    expect(parts.length).toBe(summary.pools.length + summary.venues.length);
    expect(vault.part).toBe("vault");
    const shownPnl = num(t.kv.pnl);
    // the numbers shown (8 significant digits): Σ part totals = the PnL shown, to the rounding of the cells
    const shownSum = parts.reduce((s, r) => s + num(r.text[ti]), 0);
    expect(Math.abs(shownSum - shownPnl)).toBeLessThan(1e-4);
    // full precision (data-value): Σ part totals = the vault row = the JSON's pnl up to float rounding
    const sum = parts.reduce((s, r) => s + Number(r.values[ti]), 0);
    expect(Math.abs(sum - Number(vault.values[ti]))).toBeLessThan(1e-9);
    expect(Math.abs(sum - summary.pnl)).toBeLessThan(1e-9 * Math.abs(summary.pnl));
    expect(Math.abs(shownPnl - summary.pnl)).toBeLessThan(1e-4);
    // each column of the vault row is the sum of the parts' column
    for (let j = 3; j < t.headers.length; j++) {
      const col = parts.reduce((s, r) => s + Number(r.values[j]), 0);
      expect(Math.abs(col - Number(vault.values[j])), t.headers[j]).toBeLessThan(1e-9);
    }
    expect(Number(vault.values[2])).toBe(summary.finalValue);
  });

  test("the waterfalls chain: each bar starts where the last ended, the steps end at the vault PnL", async () => {
    const falls = await page.evaluate(() =>
      Array.from(document.querySelectorAll("figure > svg"))
        .map((svg) =>
          Array.from(svg.querySelectorAll("rect[data-label]")).map((r) => ({
            start: Number(r.getAttribute("data-start")),
            end: Number(r.getAttribute("data-end")),
            total: r.getAttribute("data-total") === "true",
          })),
        )
        .filter((bars) => bars.length > 0),
    );
    expect(falls.length).toBe(2);
    for (const bars of falls) {
      const steps = bars.filter((b) => !b.total);
      const total = bars.find((b) => b.total);
      for (let k = 1; k < steps.length; k++) expect(steps[k].start).toBe(steps[k - 1].end);
      expect(Math.abs(steps[steps.length - 1].end - summary.pnl)).toBeLessThan(1e-9 * Math.abs(summary.pnl));
      expect(total?.end).toBe(summary.pnl);
    }
  });

  test("the events are listed and the page is self-contained: no console errors, no requests, no scripts", async () => {
    const events = JSON.parse(readFileSync(join(tmp, "events.json"), "utf8")) as unknown[];
    const listed = await page.evaluate(() => document.querySelectorAll(".events tr").length - 1);
    expect(listed).toBe(events.length);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(problems).toEqual([]);
  });
});
