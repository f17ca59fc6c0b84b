import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { applyFill, fillPrice, liquidationPrice, type NetPosition } from "./matching.js";

describe("fillPrice", () => {
  test("default: buys pay up, sells receive less", () => {
    expect(fillPrice(2000, "BUY", 5)).toBe(2001);
    expect(fillPrice(2000, "SELL", 5)).toBe(1999);
  });
});

describe("applyFill", () => {
  test("default: open, add, reduce, flip", () => {
    let p: NetPosition = { lots: 0, entryPrice: 0 };
    p = applyFill(p, -1000, 2000, 0.001).position; // short 1 @ 2000
    const add = applyFill(p, -1000, 1000, 0.001); // short 1 more @ 1000 → 2 @ 1500
    expect(add.position).toEqual({ lots: -2000, entryPrice: 1500 });
    const red = applyFill(add.position, 500, 1400, 0.001); // buy 0.5 back @ 1400: +50
    expect(red.realizedPnl).toBeCloseTo(50, 12);
    expect(red.position).toEqual({ lots: -1500, entryPrice: 1500 });
    const flip = applyFill(red.position, 2500, 1600, 0.001); // close 1.5 (−150), open long 1 @ 1600
    expect(flip.realizedPnl).toBeCloseTo(-150, 12);
    expect(flip.position).toEqual({ lots: 1000, entryPrice: 1600 });
  });

  test("property: realised + unrealised PnL equals the cash flow of the fills marked at the last price", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lots: fc.integer({ min: -5000, max: 5000 }).filter((x) => x !== 0),
            price: fc.double({ min: 100, max: 5000, noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.double({ min: 100, max: 5000, noNaN: true }),
        (fills, mark) => {
          const lot = 0.001;
          let p: NetPosition = { lots: 0, entryPrice: 0 };
          let realized = 0;
          let cash = 0;
          let sum = 0;
          for (const f of fills) {
            const r = applyFill(p, f.lots, f.price, lot);
            p = r.position;
            realized += r.realizedPnl;
            cash -= f.lots * lot * f.price;
            sum += f.lots;
          }
          expect(p.lots).toBe(sum);
          const unrealized = p.lots * lot * (mark - p.entryPrice);
          const viaCash = cash + p.lots * lot * mark;
          expect(realized + unrealized).toBeCloseTo(viaCash, 6);
        },
      ),
    );
  });
});

describe("liquidationPrice", () => {
  test("default: a short liquidates where its loss eats the wallet down to maintenance margin", () => {
    const lp = liquidationPrice({ quantity: -1, entryPrice: 2000, walletBalance: 200, mmr: 0.005 });
    // at LP: wallet + (EP − LP)·Q = MMR · Q · LP
    expect(200 + (2000 - lp) * 1).toBeCloseTo(0.005 * lp, 9);
    expect(liquidationPrice({ quantity: 1, entryPrice: 2000, walletBalance: 1e6, mmr: 0.005 })).toBe(0);
    expect(liquidationPrice({ quantity: 0, entryPrice: 0, walletBalance: 1, mmr: 0.005 })).toBe(0);
  });
});
