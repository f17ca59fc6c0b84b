import { describe, expect, test } from "vitest";
import { testPerpMarket } from "../../../test/helpers/perpMarket.js";
import { createPerpVenueModel } from "../../engine/perp/perpVenueModel.js";
import { runEngine } from "../../engine/runEngine.js";
import { makePoolSeries } from "../../engine/testSeries.js";
import type { EngineEvent, Strategy, StrategyContext } from "../../engine/types.js";
import { InvalidInputError } from "../../errors/index.js";
import { createGbmModel } from "../../sim/gbm.js";
import { createRng } from "../../sim/rng.js";
import { hedgedStrategy } from "../hedgedStrategy.js";
import { passiveRange } from "../passiveRange.js";
import { type ProactiveHedgeParameters, proactiveHedge } from "./proactiveHedge.js";

const MARKET = testPerpMarket();
const MINUTE_YEARS = 1 / (365 * 1440);
const LN_1_0001 = Math.log(1.0001);

/** GBM minute prices in segments of (minutes, σ), seeded; continues each segment from the last price. */
function gbmPrices(seed: number, segments: [number, number][], start = 1500): Float64Array {
  const n = segments.reduce((s, [m]) => s + m, 0) + 1;
  const out = new Float64Array(n);
  out[0] = start;
  const rng = createRng(seed);
  let at = 0;
  for (const [minutes, sigma] of segments) {
    const seg = new Float64Array(minutes + 1);
    seg[0] = out[at];
    createGbmModel({ mu: 0, sigma }).fillPath(rng, seg, MINUTE_YEARS);
    out.set(seg.subarray(1), at + 1);
    at += minutes;
  }
  return out;
}

/** Close ticks of the USDC(6)/WETH(18) test pool for prices in USDC per WETH: P = 10^12 / 1.0001^tick. */
const toTicks = (prices: ArrayLike<number>) =>
  Array.from(prices as ArrayLike<number>, (p) => Math.round(Math.log(1e12 / p) / LN_1_0001));

type Rec = { bar: number[]; lp: number[]; hedge: number[] };
function recorder(into: Rec): Strategy {
  return {
    name: "rec",
    init: () => undefined,
    onBar(ctx: StrategyContext) {
      into.bar.push(ctx.bar);
      into.lp.push(ctx.pool.delta(ctx.price) + ctx.ledger.cashBase);
      into.hedge.push(ctx.venueDelta("perp"));
      return undefined;
    },
  };
}

function run(ticks: number[], params: ProactiveHedgeParameters) {
  const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
  const events: EngineEvent[] = [];
  const perp = createPerpVenueModel({ market: MARKET, events });
  const rec: Rec = { bar: [], lp: [], hedge: [] };
  const strategy = hedgedStrategy(passiveRange({ range: { belowPct: 20, abovePct: 20 } }), [
    proactiveHedge({ reserveQuote: 5000, events, ...params }),
    recorder(rec),
  ]);
  const r = runEngine({ series, strategy, deposit: 15_000, venues: [perp], events });
  return { r, events, rec };
}

const paramsEvents = (events: EngineEvent[]) => events.filter((e) => e.kind === "hedgeParams");
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("proactiveHedge", () => {
  test("default: fills to −ratio·Δ_LP exactly when the gap exceeds the band in force; one event per hourly return", () => {
    const ticks = toTicks(gbmPrices(1, [[4 * 1440, 0.6]]));
    const { events, rec } = run(ticks, { forecast: { model: "ewma", warmupBars: 24 } });
    const params = paramsEvents(events);
    // One event at init (warm-up), then one per completed hourly return after the 24-return warm-up: 5761 minute
    // bars from an hour boundary touch 97 hourly buckets; the closes of buckets 0..95 are seen (a bucket closes at
    // the first bar of the next one) → 95 returns, of which 95 − 24 + 1 = 72 are after the warm-up.
    expect(params[0].fields.phase).toBe("warmup");
    expect(params.length).toBe(1 + 72);
    for (const e of params.slice(1)) {
      expect(e.fields.phase).toBe("forecast");
      expect(e.bar % 60).toBe(0);
      for (const k of ["volatility", "turbulence", "band", "hedgeRatio"])
        expect(Number.isFinite(e.fields[k] as number), k).toBe(true);
    }
    const fills = new Map(events.filter((e) => e.kind === "hedge").map((e) => [e.bar, e.fields]));
    expect(fills.size).toBeGreaterThan(5);
    let p = 0;
    for (let j = 0; j < rec.bar.length; j++) {
      while (p + 1 < params.length && params[p + 1].bar <= rec.bar[j]) p++;
      const ratio = params[p].fields.hedgeRatio as number;
      const band = params[p].fields.band as number;
      const target = -ratio * rec.lp[j];
      const f = fills.get(rec.bar[j]);
      if (Math.abs(target - rec.hedge[j]) > band) {
        expect(f, `bar ${rec.bar[j]}`).toBeDefined();
        expect(f?.target as number).toBeCloseTo(target, 10);
      } else expect(f).toBeUndefined();
    }
  });

  test("behavior: no look-ahead: changing prices after bar i leaves every decision at bars ≤ i unchanged", () => {
    const a = toTicks(gbmPrices(2, [[3 * 1440, 0.8]]));
    const tail = toTicks(gbmPrices(3, [[3 * 1440, 2]], 900));
    for (const i of [1500, 2345, 3 * 1440 - 10]) {
      const b = a.slice(0, i + 1).concat(tail.slice(i + 1));
      const params: ProactiveHedgeParameters = { forecast: { model: "garch", warmupBars: 24 } };
      const ea = run(a, params).events.filter((e) => e.bar <= i);
      const eb = run(b, params).events.filter((e) => e.bar <= i);
      expect(ea.length).toBeGreaterThan(10);
      expect(eb).toEqual(ea);
    }
    // Sanity: the tails differ, so later decisions do change.
    const full = run(a, { forecast: { model: "garch", warmupBars: 24 } }).events;
    const other = run(a.slice(0, 1501).concat(tail.slice(1501)), {
      forecast: { model: "garch", warmupBars: 24 },
    }).events;
    expect(other).not.toEqual(full);
  });

  test("behavior: the band tightens and the ratio rises when a calm series turns turbulent", () => {
    const calm = 4 * 1440;
    const ticks = toTicks(
      gbmPrices(4, [
        [calm, 0.3],
        [2 * 1440, 2.5],
      ]),
    );
    // Hourly HMM of the two regimes (σ 0.3 and 2.5 a year): a warm-up window that is calm only cannot identify
    // a turbulent state, so the regime parameters are given here (the fitted case is tested below).
    const hmm = {
      enabled: true,
      params: {
        means: [0, 0] as [number, number],
        variances: [0.09 / 8760, 6.25 / 8760] as [number, number],
        transition: [
          [0.99, 0.01],
          [0.02, 0.98],
        ] as [[number, number], [number, number]],
        initial: [0.9, 0.1] as [number, number],
      },
    };
    const variants: ProactiveHedgeParameters[] = [
      { forecast: { model: "ewma", lambda: 0.9, warmupBars: 48, hmm } },
      {
        forecast: {
          model: "garch",
          warmupBars: 48,
          garch: { omega: 1e-7, alpha: 0.1, beta: 0.85, mu: 0 },
          hmm,
        },
      },
    ];
    for (const v of variants) {
      const ev = paramsEvents(run(ticks, { ...v, mapping: { minBand: 0.001 } }).events).slice(1);
      const before = ev.filter((e) => e.bar < calm);
      const after = ev.filter((e) => e.bar > calm + 6 * 60);
      expect(before.length).toBeGreaterThan(24);
      expect(after.length).toBeGreaterThan(24);
      const f = (xs: EngineEvent[], k: string) => mean(xs.map((e) => e.fields[k] as number));
      expect(f(after, "volatility")).toBeGreaterThan(3 * f(before, "volatility"));
      expect(f(after, "band")).toBeLessThan(0.5 * f(before, "band"));
      expect(f(after, "turbulence")).toBeGreaterThan(0.8);
      expect(f(before, "turbulence")).toBeLessThan(0.5);
      expect(f(after, "hedgeRatio")).toBeGreaterThan(f(before, "hedgeRatio") + 0.1);
    }
  });

  test("behavior: with GARCH and the HMM fitted on a calm warm-up, σ̂ rises and the band tightens after the switch", () => {
    const calm = 4 * 1440;
    const ticks = toTicks(
      gbmPrices(7, [
        [calm, 0.3],
        [2 * 1440, 2.5],
      ]),
    );
    const ev = paramsEvents(run(ticks, { forecast: { warmupBars: 48 }, mapping: { minBand: 0.001 } }).events);
    const before = ev.slice(1).filter((e) => e.bar < calm);
    const after = ev.filter((e) => e.bar > calm + 6 * 60);
    const f = (xs: EngineEvent[], k: string) => mean(xs.map((e) => e.fields[k] as number));
    expect(ev[1].fields.model).toBe("garch");
    expect(f(after, "volatility")).toBeGreaterThan(3 * f(before, "volatility"));
    expect(f(after, "band")).toBeLessThan(0.5 * f(before, "band"));
    expect(f(after, "hedgeRatio")).toBeGreaterThanOrEqual(f(before, "hedgeRatio") - 1e-9);
  });

  test("behavior: with the HMM off π = 0, the ratio stays at calmRatio and band = baseBand·σ_ref/σ̂", () => {
    const ticks = toTicks(gbmPrices(5, [[3 * 1440, 0.8]]));
    const ev = paramsEvents(
      run(ticks, {
        forecast: { model: "ewma", warmupBars: 24, hmm: { enabled: false } },
        mapping: { baseBand: 0.2, referenceVol: 0.5, calmRatio: 0.6, minBand: 0, maxBand: 10 },
      }).events,
    ).slice(1);
    expect(ev.length).toBeGreaterThan(10);
    for (const e of ev) {
      expect(e.fields.turbulence).toBe(0);
      expect(e.fields.hedgeRatio).toBe(0.6);
      expect(e.fields.band as number).toBeCloseTo((0.2 * 0.5) / (e.fields.volatility as number), 12);
    }
  });

  test("behavior: before the warm-up ends it hedges fully (ratio = turbulentRatio) at baseBand", () => {
    const ticks = toTicks(gbmPrices(6, [[600, 0.8]]));
    const { events, rec } = run(ticks, { mapping: { baseBand: 0 } });
    expect(paramsEvents(events).length).toBe(1);
    const last = rec.bar.length - 1;
    expect(rec.hedge[last]).toBeCloseTo(-rec.lp[last - 1], 8);
  });

  test("behavior: rejects bad parameters naming the field", () => {
    expect(() => proactiveHedge({ mapping: { turbulenceTightening: 2 } })).toThrow(
      /mapping\.turbulenceTightening/,
    );
    expect(() => proactiveHedge({ forecast: { warmupBars: 5 } })).toThrow(InvalidInputError);
    expect(() => proactiveHedge({ forecast: { lambda: 1 } })).toThrow(/forecast\.lambda/);
    expect(() => proactiveHedge({ mapping: { minBand: 0.5, maxBand: 0.1 } })).toThrow(/mapping\.maxBand/);
  });
});
