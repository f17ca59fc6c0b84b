import { describe, expect, test } from "vitest";
import type { BacktestConfig } from "../config/index.js";
import { dataBarMs, latencyNotices } from "./latencyNotices.js";

const MINUTES = Float64Array.from({ length: 10 }, (_, i) => 1_650_000_000_000 + i * 60_000);
const cfg = (c: Partial<BacktestConfig>) => ({ latencyMinutes: 0, ...c }) as BacktestConfig;
const hedge = (latencyMs?: number) => ({ kind: "delta", latencyMs }) as unknown as BacktestConfig["hedge"];

describe("latencyNotices (issue #9 item 5: a latency finer than the bar is not silent)", () => {
  test("the data's bar is the smallest positive step (gaps and duplicates ignored)", () => {
    expect(dataBarMs(MINUTES)).toBe(60_000);
    expect(dataBarMs([0, 0, 120_000, 180_000, 600_000])).toBe(60_000);
    expect(dataBarMs([5])).toBeNaN();
  });

  test("1 ms and 59 s on minute data are both named, with the 60 s they act as; whole bars and 0 are silent", () => {
    const one = latencyNotices(cfg({ hedge: hedge(1) }), { time: MINUTES });
    const s59 = latencyNotices(cfg({ hedge: hedge(59_000) }), { time: MINUTES });
    expect(one).toEqual([
      "hedge.latencyMs: 1 ms is not a multiple of the data's 60000 ms bar; orders fill at the first bar at or after decision + latency, so it acts as 60000 ms",
    ]);
    expect(s59[0]).toContain("hedge.latencyMs: 59000 ms");
    expect(s59[0]).toContain("acts as 60000 ms");
    expect(latencyNotices(cfg({ hedge: hedge(61_000) }), { time: MINUTES })[0]).toContain(
      "acts as 120000 ms",
    );
    for (const ms of [0, 60_000, 180_000, undefined])
      expect(latencyNotices(cfg({ hedge: hedge(ms) }), { time: MINUTES })).toEqual([]);
    expect(latencyNotices(cfg({ latencyMinutes: 3 }), { time: MINUTES })).toEqual([]);
  });

  test("latencyMinutes on hourly data, and hedges.<i> paths", () => {
    const hours = Float64Array.from({ length: 5 }, (_, i) => i * 3_600_000);
    expect(latencyNotices(cfg({ latencyMinutes: 5 }), { time: hours })[0]).toMatch(
      /^latencyMinutes: 300000 ms .* acts as 3600000 ms$/,
    );
    const n = latencyNotices(
      cfg({ hedge: hedge(60_000), hedges: [hedge(2000), hedge(30)] as BacktestConfig["hedges"] }),
      {
        time: MINUTES,
      },
    );
    expect(n.map((x) => x.split(":")[0])).toEqual(["hedges.0.latencyMs", "hedges.1.latencyMs"]);
  });
});
