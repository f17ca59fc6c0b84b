import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { sharedData } from "../../../test/helpers/sharedData.js";
import { InvalidInputError } from "../../errors/index.js";
import { AAVE_V3_DEFAULTS, LendingMarket, SECONDS_PER_YEAR } from "./lendingMarket.js";

const YEAR_MS = SECONDS_PER_YEAR * 1000;

describe("LendingMarket", () => {
  test("default: health factor by hand", () => {
    const m = new LendingMarket(AAVE_V3_DEFAULTS, 0);
    expect(m.healthFactor(2000)).toBe(Number.POSITIVE_INFINITY);
    m.supply(10_000);
    m.borrow(3, 2000);
    expect(m.collateral()).toBeCloseTo(10_000, 9);
    expect(m.debt()).toBeCloseTo(3, 12);
    expect(m.healthFactor(2000)).toBeCloseTo(8500 / 6000, 12); // 10000 · 0.85 / (3 · 2000)
    expect(m.availableToBorrow(2000)).toBeCloseTo(8000 / 2000 - 3, 12);
    expect(() => m.borrow(1.01, 2000)).toThrow(InvalidInputError);
    expect(m.checkLiquidation(2000, 0)).toBe(false);
  });

  test("behavior: liquidation with close factor 50 % by hand (HF 0.977)", () => {
    const m = new LendingMarket(AAVE_V3_DEFAULTS, 0);
    m.supply(10_000);
    m.borrow(3, 2000);
    expect(m.healthFactor(2900)).toBeCloseTo(8500 / 8700, 12);
    expect(m.checkLiquidation(2900, 42)).toBe(true);
    const ev = m.lastLiquidation;
    expect(ev.time).toBe(42);
    expect(ev.closeFactor).toBe(0.5);
    expect(ev.debtRepaid).toBeCloseTo(1.5, 12);
    expect(ev.collateralSeized).toBeCloseTo(1.5 * 2900 * 1.05, 9); // 4567.5
    expect(ev.bonusValue).toBeCloseTo(1.5 * 2900 * 0.05, 9);
    expect(m.collateral()).toBeCloseTo(10_000 - 4567.5, 9);
    expect(m.debt()).toBeCloseTo(1.5, 12);
    expect(ev.healthFactorAfter).toBeCloseTo((5432.5 * 0.85) / 4350, 12);
    expect(m.liquidated).toBe(true);
    expect(m.checkLiquidation(2900, 43)).toBe(false); // healthy again
  });

  test("behavior: below HF 0.95 the whole debt may be repaid; seizure is capped at the collateral", () => {
    const m = new LendingMarket(AAVE_V3_DEFAULTS, 0);
    m.supply(10_000);
    m.borrow(3, 2000);
    expect(m.checkLiquidation(3200, 0)).toBe(true); // HF = 8500 / 9600 = 0.885
    const ev = m.lastLiquidation;
    expect(ev.closeFactor).toBe(1);
    expect(ev.collateralSeized).toBeCloseTo(10_000, 9); // 3 · 3200 · 1.05 = 10080 > 10000
    expect(ev.debtRepaid).toBeCloseTo(10_000 / (3200 * 1.05), 12);
    expect(m.collateral()).toBe(0);
    expect(m.debt()).toBeCloseTo(3 - 10_000 / 3360, 12);
  });

  test("behavior: withdraw keeps HF >= 1; repay is capped at the debt", () => {
    const m = new LendingMarket(AAVE_V3_DEFAULTS, 0);
    m.supply(10_000);
    m.borrow(3, 2000);
    expect(() => m.withdraw(3000, 2000)).toThrow(/amountQuote 3000/); // 7000 · 0.85 < 6000
    m.withdraw(2000, 2000); // 8000 · 0.85 = 6800 >= 6000
    expect(m.collateral()).toBeCloseTo(8000, 9);
    expect(m.repay(5)).toBeCloseTo(3, 12);
    expect(m.debt()).toBe(0);
    m.withdraw(8000, 2000);
    expect(m.collateral()).toBe(0);
  });

  test("behavior: constant rates accrue as documented", () => {
    const lin = new LendingMarket(AAVE_V3_DEFAULTS, 0);
    lin.supply(1000);
    lin.borrow(0.1, 2000);
    lin.setRates(0.05, 0.05);
    lin.accrueTo(YEAR_MS); // one update over a year
    expect(lin.collateral()).toBeCloseTo(1050, 9); // linear supply interest
    const r = 0.05;
    expect(lin.debt()).toBeCloseTo(0.1 * (1 + r + (r * r) / 2 + (r * r * r) / 6), 9); // binomial ≈ e^r
    expect(lin.cumulativeSupplyInterest).toBeCloseTo(50, 9);

    const cont = new LendingMarket({ ...AAVE_V3_DEFAULTS, compounding: "continuous" }, 0);
    cont.supply(1000);
    cont.setRates(0.05, 0);
    cont.accrueTo(YEAR_MS / 2);
    expect(cont.collateral()).toBeCloseTo(1000 * Math.exp(0.025), 9);

    // per-minute updates for a year compound to e^r
    const minute = new LendingMarket(AAVE_V3_DEFAULTS, 0);
    minute.setRates(0.05, 0.05);
    for (let t = 60_000; t <= YEAR_MS; t += 60_000) minute.accrueTo(t);
    expect(minute.liquidityIndex).toBeCloseTo(Math.exp(0.05), 6);
    expect(minute.variableBorrowIndex).toBeCloseTo(Math.exp(0.05), 6);
    expect(() => minute.accrueTo(0)).toThrow(/time 0/);
  });

  test("behavior: property, indexes after any sequence of gaps and rate changes equal the formulas step by step, bit for bit (the kept growth factors)", () => {
    const step = fc.record({
      dtMs: fc.oneof(fc.constant(60_000), fc.constant(120_000), fc.integer({ min: 0, max: 86_400_000 })),
      rates: fc.option(
        // A few rates, so that one rate changes while the other stays (each must key the kept factors).
        fc.tuple(fc.constantFrom(0, 0.02, 0.05, 1.5), fc.constantFrom(0, 0.025, 0.04, 1.5)),
      ),
    });
    fc.assert(
      fc.property(
        fc.constantFrom("aave" as const, "continuous" as const),
        fc.array(step, { maxLength: 40 }),
        (compounding, steps) => {
          const m = new LendingMarket({ ...AAVE_V3_DEFAULTS, compounding }, 0);
          m.setRates(0.03, 0.04);
          let t = 0;
          let supply = 0.03;
          let borrow = 0.04;
          let li = 1;
          let bi = 1;
          for (const s of steps) {
            t += s.dtMs;
            m.accrueTo(t);
            // The documented growth (Aave's linear and third-order binomial, or e^{rΔt/Y}) at the rates in force.
            const dt = s.dtMs / 1000;
            if (dt > 0) {
              if (compounding === "continuous") {
                li *= Math.exp((supply * dt) / SECONDS_PER_YEAR);
                bi *= Math.exp((borrow * dt) / SECONDS_PER_YEAR);
              } else {
                li *= 1 + (supply * dt) / SECONDS_PER_YEAR;
                const r = borrow / SECONDS_PER_YEAR;
                const a = Math.max(dt - 1, 0);
                const b = Math.max(dt - 2, 0);
                bi *= 1 + r * dt + (dt * a * r * r) / 2 + (dt * a * b * r * r * r) / 6;
              }
            }
            expect(m.liquidityIndex).toBe(li);
            expect(m.variableBorrowIndex).toBe(bi);
            if (s.rates !== null) {
              [supply, borrow] = s.rates;
              m.setRates(supply, borrow);
            }
          }
        },
      ),
    );
  });

  test("behavior: property, HF scales as 1/price and liquidation never raises the debt or leaves HF lower than needed", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 1e6, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 1.0, max: 3, noNaN: true }),
        (supply, use, shock) => {
          const m = new LendingMarket(AAVE_V3_DEFAULTS, 0);
          m.supply(supply);
          const amount = m.availableToBorrow(2000) * use;
          m.borrow(amount, 2000);
          const hf = m.healthFactor(2000);
          expect(m.healthFactor(2000 * shock)).toBeCloseTo(hf / shock, 9);
          const debtBefore = m.debt();
          const collBefore = m.collateral();
          if (m.checkLiquidation(2000 * shock, 0)) {
            const ev = m.lastLiquidation;
            expect(m.debt()).toBeLessThan(debtBefore);
            expect(ev.collateralSeized).toBeLessThanOrEqual(collBefore * (1 + 1e-12));
            expect(ev.debtRepaid).toBeLessThanOrEqual(debtBefore * ev.closeFactor * (1 + 1e-12));
            // the liquidator's bonus is exactly liquidationBonus of the value repaid
            expect(ev.bonusValue).toBeCloseTo(ev.debtRepaid * 2000 * shock * 0.05, 6);
          } else expect(m.healthFactor(2000 * shock)).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

type Rows = { n: number; liqRate: number[]; borRate: number[]; liqIndex: number[]; borIndex: number[] };

function readAave(asset: string, day: string): Rows {
  const file = sharedData("aave", "polygon-v3", `polygon-aave_v3-${asset}-${day}.minute.csv`);
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const head = lines[0].split(",");
  const col = (name: string) => head.indexOf(name);
  const rows: Rows = { n: 0, liqRate: [], borRate: [], liqIndex: [], borIndex: [] };
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(",");
    rows.liqRate.push(Number(f[col("liquidity_rate")]));
    rows.borRate.push(Number(f[col("variable_borrow_rate")]));
    rows.liqIndex.push(Number(f[col("liquidity_index")]));
    rows.borIndex.push(Number(f[col("variable_borrow_index")]));
  }
  rows.n = rows.liqRate.length;
  return rows;
}

describe("LendingMarket against Aave v3 Polygon minute files", () => {
  const USDC = "0x2791bca1f2de4661ed88a30c99a7a9449aa84174";
  const WETH = "0x7ceb23fd6bc0add59e62ac25578270cff1b9f619";
  const DAYS = ["2023-08-14", "2023-08-15", "2023-08-16", "2023-08-17"];

  for (const [name, asset] of [
    ["USDC", USDC],
    ["WETH", WETH],
  ] as const) {
    test(`behavior: ${name} index growth over each day matches mean rate / 365 and the on-chain indexes`, () => {
      for (const day of DAYS) {
        const r = readAave(asset, day);
        // rows are contiguous minutes (README §2): row i is at i minutes
        const m = new LendingMarket(AAVE_V3_DEFAULTS, 0, r.liqIndex[0], r.borIndex[0]);
        let meanLiq = 0;
        let meanBor = 0;
        for (let i = 0; i < r.n; i++) {
          if (i > 0) m.accrueTo(i * 60_000);
          m.setRates(r.liqRate[i], r.borRate[i]);
          if (i < r.n - 1) {
            meanLiq += r.liqRate[i];
            meanBor += r.borRate[i];
          }
        }
        const minutes = r.n - 1;
        meanLiq /= minutes;
        meanBor /= minutes;
        const modelLiq = m.liquidityIndex / r.liqIndex[0] - 1;
        const modelBor = m.variableBorrowIndex / r.borIndex[0] - 1;
        // model vs "daily growth ≈ mean rate / 365" (scaled to the minutes covered)
        const span = minutes / 1440;
        expect(modelLiq / ((meanLiq / 365) * span)).toBeCloseTo(1, 3);
        expect(modelBor / ((meanBor / 365) * span)).toBeCloseTo(1, 3);
        // model vs the on-chain indexes: borrow within 2 %; the supply index also collects flash-loan premiums
        // (Aave v3 cumulateToLiquidityIndex), so the real one grows faster, by up to ~15 % of a day's interest
        const dataLiq = r.liqIndex[r.n - 1] / r.liqIndex[0] - 1;
        const dataBor = r.borIndex[r.n - 1] / r.borIndex[0] - 1;
        expect(Math.abs(dataBor / modelBor - 1)).toBeLessThan(0.02);
        expect(dataLiq / modelLiq).toBeGreaterThan(0.99);
        expect(dataLiq / modelLiq).toBeLessThan(1.16);
      }
    });
  }
});
