/**
 * The hedged backtest's HTML report: the attribution waterfall adds up to net PnL, and the net-delta chart's
 * numbers are the LP book's and the perp's deltas (checked against the v3 closed form and the perp's own fills).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { sharedData } from "../../test/helpers/sharedData.js";
import { runBacktest } from "../backtest/runBacktest.js";
import { summarizeBacktest } from "../backtest/summary.js";
import { memoryIO } from "../cli/io.js";
import { main } from "../cli/main.js";
import { parseBacktestConfig } from "../config/index.js";
import { backtestWaterfall } from "./renderBacktestHtml.js";
import { svgWaterfall } from "./svgWaterfall.js";

const POOL_DAY = sharedData(
  "uniswap-v3",
  "polygon-weth-usdc-005",
  "Polygon-0x45dda9cb7c25131df268515131f647d726f50608-2022-07-19.csv",
);
const FUNDING = sharedData("funding", "binance-usdm", "binance-usdm-ETHUSDT-funding-2022-2025.csv");

/** One real day, ±10 % passive, delta-hedged on a perp with real funding. */
const HEDGED = {
  data: { pool: POOL_DAY, from: "2022-07-19", to: "2022-07-19" },
  position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } },
  strategy: { kind: "passive" },
  costs: { gasQuote: 0.05, priceImpact: true },
  latencyMinutes: 0,
  inRangeMode: "close",
  hedge: { kind: "delta", venue: "perp", reserveFraction: 0.25, trigger: { kind: "absolute", band: 0.1 } },
  venues: { perp: { funding: { file: FUNDING } } },
};

type Bar = { label: string; value: number; start: number; end: number; total: boolean };

/** Reads the waterfall bars back from the report's SVG. */
function waterfallBars(html: string): Bar[] {
  const bars: Bar[] = [];
  const re =
    /<rect [^>]*data-label="([^"]*)" data-value="([^"]*)" data-start="([^"]*)" data-end="([^"]*)"( data-total="true")?/g;
  for (let m = re.exec(html); m !== null; m = re.exec(html))
    bars.push({
      label: m[1],
      value: Number(m[2]),
      start: Number(m[3]),
      end: Number(m[4]),
      total: m[5] !== undefined,
    });
  return bars;
}

describe("hedged backtest report", () => {
  test("behavior: report.html has a waterfall summing to net PnL and a net-delta chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lpguard-hedged-report-"));
    const cfg = join(dir, "hedged.yaml");
    writeFileSync(cfg, stringify(HEDGED));
    const io = memoryIO();
    const code = await main(["backtest", "--config", cfg, "--json", "--out", join(dir, "out")], io);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const s = JSON.parse(io.stdout());
    expect(s.hedgeTrades).toBeGreaterThan(0);
    const html = readFileSync(join(dir, "out", "report.html"), "utf8");
    const bars = waterfallBars(html);
    expect(bars.map((b) => b.label)).toEqual([
      "hold PnL",
      "fees",
      "fee-token revaluation",
      "IL (incl. LVR)",
      "hedge PnL",
      "funding",
      "premium / interest",
      "− costs",
      "rounding",
      "net PnL",
    ]);
    const steps = bars.filter((b) => !b.total);
    const total = bars[bars.length - 1];
    // net PnL is the engine's final − initial value, an independent number from the attribution
    expect(total.value).toBe(s.finalValue - s.initialValue);
    expect(total.value).toBe(s.pnl);
    let sum = 0;
    for (const [k, b] of steps.entries()) {
      // each bar starts where the previous one ended
      expect(b.start).toBe(sum);
      sum += b.value;
      expect(b.end).toBe(sum);
      if (k > 0) expect(b.start).toBe(steps[k - 1].end);
    }
    expect(Math.abs(sum - total.value)).toBeLessThan(1e-9 * Math.max(1, Math.abs(total.value)));
    // the hedge really contributes (not a zero bar)
    expect(Math.abs(steps[4].value)).toBeGreaterThan(0);
    expect(steps[4].value).toBe(s.attribution.hedge);
    // the net-delta chart with its three lines
    expect(html).toContain("Net delta (base units): LP book + hedges");
    for (const l of ["net delta", "LP delta (positions, owed fees, idle base)", "hedge delta"])
      expect(html).toContain(`data-legend="${l}"`);
  });

  test("behavior: recorded deltas equal the v3 closed form and the perp's fills; totals unchanged", () => {
    const config = parseBacktestConfig(HEDGED, "hedged.yaml");
    const plain = runBacktest({ config, baseDir: "." });
    const run = runBacktest({ config, baseDir: ".", recordDelta: true });
    // stepping bar by bar to read the deltas changes no number
    expect(run.totals).toEqual(plain.totals);
    expect(Array.from(run.series.value)).toEqual(Array.from(plain.series.value));
    const d = run.delta;
    if (d === undefined) throw new Error("no delta recorded");
    const n = run.series.price.length;
    expect(d.net.length).toBe(n);
    for (let i = 0; i < n; i++) expect(d.net[i]).toBe(d.lp[i] + d.hedge[i]);
    // hedge delta = the perp position after its last fill (the venue's own event log)
    const fills = run.events.filter((e) => e.kind === "hedge");
    expect(fills.length).toBeGreaterThan(0);
    const last = fills[fills.length - 1];
    expect(d.hedge[n - 1]).toBe(last.fields.position);
    expect(d.hedge[last.bar]).toBe(last.fields.position);
    // LP delta at the end = WETH in the position by the v3 closed form + owed fee WETH (no idle base here).
    // WETH is token1 (18 decimals), USDC token0 (6): raw √P = √(10^12 / P), amount1 = L · (√P − √P_lower).
    const t = run.totals;
    const p = run.series.price[n - 1];
    const sqrtP = Math.sqrt(1e12 / p);
    const sqrtA = 1.0001 ** ((t.tickLower as number) / 2);
    const sqrtB = 1.0001 ** ((t.tickUpper as number) / 2);
    expect(sqrtP).toBeGreaterThan(sqrtA);
    expect(sqrtP).toBeLessThan(sqrtB);
    const weth = (Number(t.liquidity) * (sqrtP - sqrtA)) / 1e18;
    const expected = weth + t.feesBaseAmount;
    expect(Math.abs(d.lp[n - 1] - expected)).toBeLessThan(1e-9 * expected);
    // the hedge offsets most of it (band 0.1 WETH, one bar of latency)
    expect(Math.abs(d.net[n - 1])).toBeLessThan(0.5);
    const s = summarizeBacktest(run);
    const w = backtestWaterfall(s);
    const sum = w.steps.reduce((a, b) => a + b.value, 0);
    expect(Math.abs(sum - s.pnl)).toBeLessThan(1e-9 * Math.abs(s.pnl));
  });

  test("behavior: recording deltas changes no number with a borrow hedge, rolled puts or a static strip", () => {
    const aave = sharedData("aave", "polygon-v3");
    const dvol = sharedData("volatility", "deribit-dvol-eth-daily.csv");
    const pool = sharedData("uniswap-v3", "polygon-weth-usdc-005");
    const base = {
      data: { pool, from: "2023-08-14", to: "2023-08-15" },
      position: { deposit: 10000, range: { belowPct: 5, abovePct: 5 } },
      strategy: { kind: "passive" },
      costs: { gasQuote: 0.05 },
      venues: {
        lending: { swapCost: 0.0007, rates: { folder: aave, collateralAsset: "USDC", debtAsset: "WETH" } },
        options: { vol: { kind: "dvol", file: dvol } },
      },
    };
    const hedges = [
      { kind: "delta", venue: "lending", reserveFraction: 0.6, trigger: { kind: "absolute", band: 0.1 } },
      { kind: "protectivePut", otmPct: 3, tenorDays: 1, strikeStep: 25 },
      { kind: "staticStrip", tenorDays: 3, strikeStep: 25, strikeSpanPct: 30 },
    ];
    for (const hedge of hedges) {
      const config = parseBacktestConfig({ ...base, hedge }, "hedged.yaml");
      const plain = runBacktest({ config, baseDir: "." });
      const run = runBacktest({ config, baseDir: ".", recordDelta: true });
      expect(run.totals, hedge.kind).toEqual(plain.totals);
      expect(run.events.length).toBe(plain.events.length);
      const d = run.delta;
      if (d === undefined) throw new Error("no delta recorded");
      // the hedge moves the net delta away from the LP's
      expect(
        d.hedge.some((h) => h !== 0),
        hedge.kind,
      ).toBe(true);
      for (const x of d.net) expect(Number.isFinite(x)).toBe(true);
    }
  });

  test("behavior: svgWaterfall chains the bars on one scale and escapes labels", () => {
    const svg = svgWaterfall({
      title: "t<1>",
      steps: [
        { label: "a&b", value: 5 },
        { label: "b", value: -8 },
      ],
      total: { label: "net", value: -3 },
    });
    expect(svg).toContain("t&lt;1&gt;");
    expect(svg).toContain('data-label="a&amp;b" data-value="5" data-start="0" data-end="5"');
    expect(svg).toContain('data-label="b" data-value="-8" data-start="5" data-end="-3"');
    expect(svg).toContain('data-label="net" data-value="-3" data-start="0" data-end="-3" data-total="true"');
    // heights are proportional to |value| on one scale: 5, 8, 3
    const h = [
      ...svg.matchAll(/<rect x="[^"]*" y="[^"]*" width="[^"]*" height="([^"]*)" fill="[^"]*" data-label/g),
    ].map((m) => Number(m[1]));
    expect(h.length).toBe(3);
    expect(h[1] / h[0]).toBeCloseTo(8 / 5, 1);
    expect(h[2] / h[0]).toBeCloseTo(3 / 5, 1);
  });
});
