import { describe, expect, test } from "vitest";
import { createPerpVenueModel, runEngine, sumAttribution } from "../../src/engine/index.js";
import { makePoolSeries } from "../../src/engine/testSeries.js";
import type { EngineEvent, Strategy } from "../../src/engine/types.js";
import { deltaHedge, hedgedStrategy, netDelta } from "../../src/strategy/index.js";
import { START_TICK, testPerpMarket } from "../helpers/perpMarket.js";

const T = START_TICK;
const MARKET = testPerpMarket({ takerFee: 0.0005, halfSpreadBps: 1 });

/** Two LP positions on the same asset (different ranges) minted at bar 0. */
const twoPositions: Strategy = {
  name: "two",
  init: () => [
    { kind: "mint", tickLower: T - 600, tickUpper: T + 400, value: 4000 },
    { kind: "mint", tickLower: T - 200, tickUpper: T + 1000 },
  ],
  onBar: () => undefined,
};

describe("hedged engine runs", () => {
  test("default: net delta of a vault with two LP positions: one hedge offsets their sum (netDelta)", () => {
    const ticks = Array.from({ length: 120 }, (_, i) => T + Math.round(200 * Math.sin(i / 15)));
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const perp = createPerpVenueModel({ market: MARKET, events });
    const seen: { bar: number; deltas: number[]; idleBase: number }[] = [];
    const probe: Strategy = {
      name: "probe",
      init: () => undefined,
      onBar(ctx) {
        seen.push({
          bar: ctx.bar,
          deltas: ctx.pool.positions.map((p) => p.base + p.owedBase),
          idleBase: ctx.ledger.cashBase,
        });
        return undefined;
      },
    };
    const strategy = hedgedStrategy(twoPositions, [
      deltaHedge({ trigger: { kind: "absolute", band: 0.02 }, reserveQuote: 3000 }),
      probe,
    ]);
    const r = runEngine({ series, strategy, deposit: 13_000, venues: [perp], events });
    expect(r.pool.positions.length).toBe(2);
    const fills = events.filter((e) => e.kind === "hedge");
    expect(fills.length).toBeGreaterThan(2);
    for (const f of fills) {
      const s = seen.find((x) => x.bar === f.bar);
      if (s === undefined) throw new Error(`no probe at bar ${f.bar}`);
      // Target = −(Σ positions' base + owed base + idle base): the two positions net into one hedge.
      const net = netDelta(Float64Array.of(...s.deltas, s.idleBase));
      expect(s.deltas.length).toBe(2);
      expect(f.fields.target as number).toBeCloseTo(-net, 9);
    }
    expect(Math.abs(sumAttribution(r.totals.attribution) - r.totals.pnl)).toBeLessThan(1e-9 * 13_000);
  });

  test("behavior: the event log has the pool mints, the margin transfer and the fills, in time order", () => {
    const series = makePoolSeries({ closeTick: [T, T, T - 30, T - 60, T - 90], liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const perp = createPerpVenueModel({ market: MARKET, events });
    const strategy = hedgedStrategy(twoPositions, [
      deltaHedge({ trigger: { kind: "absolute", band: 0 }, reserveQuote: 3000 }),
    ]);
    const r = runEngine({ series, strategy, deposit: 13_000, venues: [perp], events });
    expect(r.events).toBe(events);
    expect(events.slice(0, 3).map((e) => [e.kind, e.venue])).toEqual([
      ["transfer", "perp"],
      ["pool", "pool"],
      ["pool", "pool"],
    ]);
    expect(events[1].fields.intent).toBe("mint");
    for (let j = 1; j < events.length; j++) expect(events[j].time).toBeGreaterThanOrEqual(events[j - 1].time);
    expect(events.some((e) => e.kind === "hedge")).toBe(true);
    // The hodl benchmark counts the margin as quote held: hodl = value right after the first fill.
    expect(r.series?.hodlValue[0]).toBeCloseTo(r.series?.value[0] ?? 0, 9);
  });

  test("behavior: an intent with latencyMs overtakes nothing decided earlier with a longer delay, and fills in order", () => {
    const series = makePoolSeries({ closeTick: [T, T, T, T, T, T, T], liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const perp = createPerpVenueModel({ market: MARKET, events });
    const s: Strategy = {
      name: "lat",
      init: () => [
        { kind: "deposit", venue: "perp", amount: 1000 },
        { kind: "hedge", venue: "perp", targetDelta: -1, latencyMs: 240_000 },
        { kind: "hedge", venue: "perp", targetDelta: -2, latencyMs: 60_000 },
      ],
      onBar: () => undefined,
    };
    runEngine({ series, strategy: s, deposit: 1000, venues: [perp], events });
    const fills = events.filter((e) => e.kind === "hedge");
    expect(fills.map((e) => [e.bar, e.fields.target])).toEqual([
      [1, -2],
      [4, -1],
    ]);
    expect(perp.sizeBase).toBe(-1);
  });
});
