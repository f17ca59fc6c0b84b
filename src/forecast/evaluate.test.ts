import { describe, expect, test } from "vitest";
import { sharedData } from "../../test/helpers/sharedData.js";
import { loadOhlcv } from "../data/ohlcv.js";
import { loadVolIndex } from "../data/volIndex.js";
import { createRng } from "../sim/rng.js";
import { evaluateForecasters } from "./evaluate.js";

const H = 3_600_000;

/** Hourly returns whose daily variance follows a GARCH(1,1) on daily shocks (spread evenly over 24 hours). */
function syntheticHourly(seed: number, days: number) {
  const rng = createRng(seed);
  const time = new Float64Array(days * 24);
  const r = new Float64Array(days * 24);
  let v = 1e-3;
  for (let d = 0; d < days; d++) {
    let day = 0;
    for (let h = 0; h < 24; h++) {
      const i = d * 24 + h;
      time[i] = i * H;
      r[i] = Math.sqrt(v / 24) * rng.nextNormal();
      day += r[i];
    }
    v = 4e-5 + 0.1 * day * day + 0.86 * v;
  }
  return { time, r };
}

describe("evaluateForecasters", () => {
  test("default: one row per model and horizon with finite, non-negative losses", () => {
    const { time, r } = syntheticHourly(3, 700);
    const ev = evaluateForecasters({ time, returns: r, horizons: [1, 5], minTrainDays: 300, refitEvery: 30 });
    expect(ev.models).toEqual(["ewma", "ewmaHourly", "garch", "har", "hmm"]);
    expect(ev.rows.length).toBe(10);
    for (const row of ev.rows) {
      expect(Number.isFinite(row.qlike) && row.qlike >= 0).toBe(true);
      expect(Number.isFinite(row.mse) && row.mse >= 0).toBe(true);
      expect(row.count).toBe(ev.origins);
    }
    expect(ev.origins).toBe(700 - 300 - 5 + 1);
    // on GARCH data the GARCH model beats the flat EWMA at one day
    const q = (m: string, h: number) => ev.rows.find((x) => x.model === m && x.horizon === h)!.qlike;
    expect(q("garch", 1)).toBeLessThan(q("ewma", 1));
  });
  test("behavior: a badly wrong implied vol scores worse than GARCH", () => {
    const { time, r } = syntheticHourly(5, 500);
    const dvolLow = {
      time: Float64Array.from({ length: 500 }, (_, d) => d * 24 * H),
      vol: new Float64Array(500).fill(0.05),
    };
    const ev = evaluateForecasters({ time, returns: r, dvol: dvolLow, horizons: [1], minTrainDays: 300 });
    const q = (m: string) => ev.rows.find((x) => x.model === m)!.qlike;
    expect(q("dvol")).toBeGreaterThan(q("garch")); // 5 % vol is far below the ≈ 60 % of the series
  });
  test("behavior: a rolling window refits on the last days only and changes the fitted models", () => {
    const { time, r } = syntheticHourly(3, 700);
    const base = { time, returns: r, horizons: [1], minTrainDays: 300, refitEvery: 50 };
    const expanding = evaluateForecasters(base);
    const rolling = evaluateForecasters({ ...base, rollingWindowDays: 120 });
    const q = (ev: typeof rolling, m: string) => ev.rows.find((x) => x.model === m)!.qlike;
    expect(q(rolling, "ewma")).toBe(q(expanding, "ewma")); // EWMA does not refit
    expect(q(rolling, "garch")).not.toBe(q(expanding, "garch"));
    expect(rolling.refits).toBe(expanding.refits);
  });
  test("behavior: rejects bad horizons naming the field", () => {
    const { time, r } = syntheticHourly(1, 100);
    expect(() => evaluateForecasters({ time, returns: r, horizons: [0] })).toThrow(/horizons/);
  });
  test("behavior: real ETHUSDT hourly data with Deribit DVOL gives a finite table", () => {
    const eth = loadOhlcv(sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv"), { dropLast: true });
    const dvol = loadVolIndex(sharedData("volatility", "deribit-dvol-eth-daily.csv"));
    const n = eth.length - 1;
    const time = new Float64Array(n);
    const r = new Float64Array(n);
    for (let i = 1; i < eth.length; i++) {
      time[i - 1] = eth.time[i];
      r[i - 1] = Math.log(eth.close[i] / eth.close[i - 1]);
    }
    const ev = evaluateForecasters({ time, returns: r, dvol });
    expect(ev.models).toContain("dvol");
    expect(ev.rows.length).toBe(6 * 3);
    expect(ev.origins).toBeGreaterThan(900);
    for (const row of ev.rows) {
      expect(Number.isFinite(row.qlike)).toBe(true);
      expect(Number.isFinite(row.mse)).toBe(true);
      // a sensible forecaster of crypto variance has QLIKE well below 1
      expect(row.qlike).toBeLessThan(1);
    }
    expect(ev.firstOriginMs).toBe(1_672_531_200_000); // 2023-01-01, the first DVOL day
  });
});
