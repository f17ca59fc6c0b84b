import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { START_TICK, testPerpMarket } from "../../../test/helpers/perpMarket.js";
import { slotLiteralMismatches } from "../../../test/helpers/slotLiterals.js";
import { createPerpVenueModel } from "../../engine/perp/perpVenueModel.js";
import { runEngine } from "../../engine/runEngine.js";
import { makePoolSeries } from "../../engine/testSeries.js";
import type { EngineEvent, Strategy, StrategyContext } from "../../engine/types.js";
import { LN_1_0001 } from "../../math/units.js";
import { createRng } from "../../sim/rng.js";
import { hedgedStrategy } from "../hedgedStrategy.js";
import { passiveRange } from "../passiveRange.js";
import { deltaHedge, type HedgeTrigger } from "./deltaHedge.js";
import { lpGamma } from "./lpGamma.js";
import { whalleyWilmottBand } from "./whalleyWilmottBand.js";

const T = START_TICK;
const MARKET = testPerpMarket();
const walk = (n: number, step: number) =>
  Array.from({ length: n }, (_, i) => T + Math.round(step * Math.sin(i / 7) * i));

/** Records, at every bar ≥ 1 (before settlement), the LP book delta, the perp's position, LP gamma and price. */
type Rec = { bar: number[]; lp: number[]; hedge: number[]; gamma: number[]; price: number[] };
function recorder(into: Rec): Strategy {
  return {
    name: "rec",
    init: () => undefined,
    onBar(ctx: StrategyContext) {
      into.bar.push(ctx.bar);
      into.lp.push(ctx.pool.delta(ctx.price) + ctx.ledger.cashBase);
      into.hedge.push(ctx.venueDelta("perp"));
      into.gamma.push(lpGamma(ctx));
      into.price.push(ctx.price);
      return undefined;
    },
  };
}

function run(trigger: HedgeTrigger, ticks: number[], extra: Partial<Parameters<typeof deltaHedge>[0]> = {}) {
  const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
  const events: EngineEvent[] = [];
  const perp = createPerpVenueModel({ market: MARKET, events });
  const rec: Rec = { bar: [], lp: [], hedge: [], gamma: [], price: [] };
  const strategy = hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [
    deltaHedge({ trigger, reserveQuote: 5000, ...extra }),
    recorder(rec),
  ]);
  const r = runEngine({ series, strategy, deposit: 15_000, venues: [perp], events });
  return { r, perp, events, rec };
}

describe("deltaHedge", () => {
  test("default: absolute band: a fill to −Δ_LP exactly on the bars where |−Δ_LP − hedge| > band", () => {
    const band = 0.05;
    const { events, rec } = run({ kind: "absolute", band }, walk(300, 4));
    const fills = new Map(events.filter((e) => e.kind === "hedge").map((e) => [e.bar, e.fields]));
    expect(fills.size).toBeGreaterThan(3);
    for (let j = 0; j < rec.bar.length; j++) {
      const target = -rec.lp[j];
      const f = fills.get(rec.bar[j]);
      if (Math.abs(target - rec.hedge[j]) > band) {
        expect(f).toBeDefined();
        expect(f?.target as number).toBeCloseTo(target, 12);
        expect(f?.position as number).toBeCloseTo(target, 12);
      } else expect(f).toBeUndefined();
    }
  });

  test("behavior: the deposit intent moves reserveQuote into the venue before the range mints", () => {
    const { perp, r } = run({ kind: "absolute", band: 1e9 }, [T, T, T]);
    expect(perp.marginQuote).toBe(5000);
    expect(r.pool.positions.length).toBe(1);
    expect(perp.trades).toBe(0);
  });

  test("behavior: Whalley–Wilmott trades to the nearest edge of ±H around −Δ_LP (closed-form H) only outside it", () => {
    const lambda = 0.001;
    const gammaRisk = 0.01;
    const { events, rec } = run(
      { kind: "whalleyWilmott", riskAversion: gammaRisk, proportionalCost: lambda },
      walk(300, 4),
    );
    const fills = new Map(events.filter((e) => e.kind === "hedge").map((e) => [e.bar, e.fields]));
    expect(fills.size).toBeGreaterThan(3);
    for (let j = 0; j < rec.bar.length; j++) {
      const target = -rec.lp[j];
      const H = Math.cbrt((1.5 * lambda * rec.price[j] * rec.gamma[j] ** 2) / gammaRisk);
      const f = fills.get(rec.bar[j]);
      const h = rec.hedge[j];
      if (Math.abs(target - h) > H * (1 + 1e-9) + 1e-9) {
        expect(f, `bar ${rec.bar[j]} gap ${target - h} H ${H}`).toBeDefined();
        expect(f?.position as number).toBeCloseTo(h < target ? target - H : target + H, 10);
      } else if (Math.abs(target - h) < H * (1 - 1e-9)) expect(f).toBeUndefined();
    }
  });

  test("behavior: the cached Whalley–Wilmott band and gamma equal whalleyWilmottBand and lpGamma exactly", () => {
    // A walk that revisits ticks, so most bars read the per-tick cache; every intent's band and gamma must be the
    // values a fresh computation gives at that bar (bit for bit).
    const series = makePoolSeries({ closeTick: walk(400, 3), liquidity: 1e17 });
    const perp = createPerpVenueModel({ market: MARKET });
    const seen: { band: number; gamma: number; price: number; fresh: number }[] = [];
    const trigger = { kind: "whalleyWilmott", riskAversion: 0.01, proportionalCost: 0.001 } as const;
    runEngine({
      series,
      strategy: hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [
        deltaHedge({ trigger, reserveQuote: 5000 }),
      ]),
      deposit: 15_000,
      venues: [perp],
      gate: (intent, ctx) => {
        if (intent.kind === "hedge") {
          const it = intent as unknown as { band: number; gamma: number };
          seen.push({ band: it.band, gamma: it.gamma, price: ctx.price, fresh: lpGamma(ctx) });
        }
        return intent;
      },
    });
    expect(seen.length).toBeGreaterThan(3);
    let banded = 0;
    for (const s of seen) {
      expect(s.gamma).toBe(s.fresh);
      const H = whalleyWilmottBand({
        price: s.price,
        gamma: s.fresh,
        proportionalCost: 0.001,
        riskAversion: 0.01,
      });
      // Out of range (Γ = 0, H = 0) the intent reports the gap as its band instead.
      if (H > 0) {
        expect(s.band).toBe(H);
        banded++;
      }
    }
    expect(banded).toBeGreaterThan(3);
  });

  test("behavior: a time trigger hedges once per interval", () => {
    const { events } = run({ kind: "time", intervalMinutes: 30 }, walk(181, 3));
    const bars = events.filter((e) => e.kind === "hedge").map((e) => e.bar);
    for (let j = 1; j < bars.length; j++) expect(bars[j] - bars[j - 1]).toBeGreaterThanOrEqual(30);
    expect(bars.length).toBeGreaterThanOrEqual(5);
  });

  test("behavior: latencyMs fills the hedge at the first bar after decision + latency, at that bar's price", () => {
    const { events } = run({ kind: "absolute", band: 0.05 }, walk(200, 4), { latencyMs: 150_000 });
    const fills = events.filter((e) => e.kind === "hedge");
    expect(fills.length).toBeGreaterThan(0);
    // The first decision happens at bar 1 (after the mint settles at bar 0); 150 s later is bar 4 (3.5 → 4).
    expect(fills[0].bar).toBe(4);
  });

  test("behavior: hedgeRatio 0.5 hedges half the LP delta", () => {
    const { events } = run({ kind: "absolute", band: 0 }, [T, T, T - 50, T - 50], { hedgeRatio: 0.5 });
    const fills = events.filter((e) => e.kind === "hedge");
    expect(fills.length).toBeGreaterThan(0);
    expect(fills[0].fields.target as number).toBeLessThan(0);
  });

  test("behavior: invalid parameters name the field", () => {
    expect(() => deltaHedge({ trigger: { kind: "time", intervalMinutes: 0 } })).toThrow(
      /trigger\.intervalMinutes/,
    );
    expect(() => deltaHedge({ trigger: { kind: "absolute", band: 1 }, hedgeRatio: Number.NaN })).toThrow(
      /hedgeRatio/,
    );
  });
});

describe("deltaHedge volatility half-life in time", () => {
  test("behavior: minute and hourly bars of one path give the same σ̂ (halfLife 5d), the bar gap sets λ", () => {
    // 40 days of a GBM path (σ = 0.8) in ticks; the hourly series takes every 60th minute's tick.
    const rng = createRng(5);
    const perMinTicks = 0.8 / Math.sqrt(365 * 1440) / Math.log(1.0001);
    const n = 40 * 1440;
    const minute = new Array<number>(n);
    let x = 0;
    for (let i = 0; i < n; i++) {
      minute[i] = T + Math.round(x);
      x += perMinTicks * rng.nextNormal();
    }
    const hourlyTicks = minute.filter((_, i) => i % 60 === 0);
    const run = (ticks: number[], barMs: number) => {
      const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
      for (let i = 0; i < series.length; i++) series.time[i] = series.time[0] + i * barMs;
      const perp = createPerpVenueModel({ market: MARKET });
      const vols: [number, number][] = [];
      const hedge = deltaHedge({
        trigger: { kind: "time", intervalMinutes: 1440 },
        reserveQuote: 3000,
        volatility: { initial: 0.3, halfLife: "5d" },
      });
      runEngine({
        series,
        strategy: hedgedStrategy(passiveRange({ range: { belowPct: 50, abovePct: 50 } }), [hedge]),
        deposit: 13_000,
        venues: [perp],
        gate: (intent, ctx) => {
          if (intent.kind === "hedge") vols.push([ctx.time, intent.volatility as number]);
          return intent;
        },
      });
      return vols;
    };
    const m = run(minute, 60_000);
    const h = run(hourlyTicks, 3_600_000);
    const last = (v: [number, number][]) => v[v.length - 1][1];
    // Minute estimate: ≈ 0.8 (effective N ≈ 20,000 returns). Hourly: effective N = (1 + λ)/(1 − λ) ≈ 346 returns,
    // so a relative sd of 1/√(2N) ≈ 3.8 %; 3 sd: 12 %. (With λ per bar, the hourly one would still sit near the 0.3
    // start: a 5-day half-life of 7,200 bars.)
    expect(Math.abs(last(m) / 0.8 - 1)).toBeLessThan(0.03);
    expect(Math.abs(last(h) / last(m) - 1)).toBeLessThan(0.12);
    expect(h.length).toBeGreaterThan(30);
  });

  test('behavior: halfLife "1d" is halfLifeMinutes 1440 bit for bit; both at once are refused', () => {
    const ticks = walk(3000, 0.3);
    const run = (volatility: { halfLife?: string; halfLifeMinutes?: number }) => {
      const perp = createPerpVenueModel({ market: MARKET });
      const vols: number[] = [];
      runEngine({
        series: makePoolSeries({ closeTick: ticks, liquidity: 1e17 }),
        strategy: hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [
          deltaHedge({ trigger: { kind: "time", intervalMinutes: 60 }, reserveQuote: 3000, volatility }),
        ]),
        deposit: 13_000,
        venues: [perp],
        gate: (intent) => {
          if (intent.kind === "hedge") vols.push(intent.volatility as number);
          return intent;
        },
      });
      return vols;
    };
    const a = run({ halfLife: "1d" });
    expect(a.length).toBeGreaterThan(20);
    expect(run({ halfLifeMinutes: 1440 })).toEqual(a);
    expect(run({})).toEqual(a);
    expect(() =>
      deltaHedge({
        trigger: { kind: "absolute", band: 1 },
        volatility: { halfLife: "1d", halfLifeMinutes: 60 },
      }),
    ).toThrow(/volatility\.halfLifeMinutes/);
    expect(() =>
      deltaHedge({ trigger: { kind: "absolute", band: 1 }, volatility: { halfLife: "soon" } }),
    ).toThrow(/volatility\.halfLife/);
  });
});

describe("deltaHedge literals", () => {
  test("every literal named in a comment in its per-bar code is the constant of that name", () => {
    const source = readFileSync(new URL("./deltaHedge.ts", import.meta.url), "utf8");
    const table = source.match(/const K = \{([^}]*)\} as const;/)?.[1] ?? "";
    const names: Record<string, number> = { LN_1_0001 };
    for (const m of table.matchAll(/([A-Z_0-9]+): (\d+),/g)) names[m[1]] = Number(m[2]);
    expect(Object.keys(names).length).toBe(20);
    expect(names.MS_PER_YEAR).toBe(365 * 86_400_000);
    const { checked, mismatches } = slotLiteralMismatches(source, names);
    expect(checked).toBeGreaterThanOrEqual(30);
    expect(mismatches).toEqual([]);
  });
});
