import { describe, expect, test } from "vitest";
import { black76 } from "../options/black76.js";
import { lpPayoff } from "./lpPayoff.js";
import { priceStrip, type StripChainQuote } from "./priceStrip.js";
import { replicateLpPayoff } from "./replicateLpPayoff.js";
import { stripPayoff } from "./stripPayoff.js";

const F = 2766;
const T = 0.0938;
const VOL = 0.76;
const EXPIRY = 1_766_736_000_000; // 2025-12-26T08:00Z, only an identifier here
const strikes = [
  1000, 1500, 2000, 2200, 2400, 2500, 2600, 2700, 2800, 2900, 3000, 3100, 3200, 3400, 3600, 4000, 5000,
];

/** A mocked flat-vol chain: mark = Black-76 price in base units, bid/ask ±1 % around it. */
function flatChain(vol = VOL): StripChainQuote[] {
  const out: StripChainQuote[] = [];
  for (const strike of strikes)
    for (const kind of ["call", "put"] as const) {
      const usd = black76({ forward: F, strike, timeToExpiry: T, vol, kind }).price;
      const mark = usd / F;
      out.push({
        expiry: EXPIRY,
        strike,
        kind,
        bid: mark * 0.99,
        ask: mark * 1.01,
        mark,
        markIv: vol,
        forward: F,
        timeToExpiry: T,
      });
    }
  out.push({
    expiry: EXPIRY + 1,
    strike: 2800,
    kind: "call",
    bid: null,
    ask: null,
    mark: 1,
    markIv: 3,
    forward: 9999,
    timeToExpiry: 1,
  });
  return out;
}

/** E[h(S_T)] under the Black-76 lognormal law, by the trapezoid rule in the standard normal variable. */
function expectation(h: (s: number) => number, vol = VOL): number {
  const n = 400_000;
  const zMax = 12;
  const dz = (2 * zMax) / n;
  const sd = vol * Math.sqrt(T);
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const z = -zMax + i * dz;
    const w = (i === 0 || i === n ? 0.5 : 1) * Math.exp(-0.5 * z * z);
    sum += w * h(F * Math.exp(-0.5 * sd * sd + sd * z));
  }
  return (sum * dz) / Math.sqrt(2 * Math.PI);
}

const lp = { liquidity: 19457.8, lower: 2482.5, upper: 3034.2 };

describe("priceStrip", () => {
  test("default (mocked flat-vol chain): total = E[strip payoff] by numerical integration; hedge premium > 0", () => {
    const strip = replicateLpPayoff({ ...lp, forward: F, strikes });
    const priced = priceStrip({ strip, quotes: flatChain(), expiry: EXPIRY });
    const eStrip = expectation((s) => stripPayoff(strip, s));
    expect(Math.abs(priced.total - eStrip) / eStrip).toBeLessThan(1e-9);
    expect(priced.hedgePremium).toBeGreaterThan(0);
    expect(priced.forward).toBe(F);
    expect(priced.lines.every((l) => l.source === "black76" && Math.abs(l.vol - VOL) < 1e-14)).toBe(true);
  });

  test("behavior: the strip's price is within the discretisation bound of E[LP payoff] (second method)", () => {
    const strip = replicateLpPayoff({ ...lp, forward: F, strikes });
    const priced = priceStrip({ strip, quotes: flatChain(), expiry: EXPIRY });
    const eLp = expectation((s) => lpPayoff({ ...lp, price: s }));
    // g ≤ f everywhere here (range inside the strikes), so 0 ≤ E[f] − E[g] ≤ interior bound
    expect(eLp - priced.total).toBeGreaterThanOrEqual(-1e-6);
    expect(eLp - priced.total).toBeLessThanOrEqual(strip.errorBound.interior);
  });

  test("behavior: mark and mid use the listed prices × forward; touch premium buys at the ask", () => {
    const strip = replicateLpPayoff({ ...lp, forward: F, strikes });
    const chain = flatChain();
    const byModel = priceStrip({ strip, quotes: chain, expiry: EXPIRY });
    const byMark = priceStrip({ strip, quotes: chain, expiry: EXPIRY, method: "mark" });
    const byMid = priceStrip({ strip, quotes: chain, expiry: EXPIRY, method: "mid" });
    expect(byMark.total).toBeCloseTo(byModel.total, 8);
    expect(byMid.total).toBeCloseTo(byModel.total, 8);
    expect(byMark.lines.every((l) => l.source === "mark")).toBe(true);
    expect(byMid.hedgePremiumAtTouch).toBeCloseTo(byModel.hedgePremium * 1.01, 8);
  });

  test("behavior: an unlisted strike is priced from the smile and has no touch price", () => {
    const strip = replicateLpPayoff({
      ...lp,
      forward: F,
      strikes: [2450, 2550, 2650, 2750, 2850, 2950, 3050],
    });
    const priced = priceStrip({ strip, quotes: flatChain(), expiry: EXPIRY, method: "mark" });
    expect(priced.lines.every((l) => l.source === "black76" && l.askQuote === null)).toBe(true);
    expect(priced.hedgePremiumAtTouch).toBeNull();
    expect(priced.hedgePremium).toBeGreaterThan(0);
  });

  test("behavior: a higher vol makes the LP's short options dearer", () => {
    const strip = replicateLpPayoff({ ...lp, forward: F, strikes });
    const low = priceStrip({ strip, quotes: flatChain(0.5), expiry: EXPIRY });
    const high = priceStrip({ strip, quotes: flatChain(1.0), expiry: EXPIRY });
    expect(high.hedgePremium).toBeGreaterThan(low.hedgePremium);
    expect(high.total).toBeLessThan(low.total);
  });

  test("behavior: rejects an expiry not in the chain", () => {
    const strip = replicateLpPayoff({ ...lp, forward: F, strikes });
    expect(() => priceStrip({ strip, quotes: flatChain(), expiry: 123 })).toThrow(/expiry 123/);
  });
});
