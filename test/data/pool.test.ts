import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { indexAtOrBefore, loadOhlcv, loadPoolSeries } from "../../src/data/index.js";
import type { PoolSeries } from "../../src/types/series.js";
import { sharedData } from "../helpers/sharedData.js";

const POLYGON = sharedData("uniswap-v3", "polygon-weth-usdc-005");
const ETHEREUM = sharedData("uniswap-v3", "ethereum-usdc-weth-005");
const OSQTH = sharedData("uniswap-v3", "ethereum-weth-osqth-030");
const MIN = 60_000;
const utc = (s: string) => Date.parse(`${s.replace(" ", "T")}:00Z`);

/**
 * Independent oracle: parses a pool file with String.split, parseFloat + Math.round for ticks and BigInt for
 * amounts, and checks every row of `s` that carries the same timestamp.
 */
function checkAgainstNaiveParse(s: PoolSeries, file: string): number {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const h = lines[0].split(",");
  const col = (name: string) => h.indexOf(name);
  let checked = 0;
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    const i = indexAtOrBefore(s.time, Date.parse(`${f[col("timestamp")].replace(" ", "T")}Z`));
    expect(s.time[i]).toBe(Date.parse(`${f[0].replace(" ", "T")}Z`));
    expect(s.closeTick[i]).toBe(Math.round(Number.parseFloat(f[col("closeTick")])));
    expect(s.openTick[i]).toBe(Math.round(Number.parseFloat(f[col("openTick")])));
    expect(s.lowTick[i]).toBe(Math.round(Number.parseFloat(f[col("lowestTick")])));
    expect(s.highTick[i]).toBe(Math.round(Number.parseFloat(f[col("highestTick")])));
    expect(s.netAmount0[i]).toBe(Number(BigInt(f[col("netAmount0")])));
    expect(s.netAmount1[i]).toBe(Number(BigInt(f[col("netAmount1")])));
    expect(s.inAmount0[i]).toBe(Number(BigInt(f[col("inAmount0")])));
    expect(s.inAmount1[i]).toBe(Number(BigInt(f[col("inAmount1")])));
    expect(s.liquidity[i]).toBe(Number(BigInt(f[col("currentLiquidity")])));
    checked++;
  }
  return checked;
}

describe("loadPoolSeries on the shared Polygon USDC/WETH files", () => {
  test("behavior: all 44 days as one series = 63,348 source rows + filled minutes", () => {
    expect(readdirSync(POLYGON).filter((f) => f.endsWith(".csv"))).toHaveLength(44);
    const s = loadPoolSeries({ path: POLYGON, maxFillMinutes: Number.POSITIVE_INFINITY });
    // README §1: first file 2022-07-19 starts 00:00 (no unfilled head), last file 2025-07-02 ends 23:59.
    const spanMinutes = (utc("2025-07-03 00:00") - utc("2022-07-19 00:00")) / MIN;
    const head = 0;
    expect(s.time[0]).toBe(utc("2022-07-19 00:00"));
    expect(s.time[s.length - 1]).toBe(utc("2025-07-02 23:59"));
    expect(s.length).toBe(spanMinutes - head);
    const filled = s.gaps.reduce((a, g) => a + g.missingBars, 0);
    expect(s.length - filled).toBe(63_348);
    // Every gap expected from README §1: late-starting days, 2025-07-01 ending at 23:58, and the 3 jumps between blocks.
    const expected = [
      ["2022-07-23 23:59", "2022-07-24 00:01"],
      ["2022-08-01 23:59", "2022-08-02 00:01"],
      ["2022-08-07 23:59", "2022-08-08 00:01"],
      ["2022-08-10 23:59", "2022-08-11 00:02"],
      ["2022-08-12 23:59", "2022-08-13 00:02"],
      ["2022-08-14 23:59", "2022-08-15 00:02"],
      ["2022-08-17 23:59", "2022-08-18 00:01"],
      ["2022-08-22 23:59", "2023-08-13 00:00"],
      ["2023-08-13 23:59", "2023-08-14 00:01"],
      ["2023-08-17 23:59", "2024-02-15 00:00"],
      ["2024-02-16 23:59", "2025-07-01 00:00"],
      ["2025-07-01 23:58", "2025-07-02 00:00"],
    ].map(([a, b]) => ({ fromTime: utc(a), toTime: utc(b), missingBars: (utc(b) - utc(a)) / MIN - 1 }));
    expect(s.gaps.map(({ fromTime, toTime, missingBars }) => ({ fromTime, toTime, missingBars }))).toEqual(
      expected,
    );
    for (const g of s.gaps) {
      expect(s.time[g.index]).toBe(g.toTime);
      expect(s.time[g.index - g.missingBars - 1]).toBe(g.fromTime);
      // Filled minutes follow README §1: ticks = previous close, no volume, liquidity carried forward.
      const prev = g.index - g.missingBars - 1;
      for (const k of [prev + 1, g.index - 1]) {
        expect(s.openTick[k]).toBe(s.closeTick[prev]);
        expect(s.highTick[k]).toBe(s.closeTick[prev]);
        expect(s.inAmount0[k]).toBe(0);
        expect(s.inAmount1[k]).toBe(0);
        expect(s.liquidity[k]).toBe(s.liquidity[prev]);
      }
    }
  });

  test("behavior: the 35-day 2022 span is contiguous with 10 filled minutes", () => {
    const s = loadPoolSeries({ path: POLYGON, from: "2022-07-19", to: "2022-08-22" });
    expect(s.length).toBe(35 * 1440);
    expect(s.gaps.reduce((a, g) => a + g.missingBars, 0)).toBe(1 + 1 + 1 + 2 + 2 + 2 + 1);
    expect(s.meta.chain).toBe("polygon");
    expect(s.meta.fee).toBe(0.0005);
  });

  test("behavior: integer ticks (2022) and float ticks (2024) equal a naive parse of every row", () => {
    const y2022 = loadPoolSeries({ path: POLYGON, from: "2022-07-19", to: "2022-07-19" });
    expect(
      checkAgainstNaiveParse(
        y2022,
        join(POLYGON, "Polygon-0x45dda9cb7c25131df268515131f647d726f50608-2022-07-19.csv"),
      ),
    ).toBe(1440);
    const y2024 = loadPoolSeries({ path: POLYGON, from: "2024-02-15", to: "2024-02-16" });
    expect(y2024.length).toBe(2 * 1440);
    const f2024 = join(POLYGON, "polygon-0x45dda9cb7c25131df268515131f647d726f50608-2024-02-15.minute.csv");
    expect(readFileSync(f2024, "utf8").split("\n")[1]).toMatch(/,\d+\.0,/);
    expect(checkAgainstNaiveParse(y2024, f2024)).toBe(1440);
    // Amounts beyond 2^53 occur and were parsed exactly.
    expect(Math.max(...y2022.inAmount1)).toBeGreaterThan(2 ** 53);
  });

  test("behavior: pool price 10^12 / 1.0001^closeTick at HH:59 is within 0.5 % of the Binance ETHUSDT close (2022-07-19)", () => {
    const pool = loadPoolSeries({ path: POLYGON, from: "2022-07-19", to: "2022-07-19" });
    const eth = loadOhlcv(sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv"), { dropLast: true });
    const day = utc("2022-07-19 00:00");
    for (let hh = 0; hh < 24; hh++) {
      const i = indexAtOrBefore(pool.time, day + hh * 3_600_000 + 59 * MIN);
      expect(pool.time[i]).toBe(day + hh * 3_600_000 + 59 * MIN);
      const k = indexAtOrBefore(eth.time, day + hh * 3_600_000);
      expect(eth.time[k]).toBe(day + hh * 3_600_000);
      const price = 1e12 / 1.0001 ** pool.closeTick[i];
      expect(Math.abs(price / eth.close[k] - 1)).toBeLessThan(0.005);
    }
  });
});

describe("loadPoolSeries on the shared Ethereum files", () => {
  test("behavior: USDC/WETH 2024-01-05 is 1,440 contiguous rows matching a naive parse and Binance", () => {
    const s = loadPoolSeries({ path: ETHEREUM });
    expect(s.meta.chain).toBe("ethereum");
    expect(s.meta.address).toBe("0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640");
    expect(s.length).toBe(1440);
    expect(s.gaps).toEqual([]);
    const file = join(ETHEREUM, readdirSync(ETHEREUM).find((f) => f.endsWith(".csv"))!);
    expect(checkAgainstNaiveParse(s, file)).toBe(1440);
    const eth = loadOhlcv(sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv"));
    const k = indexAtOrBefore(eth.time, utc("2024-01-05 12:00"));
    const i = indexAtOrBefore(s.time, utc("2024-01-05 12:59"));
    expect(Math.abs(1e12 / 1.0001 ** s.closeTick[i] / eth.close[k] - 1)).toBeLessThan(0.005);
  });

  test("behavior: WETH/oSQTH 4 thin days: 4,887 source rows, oSQTH ≈ 0.0536 WETH on 2023-08-14", () => {
    const s = loadPoolSeries({ path: OSQTH });
    expect(s.meta.fee).toBe(0.003);
    expect(s.meta.tickSpacing).toBe(60);
    expect(s.meta.token0.symbol).toBe("WETH");
    expect(s.meta.token1.symbol).toBe("oSQTH");
    expect(s.time[0]).toBe(utc("2023-08-14 00:25"));
    expect(s.time[s.length - 1]).toBe(utc("2023-08-17 23:43"));
    expect(s.length).toBe((utc("2023-08-17 23:43") - utc("2023-08-14 00:25")) / MIN + 1);
    expect(s.length - s.gaps.reduce((a, g) => a + g.missingBars, 0)).toBe(1076 + 1234 + 1197 + 1380);
    // price = quote (WETH) per base (oSQTH) = 1.0001^-tick; README: 0.0536 (demeter's controller file: 0.05364).
    expect(1.0001 ** -s.closeTick[0]).toBeCloseTo(0.0536, 3);
    for (const f of readdirSync(OSQTH)) checkAgainstNaiveParse(s, join(OSQTH, f));
  });

  test("behavior: a single file loads by itself and from/to crop rows to whole days", () => {
    const f = join(OSQTH, "ethereum-0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c-2023-08-15.minute.csv");
    expect(loadPoolSeries({ path: f }).length).toBe(1234);
    expect(() => loadPoolSeries({ path: f, from: "2023-08-16" })).toThrow(
      /no data rows in \[2023-08-16, last\]/,
    );
    expect(loadPoolSeries({ path: OSQTH, from: "2023-08-16" }).time[0]).toBeGreaterThanOrEqual(
      utc("2023-08-16 00:00"),
    );
  });
});
