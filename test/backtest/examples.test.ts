import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

// The examples point at ../../shared/data relative to examples/, i.e. the shared data folder.
sharedData("uniswap-v3", "polygon-weth-usdc-005");
const MINUTES_2022_07_19_TO_08_22 = 35 * 1440;

describe("examples on the real Polygon WETH/USDC 0.05 % data", () => {
  for (const name of ["passive-polygon", "recenter-polygon"]) {
    test(`behavior: ${name}.yaml runs end to end with sane figures and writes the report`, async () => {
      const out = mkdtempSync(join(tmpdir(), `lpguard-${name}-`));
      const io = memoryIO();
      const code = await main(
        ["backtest", "--config", join(REPO_ROOT, "examples", `${name}.yaml`), "--json", "--out", out],
        io,
      );
      expect(io.stderr()).toBe("");
      expect(code).toBe(0);
      const s = JSON.parse(io.stdout());
      expect(s.rows).toBe(MINUTES_2022_07_19_TO_08_22);
      expect(s.timeInRange).toBeGreaterThanOrEqual(0);
      expect(s.timeInRange).toBeLessThanOrEqual(1);
      expect(s.feesQuote).toBeGreaterThan(0);
      expect(s.lvrQuote).toBeGreaterThan(0);
      expect(s.costsQuote).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(s))
        if (typeof v === "number") expect(Number.isFinite(v), k).toBe(true);
      for (const [k, v] of Object.entries(s.attribution as Record<string, number>))
        expect(Number.isFinite(v), k).toBe(true);
      expect(Math.abs(s.attribution.total - (s.finalValue - s.initialValue))).toBeLessThan(
        1e-9 * s.initialValue,
      );
      expect(s.impermanentLoss).toBeLessThanOrEqual(0);
      if (name === "recenter-polygon") expect(s.rebalances).toBeGreaterThan(0);
      else expect(s.rebalances).toBe(0);
      const csv = readFileSync(join(out, "series.csv"), "utf8");
      expect(csv.split("\n").length).toBe(MINUTES_2022_07_19_TO_08_22 + 2);
      const html = readFileSync(join(out, "report.html"), "utf8");
      expect(html).toContain("<svg");
      expect(html.length).toBeLessThan(1_000_000);
    });
  }
});
