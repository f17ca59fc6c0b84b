import { describe, expect, test } from "vitest";
import { sharedData } from "../../test/helpers/sharedData.js";
import { DataFormatError } from "../errors/data.js";
import { NoSolutionError } from "../errors/math.js";
import { impliedVol } from "../math/options/impliedVol.js";
import { lpPayoff } from "../math/replication/lpPayoff.js";
import { priceStrip } from "../math/replication/priceStrip.js";
import { replicateLpPayoff } from "../math/replication/replicateLpPayoff.js";
import { replicationError } from "../math/replication/replicationError.js";
import {
  inversePremiumToQuote,
  loadOptionChain,
  type OptionQuote,
  optionChainExpiries,
} from "./optionChain.js";

const FILE = sharedData("options", "deribit-eth-option-chain-2025-11-22T0215Z.csv");
const chain = loadOptionChain(FILE);
const HEADER =
  "high,low,last,instrument_name,bid_price,ask_price,open_interest,mark_price,creation_timestamp,price_change,interest_rate,volume,mark_iv,underlying_price,underlying_index,estimated_delivery_price,base_currency,quote_currency,volume_usd,mid_price,expiry,strike,option_type,T,implied_r";
const ROW =
  "0.1015,0.0945,0.099,ETH-26JUN26-4200-C,0.0965,0.099,440.0,0.097546,1763777713871,-1.0,0.0,282.0,74.36,2812.56,ETH-26JUN26,2758.38,ETH,ETH,77077.87,0.09775,2026-06-26,4200.0,C,0.59,-0.003";

function ivOf(q: OptionQuote, mark: number, forward: number): number {
  try {
    return impliedVol({
      price: mark * forward,
      forward,
      strike: q.strike,
      timeToExpiry: q.timeToExpiry,
      kind: q.kind,
    });
  } catch (e) {
    if (!(e instanceof NoSolutionError)) throw e;
    return /below/.test(e.shortMessage) ? 0 : Number.POSITIVE_INFINITY;
  }
}

describe("loadOptionChain", () => {
  test("default", () => {
    expect(chain.quotes.length).toBe(830);
    expect(chain.quotes.filter((q) => q.kind === "call").length).toBe(415);
    expect(chain.indexPrice).toBe(2758.38);
    expect(new Date(chain.snapshotTime).toISOString()).toBe("2025-11-22T02:15:13.871Z");
    const q = chain.quotes[0];
    expect(q).toMatchObject({
      instrument: "ETH-26JUN26-4200-C",
      strike: 4200,
      kind: "call",
      bid: 0.0965,
      ask: 0.099,
      mark: 0.097546,
      markIv: 0.7436,
      forward: 2812.56,
      underlyingIndex: "ETH-26JUN26",
    });
    expect(new Date(q.expiry).toISOString()).toBe("2026-06-26T08:00:00.000Z");
    // 216 days minus 2:15:13.871 plus 8 h, ACT/365
    expect(q.timeToExpiry).toBeCloseTo(
      (216 * 86_400_000 + 8 * 3_600_000 - (2 * 3_600_000 + 15 * 60_000 + 13_871)) / (365 * 86_400_000),
      15,
    );
  });

  test("behavior: empty bid/ask become null (48 rows without a bid, 24 without an ask, as README §6 says)", () => {
    expect(chain.quotes.filter((q) => q.bid === null).length).toBe(48);
    expect(chain.quotes.filter((q) => q.ask === null).length).toBe(24);
    for (const q of chain.quotes)
      for (const v of [q.bid, q.ask, q.mark, q.markIv]) expect(v === null || Number.isFinite(v)).toBe(true);
  });

  test("behavior: 11 expiries at 08:00 UTC from 2025-11-23 to 2026-09-25, ATM mark IV as the README cross-check says", () => {
    const ex = optionChainExpiries(chain);
    expect(ex.length).toBe(11);
    expect(new Date(ex[0].expiry).toISOString()).toBe("2025-11-23T08:00:00.000Z");
    expect(new Date(ex[10].expiry).toISOString()).toBe("2026-09-25T08:00:00.000Z");
    // the 34-day expiry (26DEC25): ATM mark_iv 76–77 %
    const dec = ex.find((e) => new Date(e.expiry).toISOString().startsWith("2025-12-26"))!;
    const atm = chain.quotes.filter((q) => q.expiry === dec.expiry && Math.abs(q.strike - dec.forward) < 60);
    expect(atm.length).toBeGreaterThan(0);
    for (const q of atm) expect(q.markIv! > 0.76 && q.markIv! < 0.77).toBe(true);
  });

  test("behavior: USD premium of an inverse option is mark × forward", () => {
    expect(inversePremiumToQuote(0.087551, 2766.24)).toBeCloseTo(242.1871, 4);
  });

  test("behavior: rejects malformed rows naming file, line, column and value", () => {
    const bad = (row: string) => () => loadOptionChain("mock.csv", { text: `${HEADER}\n${row}\n` });
    expect(bad(ROW.replace("ETH-26JUN26-4200-C", "ETH-26JUX26-4200-C"))).toThrow(
      /mock\.csv, line 2, column instrument_name: invalid expiry date/,
    );
    expect(bad(ROW.replace("ETH-26JUN26-4200-C", "ETH-4200-C"))).toThrow(DataFormatError);
    expect(bad(ROW.replace(",74.36,", ",abc,"))).toThrow(/column mark_iv: not a number \(value "abc"\)/);
    expect(bad(ROW.replace(",0.0965,", ",-0.1,"))).toThrow(/column bid_price: must be >= 0/);
    expect(bad(ROW.replace(",4200.0,C,", ",4300.0,C,"))).toThrow(/column strike/);
    expect(bad(ROW.replace(",2026-06-26,", ",2026-06-27,"))).toThrow(/column expiry/);
    expect(() => loadOptionChain("mock.csv", { text: "instrument_name,bid_price\n" })).toThrow(
      /missing required columns/,
    );
    const ok = loadOptionChain("mock.csv", { text: `${HEADER}\n${ROW.replace(",0.0965,0.099,", ",,,")}\n` });
    expect([ok.quotes[0].bid, ok.quotes[0].ask]).toEqual([null, null]);
  });

  test("behavior: implied vol of every mark (× forward, USD) agrees with mark_iv within the data's precision", () => {
    // Precision of the file: marks are rounded to 1e-6 ETH, and within ONE expiry the rows' underlying_price differ by
    // up to δ (mark, forward and book are sampled at slightly different moments). A quote passes if mark_iv lies in
    // the range of implied vols over mark ± 0.5e-6 and forward × (1 ± δ), widened by 0.5 vol points.
    let delta = 0;
    for (const e of optionChainExpiries(chain)) {
      const fs = chain.quotes.filter((q) => q.expiry === e.expiry).map((q) => q.forward);
      delta = Math.max(delta, Math.max(...fs) / Math.min(...fs) - 1);
    }
    expect(delta).toBeLessThan(6e-4); // 5.1 bp in this file
    const failures: string[] = [];
    const errors: number[] = [];
    const otmErrors: number[] = [];
    const noSolution: OptionQuote[] = [];
    for (const q of chain.quotes) {
      if (q.mark === null || q.markIv === null) continue;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const dm of [-0.5e-6, 0, 0.5e-6])
        for (const df of [-delta, 0, delta]) {
          const v = ivOf(q, Math.max(q.mark + dm, 0), q.forward * (1 + df));
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      if (q.markIv < lo - 0.005 || q.markIv > hi + 0.005)
        failures.push(`${q.instrument}: ${q.markIv} vs [${lo}, ${hi}]`);
      const own = ivOf(q, q.mark, q.forward);
      if (own === 0 && q.mark > 0) noSolution.push(q);
      else if (q.mark > 0) {
        errors.push(Math.abs(own - q.markIv));
        if ((q.kind === "call") === q.strike >= q.forward && q.mark >= 1e-3)
          otmErrors.push(Math.abs(own - q.markIv));
      }
    }
    expect(failures).toEqual([]);
    // Deep in-the-money puts whose ETH mark × own forward is below intrinsic (a forward ~1–3 bp off): all ITM.
    expect(noSolution.length).toBe(24);
    for (const q of noSolution) expect(q.kind === "put" && q.strike > 1.5 * q.forward).toBe(true);
    otmErrors.sort((a, b) => a - b);
    expect(otmErrors.length).toBe(344);
    expect(otmErrors[otmErrors.length >> 1]).toBeLessThan(0.0005); // median 0.016 vol points
    expect(otmErrors[otmErrors.length - 1]).toBeLessThan(0.01); // max 0.72 vol points (1-day ATM)
    expect(errors.length).toBe(830 - 24 - 2); // two far OTM calls have mark 0 (IV 0)
    expect(errors.every(Number.isFinite)).toBe(true);
  });

  test("behavior: a ±10 % v3 position at the index, replicated on 26DEC25 strikes and priced on the chain", () => {
    const S0 = chain.indexPrice;
    const lower = 0.9 * S0;
    const upper = 1.1 * S0;
    const liquidity = 100_000 / lpPayoff({ liquidity: 1, lower, upper, price: S0 }); // $100,000 at the index
    const dec = optionChainExpiries(chain).find((e) =>
      new Date(e.expiry).toISOString().startsWith("2025-12-26"),
    )!;
    const strip = replicateLpPayoff({ liquidity, lower, upper, forward: dec.forward, strikes: dec.strikes });
    expect(strip.puts.length + strip.calls.length).toBe(8); // 2400 … 3100 every 100
    const grid = Float64Array.from({ length: 6001 }, (_, i) => i);
    const err = replicationError({ liquidity, lower, upper, strip, grid });
    expect(err.maxAbsError).toBeGreaterThan(0);
    expect(err.maxAbsError).toBeLessThanOrEqual(err.bound!);
    const model = priceStrip({ strip, quotes: chain.quotes, expiry: dec.expiry });
    const mark = priceStrip({ strip, quotes: chain.quotes, expiry: dec.expiry, method: "mark" });
    expect(model.hedgePremium).toBeGreaterThan(0);
    expect(model.total).toBeGreaterThan(0);
    expect(model.total).toBeLessThan(100_000 * 1.01);
    // the listed strikes carry their own mark IV, so the smile and the marks agree to the marks' precision
    expect(Math.abs(mark.hedgePremium / model.hedgePremium - 1)).toBeLessThan(2e-3);
    expect(mark.hedgePremiumAtTouch!).toBeGreaterThan(mark.hedgePremium);
  });
});
