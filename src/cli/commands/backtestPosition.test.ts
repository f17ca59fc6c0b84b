import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { sharedData } from "../../../test/helpers/sharedData.js";
import { memoryIO } from "../io.js";
import { main } from "../main.js";

const POOL = sharedData("uniswap-v3", "polygon-weth-usdc-005");

async function backtest(position: string, json = true) {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-entry-"));
  const file = join(dir, "cfg.yaml");
  writeFileSync(
    file,
    `data: { pool: ${JSON.stringify(POOL)}, from: "2022-07-19", to: "2022-07-20" }\nposition: ${position}\nstrategy: { kind: passive }\ncosts: { gasQuote: 0, priceImpact: false }\n`,
  );
  const io = memoryIO();
  const code = await main(["backtest", "--config", file, ...(json ? ["--json"] : [])], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("lpguard backtest with the position forms", () => {
  test("a liquidity + ticks config copied from a deposit run's --json gives its position and fees; the table shows raw and human L", async () => {
    const a = await backtest("{ deposit: 10000, range: { belowPct: 10, abovePct: 10 } }");
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const s = JSON.parse(a.stdout);
    expect(typeof s.liquidity).toBe("string");
    expect(BigInt(s.liquidity) > 0n).toBe(true);
    expect(s.feesBase).toBeGreaterThan(0);
    expect(s.feesQuoteAmount).toBeGreaterThan(0);
    expect(s.liquidityHuman).toBe(Number(BigInt(s.liquidity)) / 1e12); // USDC 6 + WETH 18 decimals
    const b = await backtest(
      `{ liquidity: "${s.liquidity}", ticks: { lower: ${s.tickLower}, upper: ${s.tickUpper} } }`,
    );
    expect(b.stderr).toBe("");
    const t = JSON.parse(b.stdout);
    for (const k of [
      "liquidity",
      "tickLower",
      "tickUpper",
      "feesBase",
      "feesQuoteAmount",
      "feesQuote",
      "lvrQuote",
    ])
      expect(t[k], k).toBe(s[k]);
    const h = await backtest(
      `{ liquidity: "${s.liquidity}", ticks: { lower: ${s.tickLower}, upper: ${s.tickUpper} } }`,
      false,
    );
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(new RegExp(`liquidity \\(raw\\)\\s+${s.liquidity}\\b`));
    expect(h.stdout).toMatch(/liquidity \(human\)\s+[0-9]/);
  }, 120_000);

  test("ticks off the pool's spacing: exit 2 and one line naming position.ticks.lower", async () => {
    const r = await backtest("{ deposit: 1000, ticks: { lower: 200001, upper: 203000 } }");
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("position.ticks.lower");
    expect(lines[0]).toContain("tick spacing 10");
  }, 60_000);
});
