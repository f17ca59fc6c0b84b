import { describe, expect, test } from "vitest";
import { fundingIndexAt, fundingRateAt, indexAtOrBefore, loadFunding } from "../../src/data/index.js";
import { sharedData } from "../helpers/sharedData.js";

const H = 3_600_000;
const utc = (s: string) => Date.parse(`${s.replace(" ", "T")}:00Z`);
const usdm = (sym: string) =>
  sharedData("funding", "binance-usdm", `binance-usdm-${sym}-funding-2022-2025.csv`);
const hl = (coin: string) =>
  sharedData("funding", "hyperliquid", `hyperliquid-${coin}-funding-hourly-2024-2025.csv`);
const multi = (name: string) => sharedData("funding", "multi-venue-2020-2023", name);
const MULTI_BINANCE = "ETH-USDT_binance_2020-01-01_2024-01-01_funding_history.csv";

/** Largest distance of any time from its nearest whole hour, ms. */
function maxLatency(time: Float64Array): number {
  let m = 0;
  for (const t of time) m = Math.max(m, Math.abs(t - Math.round(t / H) * H));
  return m;
}

describe("loadFunding: Binance USDⓈ-M", () => {
  for (const sym of ["ETHUSDT", "BTCUSDT"]) {
    test(`behavior: ${sym} 4,377 contiguous 8-hour settlements 2022-01-01 .. 2025-12-29 16:00`, () => {
      const s = loadFunding(usdm(sym));
      expect(s).toMatchObject({ venue: "binance", symbol: sym, intervalMs: 8 * H, length: 4377, gaps: [] });
      expect(Math.round(s.time[0] / H) * H).toBe(utc("2022-01-01 00:00"));
      expect(Math.round(s.time[s.length - 1] / H) * H).toBe(utc("2025-12-29 16:00"));
      expect(s.time[1] - s.time[0]).not.toBe(8 * H); // raw latency kept: 00:00:00.006 -> 08:00:00.009
      expect(maxLatency(s.time)).toBeLessThan(60_000);
    });
  }
});

describe("loadFunding: Hyperliquid", () => {
  test("behavior: 12,192 hourly rows in 25 blocks, 25 gaps including 2024-08-15 13:00", () => {
    const eth = loadFunding(hl("ETH"));
    const btc = loadFunding(hl("BTC"));
    expect(eth).toMatchObject({ venue: "hyperliquid", symbol: "ETH", intervalMs: H, length: 12_192 });
    expect(btc.length).toBe(12_192);
    expect(maxLatency(eth.time)).toBeLessThan(3 * 60_000);
    // ETH and BTC share their (hourly) timestamps.
    for (let i = 0; i < eth.length; i += 97)
      expect(Math.round(eth.time[i] / H)).toBe(Math.round(btc.time[i] / H));
    // 24 gaps between the 25 blocks of README §4 plus the missing hour 2024-08-15 13:00.
    expect(eth.gaps).toHaveLength(25);
    const hours = eth.gaps.map((g) => [Math.round(g.fromTime / H) * H, Math.round(g.toTime / H) * H]);
    expect(hours[0]).toEqual([utc("2024-01-21 19:00"), utc("2024-01-31 00:00")]);
    expect(hours).toContainEqual([utc("2024-08-15 12:00"), utc("2024-08-15 14:00")]);
    expect(hours).toContainEqual([utc("2024-08-18 20:00"), utc("2024-08-28 00:00")]);
    expect(hours[24]).toEqual([utc("2025-12-11 19:00"), utc("2025-12-21 00:00")]);
    const oneHour = eth.gaps.find((g) => Math.round(g.fromTime / H) * H === utc("2024-08-15 12:00"));
    expect(oneHour?.missingBars).toBe(1);
    const total = eth.gaps.reduce((a, g) => a + g.missingBars, 0);
    expect(eth.length + total).toBe((utc("2025-12-28 23:00") - utc("2024-01-01 00:00")) / H + 1);
  });

  test("behavior: fundingRateAt finds the settlement in force and undefined inside a gap", () => {
    const eth = loadFunding(hl("ETH"));
    expect(fundingRateAt(eth, utc("2023-12-31 23:00"))).toBeUndefined();
    expect(fundingRateAt(eth, utc("2024-01-25 12:00"))).toBeUndefined(); // gap 01-21 19:00 .. 01-31
    const i = fundingIndexAt(eth, utc("2024-01-01 05:30"));
    expect(Math.round(eth.time[i] / H) * H).toBe(utc("2024-01-01 05:00"));
    expect(fundingRateAt(eth, utc("2024-01-01 05:30"))).toBe(eth.rate[i]);
  });
});

describe("loadFunding: multi-venue files", () => {
  test("behavior: row counts, intervals, no gaps, UTC settlement hours after the UTC+3 shift", () => {
    const cases = [
      [MULTI_BINANCE, "binance", 4383, 8 * H, "2020-01-01 00:00", "2023-12-31 16:00"],
      [
        "ETH-USDT_bybit_2021-01-01_2024-01-01_funding_history.csv",
        "bybit",
        3285,
        8 * H,
        "2021-01-01 00:00",
        "2023-12-31 16:00",
      ],
      [
        "ETH-USDT_dydx_2022-01-01_2024-01-01_funding_history.csv",
        "dydx",
        17_520,
        H,
        "2022-01-01 00:00",
        "2023-12-31 23:00",
      ],
    ] as const;
    for (const [name, venue, rows, interval, first, last] of cases) {
      const s = loadFunding(multi(name));
      expect(s).toMatchObject({ venue, symbol: "ETH-USDT", intervalMs: interval, length: rows, gaps: [] });
      expect(Math.round(s.time[0] / H) * H).toBe(utc(first));
      expect(Math.round(s.time[s.length - 1] / H) * H).toBe(utc(last));
      if (interval === 8 * H) for (const t of s.time) expect([0, 8, 16]).toContain(Math.round(t / H) % 24);
    }
  });

  test("behavior: shifted Binance series equals the Binance USDⓈ-M file on all 2,190 settlements of 2022-2023", () => {
    const a = loadFunding(usdm("ETHUSDT"));
    const b = loadFunding(multi(MULTI_BINANCE));
    let matched = 0;
    for (let i = 0; i < a.length && a.time[i] < utc("2024-01-01 00:00"); i++) {
      const j = indexAtOrBefore(b.time, a.time[i] + 60_000);
      expect(Math.abs(b.time[j] - a.time[i])).toBeLessThan(60_000);
      expect(b.rate[j]).toBe(a.rate[i]);
      matched++;
    }
    expect(matched).toBe(2190);
  });

  test("behavior: an unknown header is a DataFormatError naming the header", () => {
    expect(() => loadFunding(sharedData("volatility", "deribit-dvol-eth-daily.csv"))).toThrow(
      /line 1: unknown funding format.*\(value "date,dvol_close"\)/,
    );
  });
});
