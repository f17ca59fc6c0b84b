import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { memoryIO } from "../io.js";
import { main } from "../main.js";

function writeSeriesFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-bt-"));
  // A 120-minute toy file of the Polygon pool (its address gives the loader the pool meta).
  const rows = [
    "timestamp,netAmount0,netAmount1,closeTick,openTick,lowestTick,highestTick,inAmount0,inAmount1,currentLiquidity",
  ];
  for (let m = 0; m < 120; m++) {
    const tick = 202690 + Math.round(40 * Math.sin(m / 10));
    const hh = String(Math.floor(m / 60)).padStart(2, "0");
    const mm = String(m % 60).padStart(2, "0");
    rows.push(
      `2022-07-19 ${hh}:${mm}:00,0,0,${tick},${tick},${tick - 5},${tick + 5},1000000000,1000000000000000000,400000000000000000`,
    );
  }
  const pool = join(dir, "pool");
  mkdirSync(pool);
  writeFileSync(
    join(pool, "Polygon-0x45dda9cb7c25131df268515131f647d726f50608-2022-07-19.csv"),
    `${rows.join("\n")}\n`,
  );
  return dir;
}

describe("lpguard backtest", () => {
  test("default", async () => {
    const dir = writeSeriesFolder();
    writeFileSync(
      join(dir, "cfg.yaml"),
      "data: { pool: pool }\nposition: { deposit: 1000, range: { belowPct: 5, abovePct: 5 } }\nstrategy: { kind: passive }\n",
    );
    const io = memoryIO();
    const code = await main(
      ["backtest", "--config", join(dir, "cfg.yaml"), "--json", "--out", join(dir, "out")],
      io,
    );
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const s = JSON.parse(io.stdout());
    for (const k of [
      "finalValue",
      "hodlValue",
      "feesQuote",
      "impermanentLoss",
      "lvrQuote",
      "costsQuote",
      "return",
      "maxDrawdown",
      "sharpe",
      "timeInRange",
      "rebalances",
      "tickLower",
      "tickUpper",
    ])
      expect(typeof s[k], k).toBe("number");
    expect(s.rows).toBe(120);
    expect(s.liquidity).toMatch(/^[1-9]\d*$/);
    expect(s.feesQuote).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "out", "report.html"), "utf8")).toContain("<svg");
    expect(readFileSync(join(dir, "out", "series.csv"), "utf8").split("\n").length).toBe(122);
    // the event log: at least the opening mint is there, in both formats
    const events = JSON.parse(readFileSync(join(dir, "out", "events.json"), "utf8")) as { kind: string }[];
    expect(events.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "out", "events.csv"), "utf8").split("\n").length).toBeGreaterThan(
      events.length,
    );
  });

  test("behavior: human table", async () => {
    const dir = writeSeriesFolder();
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({
        data: { pool: "pool" },
        position: { deposit: 1000 },
        strategy: { kind: "fullRange" },
      }),
    );
    const io = memoryIO();
    expect(await main(["backtest", "--config", join(dir, "c.json")], io)).toBe(0);
    expect(io.stdout()).toMatch(/time in range/);
  });

  test("behavior: a bad config exits 2 with one line naming the path", async () => {
    const dir = writeSeriesFolder();
    writeFileSync(
      join(dir, "bad.yaml"),
      "data: { pool: pool }\nposition: { deposit: 1000, range: { lower: abc, upper: 2000 } }\nstrategy: { kind: passive }\n",
    );
    const io = memoryIO();
    expect(await main(["backtest", "--config", join(dir, "bad.yaml")], io)).toBe(2);
    expect(io.stderr()).toMatch(
      /^error: .*bad\.yaml: position\.range\.lower: expected a number, got "abc"\.\n$/,
    );
  });
});
