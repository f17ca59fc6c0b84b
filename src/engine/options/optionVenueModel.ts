import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import { black76 } from "../../math/options/black76.js";
import { EngineClock } from "../clock.js";
import { asRecord, decodeNumber, encodeNumber, type SnapshotNumber } from "../snapshotCodec.js";
import type { AttributionAccumulator, EngineEvent, Intent, Ledger, OptionVenue } from "../types.js";
import { finiteNumber, intentFor, takeDeposit, venueLogger } from "../venueSupport.js";

/** ACT/365 year in ms, the year of option times to expiry. */
const YEAR_MS = 365 * 86_400_000;

/**
 * Returns the Black-76 volatility (decimal per √year) for an option of `strike` with `timeToExpiry` years left when
 * the forward is `forward`, at bar time `time` (ms). Built at the edge from data: a constant, the DVOL index of the
 * day, or a recorded smile at the same moneyness and tenor.
 */
export type OptionVolSource = (strike: number, forward: number, timeToExpiry: number, time: number) => number;

export type CreateOptionVenueModelParameters = {
  /** Routing id of intents (default "options"). */
  id?: string;
  vol: OptionVolSource;
  /**
   * Half the bid–ask spread as a fraction of the premium, paid on every trade (buy at price·(1 + s), sell at
   * price·(1 − s)); Deribit ETH options typically quote 2–5 % wide. Default 0.02.
   */
  spreadFraction?: number;
  /** The run's event log. */
  events?: EngineEvent[];
};

type Leg = { kind: "call" | "put"; strike: number; expiryTime: number; quantity: number };

/** The option venue model with its running figures. */
/** The option venue model's state in a snapshot. */
export type OptionVenueState = {
  legs: {
    kind: "call" | "put";
    strike: SnapshotNumber;
    expiryTime: SnapshotNumber;
    quantity: SnapshotNumber;
  }[];
  cash: SnapshotNumber;
  premiumPaid: SnapshotNumber;
  payoffs: SnapshotNumber;
  trades: number;
  markedValue: SnapshotNumber;
  markedDelta: SnapshotNumber;
  markedPrice: SnapshotNumber;
  markedTime: SnapshotNumber;
};

export type OptionVenueModel = OptionVenue & {
  attach(clock: EngineClock): void;
  state(): OptionVenueState;
  restore(state: unknown): void;
  /** Premium paid for options bought minus premium received for options sold, at model prices (quote). */
  readonly premiumPaid: number;
  /** Σ payoffs of expired legs (quote), held as the venue's cash. */
  readonly payoffs: number;
  /** Cash held by the venue (expiry payoffs not yet spent on new options), quote. */
  readonly cashQuote: number;
  /** Number of option trades. */
  readonly trades: number;
};

/**
 * Returns an option venue model for the engine: European options on the base, cash-settled in quote at expiry,
 * priced each bar with Black-76 (forward = the bar's price, rate 0) at the vol of `vol(strike, forward, τ, t)`.
 *
 * Per bar i with legs (q, K, T): V_i = Σ q · Black76(P_i, K, τ_i = max(0, T − t_i)/year, σ).
 * - `mark`: theta part θ_i · Δt (θ from Black-76 at bar i, per year; Δt in years) goes to `attr.premium` (the time
 *   value paid away, "theta decay"); the rest of the change, V_i − V_{i−1} − θ_iΔt (price and vol moves), to
 *   `attr.hedge`. The sum is the exact value change. Legs with t_i ≥ T expire: their intrinsic value
 *   q · max(±(P_i − K), 0) becomes the venue's cash (an `expiry` event).
 * - `settle`: `{ kind: "buy", option: "put"|"call", strike, expiryTime, quantity }` (quantity < 0 sells) pays
 *   q · price · (1 ± spread) from the venue's cash, then the ledger's quote cash (the spread to `costs`/`costsHedge`);
 *   `{ kind: "close" }` sells every live leg; `{ kind: "deposit", amount }` moves ledger cash to the venue's cash
 *   (a premium budget, so that an "all cash" range mint leaves it alone).
 * value = cash + Σ live legs' model value; delta = Σ q · ∂V/∂F.
 *
 * @see Black, F. (1976) "The pricing of commodity contracts", J. Financial Economics 3, 167–179
 */
export function createOptionVenueModel(params: CreateOptionVenueModelParameters): OptionVenueModel {
  requireObject(params, "options");
  const id = params.id ?? "options";
  let clock: EngineClock = new EngineClock();
  const volAt = params.vol;
  const spread = params.spreadFraction ?? 0.02;
  const events = params.events;
  if (!(spread >= 0 && spread < 1))
    throw new InvalidInputError({ field: "spreadFraction", value: spread, expected: "a fraction in [0, 1)" });
  const legs: Leg[] = [];
  let cash = 0;
  let premiumPaid = 0;
  let payoffs = 0;
  let trades = 0;
  let markedValue = 0;
  let markedDelta = 0;
  let markedPrice = Number.NaN;
  /** Time of the last revaluation (NaN before the first). */
  let markedTime = Number.NaN;

  const log = venueLogger(events, id, () => clock);
  const price1 = (leg: Leg, price: number, t: number) => {
    const tau = Math.max(0, (leg.expiryTime - t) / YEAR_MS);
    const vol = tau > 0 ? volAt(leg.strike, price, tau, t) : 0;
    return black76({ forward: price, strike: leg.strike, timeToExpiry: tau, vol, kind: leg.kind });
  };
  /** Revalues every live leg at (price, time t): sets markedValue/markedDelta, returns Σ q·θ (per year). */
  const revalue = (t: number, price: number): number => {
    let v = 0;
    let d = 0;
    let theta = 0;
    for (let j = 0; j < legs.length; j++) {
      const r = price1(legs[j], price, t);
      v += legs[j].quantity * r.price;
      d += legs[j].quantity * r.delta;
      theta += legs[j].quantity * r.theta;
    }
    markedValue = v;
    markedDelta = d;
    markedPrice = price;
    markedTime = t;
    return theta;
  };

  const model: OptionVenueModel = {
    id,
    legs,
    get premiumPaid(): number {
      return premiumPaid;
    },
    get payoffs(): number {
      return payoffs;
    },
    get cashQuote(): number {
      return cash;
    },
    get trades(): number {
      return trades;
    },

    attach(c: EngineClock): void {
      clock = c;
    },

    state(): OptionVenueState {
      return {
        legs: legs.map((l) => ({
          kind: l.kind,
          strike: encodeNumber(l.strike),
          expiryTime: encodeNumber(l.expiryTime),
          quantity: encodeNumber(l.quantity),
        })),
        cash: encodeNumber(cash),
        premiumPaid: encodeNumber(premiumPaid),
        payoffs: encodeNumber(payoffs),
        trades,
        markedValue: encodeNumber(markedValue),
        markedDelta: encodeNumber(markedDelta),
        markedPrice: encodeNumber(markedPrice),
        markedTime: encodeNumber(markedTime),
      };
    },

    restore(raw: unknown): void {
      const f = `snapshot.venues.${id}`;
      const s = asRecord(raw, f);
      if (!Array.isArray(s.legs))
        throw new InvalidInputError({ field: `${f}.legs`, value: s.legs, expected: "an array" });
      legs.length = 0;
      s.legs.forEach((v, j) => {
        const r = asRecord(v, `${f}.legs[${j}]`);
        if (r.kind !== "call" && r.kind !== "put")
          throw new InvalidInputError({
            field: `${f}.legs[${j}].kind`,
            value: r.kind,
            expected: '"call" or "put"',
          });
        legs.push({
          kind: r.kind,
          strike: decodeNumber(r.strike, `${f}.legs[${j}].strike`),
          expiryTime: decodeNumber(r.expiryTime, `${f}.legs[${j}].expiryTime`),
          quantity: decodeNumber(r.quantity, `${f}.legs[${j}].quantity`),
        });
      });
      cash = decodeNumber(s.cash, `${f}.cash`);
      premiumPaid = decodeNumber(s.premiumPaid, `${f}.premiumPaid`);
      payoffs = decodeNumber(s.payoffs, `${f}.payoffs`);
      trades = Number(s.trades);
      markedValue = decodeNumber(s.markedValue, `${f}.markedValue`);
      markedDelta = decodeNumber(s.markedDelta, `${f}.markedDelta`);
      markedPrice = decodeNumber(s.markedPrice, `${f}.markedPrice`);
      markedTime = decodeNumber(s.markedTime, `${f}.markedTime`);
    },

    mark(bar: number, price: number, attr: AttributionAccumulator): void {
      if (legs.length === 0) {
        markedValue = 0;
        markedDelta = 0;
        markedPrice = price;
        markedTime = clock.time;
        return;
      }
      const before = markedValue;
      const dtYears = !Number.isNaN(markedTime) ? (clock.time - markedTime) / YEAR_MS : 0;
      const theta = revalue(clock.time, price);
      const thetaPart = theta * dtYears;
      attr.premium += thetaPart;
      attr.hedge += markedValue - before - thetaPart;
      // Expiry: cash-settle legs whose expiry has passed (their value is already intrinsic at τ = 0).
      const t = clock.time;
      let expired = false;
      for (let j = legs.length - 1; j >= 0; j--) {
        const leg = legs[j];
        if (t < leg.expiryTime) continue;
        expired = true;
        const intrinsic =
          leg.kind === "call" ? Math.max(price - leg.strike, 0) : Math.max(leg.strike - price, 0);
        const payoff = leg.quantity * intrinsic;
        cash += payoff;
        payoffs += payoff;
        legs.splice(j, 1);
        log(bar, "expiry", {
          option: leg.kind,
          strike: leg.strike,
          quantity: leg.quantity,
          price,
          payoff,
        });
      }
      if (expired) revalue(t, price);
    },

    accrue(): void {},

    value(price: number): number {
      if (price !== markedPrice && legs.length > 0)
        revalue(Number.isNaN(markedTime) ? clock.time : markedTime, price);
      return cash + markedValue;
    },

    delta(price: number): number {
      if (price !== markedPrice && legs.length > 0)
        revalue(Number.isNaN(markedTime) ? clock.time : markedTime, price);
      return markedDelta;
    },

    settle(
      intent: Intent,
      bar: number,
      price: number,
      ledger: Ledger,
      attr: AttributionAccumulator,
    ): boolean {
      const it = intentFor(intent, id);
      if (it === undefined) return false;
      const t = clock.time;
      const trade = (leg: Leg, reason: string): void => {
        const r = price1(leg, price, t);
        const premium = leg.quantity * r.price;
        const cost = Math.abs(premium) * spread;
        const pay = premium + cost;
        // Pay from the venue's cash first, then from the ledger (negative pay = receive into the venue's cash).
        const fromCash = pay > 0 ? Math.min(pay, Math.max(cash, 0)) : pay;
        cash -= fromCash;
        ledger.cashQuote -= pay - fromCash;
        premiumPaid += premium;
        attr.costs += cost;
        attr.costsHedge += cost;
        trades++;
        log(bar, "option", {
          option: leg.kind,
          strike: leg.strike,
          expiryTime: leg.expiryTime,
          quantity: leg.quantity,
          price,
          premium,
          spreadCost: cost,
          vol: leg.expiryTime > t ? volAt(leg.strike, price, (leg.expiryTime - t) / YEAR_MS, t) : 0,
          delta: leg.quantity * r.delta,
          reason,
        });
      };
      if (it.kind === "deposit") {
        const amount = takeDeposit(it.amount, ledger);
        if (amount > 0) cash += amount;
        log(bar, "transfer", { direction: "deposit", amount, cash });
        return true;
      }
      if (it.kind === "close") {
        for (let j = legs.length - 1; j >= 0; j--) {
          const leg = legs[j];
          trade({ ...leg, quantity: -leg.quantity }, "close");
          legs.splice(j, 1);
        }
      } else if (it.kind === "buy") {
        const kind = it.option;
        if (kind !== "call" && kind !== "put")
          throw new InvalidInputError({ field: "intent.option", value: kind, expected: '"call" or "put"' });
        const leg: Leg = {
          kind,
          strike: finiteNumber(it.strike, "intent.strike"),
          expiryTime: finiteNumber(it.expiryTime, "intent.expiryTime"),
          quantity: finiteNumber(it.quantity, "intent.quantity"),
        };
        if (!(leg.strike > 0))
          throw new InvalidInputError({ field: "intent.strike", value: leg.strike, expected: "a price > 0" });
        if (!(leg.expiryTime > t))
          throw new InvalidInputError({
            field: "intent.expiryTime",
            value: leg.expiryTime,
            expected: `a time after the bar's ${t}`,
          });
        if (leg.quantity === 0) return true;
        trade(leg, typeof it.reason === "string" ? it.reason : "");
        legs.push(leg);
      } else return false;
      revalue(t, price);
      return true;
    },
  };
  return model;
}
