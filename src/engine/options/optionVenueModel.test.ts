import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { slotLiteralMismatches } from "../../../test/helpers/slotLiterals.js";
import * as b76 from "../../math/options/black76.js";
import { black76 } from "../../math/options/black76.js";
import { tickToPrice } from "../../math/units.js";
import { runEngine, sumAttribution } from "../runEngine.js";
import { makePoolSeries } from "../testSeries.js";
import type { EngineEvent, Intent, Strategy } from "../types.js";
import { createOptionVenueModel, YEAR_MS } from "./optionVenueModel.js";

const T = 202690;
/** Price of the test pool (USDC/WETH, base WETH) at a tick, from the precise tick → price conversion. */
const priceAt = (tick: number) => tickToPrice({ tick, decimals0: 6, decimals1: 18, baseToken: 1 });
const T0 = 1_658_188_800_000;
const YEAR = 365 * 86_400_000;

function buyAt0(intents: Intent[]): Strategy {
  return {
    name: "opt",
    init: () => [{ kind: "deposit", venue: "options", amount: 1000 }, ...intents],
    onBar: () => undefined,
  };
}

describe("createOptionVenueModel", () => {
  test("default: a bought put is worth its Black-76 price; the spread goes to costs; theta to premium", () => {
    const ticks = Array.from({ length: 60 }, () => T);
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const opt = createOptionVenueModel({ vol: () => 0.8, spreadFraction: 0.02, events });
    const P = priceAt(T);
    const expiry = T0 + 7 * 86_400_000;
    const r = runEngine({
      series,
      strategy: buyAt0([
        { kind: "buy", venue: "options", option: "put", strike: 0.95 * P, expiryTime: expiry, quantity: 2 },
      ]),
      deposit: 1000,
      venues: [opt],
      events,
    });
    const p0 = black76({ forward: P, strike: 0.95 * P, timeToExpiry: 7 / 365, vol: 0.8, kind: "put" }).price;
    const pEnd = black76({
      forward: P,
      strike: 0.95 * P,
      timeToExpiry: (expiry - series.time[59]) / YEAR,
      vol: 0.8,
      kind: "put",
    }).price;
    expect(opt.premiumPaid).toBeCloseTo(2 * p0, 9);
    expect(r.totals.attribution.costsHedge).toBeCloseTo(2 * p0 * 0.02, 9);
    // Constant price: the value change is pure time decay, booked as premium (θ·Δt summed ≈ ΔV).
    expect(r.totals.attribution.premium).toBeLessThan(0);
    expect(r.totals.attribution.premium).toBeCloseTo(2 * (pEnd - p0), 4);
    expect(r.totals.attribution.premium + r.totals.attribution.hedge).toBeCloseTo(2 * (pEnd - p0), 9);
    expect(Math.abs(sumAttribution(r.totals.attribution) - r.totals.pnl)).toBeLessThan(1e-9 * 1000);
    expect(events.find((e) => e.kind === "option")?.fields.premium).toBeCloseTo(2 * p0, 9);
  });

  test("behavior: at expiry a leg is cash-settled at intrinsic value (event logged) and the payoff stays in the venue", () => {
    const ticks = Array.from({ length: 12 }, (_, i) => T + 50 * i); // price falls
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const opt = createOptionVenueModel({ vol: () => 0.6, spreadFraction: 0, events });
    const K = priceAt(T);
    const r = runEngine({
      series,
      strategy: buyAt0([
        { kind: "buy", venue: "options", option: "put", strike: K, expiryTime: T0 + 5 * 60_000, quantity: 3 },
      ]),
      deposit: 1000,
      venues: [opt],
      events,
    });
    const exp = events.filter((e) => e.kind === "expiry");
    expect(exp.length).toBe(1);
    expect(exp[0].bar).toBe(5);
    expect(exp[0].fields.payoff).toBeCloseTo(3 * (K - priceAt(ticks[5])), 9);
    expect(opt.legs.length).toBe(0);
    expect(opt.cashQuote).toBeCloseTo(1000 - opt.premiumPaid + 3 * (K - priceAt(ticks[5])), 9);
    expect(Math.abs(sumAttribution(r.totals.attribution) - r.totals.pnl)).toBeLessThan(1e-9 * 1000);
  });

  test("behavior: attribution stays exact with random legs, prices and vols (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 3, maxLength: 40 }),
        fc.double({ min: 0.2, max: 1.5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (steps, vol, q) => {
          const ticks = [T];
          for (const s of steps) ticks.push(ticks[ticks.length - 1] + s);
          const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
          const opt = createOptionVenueModel({
            vol: (k, f) => vol * (1 + 0.1 * Math.log(k / f)),
          });
          const P = priceAt(T);
          const r = runEngine({
            series,
            strategy: buyAt0([
              {
                kind: "buy",
                venue: "options",
                option: "call",
                strike: P,
                expiryTime: T0 + 10 * 60_000,
                quantity: q,
              },
              {
                kind: "buy",
                venue: "options",
                option: "put",
                strike: 0.98 * P,
                expiryTime: T0 + 3e6,
                quantity: 1,
              },
            ]),
            deposit: 1000,
            venues: [opt],
          });
          expect(Math.abs(sumAttribution(r.totals.attribution) - r.totals.pnl)).toBeLessThan(1e-9 * 1000);
        },
      ),
      { numRuns: 40 },
    );
  });

  test("behavior: a constant vol and vol steps give the bits of the equivalent vol function (events too)", () => {
    // Price moves and revisits ticks (the ln(F/K) cache hits), two legs, one expiring mid-run.
    const ticks = Array.from({ length: 90 }, (_, i) => T + 40 * Math.round(3 * Math.sin(i / 5)));
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const P = priceAt(T);
    const run = (vol: Parameters<typeof createOptionVenueModel>[0]["vol"]) => {
      const events: EngineEvent[] = [];
      const r = runEngine({
        series,
        strategy: buyAt0([
          {
            kind: "buy",
            venue: "options",
            option: "put",
            strike: 0.97 * P,
            expiryTime: T0 + 30 * 60_000,
            quantity: 2,
          },
          {
            kind: "buy",
            venue: "options",
            option: "call",
            strike: 1.02 * P,
            expiryTime: T0 + 6e6,
            quantity: -1,
          },
        ]),
        deposit: 1000,
        venues: [createOptionVenueModel({ vol, events })],
        events,
      });
      return { r, events };
    };
    const same = (a: ReturnType<typeof run>, b: ReturnType<typeof run>) => {
      for (const k of ["value", "hedge", "premium", "costs"] as const) {
        const x = a.r.series?.[k] ?? new Float64Array(0);
        const y = b.r.series?.[k] ?? new Float64Array(1);
        expect(y.length).toBe(x.length);
        for (let i = 0; i < x.length; i++) expect(Object.is(x[i], y[i]), `${k}[${i}]`).toBe(true);
      }
      expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    };
    same(
      run(() => 0.8),
      run(0.8),
    );
    const change = T0 + 20 * 60_000;
    const stepped = run({ time: Float64Array.of(T0 - 60_000, change), vol: Float64Array.of(0.6, 0.9) });
    same(
      run((_k, _f, _tau, t) => (t >= change ? 0.9 : 0.6)),
      stepped,
    );
    expect(stepped.events.filter((e) => e.kind === "expiry").length).toBe(1);
  });

  test("errors: a bad constant vol or vol steps name the field", () => {
    expect(() => createOptionVenueModel({ vol: -0.1 })).toThrow(/vol/);
    expect(() => createOptionVenueModel({ vol: Number.NaN })).toThrow(/vol/);
    expect(() =>
      createOptionVenueModel({ vol: { time: Float64Array.of(2, 1), vol: Float64Array.of(0.5, 0.6) } }),
    ).toThrow(/vol\.time\[1\]/);
    expect(() =>
      createOptionVenueModel({ vol: { time: Float64Array.of(1), vol: Float64Array.of(Number.NaN) } }),
    ).toThrow(/vol\.vol\[0\]/);
    expect(() =>
      createOptionVenueModel({ vol: { time: new Float64Array(0), vol: new Float64Array(0) } }),
    ).toThrow(/vol/);
  });

  test("errors: a vol function's bad value fails the revaluation with black76's error naming the vol", () => {
    const series = makePoolSeries({ closeTick: Array.from({ length: 5 }, () => T), liquidity: 1e17 });
    const P = priceAt(T);
    const buy: Intent = {
      kind: "buy",
      venue: "options",
      option: "put",
      strike: P * 0.95,
      expiryTime: T0 + 86_400_000,
      quantity: 1,
    };
    for (const [bad, message] of [
      [-0.1, /vol -0\.1.*a finite number >= 0/],
      [Number.NaN, /vol NaN/],
      [Number.POSITIVE_INFINITY, /vol Infinity/],
    ] as const) {
      const opt = createOptionVenueModel({ vol: () => bad });
      expect(() => runEngine({ series, strategy: buyAt0([buy]), deposit: 10_000, venues: [opt] })).toThrow(
        message,
      );
    }
  });
});

describe("option venue slot literals", () => {
  test("every literal Black-76 slot, YEAR_MS and cache mask in the venue is its named constant's", () => {
    const source = readFileSync(new URL("./optionVenueModel.ts", import.meta.url), "utf8");
    const cacheSize = Number(source.match(/const LOG_CACHE_SIZE = (\d+);/)?.[1]);
    expect(cacheSize).toBe(512);
    const names = {
      ...(Object.fromEntries(
        Object.entries(b76).filter(([k, v]) => k.startsWith("B76_") && typeof v === "number"),
      ) as Record<string, number>),
      YEAR_MS,
      LOG_CACHE_MASK: cacheSize - 1,
    };
    expect(YEAR_MS).toBe(365 * 86_400_000);
    const { checked, mismatches } = slotLiteralMismatches(source, names);
    expect(checked).toBeGreaterThanOrEqual(18);
    expect(mismatches).toEqual([]);
  });
});
