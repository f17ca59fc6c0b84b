import { describe, expect, test } from "vitest";
import { createOptionVenueModel } from "../../engine/options/optionVenueModel.js";
import { runEngine } from "../../engine/runEngine.js";
import { makePoolSeries } from "../../engine/testSeries.js";
import type { EngineEvent, Strategy } from "../../engine/types.js";
import { tickToPrice } from "../../math/units.js";
import { hedgedStrategy } from "../hedgedStrategy.js";
import { passiveRange } from "../passiveRange.js";
import { lpBaseAt } from "./lpBaseAt.js";
import { protectivePut } from "./protectivePut.js";

const T = 202690;
const DAY = 86_400_000;

describe("protectivePut", () => {
  test("default: buys puts at P·(1 − otm) sized to the LP's base at the strike, and rolls at each expiry", () => {
    // 3 days of minute bars, price drifting down 1 tick per 20 minutes; 1-day puts roll twice.
    const n = 3 * 1440;
    const ticks = Array.from({ length: n }, (_, i) => T + Math.floor(i / 20));
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const opt = createOptionVenueModel({ vol: () => 0.8, events });
    const seen = new Map<number, number>();
    const probe: Strategy = {
      name: "probe",
      init: () => undefined,
      onBar(ctx) {
        seen.set(ctx.bar, lpBaseAt(ctx, ctx.price * 0.95));
        return undefined;
      },
    };
    runEngine({
      series,
      strategy: hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [
        protectivePut({ otmPct: 5, tenorDays: 1, reserveQuote: 500 }),
        probe,
      ]),
      deposit: 10_500,
      venues: [opt],
      events,
    });
    const buys = events.filter((e) => e.kind === "option");
    expect(buys.map((e) => e.fields.reason)).toEqual(["open", "roll", "roll", "roll"].slice(0, buys.length));
    expect(buys.length).toBeGreaterThanOrEqual(3);
    const P1 = tickToPrice({ tick: ticks[buys[0].bar], decimals0: 6, decimals1: 18, baseToken: 1 });
    expect(buys[0].fields.strike).toBeCloseTo(0.95 * P1, 9);
    expect(buys[0].fields.quantity).toBeCloseTo(seen.get(buys[0].bar) as number, 12);
    // Expiries at 08:00 UTC, each followed by a roll on the same bar's next decision.
    const exp = events.filter((e) => e.kind === "expiry");
    for (const e of exp) expect(((e.time % DAY) / 3_600_000) | 0).toBe(8);
  });

  test("behavior: roll false lets the first put expire and buys no other", () => {
    const n = 2 * 1440;
    const series = makePoolSeries({ closeTick: new Array(n).fill(T), liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const opt = createOptionVenueModel({ vol: () => 0.8, events });
    runEngine({
      series,
      strategy: hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [
        protectivePut({ otmPct: 5, tenorDays: 0.5, roll: false, reserveQuote: 500 }),
      ]),
      deposit: 10_500,
      venues: [opt],
      events,
    });
    expect(events.filter((e) => e.kind === "option").length).toBe(1);
    expect(events.filter((e) => e.kind === "expiry").length).toBe(1);
  });

  test("behavior: out of range above for longer than the tenor, the puts keep rolling (sized at the range's middle)", () => {
    // Day 0 at the entry tick, then 3 days 1,600 ticks lower (price ×1.17, above the +10 % range): 1-day puts.
    const n = 4 * 1440;
    const ticks = Array.from({ length: n }, (_, i) => (i < 1440 ? T : T - 1600));
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const opt = createOptionVenueModel({ vol: () => 0.8, events });
    const mid = new Map<number, number>();
    const probe: Strategy = {
      name: "probe",
      init: () => undefined,
      onBar(ctx) {
        const p = ctx.pool.positions[0];
        const m = Math.sqrt(ctx.priceAtTick(p.tickLower) * ctx.priceAtTick(p.tickUpper));
        mid.set(ctx.bar, lpBaseAt(ctx, m));
        return undefined;
      },
    };
    let lastLegs = 0;
    const end: Strategy = {
      name: "end",
      init: () => undefined,
      onBar(ctx) {
        if (ctx.bar === n - 1) lastLegs = opt.legs.filter((l) => l.expiryTime > ctx.time).length;
        return undefined;
      },
    };
    runEngine({
      series,
      strategy: hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [
        protectivePut({ otmPct: 5, tenorDays: 1, reserveQuote: 2000 }),
        probe,
        end,
      ]),
      deposit: 12_000,
      venues: [opt],
      events,
    });
    const buys = events.filter((e) => e.kind === "option");
    const above = buys.filter((e) => e.bar >= 1440);
    // Expiries at 08:00 of days 1, 2 and 3, each rolled though the price is above the range (LP base at K is 0).
    expect(above.length).toBe(3);
    for (const e of above) {
      expect(e.fields.reason).toBe("roll");
      expect(e.fields.quantity as number).toBeGreaterThan(0);
      expect(e.fields.quantity as number).toBeCloseTo(mid.get(e.bar) as number, 12);
    }
    // The run ends holding an unexpired put.
    expect(lastLegs).toBe(1);
  });
});
