import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createRng } from "../../sim/rng.js";
import { memoryIO } from "../io.js";
import { main } from "../main.js";

/** A synthetic hourly OHLCV file: a GBM close path with 80 % annual volatility and consistent bars. */
function writeOhlcv(dir: string, name: string, seed: number): void {
  const rng = createRng(seed);
  const rows = ["timestamp,open,high,low,close,volume"];
  let price = 2000;
  const t0 = Date.UTC(2024, 0, 1);
  const s = 0.8 / Math.sqrt(8760);
  for (let i = 0; i < 24 * 60; i++) {
    const open = price;
    price *= Math.exp(s * rng.nextNormal());
    const high = Math.max(open, price) * 1.001;
    const low = Math.min(open, price) * 0.999;
    const ts = new Date(t0 + i * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
    rows.push(`${ts},${open},${high},${low},${price},1`);
  }
  writeFileSync(join(dir, name), `${rows.join("\n")}\n`);
}

describe("lpguard risk", () => {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-risk-cli-"));
  writeOhlcv(dir, "AAA_1h.csv", 1);
  writeOhlcv(dir, "BBB_1h.csv", 2);

  test("default", async () => {
    writeFileSync(
      join(dir, "r.yaml"),
      "position: { kind: weighted, deposit: 1000, weight: 0.8 }\ndata: { prices: AAA_1h.csv, correlateWith: BBB_1h.csv }\nhorizonDays: 1\nmonteCarlo: { paths: 1000 }\n",
    );
    const io = memoryIO();
    expect(await main(["risk", "--config", join(dir, "r.yaml"), "--json"], io)).toBe(0);
    const r = JSON.parse(io.stdout());
    expect(r.symbol).toBe("AAA");
    expect(r.position.weight).toBe(0.8);
    expect(r.position.lower).toBeNull();
    expect(r.volatility.closeToClose).toBeGreaterThan(0.7);
    expect(r.volatility.closeToClose).toBeLessThan(0.9);
    // independent GBM paths: correlation near 0
    expect(Math.abs(r.correlation.pearson)).toBeLessThan(0.1);
    // weighted pool LVR = σ²/2 · w(1−w) · value
    expect(r.lvrPerYear).toBeCloseTo((r.volatilityUsed.value ** 2 / 2) * 0.16 * r.position.value, 8);
  });

  test("behavior: a missing --config value exits 2", async () => {
    const io = memoryIO();
    expect(await main(["risk"], io)).toBe(2);
    expect(io.stderr()).toMatch(/--config/);
  });

  test("behavior: an unknown config key exits 2 naming it", async () => {
    writeFileSync(
      join(dir, "bad.yaml"),
      "position: { kind: v2, deposit: 1, colour: red }\ndata: { prices: AAA_1h.csv }\nhorizonDays: 1\n",
    );
    const io = memoryIO();
    expect(await main(["risk", "--config", join(dir, "bad.yaml")], io)).toBe(2);
    expect(io.stderr()).toMatch(/position: unknown key "colour"/);
  });
});
