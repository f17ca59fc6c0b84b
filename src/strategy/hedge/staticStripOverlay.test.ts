import { describe, expect, test } from "vitest";
import { START_TICK, testPerpMarket } from "../../../test/helpers/perpMarket.js";
import { createOptionVenueModel } from "../../engine/options/optionVenueModel.js";
import { createPerpVenueModel } from "../../engine/perp/perpVenueModel.js";
import { runEngine, sumAttribution } from "../../engine/runEngine.js";
import { makePoolSeries } from "../../engine/testSeries.js";
import type { EngineEvent } from "../../engine/types.js";
import { lpPayoff } from "../../math/replication/lpPayoff.js";
import { hedgedStrategy } from "../hedgedStrategy.js";
import { passiveRange } from "../passiveRange.js";
import { staticStripOverlay } from "./staticStripOverlay.js";

const T = START_TICK;
const MARKET = testPerpMarket();

describe("staticStripOverlay", () => {
  test("default: LP + strip + short forward is flat at expiry up to the replication residual (≤ the bound)", () => {
    // 2 days; the price falls ~6 % (inside the ±10 % range); the strip expires at 08:00 on day 2.
    const n = 2 * 1440;
    const ticks = Array.from({ length: n }, (_, i) => T + Math.floor((600 * i) / n));
    const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
    const events: EngineEvent[] = [];
    const opt = createOptionVenueModel({ vol: () => 0.8, spreadFraction: 0, events });
    const perp = createPerpVenueModel({ market: MARKET, events });
    const r = runEngine({
      series,
      strategy: hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [
        staticStripOverlay({
          tenorDays: 1,
          strikeStep: 10,
          reserveQuote: 1000,
          perpReserveQuote: 2000,
          events,
        }),
      ]),
      deposit: 13_000,
      venues: [opt, perp],
      events,
    });
    const open = events.find((e) => e.kind === "strip");
    const res = events.find((e) => e.kind === "stripResidual");
    expect(open).toBeDefined();
    expect(res).toBeDefined();
    // The LP value at expiry computed independently (closed form) matches the logged one.
    const p = r.pool.positions[0];
    const a = 1e12 / 1.0001 ** p.tickUpper;
    const b = 1e12 / 1.0001 ** p.tickLower;
    const f = lpPayoff({
      liquidity: p.liquidityFloat / 1e12,
      lower: a,
      upper: b,
      price: res?.fields.price as number,
    });
    expect(Math.abs(f - (res?.fields.lpValue as number)) / f).toBeLessThan(1e-9);
    expect(Math.abs(res?.fields.residual as number)).toBeLessThanOrEqual(
      (res?.fields.errorBoundInterior as number) + 1e-9,
    );
    expect(perp.sizeBase).toBeCloseTo(-(open?.fields.forwardUnits as number), 12);
    expect(Math.abs(sumAttribution(r.totals.attribution) - r.totals.pnl)).toBeLessThan(1e-9 * 13_000);
  });
});
