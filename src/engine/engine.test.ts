import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { recenterRange } from "../strategy/recenterRange.js";
import { createEngine } from "./engine.js";
import { LatencyQueue } from "./latencyQueue.js";
import { createMarket, type MarketRow } from "./market.js";
import { decodeNumber, encodeNumber } from "./snapshotCodec.js";
import { makePoolSeries, randomWalkSeries, TEST_POOL_META } from "./testSeries.js";
import type { Intent } from "./types.js";

const T = 202690;
/** A random-walk minute series around tick T (deterministic: a fixed LCG, not Math.random). */
const walk = (n: number) => randomWalkSeries(n, 12345, T);

describe("createEngine", () => {
  test("behavior: a live market appended row by row, stepped after each row, equals the batch run", () => {
    const series = walk(600);
    const strategy = () => recenterRange({ widthPct: 0.5, cooldownMinutes: 5 });
    const batch = createEngine({ market: series, strategy: strategy(), deposit: 10_000, latencyMs: 60_000 });
    batch.advance();
    const market = createMarket({ meta: TEST_POOL_META, capacity: 4 });
    const live = createEngine({ market, strategy: strategy(), deposit: 10_000, latencyMs: 60_000 });
    expect(live.step()).toBe(false);
    for (let i = 0; i < series.length; i++) {
      const row: MarketRow = {
        time: series.time[i],
        openTick: series.openTick[i],
        highTick: series.highTick[i],
        lowTick: series.lowTick[i],
        closeTick: series.closeTick[i],
        netAmount0: series.netAmount0[i],
        netAmount1: series.netAmount1[i],
        inAmount0: series.inAmount0[i],
        inAmount1: series.inAmount1[i],
        liquidity: series.liquidity[i],
      };
      market.append(row);
      expect(live.step()).toBe(true);
      expect(live.step()).toBe(false);
    }
    expect(market.capacity).toBeGreaterThanOrEqual(600);
    expect(live.totals()).toStrictEqual(batch.totals());
    expect(live.totals().rebalances).toBeGreaterThan(3);
    const a = batch.series()!;
    const b = live.series()!;
    for (const k of Object.keys(a) as (keyof typeof a)[])
      expect(Array.from(b[k]), k).toStrictEqual(Array.from(a[k]));
  });

  test("error: appending a row out of time order names the field", () => {
    const market = createMarket({ meta: TEST_POOL_META });
    const row: MarketRow = {
      time: 1000,
      openTick: T,
      highTick: T,
      lowTick: T,
      closeTick: T,
      netAmount0: 0,
      netAmount1: 0,
      inAmount0: 0,
      inAmount1: 0,
      liquidity: 1e17,
    };
    market.append(row);
    expect(() => market.append(row)).toThrow(/row\.time 1000 is invalid: expected a time after/);
    expect(() => market.append({ ...row, time: 2000, closeTick: 1.5 })).toThrow(/row\.closeTick/);
  });

  test("behavior: latency is keyed by time: an intent fills at the first bar at or after decision + latency", () => {
    // Bars at 0, 1, 2, 5, 6 minutes (a gap): an intent decided at bar 1 (1 min) with 2 min latency fills at 5 min.
    const series = makePoolSeries({ closeTick: [T, T, T, T + 10, T + 20], liquidity: 1e17 });
    const times = [0, 1, 2, 5, 6].map((m) => series.time[0] + m * 60_000);
    series.time.set(times);
    let filledAt = -1;
    const engine = createEngine({
      market: series,
      deposit: 10_000,
      latencyMs: 120_000,
      strategy: {
        name: "t",
        stateless: true,
        init: () => undefined,
        onBar: (ctx) => {
          if (ctx.bar === 1) return [{ kind: "mint", tickLower: T - 100, tickUpper: T + 100 }];
          if (filledAt < 0 && ctx.pool.positions.length > 0) filledAt = ctx.bar - 1;
          return undefined;
        },
      },
    });
    engine.advance();
    expect(filledAt).toBe(3);
    expect(engine.totals().droppedIntents).toBe(0);
  });
});

describe("LatencyQueue", () => {
  test("behavior: settles every due intent in decision order, whatever their due times", () => {
    const q = new LatencyQueue();
    const it = (n: number): Intent => ({ kind: "swap", baseFraction: n / 10 });
    q.push(300, it(1));
    q.push(100, it(2));
    q.push(200, it(3));
    q.push(900, it(4));
    expect(q.headDue).toBe(100);
    expect(q.popDue(50).length).toBe(0);
    expect(q.popDue(300).map((x) => (x as { baseFraction: number }).baseFraction)).toStrictEqual([
      0.1, 0.2, 0.3,
    ]);
    expect(q.size).toBe(1);
    const copy = new LatencyQueue();
    copy.restore(JSON.parse(JSON.stringify(q.state())));
    expect(copy.size).toBe(1);
    expect(copy.headDue).toBe(900);
  });

  test("behavior: the fields the bar loops read (headTime, waiting) follow every push, pop and restore (property)", () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ pop: fc.integer({ min: -5, max: 55 }) }),
      fc.constant({ restore: true }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let q = new LatencyQueue();
        // The oracle: the due times still waiting, as the snapshot lists them.
        const check = () => {
          const dues = q.state().entries.map((e) => decodeNumber(e.due, "due"));
          expect(q.waiting).toBe(dues.length);
          expect(q.headTime).toBe(dues.length > 0 ? Math.min(...dues) : Number.POSITIVE_INFINITY);
          expect(q.size).toBe(q.waiting);
          expect(q.headDue).toBe(q.headTime);
        };
        for (const o of ops) {
          if ("push" in o) q.push(o.push, { kind: "swap", baseFraction: 0.1 });
          else if ("pop" in o) {
            const n = q.waiting;
            const got = q.popDue(o.pop).length;
            expect(q.waiting).toBe(n - got);
          } else {
            const copy = new LatencyQueue();
            copy.restore(JSON.parse(JSON.stringify(q.state())));
            q = copy;
          }
          check();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("snapshotCodec", () => {
  test("behavior: NaN, ±Infinity and −0 survive a JSON round trip", () => {
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1.5, -2e-300]) {
      const y = decodeNumber(JSON.parse(JSON.stringify(encodeNumber(x))), "x");
      expect(Object.is(x, y)).toBe(true);
    }
    expect(() => decodeNumber("1", "a.b")).toThrow(/a\.b "1" is invalid/);
  });
});

describe("inRangeMode path", () => {
  test("behavior: a minute earns the share of its close-to-close tick path inside [tickLower, tickUpper) (hand-computed)", () => {
    const Lpool = 1e17;
    // Minute 0: mint at T. Minute 1 stays at T (inside: counts fully). Minute 2 moves T → T + 100 (path inside the
    // range [T − 100, T + 50) for 50 of its 100 ticks: half). Minute 3 stays at T + 100 (outside: nothing).
    const series = makePoolSeries({
      closeTick: [T, T, T + 100, T + 100],
      inAmount0: [0, 1e9, 4e9, 8e9],
      inAmount1: [0, 1e18, 2e18, 4e18],
      liquidity: Lpool,
    });
    const mint = {
      name: "m",
      stateless: true,
      init: () => [{ kind: "mint" as const, tickLower: T - 100, tickUpper: T + 50 }],
      onBar: () => undefined,
    };
    const run = (mode: "close" | "path") => {
      const e = createEngine({
        market: series,
        strategy: mint,
        deposit: 10_000,
        inRangeMode: mode,
        costs: { priceImpact: false },
      });
      e.advance();
      return { t: e.totals(), L: e.pool.positions[0].liquidityFloat, s: e.series()! };
    };
    const path = run("path");
    const close = run("close");
    const share = path.L / (Lpool + path.L);
    // Fees per token: minute 1 fully, minute 2 half (USDC raw 1e6, WETH raw 1e18; fee 0.05 %).
    expect(path.t.feesQuoteAmount).toBeCloseTo((1e3 + 0.5 * 4e3) * 0.0005 * share, 12);
    expect(path.t.feesBaseAmount).toBeCloseTo((1 + 0.5 * 2) * 0.0005 * share, 15);
    expect(Array.from(path.s.inRange)).toStrictEqual([0, 1, 0.5, 0]);
    // close counts minute 2 by its close tick (outside): only minute 1.
    expect(close.t.feesQuoteAmount).toBeCloseTo(1e3 * 0.0005 * share, 12);
    expect(Array.from(close.s.inRange)).toStrictEqual([0, 1, 0, 0]);
  });
});
