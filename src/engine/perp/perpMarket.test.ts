import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../errors/index.js";
import { PerpMarket, type PerpMarketConfig } from "./perpMarket.js";

const FREE: PerpMarketConfig = {
  takerFee: 0,
  makerFee: 0,
  halfSpreadBps: 0,
  impactModel: "none",
  impactCoefficient: 0,
  depth: 1,
  leverage: 10,
  maintenanceMarginRate: 0.005,
  liquidationFee: 0.0125,
};

const COSTLY: PerpMarketConfig = {
  takerFee: 0.0005,
  makerFee: 0.0002,
  halfSpreadBps: 1,
  impactModel: "linear",
  impactCoefficient: 0.001,
  depth: 100,
  leverage: 10,
  maintenanceMarginRate: 0.005,
  liquidationFee: 0.0125,
};

describe("PerpMarket", () => {
  test("default: a new market is flat with zero margin", () => {
    const p = new PerpMarket(FREE);
    expect(p.position).toBe(0);
    expect(p.margin).toBe(0);
    const m = p.markToMarket(2000);
    expect(m.equity).toBe(0);
    expect(m.marginRatio).toBe(Number.POSITIVE_INFINITY);
  });

  test("behavior: funding, short 10 ETH at 2,000 and +0.01 % receives 2 USD; negative rate pays", () => {
    const p = new PerpMarket(FREE);
    p.depositMargin(2000);
    p.trade(-10, 2000, 0);
    expect(p.accrueFunding(0.0001, 2000)).toBeCloseTo(2, 12);
    expect(p.margin).toBeCloseTo(2002, 9);
    expect(p.accrueFunding(-0.0001, 2000)).toBeCloseTo(-2, 12);
    expect(p.cumulativeFunding).toBeCloseTo(0, 12);
    const long = new PerpMarket(FREE);
    long.trade(10, 2000, 0);
    expect(long.accrueFunding(0.0001, 2000)).toBeCloseTo(-2, 12);
    expect(new PerpMarket(FREE).accrueFunding(0.01, 2000)).toBe(0);
  });

  test("behavior: taker fee and linear slippage by hand", () => {
    const p = new PerpMarket(COSTLY);
    // s = 1 bp + 0.001 * 10 / 100 = 0.0002 → fill 2000.4, slippage 10 * 2000 * 0.0002 = 4, fee 10 * 2000.4 * 5 bp
    const r = p.trade(10, 2000, 123);
    expect(r.fillPrice).toBeCloseTo(2000.4, 9);
    expect(r.slippageCost).toBeCloseTo(4, 9);
    expect(r.fee).toBeCloseTo(10.002, 9);
    expect(r.time).toBe(123);
    expect(p.margin).toBeCloseTo(-10.002, 9);
    expect(p.entryPrice).toBeCloseTo(2000.4, 9);
    // a sell fills below the mark
    const s = p.trade(-10, 2000, 124, true);
    expect(s.fillPrice).toBeCloseTo(1999.6, 9);
    expect(s.fee).toBeCloseTo(10 * 1999.6 * 0.0002, 9);
    expect(s.realisedPnl).toBeCloseTo(-8, 9);
    expect(p.position).toBe(0);
  });

  test("behavior: square-root impact by hand", () => {
    const p = new PerpMarket({
      ...FREE,
      impactModel: "sqrt",
      impactCoefficient: 0.01,
      depth: 100,
      halfSpreadBps: 2,
    });
    // s = 2 bp + 0.01 * sqrt(4 / 100) = 0.0002 + 0.002
    expect(p.slippageFraction(4)).toBeCloseTo(0.0022, 15);
    expect(p.trade(-4, 1000, 0).fillPrice).toBeCloseTo(1000 * (1 - 0.0022), 9);
  });

  test("behavior: realised and unrealised PnL, long, partial close, flip", () => {
    const p = new PerpMarket(FREE);
    p.trade(1, 100, 0);
    p.trade(3, 120, 0);
    expect(p.entryPrice).toBeCloseTo(115, 12); // (1*100 + 3*120) / 4
    p.trade(-2, 130, 0);
    expect(p.lastTrade.realisedPnl).toBeCloseTo(30, 12); // 2 * (130 - 115)
    expect(p.position).toBe(2);
    expect(p.entryPrice).toBeCloseTo(115, 12); // kept on partial close
    expect(p.markToMarket(125).unrealisedPnl).toBeCloseTo(20, 12);
    p.trade(-5, 110, 0); // closes 2 (realised 2 * (110 - 115) = -10), opens a 3 short at 110
    expect(p.lastTrade.realisedPnl).toBeCloseTo(-10, 12);
    expect(p.position).toBe(-3);
    expect(p.entryPrice).toBe(110);
    expect(p.markToMarket(100).unrealisedPnl).toBeCloseTo(30, 12);
    expect(p.realisedPnl).toBeCloseTo(20, 12);
    expect(p.lastMark.equity).toBeCloseTo(p.margin + 30, 12);
  });

  test("behavior: short partial close realises (entry − fill) per unit", () => {
    const p = new PerpMarket(FREE);
    p.trade(-2, 100, 0);
    expect(p.trade(1, 90, 0).realisedPnl).toBeCloseTo(10, 12);
    expect(p.position).toBe(-1);
    expect(p.entryPrice).toBe(100);
  });

  test("behavior: 10x short is liquidated after a ~9.5 % rise, at the maintenance margin, margin never negative", () => {
    const p = new PerpMarket(FREE);
    p.depositMargin(2000);
    p.trade(-10, 2000, 0);
    // equity = 2000 - 10 (P - 2000) = 0.005 * 10 * P  →  P = 22000 / 10.05
    const liq = 22000 / 10.05;
    expect(p.liquidationPrice()).toBeCloseTo(liq, 9);
    expect(p.checkLiquidation(2180, 1)).toBe(false); // +9.0 %
    expect(p.liquidated).toBe(false);
    let price = 2000;
    let t = 0;
    while (!p.checkLiquidation(price, t)) {
      price *= 1.0005;
      t++;
    }
    expect(price).toBeGreaterThanOrEqual(liq);
    expect(price / 2000 - 1).toBeGreaterThan(0.09);
    expect(price / 2000 - 1).toBeLessThan(0.1);
    const ev = p.lastLiquidation;
    expect(p.liquidated).toBe(true);
    expect(p.liquidationCount).toBe(1);
    expect(p.position).toBe(0);
    expect(ev.qty).toBe(10);
    expect(ev.fillPrice).toBe(price);
    expect(ev.badDebt).toBe(0);
    expect(ev.equityBefore).toBeGreaterThan(0);
    expect(ev.fee).toBeLessThanOrEqual(0.0125 * 10 * price + 1e-9);
    expect(p.margin).toBeGreaterThanOrEqual(0);
    expect(p.margin).toBeCloseTo(ev.equityBefore - ev.fee, 9);
    p.clearLiquidationFlag();
    expect(p.liquidated).toBe(false);
    expect(p.checkLiquidation(price * 2, t)).toBe(false); // flat: nothing to liquidate
  });

  test("behavior: a gap beyond bankruptcy closes at the bankruptcy price and records bad debt", () => {
    const p = new PerpMarket(FREE);
    p.depositMargin(2000);
    p.trade(-10, 2000, 0);
    expect(p.checkLiquidation(2500, 7)).toBe(true);
    expect(p.lastLiquidation.fillPrice).toBeCloseTo(2200, 9); // 2000 + 2000/10
    expect(p.lastLiquidation.badDebt).toBeCloseTo(3000, 9); // -(2000 - 10 * 500)
    expect(p.lastLiquidation.fee).toBe(0);
    expect(p.margin).toBe(0);
    expect(p.cumulativeBadDebt).toBeCloseTo(3000, 9);
  });

  test("behavior: margin top-up and withdraw keep the initial margin", () => {
    const p = new PerpMarket(FREE);
    p.depositMargin(3000);
    p.trade(-10, 2000, 0);
    expect(p.initialMarginRequirement(2000)).toBeCloseTo(2000, 12);
    expect(p.maxWithdrawable(2000)).toBeCloseTo(1000, 9);
    // unrealised profit is not withdrawable; losses are
    expect(p.maxWithdrawable(1900)).toBeCloseTo(3000 - 1900, 9);
    expect(p.maxWithdrawable(2050)).toBeCloseTo(3000 - 500 - 2050, 9);
    expect(() => p.withdrawMargin(1001, 2000)).toThrow(InvalidInputError);
    p.withdrawMargin(1000, 2000);
    expect(p.margin).toBeCloseTo(2000, 9);
    expect(p.trade(-1, 2000, 0).marginShortfall).toBeCloseTo(200, 9);
  });

  test("behavior: bad inputs name the field", () => {
    expect(() => new PerpMarket({ ...FREE, leverage: 0 })).toThrow(/config\.leverage 0/);
    const p = new PerpMarket(FREE);
    expect(() => p.trade(Number.NaN, 1, 0)).toThrow(/qty NaN/);
    expect(() => p.trade(1, -1, 0)).toThrow(/markPrice -1/);
    expect(() => new PerpMarket({ ...COSTLY, impactCoefficient: 100 }).trade(1000, 1, 0)).toThrow(/qty 1000/);
  });

  const trades = fc.array(
    fc.record({
      qty: fc.double({ min: -50, max: 50, noNaN: true }),
      price: fc.double({ min: 500, max: 5000, noNaN: true }),
      rate: fc.double({ min: -0.003, max: 0.003, noNaN: true }),
    }),
    { minLength: 1, maxLength: 30 },
  );

  test("behavior: property, equity = margin + unrealised PnL and margin = deposits + realised + funding − fees", () => {
    fc.assert(
      fc.property(trades, (steps) => {
        const p = new PerpMarket({ ...COSTLY, impactModel: "sqrt" });
        const deposit = 1e6;
        p.depositMargin(deposit);
        for (const s of steps) {
          p.trade(s.qty, s.price, 0);
          p.accrueFunding(s.rate, s.price);
          p.checkLiquidation(s.price, 0);
          const m = p.markToMarket(s.price);
          expect(m.equity).toBeCloseTo(p.margin + p.position * (s.price - p.entryPrice), 6);
          const ledger =
            deposit + p.realisedPnl + p.cumulativeFunding - p.cumulativeFees - p.cumulativeLiquidationFees;
          expect(Math.abs(p.margin - ledger)).toBeLessThan(1e-6 * deposit);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("behavior: property, funding received has the sign of −position · rate", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constant(0),
          fc.double({ min: -100, max: 100, noNaN: true }).filter((q) => Math.abs(q) > 1e-9),
        ),
        fc.double({ min: -0.01, max: 0.01, noNaN: true }).filter((r) => r === 0 || Math.abs(r) > 1e-12),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        (qty, rate, price) => {
          const p = new PerpMarket(FREE);
          p.trade(qty, price, 0);
          const pay = p.accrueFunding(rate, price);
          expect(Math.sign(pay) || 0).toBe(Math.sign(-p.position * rate) || 0);
          expect(pay).toBeCloseTo(-p.position * price * rate, 9);
        },
      ),
    );
  });

  test("behavior: property, a trade then its opposite at the same mark returns to flat with PnL = −fees − slippage", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }).filter((q) => Math.abs(q) > 1e-9),
        fc.double({ min: 100, max: 1e4, noNaN: true }),
        fc.constantFrom<"none" | "linear" | "sqrt">("none", "linear", "sqrt"),
        (qty, price, impactModel) => {
          const p = new PerpMarket({ ...COSTLY, impactModel });
          const a = p.trade(qty, price, 0);
          const slipA = a.slippageCost;
          const b = p.trade(-qty, price, 1);
          expect(p.position).toBe(0);
          expect(p.entryPrice).toBe(0);
          const pnl = p.margin; // no deposit: margin = total PnL
          const expected = -p.cumulativeFees - (slipA + b.slippageCost);
          expect(Math.abs(pnl - expected)).toBeLessThan(1e-9 * Math.abs(qty) * price + 1e-9);
          expect(p.realisedPnl).toBeLessThanOrEqual(0);
        },
      ),
    );
  });
});
