/**
 * Any pool (issue 13, item 2): a pool no built-in list knows (here: a real Polygon day file under another address,
 * as `lpguard fetch` would write for a new pool) backtests once the config gives its metadata in `data.meta`, and
 * gives the same run as the known pool with the same metadata.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parseBacktestConfig, runBacktest } from "../../src/backtest/index.js";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { sharedData } from "../helpers/sharedData.js";

const tmp = mkdtempSync(join(tmpdir(), "lpguard-meta-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const KNOWN = "0x45dda9cb7c25131df268515131f647d726f50608";
const OTHER = "0x1111111111111111111111111111111111111111";
const DAY = "2023-08-15";
const folder = join(tmp, "pool");
const base = {
  position: { deposit: 10_000, range: { belowPct: 5, abovePct: 5 } },
  strategy: { kind: "passive" },
};
const meta = (address: string) => ({
  chain: "polygon",
  address,
  feePips: 500,
  tickSpacing: 10,
  token0: { symbol: "USDC", address: "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", decimals: 6 },
  token1: { symbol: "WETH", address: "0x7ceb23fd6bc0add59e62ac25578270cff1b9f619", decimals: 18 },
  base: "token1",
});

describe("data.meta", () => {
  test("default: an unknown pool runs with its metadata and equals the known pool's run", () => {
    const src = sharedData("uniswap-v3", "polygon-weth-usdc-005", `polygon-${KNOWN}-${DAY}.minute.csv`);
    mkdirSync(folder, { recursive: true });
    copyFileSync(src, join(folder, `polygon-${OTHER}-${DAY}.minute.csv`));
    const other = runBacktest({
      config: parseBacktestConfig({ ...base, data: { pool: folder, from: DAY, to: DAY, meta: meta(OTHER) } }),
      baseDir: tmp,
    });
    const known = runBacktest({
      config: parseBacktestConfig({
        ...base,
        data: { pool: sharedData("uniswap-v3", "polygon-weth-usdc-005"), from: DAY, to: DAY },
      }),
      baseDir: tmp,
    });
    expect(other.meta.address).toBe(OTHER);
    expect(other.totals).toStrictEqual(known.totals);
  });

  test("behavior: without meta the unknown pool is refused; a bad meta field names its path", async () => {
    const io = memoryIO();
    const bad = join(tmp, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        ...base,
        data: { pool: folder, from: DAY, to: DAY, meta: { ...meta(OTHER), feePips: 0 } },
      }),
    );
    expect(await main(["backtest", "--config", bad], io)).toBe(2);
    expect(io.stderr()).toMatch(/data\.meta\.feePips/);
    const io2 = memoryIO();
    const none = join(tmp, "none.json");
    writeFileSync(none, JSON.stringify({ ...base, data: { pool: folder, from: DAY, to: DAY } }));
    expect(await main(["backtest", "--config", none], io2)).toBe(2);
    expect(io2.stderr().trim().split("\n")).toHaveLength(1);
    expect(io2.stderr()).toContain(OTHER);
  });
});
