import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { slotLiteralMismatches } from "../../../test/helpers/slotLiterals.js";
import { InvalidInputError } from "../../errors/math.js";
import * as b76 from "./black76.js";
import { black76 } from "./black76.js";
import { blackScholes } from "./blackScholes.js";

const kindArb = fc.constantFrom("call" as const, "put" as const);
/** Well-conditioned inputs for finite differences. */
const inputs = fc.record({
  forward: fc.double({ min: 50, max: 5000, noNaN: true }),
  moneyness: fc.double({ min: -1, max: 1, noNaN: true }),
  timeToExpiry: fc.double({ min: 0.05, max: 3, noNaN: true }),
  vol: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
  rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
  kind: kindArb,
});

describe("black76", () => {
  test("default", () => {
    // ATM: F·(2Φ(σ√T/2) − 1); with σ√T = 0.2: 100·(2·Φ(0.1) − 1) = 7.965567455405804 (Φ(0.1) = 0.539827837277029)
    const r = black76({ forward: 100, strike: 100, timeToExpiry: 1, vol: 0.2, kind: "call" });
    expect(r.price).toBeCloseTo(100 * (2 * 0.539827837277029 - 1), 12);
    expect(r.delta).toBeCloseTo(0.539827837277029, 14);
  });

  test("behavior: Hull's example through F = S·e^{rT} (call 4.76, put 0.81)", () => {
    const S = 42;
    const T = 0.5;
    const r = 0.1;
    const F = S * Math.exp(r * T);
    const call = black76({ forward: F, strike: 40, timeToExpiry: T, vol: 0.2, rate: r, kind: "call" });
    const put = black76({ forward: F, strike: 40, timeToExpiry: T, vol: 0.2, rate: r, kind: "put" });
    expect(call.price.toFixed(2)).toBe("4.76");
    expect(put.price.toFixed(2)).toBe("0.81");
  });

  test("behavior: equals Black–Scholes with F = S·e^{(r−q)T}, price and greeks (forward greeks mapped to spot)", () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: -0.05, max: 0.1, noNaN: true }), (p, q) => {
        const spot = p.forward;
        const strike = spot * Math.exp(p.moneyness);
        const growth = Math.exp((p.rate - q) * p.timeToExpiry);
        const bs = blackScholes({
          spot,
          strike,
          timeToExpiry: p.timeToExpiry,
          vol: p.vol,
          rate: p.rate,
          dividendYield: q,
          kind: p.kind,
        });
        const b = black76({
          forward: spot * growth,
          strike,
          timeToExpiry: p.timeToExpiry,
          vol: p.vol,
          rate: p.rate,
          kind: p.kind,
        });
        const tol = 1e-12 * Math.max(spot, strike);
        expect(Math.abs(bs.price - b.price)).toBeLessThanOrEqual(tol);
        expect(Math.abs(bs.delta - b.delta * growth)).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(bs.gamma - b.gamma * growth * growth)).toBeLessThanOrEqual(1e-12 * (1 + bs.gamma));
        expect(Math.abs(bs.vega - b.vega)).toBeLessThanOrEqual(tol);
      }),
    );
  });

  test("behavior: put–call parity C − P = e^{−rT}(F − K) to 1e-12 relative", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: -0.1, max: 0.3, noNaN: true }),
        (forward, m, timeToExpiry, vol, rate) => {
          const strike = forward * Math.exp(m);
          const args = { forward, strike, timeToExpiry, vol, rate };
          const c = black76({ ...args, kind: "call" });
          const p = black76({ ...args, kind: "put" });
          const parity = Math.exp(-rate * timeToExpiry) * (forward - strike);
          expect(Math.abs(c.price - p.price - parity)).toBeLessThanOrEqual(1e-12 * Math.max(forward, strike));
          expect(Math.abs(c.delta - p.delta - Math.exp(-rate * timeToExpiry))).toBeLessThanOrEqual(1e-12);
          expect(c.gamma).toBe(p.gamma);
          expect(c.vega).toBe(p.vega);
        },
      ),
    );
  });

  test("behavior: greeks match central finite differences", () => {
    fc.assert(
      fc.property(inputs, (p) => {
        const base = {
          forward: p.forward,
          strike: p.forward * Math.exp(p.moneyness),
          timeToExpiry: p.timeToExpiry,
          vol: p.vol,
          rate: p.rate,
          kind: p.kind,
        };
        const v = (o: Partial<typeof base>) => black76({ ...base, ...o });
        const g = v({});
        const hF = 2e-4 * p.forward * p.vol * Math.sqrt(p.timeToExpiry);
        const dF = (v({ forward: p.forward + hF }).price - v({ forward: p.forward - hF }).price) / (2 * hF);
        const gF = (v({ forward: p.forward + hF }).delta - v({ forward: p.forward - hF }).delta) / (2 * hF);
        const hV = 1e-5;
        const dV = (v({ vol: p.vol + hV }).price - v({ vol: p.vol - hV }).price) / (2 * hV);
        const hT = 1e-5;
        const dT =
          -(v({ timeToExpiry: p.timeToExpiry + hT }).price - v({ timeToExpiry: p.timeToExpiry - hT }).price) /
          (2 * hT);
        const hR = 1e-5;
        const dR = (v({ rate: p.rate + hR }).price - v({ rate: p.rate - hR }).price) / (2 * hR);
        const scale = Math.max(p.forward, base.strike);
        expect(Math.abs(g.delta - dF)).toBeLessThan(5e-7);
        expect(Math.abs(g.gamma - gF)).toBeLessThan(1e-6 * g.gamma + 1e-9);
        expect(Math.abs(g.vega - dV)).toBeLessThan(1e-6 * scale);
        expect(Math.abs(g.theta - dT)).toBeLessThan(1e-6 * scale);
        expect(Math.abs(g.rho - dR)).toBeLessThan(1e-6 * scale);
      }),
    );
  });

  test("behavior: zero vol or zero time gives the discounted intrinsic value", () => {
    const a = { forward: 110, strike: 100, timeToExpiry: 0.5, rate: 0.1 };
    expect(black76({ ...a, vol: 0, kind: "call" }).price).toBeCloseTo(10 * Math.exp(-0.05), 13);
    expect(black76({ ...a, vol: 0, kind: "put" }).price).toBe(0);
    expect(black76({ ...a, timeToExpiry: 0, vol: 0.5, kind: "call" }).price).toBe(10);
    const r = black76({ ...a, vol: 0, kind: "call" });
    expect([r.gamma, r.vega]).toEqual([0, 0]);
    expect(r.delta).toBeCloseTo(Math.exp(-0.05), 15);
  });

  test("behavior: rejects bad inputs naming the field", () => {
    const ok = { forward: 100, strike: 100, timeToExpiry: 1, vol: 0.2, kind: "call" as const };
    expect(() => black76({ ...ok, forward: 0 })).toThrow(/forward 0/);
    expect(() => black76({ ...ok, strike: Number.NaN })).toThrow(InvalidInputError);
    expect(() => black76({ ...ok, vol: -0.1 })).toThrow(/vol -0.1/);
    expect(() => black76({ ...ok, timeToExpiry: -1 })).toThrow(/timeToExpiry/);
    expect(() => black76({ ...ok, kind: "straddle" as never })).toThrow(/kind "straddle"/);
  });
});

describe("black76Slots", () => {
  test("its literal slot numbers and MIN_STD_DEV are the named constants'", () => {
    const names = Object.fromEntries(
      Object.entries(b76).filter(([k, v]) => /^(B76_|MIN_STD_DEV)/.test(k) && typeof v === "number"),
    ) as Record<string, number>;
    expect(Object.keys(names).length).toBe(14);
    const { checked, mismatches } = slotLiteralMismatches(
      readFileSync(new URL("./black76.ts", import.meta.url), "utf8"),
      names,
    );
    expect(checked).toBeGreaterThanOrEqual(15);
    expect(mismatches).toEqual([]);
    // The checker itself catches a wrong literal.
    expect(slotLiteralMismatches("io[6 /* B76_FORWARD */]", names).mismatches).toEqual([
      "B76_FORWARD=6 (expected 5)",
    ]);
  });
});
