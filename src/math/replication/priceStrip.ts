import { requireArray, requireObject } from "../../errors/guards.js";
import { assertFinite, InvalidInputError } from "../../errors/math.js";
import { black76 } from "../options/black76.js";
import { buildVolSurface } from "../options/buildVolSurface.js";
import type { OptionKind } from "../options/optionKind.js";
import type { Strip } from "./types.js";

/**
 * One listed option as `priceStrip` needs it. The data layer's `OptionQuote` (src/data/optionChain.ts) has this
 * shape: prices of inverse (coin-settled) options are in BASE units per option and are converted to quote units by
 * multiplying by `forward`.
 */
export type StripChainQuote = {
  /** Expiry, ms since the epoch (an identifier here: math reads no clock). */
  expiry: number;
  strike: number;
  kind: OptionKind;
  /** Best bid / ask in base units per option (null if none). */
  bid: number | null;
  ask: number | null;
  /** Venue mark price in base units per option (null if none). */
  mark: number | null;
  /** Venue implied vol of the mark, decimal (null if none). */
  markIv: number | null;
  /** Forward for the expiry, quote per base. */
  forward: number;
  /** Years from the snapshot to expiry. */
  timeToExpiry: number;
};

export type PriceStripParameters = {
  strip: Strip;
  /** The chain (any expiries; only those with `expiry` are used). */
  quotes: readonly StripChainQuote[];
  /** Which expiry of the chain the strip is priced on (ms, must match quotes' `expiry`). */
  expiry: number;
  /**
   * `"black76"` (default): Black-76 with the expiry's forward and the smile vol at each strike (monotone-cubic total
   * variance through the out-of-the-money marks' `markIv`); works for any strike. `"mark"`: the listed option's mark
   * × its forward. `"mid"`: (bid + ask)/2 × forward, falling back to the mark where a side is missing. For `"mark"`
   * and `"mid"` a strike that is not listed is priced with `"black76"` (its line says so).
   */
  method?: "black76" | "mark" | "mid";
  /** Discount rate for the bond and Black-76, per year; default 0 (Deribit's `interest_rate`). */
  rate?: number;
};

/** One option of the priced strip. */
export type PricedStripLine = {
  strike: number;
  kind: OptionKind;
  /** Options on one unit of base; negative = the LP is short it (a hedge buys it). */
  weight: number;
  /** Vol used (the smile vol, or the listed mark's IV for `"mark"`/`"mid"`), decimal. */
  vol: number;
  /** Price of one option in quote units. */
  priceQuote: number;
  /** weight × priceQuote. */
  valueQuote: number;
  /** Listed best bid / ask in quote units (null if not listed or no quote). */
  bidQuote: number | null;
  askQuote: number | null;
  source: "black76" | "mark" | "mid";
};

export type PriceStripReturnType = {
  /** Forward of the expiry (median of the quotes' forwards) and its time to expiry, years. */
  forward: number;
  timeToExpiry: number;
  /** Present value of the bond, e^{−rT}·bond, quote units. */
  bondValue: number;
  /** Σ weight × price over the options, quote units (negative for an LP: it is short options). */
  optionsValue: number;
  /** bondValue + optionsValue (forwards cost nothing): the model value today of the strip's payoff at expiry. */
  total: number;
  /** −optionsValue: premium paid to buy back the LP's short options at the chosen prices, quote units. */
  hedgePremium: number;
  /**
   * Premium to trade the hedge at the listed touch (buy at the ask where weight < 0, sell at the bid where > 0), or
   * null if a needed quote is missing or a strike is not listed.
   */
  hedgePremiumAtTouch: number | null;
  lines: PricedStripLine[];
};

export type PriceStripErrorType = InvalidInputError;

/**
 * Returns the value today, in quote units, of a replication strip priced on a real option chain, line by line.
 *
 * Formula: total = e^{−rT}·bond + Σᵢ wᵢ·Pᵢ (forward contracts are free), Pᵢ = Black-76(F, Kᵢ, T, σ(Kᵢ), r), or the
 * listed mark/mid price × its forward (inverse options quote premiums in base units).
 *
 * @example
 * import { priceStrip } from "./priceStrip.js";
 * // const priced = priceStrip({ strip, quotes: chain.quotes, expiry: Date.UTC(2025, 11, 26, 8) });
 * // priced.hedgePremium; // USD to buy the options an LP is short
 * @see Carr, P. and Madan, D. (1998) "Towards a theory of volatility trading", in Volatility, Risk Books
 * @see https://docs.deribit.com/#public-get_book_summary_by_currency (inverse option prices in the base coin)
 */
export function priceStrip(params: PriceStripParameters): PriceStripReturnType {
  requireObject(params, "options");
  requireObject(params.strip, "options.strip");
  requireArray(params.quotes, "options.quotes");
  const { strip, quotes, expiry, method = "black76", rate = 0 } = params;
  assertFinite("rate", rate);
  if (method !== "black76" && method !== "mark" && method !== "mid")
    throw new InvalidInputError({ field: "method", value: method, expected: '"black76", "mark" or "mid"' });
  const slice = quotes.filter((q) => q.expiry === expiry);
  if (slice.length === 0)
    throw new InvalidInputError({
      field: "expiry",
      value: expiry,
      expected: "an expiry present in the quotes",
    });
  const forwards = slice.map((q) => q.forward).sort((a, b) => a - b);
  const forward = forwards[forwards.length >> 1];
  const timeToExpiry = slice[0].timeToExpiry;
  if (!(timeToExpiry > 0))
    throw new InvalidInputError({
      field: "quotes.timeToExpiry",
      value: timeToExpiry,
      expected: "> 0 (unexpired)",
    });

  // Smile from the out-of-the-money side at each strike (Deribit quotes one IV per strike for both kinds).
  const byStrike = new Map<number, StripChainQuote>();
  for (const q of slice) {
    if (q.markIv === null || !(q.markIv > 0)) continue;
    const otm = q.kind === (q.strike >= forward ? "call" : "put");
    const prev = byStrike.get(q.strike);
    if (prev === undefined || otm) byStrike.set(q.strike, q);
  }
  const smileStrikes = [...byStrike.keys()];
  if (smileStrikes.length === 0)
    throw new InvalidInputError({
      field: "quotes.markIv",
      value: null,
      expected: "at least one implied vol on the expiry",
    });
  const surface = buildVolSurface({
    slices: [
      {
        timeToExpiry,
        forward,
        strikes: smileStrikes,
        vols: smileStrikes.map((k) => byStrike.get(k)!.markIv!),
      },
    ],
  });

  const lines: PricedStripLine[] = [];
  let optionsValue = 0;
  let touch: number | null = 0;
  const addLine = (strike: number, weight: number, kind: OptionKind) => {
    const listed = slice.find((q) => q.strike === strike && q.kind === kind);
    let source: PricedStripLine["source"] = "black76";
    let vol = surface.volAt(strike, timeToExpiry);
    let priceQuote = black76({ forward, strike, timeToExpiry, vol, rate, kind }).price;
    if (listed && method !== "black76") {
      if (method === "mid" && listed.bid !== null && listed.ask !== null) {
        priceQuote = ((listed.bid + listed.ask) / 2) * listed.forward;
        source = "mid";
      } else if (listed.mark !== null) {
        priceQuote = listed.mark * listed.forward;
        source = "mark";
      }
      if (listed.markIv !== null) vol = listed.markIv;
    }
    const bidQuote = listed && listed.bid !== null ? listed.bid * listed.forward : null;
    const askQuote = listed && listed.ask !== null ? listed.ask * listed.forward : null;
    const side = weight < 0 ? askQuote : bidQuote;
    touch = touch === null || side === null ? null : touch - weight * side;
    const valueQuote = weight * priceQuote;
    optionsValue += valueQuote;
    lines.push({ strike, kind, weight, vol, priceQuote, valueQuote, bidQuote, askQuote, source });
  };
  for (const p of strip.puts) addLine(p.strike, p.weight, "put");
  for (const c of strip.calls) addLine(c.strike, c.weight, "call");
  const bondValue = strip.bond * Math.exp(-rate * timeToExpiry);
  const total = bondValue + optionsValue;
  assertFinite("priceStrip.total", total);
  return {
    forward,
    timeToExpiry,
    bondValue,
    optionsValue,
    total,
    hedgePremium: -optionsValue,
    hedgePremiumAtTouch: touch,
    lines,
  };
}
