import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError } from "../../errors/math.js";
import { analyzePosition } from "./analyzePosition.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const NUMERIC_FIELDS = [
  "price",
  "entryPrice",
  "value",
  "hodlValue",
  "impermanentLoss",
  "amountBase",
  "amountQuote",
  "entryAmountBase",
  "entryAmountQuote",
  "liquidity",
  "delta",
  "gamma",
  "lvrPerYear",
  "breakEvenFeeApr",
] as const;

describe("analyzePosition", () => {
  test("default", () => {
    // v2, L = 100 entered at 1, now 4: base 50, quote 200, value 400; held 100 base + 100 quote = 500.
    const r = analyzePosition({ kind: "v2", price: 4, entryPrice: 1, liquidity: 100, vol: 0.5 });
    expect(r).toMatchObject({
      kind: "v2",
      value: 400,
      hodlValue: 500,
      amountBase: 50,
      amountQuote: 200,
      entryAmountBase: 100,
      entryAmountQuote: 100,
      delta: 50,
      gamma: -6.25,
      lvrPerYear: 12.5,
      breakEvenFeeApr: 0.5 ** 2 / 8,
      inRange: true,
    });
    expect(r.impermanentLoss).toBeCloseTo(-0.2, 15);
  });

  test("behavior: v3 numbers by hand", () => {
    // L = 100 on [1, 16], entered at 1 (base 100(1 − 1/4) = 75, quote 0), now 4 (base 25, quote 100).
    const r = analyzePosition({
      kind: "v3",
      price: 4,
      entryPrice: 1,
      liquidity: 100,
      lower: 1,
      upper: 16,
      vol: 1,
    });
    expect(r).toMatchObject({
      value: 200,
      hodlValue: 300,
      amountBase: 25,
      amountQuote: 100,
      entryAmountBase: 75,
      entryAmountQuote: 0,
      delta: 25,
      gamma: -6.25,
      lvrPerYear: 50, // σ²L√P/4 = 100·2/4
      breakEvenFeeApr: 0.25,
      inRange: true,
      lower: 1,
      upper: 16,
    });
    expect(r.impermanentLoss).toBeCloseTo(200 / 300 - 1, 15);
    const above = analyzePosition({
      kind: "v3",
      price: 25,
      entryPrice: 4,
      liquidity: 100,
      lower: 1,
      upper: 16,
      vol: 1,
    });
    expect(above).toMatchObject({ value: 300, amountBase: 0, gamma: 0, lvrPerYear: 0, inRange: false });
  });

  test("behavior: weighted 80/20 numbers from the closed forms", () => {
    const r = analyzePosition({
      kind: "weighted",
      price: 2,
      entryPrice: 1,
      deposit: 1000,
      weight: 0.8,
      vol: 0.5,
    });
    // Entry: 800 base at 1 and 200 quote; value grows as r^0.8, held value = 800·2 + 200.
    expect(r.entryAmountBase).toBeCloseTo(800, 9);
    expect(r.entryAmountQuote).toBeCloseTo(200, 9);
    expect(r.value).toBeCloseTo(1000 * 2 ** 0.8, 9);
    expect(r.hodlValue).toBeCloseTo(1800, 9);
    expect(r.impermanentLoss).toBeCloseTo(2 ** 0.8 / 1.8 - 1, 14);
    expect(r.delta).toBeCloseTo((0.8 * r.value) / 2, 9);
    expect(r.gamma).toBeCloseTo((0.8 * -0.2 * r.value) / 4, 9);
    expect(r.lvrPerYear).toBeCloseTo((0.25 / 2) * 0.16 * r.value, 9);
    expect(r.weight).toBe(0.8);
  });

  test("behavior: a deposit is worth itself at entry, and IL = value / hodlValue − 1 (all kinds)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("v2" as const, "v3" as const, "weighted" as const),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (kind, price, entryPrice, deposit, x, vol) => {
          const range = kind === "v3" ? { lower: entryPrice * x, upper: entryPrice / x } : {};
          const weight = kind === "weighted" ? { weight: x } : {};
          const r = analyzePosition({ kind, price, entryPrice, deposit, vol, ...range, ...weight });
          expect(rel(r.entryAmountBase * entryPrice + r.entryAmountQuote, deposit)).toBeLessThan(1e-12);
          expect(r.impermanentLoss).toBeCloseTo(r.value / r.hodlValue - 1, 12);
          expect(r.impermanentLoss).toBeLessThanOrEqual(0);
          expect(r.delta).toBe(r.amountBase);
          expect(r.value).toBeLessThanOrEqual(r.hodlValue * (1 + 1e-12));
          for (const f of NUMERIC_FIELDS) expect(Number.isFinite(r[f])).toBe(true);
          expect(rel(r.breakEvenFeeApr! * r.value, r.lvrPerYear!)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  test("behavior: weighted with w = 0.5 equals v2 to 1e-12", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        (price, entryPrice, liquidity) => {
          const a = analyzePosition({ kind: "v2", price, entryPrice, liquidity, vol: 0.7 });
          const b = analyzePosition({
            kind: "weighted",
            price,
            entryPrice,
            liquidity,
            weight: 0.5,
            vol: 0.7,
          });
          for (const f of NUMERIC_FIELDS) {
            if (f === "impermanentLoss") expect(b[f]).toBeCloseTo(a[f], 12);
            else expect(rel(b[f]!, a[f]!)).toBeLessThan(1e-12);
          }
        },
      ),
    );
  });

  test("behavior: v3 with a very wide range approaches v2", () => {
    const a = analyzePosition({ kind: "v2", price: 3, entryPrice: 1, liquidity: 10 });
    const b = analyzePosition({
      kind: "v3",
      price: 3,
      entryPrice: 1,
      liquidity: 10,
      lower: 1e-20,
      upper: 1e20,
    });
    for (const f of ["value", "hodlValue", "amountBase", "amountQuote", "gamma"] as const)
      expect(rel(b[f], a[f])).toBeLessThan(1e-9);
    expect(b.impermanentLoss).toBeCloseTo(a.impermanentLoss, 9);
  });

  test.each([
    [{ kind: "v4" }, "kind"],
    [{ price: 0 }, "price"],
    [{ price: Number.NaN }, "price"],
    [{ entryPrice: -1 }, "entryPrice"],
    [{ liquidity: undefined }, "liquidity"],
    [{ deposit: 100 }, "deposit"],
    [{ liquidity: -3 }, "liquidity"],
    [{ lower: undefined }, "lower"],
    [{ upper: undefined }, "upper"],
    [{ lower: 5, upper: 5 }, "lower"],
    [{ lower: 6, upper: 5 }, "lower"],
    [{ upper: Number.POSITIVE_INFINITY }, "upper"],
    [{ weight: 0.5 }, "weight"],
    [{ vol: -0.1 }, "vol"],
  ] as [Record<string, unknown>, string][])(
    "behavior: rejects a bad v3 input %o naming %s",
    (patch, field) => {
      const base = { kind: "v3", price: 2, entryPrice: 2, liquidity: 1, lower: 1, upper: 4 };
      const call = () => analyzePosition({ ...base, ...patch } as Parameters<typeof analyzePosition>[0]);
      expect(call).toThrow(InvalidInputError);
      expect(call).toThrow(new RegExp(`^${field} `));
    },
  );

  test("behavior: rejects a range for v2, a missing or bad weight for weighted", () => {
    expect(() => analyzePosition({ kind: "v2", price: 1, entryPrice: 1, liquidity: 1, lower: 1 })).toThrow(
      /^lower 1 .*no range for kind v2/,
    );
    expect(() => analyzePosition({ kind: "weighted", price: 1, entryPrice: 1, liquidity: 1 })).toThrow(
      /^weight undefined /,
    );
    expect(() =>
      analyzePosition({ kind: "weighted", price: 1, entryPrice: 1, liquidity: 1, weight: 1 }),
    ).toThrow(/^weight 1 /);
  });

  test("behavior: an overflowing result is rejected, never returned as Infinity", () => {
    expect(() => analyzePosition({ kind: "v2", price: 1e300, entryPrice: 1e-300, liquidity: 1e300 })).toThrow(
      InvalidInputError,
    );
  });
});
