import { describe, expect, test } from "vitest";
import { parseBacktestConfig } from "../../src/config/index.js";
import type { EngineSeries } from "../../src/engine/engine.js";
import { assemble, loadConfigSeries } from "../../src/run/index.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

// A hedged run with every venue kind on real data (Polygon WETH/USDC 0.05 %, 2023-08-14..17): a perp delta hedge
// with real Binance funding, an Aave borrow hedge with the recorded reserve rates, and rolled protective puts priced
// at the Deribit DVOL, plus 1 minute of latency so intents are pending across bars.
const config = parseBacktestConfig({
  data: { pool: sharedData("uniswap-v3/polygon-weth-usdc-005"), from: "2023-08-14", to: "2023-08-17" },
  position: { deposit: 10_000, range: { belowPct: 3, abovePct: 3 } },
  strategy: { kind: "passive" },
  costs: { gasQuote: 0.05 },
  latencyMinutes: 1,
  hedges: [
    { kind: "delta", venue: "perp", hedgeRatio: 0.5, trigger: { kind: "absolute", band: 0.05 } },
    {
      kind: "delta",
      venue: "lending",
      hedgeRatio: 0.5,
      reserveFraction: 0.6,
      trigger: { kind: "absolute", band: 0.05 },
    },
    { kind: "protectivePut", otmPct: 2, tenorDays: 1, strikeStep: 25 },
  ],
  venues: {
    perp: {
      funding: { file: sharedData("funding/binance-usdm/binance-usdm-ETHUSDT-funding-2022-2025.csv") },
    },
    lending: {
      rates: { folder: sharedData("aave/polygon-v3"), collateralAsset: "USDC", debtAsset: "WETH" },
    },
    options: { vol: { kind: "dvol", file: sharedData("volatility/deribit-dvol-eth-daily.csv") } },
  },
});

const series = loadConfigSeries(config, REPO_ROOT);
const build = () => assemble({ config, baseDir: REPO_ROOT, series });

function expectSeriesEqualFrom(a: EngineSeries, b: EngineSeries, from: number): void {
  for (const k of Object.keys(a) as (keyof EngineSeries)[]) {
    const x = a[k].subarray(from);
    const y = b[k].subarray(from);
    expect(y.length, k).toBe(x.length);
    // Bit for bit (Object.is per element, so NaN bands and −0 compare too).
    let firstDiff = -1;
    for (let i = 0; i < x.length && firstDiff < 0; i++) if (!Object.is(x[i], y[i])) firstDiff = i;
    expect(firstDiff, `${k} first differs at bar ${from + firstDiff}`).toBe(-1);
  }
}

describe("engine snapshot / restore", () => {
  test("behavior: a hedged run (perp + lending + options) restored at bar k ends bit-identical", () => {
    const whole = build();
    whole.engine.advance();
    const ref = whole.engine;
    const refTotals = ref.totals();
    const refSeries = ref.series() as EngineSeries;
    // The run really uses every venue and has intents in flight at some bars.
    expect(whole.setup.perp?.trades ?? 0).toBeGreaterThan(0);
    expect(whole.setup.lending?.trades ?? 0).toBeGreaterThan(0);
    expect(whole.setup.options?.trades ?? 0).toBeGreaterThan(0);
    expect(refTotals.attribution.funding).not.toBe(0);
    expect(refTotals.attribution.premium).not.toBe(0);

    const n = series.length;
    for (const k of [1, 2, Math.floor(n / 3), n - 7]) {
      const first = build();
      for (let i = 0; i < k; i++) expect(first.engine.step()).toBe(true);
      const snap = JSON.parse(JSON.stringify(first.engine.snapshot()));
      expect(snap.bar).toBe(k);
      const second = build();
      second.engine.restore(snap);
      expect(second.engine.bar).toBe(k);
      second.engine.advance();
      first.engine.advance();
      for (const e of [first.engine, second.engine]) {
        expect(e.bar).toBe(n);
        expect(e.totals()).toStrictEqual(refTotals);
        expectSeriesEqualFrom(refSeries, e.series() as EngineSeries, k);
      }
      // The restored engine writes the events after bar k, the same as the uninterrupted run.
      expect(JSON.stringify(second.events)).toBe(JSON.stringify(whole.events.slice(snap.events)));
    }
  });

  test("behavior: a governed Whalley–Wilmott perp hedge (the governor's state in the snapshot) restores bit-identical", () => {
    const governed = parseBacktestConfig({
      ...config,
      hedges: undefined,
      hedge: {
        kind: "delta",
        venue: "perp",
        trigger: { kind: "whalleyWilmott", riskAversion: 0.001 },
        governor: { horizonDays: 7, feeWindowDays: 0.5, priorDays: 0.25 },
      },
    });
    const make = () => assemble({ config: governed, baseDir: REPO_ROOT, series });
    const whole = make();
    whole.engine.advance();
    const ref = whole.engine.totals();
    expect(whole.events.some((e) => e.kind === "governor")).toBe(true);
    const k = Math.floor(series.length * 0.6);
    const first = make();
    first.engine.advance(k);
    const snap = JSON.parse(JSON.stringify(first.engine.snapshot()));
    expect(snap.gate).not.toBeNull();
    const second = make();
    second.engine.restore(snap);
    second.engine.advance();
    expect(second.engine.totals()).toStrictEqual(ref);
    expectSeriesEqualFrom(whole.engine.series() as EngineSeries, second.engine.series() as EngineSeries, k);
  });

  for (const [name, hedge] of [
    [
      "a proactive GARCH+HMM perp hedge (its hourly returns replayed)",
      { kind: "proactive", venue: "perp", forecast: { model: "garch", warmupBars: 48 } },
    ],
    [
      "a proactive EWMA hedge with a half-life",
      { kind: "proactive", venue: "perp", forecast: { model: "ewma", halfLife: "11h", warmupBars: 24 } },
    ],
    [
      "a static strip overlay (strips rebuilt from their inputs)",
      { kind: "staticStrip", tenorDays: 2, strikeStep: 25 },
    ],
  ] as const)
    test(`behavior: ${name} restored at bar k ends bit-identical`, () => {
      const c = parseBacktestConfig({ ...config, hedges: undefined, hedge });
      const make = () => assemble({ config: c, baseDir: REPO_ROOT, series });
      const whole = make();
      whole.engine.advance();
      const ref = whole.engine.totals();
      expect(ref.attribution.hedge).not.toBe(0);
      const n = series.length;
      // Before the warm-up / expiry ends, and after it.
      for (const k of [Math.floor(n / 4), Math.floor(n * 0.85)]) {
        const first = make();
        first.engine.advance(k);
        const snap = JSON.parse(JSON.stringify(first.engine.snapshot()));
        const second = make();
        second.engine.restore(snap);
        second.engine.advance();
        expect(second.engine.totals()).toStrictEqual(ref);
        expectSeriesEqualFrom(
          whole.engine.series() as EngineSeries,
          second.engine.series() as EngineSeries,
          k,
        );
        expect(JSON.stringify(second.events)).toBe(JSON.stringify(whole.events.slice(snap.events)));
      }
    });

  test("behavior: stepping bar by bar equals one advance (the loop state survives between calls)", () => {
    const a = build();
    a.engine.advance();
    const b = build();
    while (b.engine.step()) {}
    expect(b.engine.totals()).toStrictEqual(a.engine.totals());
    expectSeriesEqualFrom(a.engine.series() as EngineSeries, b.engine.series() as EngineSeries, 0);
    expect(b.engine.step()).toBe(false);
  });

  test("error: restore into an engine that has already stepped names the field", () => {
    const a = build();
    a.engine.step();
    const snap = a.engine.snapshot();
    expect(() => a.engine.restore(snap)).toThrow(/engine\.bar 1 is invalid/);
    const b = build();
    expect(() => b.engine.restore({ ...snap, version: 2 })).toThrow(/snapshot\.version/);
  });
});
