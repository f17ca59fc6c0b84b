import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT, sharedData } from "../../test/helpers/sharedData.js";
import { memoryIO } from "../cli/io.js";
import { main } from "../cli/main.js";
import { v3ImpermanentLoss } from "../math/v3/float/v3ImpermanentLoss.js";
import { type RunBacktestReturnType, runBacktestFile } from "./runBacktest.js";
import { type BacktestSummary, summarizeBacktest } from "./summary.js";

const POOL = sharedData("uniswap-v3", "polygon-weth-usdc-005");
const FUNDING = sharedData("funding", "binance-usdm", "binance-usdm-ETHUSDT-funding-2022-2025.csv");
const PASSIVE = join(REPO_ROOT, "examples", "passive-polygon.yaml");
const HEDGED = join(REPO_ROOT, "examples", "delta-hedged-polygon.yaml");

/** Σ of the attribution columns that make up net PnL (the identity the tables print). */
function columnsSum(s: BacktestSummary): number {
  const a = s.attribution;
  return (
    s.holdPnl +
    s.feesQuote +
    a.inventoryFees +
    s.impermanentLossQuote +
    a.hedge +
    a.funding +
    a.premium -
    s.costsQuote +
    a.rounding
  );
}

/** Parses a number printed by the CLI tables ("1,153.4753", "-23.49"). */
const num = (cell: string) => Number(cell.replaceAll(",", ""));

describe("honest hedged reports (issue #9 item 4) on the Polygon 2022-07-19..08-22 ±10 % examples", () => {
  let passive: RunBacktestReturnType;
  let hedged: RunBacktestReturnType;
  beforeAll(() => {
    passive = runBacktestFile(PASSIVE);
    hedged = runBacktestFile(HEDGED);
  }, 120_000);

  test("a passive position's IL is ≤ 0 at every bar (fee tokens' revaluation kept out) and matches the closed form", () => {
    const il = passive.series.il;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < il.length; i++) if (il[i] > max) max = il[i];
    expect(max).toBeLessThanOrEqual(1e-12);
    const s = summarizeBacktest(passive);
    expect(s.impermanentLoss).toBeLessThan(0);
    // The fee tokens did gain in value over the run (so the old formula, which kept them in, was off by this much).
    expect(s.attribution.inventoryFees).toBeGreaterThan(1);
    // Independent: the closed-form v3 IL of the same range between the entry price and the last price.
    const n = passive.series.price.length;
    const closed = v3ImpermanentLoss({
      price: passive.series.price[n - 1],
      entryPrice: passive.totals.entryPrice,
      lower: passive.series.rangeLowerPrice[n - 1],
      upper: passive.series.rangeUpperPrice[n - 1],
    });
    expect(Math.abs(s.impermanentLoss / closed - 1)).toBeLessThan(0.01);
    // The IL in quote is the IL fraction of the hodl value.
    expect(s.impermanentLossQuote / s.hodlValue).toBeCloseTo(s.impermanentLoss, 6);
  });

  test("a hedged run's IL is its LP position's IL: hedge PnL, funding and margin never enter it", () => {
    const p = summarizeBacktest(passive);
    const h = summarizeBacktest(hedged);
    expect(h.attribution.hedge).not.toBe(0);
    expect(h.attribution.funding).not.toBe(0);
    expect(h.hedgeTrades).toBeGreaterThan(0);
    expect(h.impermanentLoss).toBeCloseTo(p.impermanentLoss, 12);
    expect(h.impermanentLossQuote).toBeCloseTo(p.impermanentLossQuote, 9);
    const a = hedged.series.il;
    const b = passive.series.il;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-12);
  });

  test("the JSON attribution adds up to net PnL for both runs", () => {
    for (const run of [passive, hedged]) {
      const s = summarizeBacktest(run);
      expect(Math.abs(columnsSum(s) - s.pnl)).toBeLessThan(1e-6);
    }
  });

  test("annualised figures of a 35-day window are labelled as such", () => {
    const s = summarizeBacktest(passive);
    expect(s.windowDays).toBeCloseTo(35, 9);
    expect(s.annualizedShortWindow).toBe(true);
  });
});

describe("printed tables add up (issue #9 item 4)", () => {
  test("backtest: hold PnL + fees + fee reval. + IL + hedge + funding + premium − costs = net PnL, as printed", async () => {
    const io = memoryIO();
    expect(await main(["backtest", "--config", HEDGED], io)).toBe(0);
    const rows = new Map<string, string>();
    for (const line of io.stdout().split("\n")) {
      const m = /^(.+?)\s{2,}(\S.*)$/.exec(line);
      if (m) rows.set(m[1].trim(), m[2].trim());
    }
    const parts = [
      "hold PnL",
      "fees (quote)",
      "fee-token revaluation",
      "IL (quote)",
      "hedge PnL",
      "funding",
      "premium / interest",
      "− costs",
    ];
    let sum = 0;
    for (const k of parts) {
      expect(rows.has(k), k).toBe(true);
      sum += num(rows.get(k) as string);
    }
    // 8 significant digits per cell: the printed sum agrees to ~1e-4 quote.
    expect(Math.abs(sum - num(rows.get("net PnL (quote)") as string))).toBeLessThan(1e-3);
    expect(Number(rows.get("hedge trades"))).toBeGreaterThan(0);
    expect(num(rows.get("hedge PnL") as string)).not.toBe(0);
    expect([...rows.keys()].some((k) => k.startsWith("annualised vol (from 35.0 d < 90 d)"))).toBe(true);
    // The example's 2 s hedge latency fills at the next minute: said, not silent.
    expect(io.stdout()).toContain(
      "notice: hedge.latencyMs: 2000 ms is not a multiple of the data's 60000 ms bar",
    );
  }, 120_000);

  test("compare: the summing columns add up to net PnL as printed; effectiveness on 10 days is n/a with the reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lpguard-honest-"));
    const file = join(dir, "c.yaml");
    writeFileSync(
      file,
      [
        `data: { pool: ${JSON.stringify(POOL)}, from: "2022-07-19", to: "2022-07-28" }`,
        "position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } }",
        "costs: { gasQuote: 0.05, priceImpact: true }",
        `venues: { perp: { leverage: 5, funding: { file: ${JSON.stringify(FUNDING)} } } }`,
        "runs:",
        "  - name: unhedged",
        "  - name: delta",
        "    hedge: { kind: delta, venue: perp, reserveFraction: 0.25, trigger: { kind: absolute, band: 0.1 } }",
        "",
      ].join("\n"),
    );
    const io = memoryIO();
    expect(await main(["compare", "--config", file], io)).toBe(0);
    const lines = io.stdout().split("\n");
    const header = lines[0].split(/\s{2,}/);
    const col = (h: string) => header.indexOf(h);
    const summing = [
      "hold PnL",
      "fees",
      "fee reval.",
      "IL",
      "hedge PnL",
      "funding",
      "option theta",
      "interest",
    ];
    for (const h of [...summing, "−costs", "net PnL", "hedge eff."]) expect(col(h), h).toBeGreaterThan(0);
    const body = lines.filter((l) => /^(unhedged|delta)\s/.test(l));
    expect(body.length).toBe(2);
    for (const l of body) {
      const c = l.split(/\s{2,}/);
      let sum = 0;
      for (const h of [...summing, "−costs"]) sum += num(c[col(h)]);
      // Nine cells rounded to 0.01 each.
      expect(Math.abs(sum - num(c[col("net PnL")]))).toBeLessThanOrEqual(0.05);
      if (c[0] === "delta") expect(c[col("hedge eff.")]).toBe("n/a");
    }
    expect(io.stdout()).toContain("delta: hedge effectiveness n/a: 10 daily observations (< 20)");
    const j = memoryIO();
    expect(await main(["compare", "--config", file, "--json"], j)).toBe(0);
    const rows = JSON.parse(j.stdout()) as {
      name: string;
      hedgeEffectiveness: number | null;
      days: number;
    }[];
    const d = rows.find((r) => r.name === "delta");
    expect(d?.hedgeEffectiveness).toBeNull();
    expect(d?.days).toBe(10);
  }, 120_000);
});
