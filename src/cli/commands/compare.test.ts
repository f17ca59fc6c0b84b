import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT, sharedData } from "../../../test/helpers/sharedData.js";
import { memoryIO } from "../io.js";
import { main } from "../main.js";

sharedData("uniswap-v3", "polygon-weth-usdc-005");
const EXAMPLE = join(REPO_ROOT, "examples", "compare-polygon.yaml");
const FIELDS = [
  "name",
  "netPnl",
  "fees",
  "il",
  "lvr",
  "hedgePnl",
  "funding",
  "optionPremium",
  "costs",
  "pnlVol",
  "maxDrawdown",
  "hedgeEffectiveness",
  "hedgeTrades",
];

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-compare-"));
  const f = join(dir, "c.yaml");
  writeFileSync(f, text);
  return f;
}

describe("compare", () => {
  test("default: runs the Polygon example and emits every column finite, one row per run, --out files", async () => {
    const out = mkdtempSync(join(tmpdir(), "lpguard-compare-out-"));
    const io = memoryIO();
    const code = await main(["compare", "--config", EXAMPLE, "--json", "--out", out], io);
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(io.stdout()) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const r of rows) {
      for (const f of FIELDS) expect(r, f).toHaveProperty(f);
      for (const [k, v] of Object.entries(r))
        if (k !== "name" && k !== "strategy") expect(Number.isFinite(v), `${r.name}.${k}`).toBe(true);
    }
    const byName = new Map(rows.map((r) => [r.name as string, r]));
    const u = byName.get("unhedged") as Record<string, number>;
    expect(u.hedgeEffectiveness).toBe(0);
    expect(u.hedgeTrades).toBe(0);
    const d = byName.get("delta ±0.25 ETH") as Record<string, number>;
    expect(d.hedgeEffectiveness).toBeGreaterThan(0.5);
    expect(d.fees).toBeCloseTo(u.fees, 6);
    expect(d.funding).not.toBe(0);
    expect((byName.get("borrow hedge (Aave)") as Record<string, number>).interest).not.toBe(0);
    const strip = byName.get("static strip (Carr-Madan), 34 d") as Record<string, number>;
    expect(strip.premiumPaid).toBeGreaterThan(0);
    expect(strip.optionPremium).toBeLessThan(0);
    expect(strip.hedgeEffectiveness).toBeGreaterThan(0.5);
    const puts = byName.get("protective puts 5 % OTM, 7 d, rolled") as Record<string, number>;
    expect(puts.hedgeTrades).toBeGreaterThanOrEqual(4);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("Whalley-Wilmott");
    const events = readFileSync(join(out, "events.csv"), "utf8").split("\n");
    expect(events[0]).toMatch(/^time,bar,kind,venue,/);
    expect(events.some((l) => l.includes(",funding,perp,"))).toBe(true);
    expect(events.some((l) => l.includes(",governor,perp,"))).toBe(true);
    expect(events.some((l) => l.includes(",expiry,options,"))).toBe(true);
    expect(events.some((l) => l.includes(",stripResidual,options,"))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "events.json"), "utf8")).length).toBe(events.length - 2);
    expect(JSON.parse(readFileSync(join(out, "compare.json"), "utf8"))).toEqual(rows);
  });

  test("behavior: the human table has one line per run and the column headers", async () => {
    const f =
      writeConfig(`data: { pool: ${JSON.stringify(sharedData("uniswap-v3", "polygon-weth-usdc-005"))}, from: "2022-07-19", to: "2022-07-20" }
position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } }
runs:
  - name: unhedged
  - name: hedged
    hedge: { kind: delta, trigger: { kind: absolute, band: 0.1 } }
`);
    const io = memoryIO();
    expect(await main(["compare", "--config", f], io)).toBe(0);
    const lines = io.stdout().split("\n");
    expect(lines[0]).toMatch(
      /^strategy\s+net PnL\s+hold PnL\s+fees\s+fee reval\.\s+IL\s+hedge PnL\s+funding\s+option theta\s+interest\s+−costs\s+LVR\s+prem\. paid/,
    );
    expect(lines[2]).toMatch(/^unhedged /);
    expect(lines[3]).toMatch(/^hedged /);
  });

  test("behavior: a stripPricing config prices the static strip on the real option chain", async () => {
    const io = memoryIO();
    const code = await main(
      ["compare", "--config", join(REPO_ROOT, "examples", "static-strip.yaml"), "--json"],
      io,
    );
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const s = JSON.parse(io.stdout());
    expect(s.kind).toBe("stripPricing");
    expect(s.indexPrice).toBe(2758.38);
    expect(s.lpValue).toBeCloseTo(10_000, 6);
    expect(s.hedgePremium).toBeGreaterThan(0);
    expect(s.hedgePremiumAtTouch).toBeGreaterThanOrEqual(s.hedgePremium);
    expect(s.maxAbsError).toBeLessThanOrEqual(s.errorBound.interior + 1e-9);
    for (const l of s.lines) expect(l.weight).toBeLessThan(0);
    const bad = writeConfig(
      "stripPricing: { chain: x.csv, deposit: 1, range: { belowPct: 10, abovePct: 10 }, expiry: 2025-13-01x }\n",
    );
    const io2 = memoryIO();
    expect(await main(["compare", "--config", bad], io2)).toBe(2);
    expect(io2.stderr()).toMatch(/stripPricing\.expiry/);
  });

  test("behavior: --out with a stripPricing config writes strip.json and report.html", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "lpguard-compare-strip-")), "strip");
    const io = memoryIO();
    const code = await main(
      ["compare", "--config", join(REPO_ROOT, "examples", "static-strip.yaml"), "--json", "--out", out],
      io,
    );
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const s = JSON.parse(io.stdout());
    expect(s.files).toEqual([join(out, "strip.json"), join(out, "report.html")]);
    const written = JSON.parse(readFileSync(join(out, "strip.json"), "utf8"));
    const { files: _files, ...printed } = s;
    expect(written).toEqual(printed);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`Strip: ${s.lines.length} option lines`);
    // one table row per option line, with its strike
    for (const l of s.lines) expect(html).toContain(`<td>${l.strike.toLocaleString("en-US")}</td>`);
    // the human form names the files too
    const out2 = join(mkdtempSync(join(tmpdir(), "lpguard-compare-strip-")), "strip");
    const io2 = memoryIO();
    expect(
      await main(
        ["compare", "--config", join(REPO_ROOT, "examples", "static-strip.yaml"), "--out", out2],
        io2,
      ),
    ).toBe(0);
    expect(io2.stdout()).toContain(`wrote ${join(out2, "report.html")}`);
  });

  test("behavior: config errors name the path in the file and exit 2", async () => {
    const cases: [string, RegExp][] = [
      ["runs: []", /runs: .*at least 1|runs: .*must contain/i],
      [
        "runs:\n  - name: a\n    hedge: { kind: delta, trigger: { kind: absolute, band: -1 } }",
        /runs\.0\.hedge\.trigger\.band: must be greater than or equal to 0, got -1/,
      ],
      [
        "runs:\n  - name: a\n    hedge: { kind: delta, trigger: { kind: wobble } }",
        /runs\.0\.hedge\.trigger\.kind/,
      ],
      ["runs:\n  - name: a\n  - name: a", /runs\.1\.name: duplicates "a"/],
      [
        "venues: { perp: { leverage: 0 } }\nruns:\n  - name: a",
        /venues\.perp\.leverage: must be greater than 0/,
      ],
      [
        "venues: { perp: { funding: { annualRate: 0.1, file: x.csv } } }\nruns:\n  - name: a",
        /venues\.perp\.funding: give either file or annualRate/,
      ],
      [
        "venues: { lending: { rates: { supplyRate: 0.1 } } }\nruns:\n  - name: a",
        /venues\.lending\.rates\.borrowRate: is required without folder/,
      ],
      [
        "runs:\n  - name: a\n    hedge: { kind: protectivePut, otmPct: 5 }",
        /runs\.0\.hedge\.tenorDays: is required/,
      ],
      ["venues: { options: { vol: { kind: smile } } }\nruns:\n  - name: a", /venues\.options\.vol\.kind/],
    ];
    for (const [tail, re] of cases) {
      const f = writeConfig(
        `data: { pool: nowhere }\nposition: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } }\n${tail}\n`,
      );
      const io = memoryIO();
      expect(await main(["compare", "--config", f], io), tail).toBe(2);
      expect(io.stderr(), tail).toMatch(re);
      expect(io.stderr().trim().split("\n").length).toBe(1);
    }
  });
});
