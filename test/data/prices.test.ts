import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadOhlcv } from "../../src/data/index.js";
import { sharedData } from "../helpers/sharedData.js";

const H = 3_600_000;
const utc = (s: string) => Date.parse(`${s.replace(" ", "T")}:00Z`);

describe("loadOhlcv on the Binance spot hourly files", () => {
  for (const symbol of ["ETHUSDT", "BTCUSDT"]) {
    test(`behavior: ${symbol} has 34,349 hourly rows and one missing hour, 2023-03-24 13:00`, () => {
      const file = sharedData("prices", "binance-spot-1h", `${symbol}_1h.csv`);
      const s = loadOhlcv(file);
      expect(s.symbol).toBe(symbol);
      expect(s.barMs).toBe(H);
      expect(s.length).toBe(34_349);
      expect(s.time[0]).toBe(utc("2022-01-01 00:00"));
      expect(s.time[s.length - 1]).toBe(utc("2025-12-02 05:00"));
      expect(s.gaps).toHaveLength(1);
      const g = s.gaps[0];
      expect(g).toMatchObject({
        fromTime: utc("2023-03-24 12:00"),
        toTime: utc("2023-03-24 14:00"),
        missingBars: 1,
      });
      expect(s.time[g.index]).toBe(utc("2023-03-24 14:00"));
      // Span check: every hour present except the one gap.
      expect((s.time[s.length - 1] - s.time[0]) / H + 1 - 1).toBe(s.length);
      // Independent parse of a few rows with split/Number.
      const lines = readFileSync(file, "utf8").trim().split("\n");
      for (const r of [1, 10_000, 34_349]) {
        const [, o, h, l, c, v] = lines[r].split(",").map(Number);
        expect([s.open[r - 1], s.high[r - 1], s.low[r - 1], s.close[r - 1], s.volume[r - 1]]).toEqual([
          o,
          h,
          l,
          c,
          v,
        ]);
      }
    });
  }

  test("behavior: dropLast removes the partial last candle (2025-12-02 05:00)", () => {
    const s = loadOhlcv(sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv"), {
      dropLast: true,
      symbol: "ETH/USDT",
    });
    expect(s.symbol).toBe("ETH/USDT");
    expect(s.length).toBe(34_348);
    expect(s.time).toHaveLength(34_348);
    expect(s.time[s.length - 1]).toBe(utc("2025-12-02 04:00"));
  });
});
