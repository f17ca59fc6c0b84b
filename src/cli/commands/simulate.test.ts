import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { SIMULATE_BASE } from "../../../test/helpers/simulateConfig.js";
import { memoryIO } from "../io.js";
import { main } from "../main.js";

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../../..");
const base = SIMULATE_BASE;

describe("lpguard simulate", () => {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-sim-"));
  const cfg = join(dir, "sim.json");
  writeFileSync(cfg, JSON.stringify({ ...base, horizonDays: 2, steps: 48 }));

  test("default", async () => {
    const io = memoryIO();
    const out = join(dir, "out");
    expect(
      await main(["simulate", "--config", cfg, "--paths", "400", "--seed", "2", "--json", "--out", out], io),
    ).toBe(0);
    expect(io.stderr()).toBe("");
    const r = JSON.parse(io.stdout());
    expect(r.paths).toBe(400);
    expect(r.seed).toBe(2);
    // the JSON summary fields are the summary.csv columns after strategy and metric
    const csvHeader = readFileSync(join(out, "summary.csv"), "utf8").split("\n")[0].split(",");
    expect(csvHeader.slice(0, 2)).toEqual(["strategy", "metric"]);
    expect(Object.keys(r.strategies[0].totalPnl)).toEqual(csvHeader.slice(2));
    expect(csvHeader).toContain("expectedShortfall5");
    expect(r.files).toHaveLength(2);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html.match(/<svg/g)).toHaveLength(6); // 3 fans + 3 histograms
    expect(html).not.toContain("<script");
    const csv = readFileSync(join(out, "summary.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(1 + 3 * 5);
    expect(csv[1]).toMatch(/^unhedged,totalPnl,400,/);
  });

  test("behavior: the same seed gives identical JSON for any worker count", async () => {
    const a = memoryIO();
    const b = memoryIO();
    const args = ["simulate", "--config", cfg, "--paths", "1200", "--seed", "77", "--json"];
    expect(await main([...args, "--workers", "1"], a)).toBe(0);
    expect(await main([...args, "--workers", "2"], b)).toBe(0);
    expect(b.stdout()).toBe(a.stdout());
    const c = memoryIO();
    expect(await main(["simulate", "--config", cfg, "--paths", "1200", "--seed", "78", "--json"], c)).toBe(0);
    expect(c.stdout()).not.toBe(a.stdout());
  });

  test("behavior: human tables", async () => {
    const io = memoryIO();
    expect(await main(["simulate", "--config", cfg, "--paths", "200"], io)).toBe(0);
    for (const s of ["Total PnL", "hedgeHourly", "P(loss)", "theory LVR/yr"])
      expect(io.stdout()).toContain(s);
  });

  test("behavior: the example config runs", async () => {
    const io = memoryIO();
    const example = join(REPO_ROOT, "examples", "simulate-eth.yaml");
    expect(await main(["simulate", "--config", example, "--paths", "100", "--json"], io)).toBe(0);
    expect(JSON.parse(io.stdout()).strategies).toHaveLength(4);
  });

  test("behavior: bad flags exit 2 naming the flag", async () => {
    for (const [flag, value] of [
      ["--paths", "many"],
      ["--paths", "0"],
      ["--seed", "1.5"],
      ["--workers", "0"],
    ]) {
      const io = memoryIO();
      expect(await main(["simulate", "--config", cfg, flag, value], io), flag).toBe(2);
      expect(io.stderr(), flag).toMatch(new RegExp(`^error: ${flag} `));
    }
    const io = memoryIO();
    expect(await main(["simulate", "--config", relative(process.cwd(), join(dir, "missing.yaml"))], io)).toBe(
      2,
    );
    expect(io.stderr()).toMatch(/--config .*cannot be read/);
  });
});
