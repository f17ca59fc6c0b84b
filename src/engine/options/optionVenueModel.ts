import { requireObject } from "../../errors/guards.js";
import { assertPositive, InvalidInputError } from "../../errors/index.js";
import { assertFiniteOutput, assertNonNegative } from "../../math/options/_assert.js";
import { B76_SLOTS, black76Slots } from "../../math/options/black76.js";
import { optionSign } from "../../math/options/optionKind.js";
import { EngineClock } from "../clock.js";
import { asRecord, decodeNumber, encodeNumber, type SnapshotNumber } from "../snapshotCodec.js";
import type { AttributionAccumulator, EngineEvent, Intent, Ledger, OptionVenue } from "../types.js";
import { finiteNumber, intentFor, takeDeposit } from "../venueSupport.js";

/** ACT/365 year in ms, the year of option times to expiry (internal; the per-bar code writes it as a literal). */
export const YEAR_MS = 365 * 86_400_000;

/**
 * Returns the Black-76 volatility (decimal per √year) for an option of `strike` with `timeToExpiry` years left when
 * the forward is `forward`, at bar time `time` (ms). Built at the edge from data: a constant, the DVOL index of the
 * day, or a recorded smile at the same moneyness and tenor.
 */
export type OptionVolSource = (strike: number, forward: number, timeToExpiry: number, time: number) => number;

/**
 * A vol that depends on the bar's time only, piecewise constant: `vol[j]` from `time[j]` (ms) on, `vol[0]` before
 * `time[0]` (times ascending), e.g. a daily index in force from the day after its row.
 */
export type OptionVolSteps = { time: Float64Array; vol: Float64Array };

export type CreateOptionVenueModelParameters = {
  /** Routing id of intents (default "options"). */
  id?: string;
  /**
   * The Black-76 vol: a constant, steps in time, or a function of the option and the bar. A constant or steps are
   * read once per change of step, a function once per leg and bar.
   */
  vol: number | OptionVolSteps | OptionVolSource;
  /**
   * Half the bid–ask spread as a fraction of the premium, paid on every trade (buy at price·(1 + s), sell at
   * price·(1 − s)); Deribit ETH options typically quote 2–5 % wide. Default 0.02.
   */
  spreadFraction?: number;
  /** The run's event log. */
  events?: EngineEvent[];
};

/**
 * A live leg; `sign` is optionSign(kind), read once when the leg is made (not per bar), and `logCache` its ln(F/K)
 * cache (see {@link logMoneyness}; derived, not in a snapshot).
 */
type Leg = {
  kind: "call" | "put";
  sign: 1 | -1;
  strike: number;
  expiryTime: number;
  quantity: number;
  logCache: Float64Array;
};

/**
 * Entries of a leg's ln(F/K) cache (a power of two); the per-bar code writes LOG_CACHE_SIZE − 1 and YEAR_MS as
 * literals named LOG_CACHE_MASK and YEAR_MS in a comment (see price1; the test checks them).
 */
const LOG_CACHE_SIZE = 512;
/** Returns an empty ln(F/K) cache: [2e] a price (0: none; prices are > 0), [2e + 1] its ln(price / strike). */
function newLogCache(): Float64Array {
  return new Float64Array(2 * LOG_CACHE_SIZE);
}

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

/** The option venue model with its running figures. */
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
 * priced each bar with Black-76 (forward = the bar's price, rate 0) at the vol `vol` (a constant, steps in time, or
 * `vol(strike, forward, τ, t)`).
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
  const spread = params.spreadFraction ?? 0.02;
  if (!(spread >= 0 && spread < 1))
    throw new InvalidInputError({ field: "spreadFraction", value: spread, expected: "a fraction in [0, 1)" });
  const vol = params.vol;
  if (typeof vol === "function") return new OptionVenueModelImpl(id, vol, STEPS_NONE, spread, params.events);
  if (typeof vol === "number") {
    if (!(Number.isFinite(vol) && vol >= 0))
      throw new InvalidInputError({ field: "vol", value: vol, expected: "a finite number >= 0" });
    return new OptionVenueModelImpl(
      id,
      undefined,
      { time: new Float64Array([0]), vol: new Float64Array([vol]) },
      spread,
      params.events,
    );
  }
  requireObject(vol, "vol");
  const { time, vol: v } = vol;
  if (
    !(time instanceof Float64Array && v instanceof Float64Array && time.length === v.length && v.length > 0)
  )
    throw new InvalidInputError({
      field: "vol",
      value: vol,
      expected: "{ time, vol }: Float64Arrays of one length > 0",
    });
  for (let j = 0; j < v.length; j++) {
    if (!(Number.isFinite(v[j]) && v[j] >= 0))
      throw new InvalidInputError({ field: `vol.vol[${j}]`, value: v[j], expected: "a finite number >= 0" });
    if (!(Number.isFinite(time[j]) && (j === 0 || time[j] >= time[j - 1])))
      throw new InvalidInputError({
        field: `vol.time[${j}]`,
        value: time[j],
        expected: "a finite time (ms), ascending",
      });
  }
  return new OptionVenueModelImpl(id, undefined, vol, spread, params.events);
}

/** The steps of a model priced through a vol function (never read). */
const STEPS_NONE: OptionVolSteps = { time: new Float64Array(0), vol: new Float64Array(0) };

/**
 * The option venue model as a class, like the perp's: its methods and getters live on the prototype and its state
 * in fields (the marked value, delta, price and time carried across bars in fields, not in closure `let`s that V8
 * boxes on every store), so every instance has one hidden class with fast properties and the engine's call sites
 * stay monomorphic and inlinable. (An object literal with getters is a dictionary-mode object in V8.) Built only by
 * {@link createOptionVenueModel}.
 */
class OptionVenueModelImpl implements OptionVenueModel {
  readonly id: string;
  readonly legs: Leg[] = [];
  /** The engine's clock (set by `attach`): the bar's time. */
  private clock: EngineClock = new EngineClock();
  /** The vol function, or undefined when the vol is `steps` (a constant is one step). */
  private readonly volFn: OptionVolSource | undefined;
  private readonly steps: OptionVolSteps;
  // The step in force over [volFrom, volUntil) (NaN: none yet) and its vol: the steps are searched only when the
  // bar's time leaves that span.
  private volIndex = 0;
  private volFrom = Number.NaN;
  private volUntil = Number.NaN;
  private volNow = Number.NaN;
  /** Black-76 inputs and output of the last leg priced (`price1`; slots `B76_*`). */
  private readonly b76 = new Float64Array(B76_SLOTS);
  private readonly spread: number;
  private readonly events: EngineEvent[] | undefined;
  private cash = 0;
  private premium = 0;
  private payoffSum = 0;
  private tradeCount = 0;
  private markedValue = 0;
  private markedDelta = 0;
  private markedPrice = Number.NaN;
  /** Time of the last revaluation (NaN before the first). */
  private markedTime = Number.NaN;
  /** Σ q·θ (per year) of the last revaluation (derived: not in a snapshot). */
  private markedTheta = 0;
  /** The time price1 prices a leg at (its forward is in slot B76_FORWARD of b76). */
  private legTime = Number.NaN;
  /** The vol price1 priced the last leg at (read by badInput). */
  private legVol = 0;
  /** A price's float64 and its two 32-bit words, to hash it into a leg's ln(F/K) cache (see price1). */
  private readonly priceBits = new Float64Array(1);
  private readonly priceWords = new Uint32Array(this.priceBits.buffer);

  constructor(
    id: string,
    volFn: OptionVolSource | undefined,
    steps: OptionVolSteps,
    spread: number,
    events: EngineEvent[] | undefined,
  ) {
    this.id = id;
    this.volFn = volFn;
    this.steps = steps;
    this.spread = spread;
    this.events = events;
  }

  get premiumPaid(): number {
    return this.premium;
  }

  get payoffs(): number {
    return this.payoffSum;
  }

  get cashQuote(): number {
    return this.cash;
  }

  get trades(): number {
    return this.tradeCount;
  }

  attach(c: EngineClock): void {
    this.clock = c;
  }

  state(): OptionVenueState {
    return {
      legs: this.legs.map((l) => ({
        kind: l.kind,
        strike: encodeNumber(l.strike),
        expiryTime: encodeNumber(l.expiryTime),
        quantity: encodeNumber(l.quantity),
      })),
      cash: encodeNumber(this.cash),
      premiumPaid: encodeNumber(this.premium),
      payoffs: encodeNumber(this.payoffSum),
      trades: this.tradeCount,
      markedValue: encodeNumber(this.markedValue),
      markedDelta: encodeNumber(this.markedDelta),
      markedPrice: encodeNumber(this.markedPrice),
      markedTime: encodeNumber(this.markedTime),
    };
  }

  restore(raw: unknown): void {
    const f = `snapshot.venues.${this.id}`;
    const s = asRecord(raw, f);
    if (!Array.isArray(s.legs))
      throw new InvalidInputError({ field: `${f}.legs`, value: s.legs, expected: "an array" });
    const legs = this.legs;
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
        sign: optionSign(r.kind),
        strike: decodeNumber(r.strike, `${f}.legs[${j}].strike`),
        expiryTime: decodeNumber(r.expiryTime, `${f}.legs[${j}].expiryTime`),
        quantity: decodeNumber(r.quantity, `${f}.legs[${j}].quantity`),
        logCache: newLogCache(),
      });
    });
    this.cash = decodeNumber(s.cash, `${f}.cash`);
    this.premium = decodeNumber(s.premiumPaid, `${f}.premiumPaid`);
    this.payoffSum = decodeNumber(s.payoffs, `${f}.payoffs`);
    this.tradeCount = Number(s.trades);
    this.markedValue = decodeNumber(s.markedValue, `${f}.markedValue`);
    this.markedDelta = decodeNumber(s.markedDelta, `${f}.markedDelta`);
    this.markedPrice = decodeNumber(s.markedPrice, `${f}.markedPrice`);
    this.markedTime = decodeNumber(s.markedTime, `${f}.markedTime`);
  }

  private log(bar: number, kind: string, fields: EngineEvent["fields"]): void {
    if (this.events !== undefined)
      this.events.push({ time: this.clock.time, bar, kind, venue: this.id, fields });
  }

  /**
   * Black-76 of one leg at the forward in slot B76_FORWARD of `this.b76` and the time `legTime` (set by the caller)
   * into `this.b76` (slots `B76_*`): `black76`'s checks and arithmetic, without its parameter and result objects
   * (this runs per leg and bar). Its inputs come in the array and a field, not as arguments, and the rare calls below
   * take no double: V8 boxes a double passed to a call it does not inline, and boxes it ahead of a branch that is
   * rarely taken, on every bar.
   * Speed: the slots are literals named in a comment (a module-level const read costs a context load, a hole check
   * and an untag per read in V8 11; optionVenueModel.test.ts checks each literal against black76.ts), and the input
   * and output checks are one inline test each, calling `badInput` / `badOutput` (which throw black76's errors, in
   * its order) only when it fails: the check helpers take a double, and when the caller had used up its inlining
   * budget V8 called them, boxing the price on every bar.
   */
  private price1(leg: Leg): Float64Array {
    const o = this.b76;
    const price = o[5 /* B76_FORWARD */];
    const t = this.legTime;
    const tau = Math.max(0, (leg.expiryTime - t) / 31536000000 /* YEAR_MS */);
    let vol = 0;
    if (tau > 0) {
      const fn = this.volFn;
      if (fn !== undefined) vol = fn(leg.strike, price, tau, t);
      else {
        if (!(t >= this.volFrom && t < this.volUntil)) this.seekVol();
        vol = this.volNow;
      }
    }
    this.legVol = vol;
    const strike = leg.strike;
    if (
      !(
        Number.isFinite(price) &&
        price > 0 &&
        Number.isFinite(strike) &&
        strike > 0 &&
        Number.isFinite(vol) &&
        vol >= 0
      )
    )
      this.badInput(leg);
    o[6 /* B76_STRIKE */] = strike;
    o[7 /* B76_TIME */] = tau;
    o[8 /* B76_VOL */] = vol;
    o[9 /* B76_RATE */] = 0;
    // ln(F/K) from the leg's direct-mapped cache (see newLogCache): the price is the pool's, a function of its tick,
    // and the tick revisits the same few hundred values while a leg lives, so most bars skip the `log` (the largest
    // single cost of a leg's Black-76). Hashed by the low word of the price's float64.
    this.priceBits[0] = price;
    const mask = 511 /* LOG_CACHE_MASK */;
    const at = (this.priceWords[0] & mask) << 1;
    const c = leg.logCache;
    if (c[at] !== price) {
      c[at] = price;
      c[at + 1] = Math.log(price / strike);
    }
    o[10 /* B76_LOG_MONEYNESS */] = c[at + 1];
    black76Slots(o, leg.sign);
    if (
      !(
        Number.isFinite(o[0 /* B76_PRICE */]) &&
        Number.isFinite(o[2 /* B76_GAMMA */]) &&
        Number.isFinite(o[3 /* B76_VEGA */]) &&
        Number.isFinite(o[4 /* B76_THETA */])
      )
    )
      this.badOutput();
    return o;
  }

  /** Throws the error of price1's first bad input, as black76 checks them (the forward, the strike, the vol). */
  private badInput(leg: Leg): void {
    assertPositive("forward", this.b76[5 /* B76_FORWARD */]);
    assertPositive("strike", leg.strike);
    assertNonNegative("vol", this.legVol);
  }

  /** Throws the error of price1's first non-finite output, as black76 checks them. */
  private badOutput(): void {
    const o = this.b76;
    assertFiniteOutput("black76.price", o[0 /* B76_PRICE */]);
    assertFiniteOutput("black76.gamma", o[2 /* B76_GAMMA */]);
    assertFiniteOutput("black76.vega", o[3 /* B76_VEGA */]);
    assertFiniteOutput("black76.theta", o[4 /* B76_THETA */]);
  }

  /**
   * Finds the vol step in force at time t = legTime (from the current one onwards, or from the first when t is
   * before it).
   */
  private seekVol(): void {
    const t = this.legTime;
    const { time, vol } = this.steps;
    let j = t < this.volFrom ? 0 : this.volIndex;
    while (j + 1 < time.length && time[j + 1] <= t) j++;
    this.volIndex = j;
    this.volNow = vol[j];
    this.volFrom = j === 0 ? Number.NEGATIVE_INFINITY : time[j];
    this.volUntil = j + 1 < time.length ? time[j + 1] : Number.POSITIVE_INFINITY;
  }

  /**
   * Revalues every live leg at (markedPrice, markedTime), which the caller sets first: sets markedValue, markedDelta
   * and markedTheta = Σ q·θ (per year). The price and time come in fields, not arguments: V8 boxes a double passed to
   * a call it does not inline (a heap number per bar).
   */
  private revalue(): void {
    const legs = this.legs;
    this.b76[5 /* B76_FORWARD */] = this.markedPrice;
    this.legTime = this.markedTime;
    let v = 0;
    let d = 0;
    let theta = 0;
    for (let j = 0; j < legs.length; j++) {
      const r = this.price1(legs[j]);
      v += legs[j].quantity * r[0 /* B76_PRICE */];
      d += legs[j].quantity * r[1 /* B76_DELTA */];
      theta += legs[j].quantity * r[4 /* B76_THETA */];
    }
    this.markedValue = v;
    this.markedDelta = d;
    this.markedTheta = theta;
  }

  /** Sets the mark to (price, time t) and revalues the legs there. */
  private revalueAt(t: number, price: number): void {
    this.markedPrice = price;
    this.markedTime = t;
    this.revalue();
  }

  // mark is small so that V8 inlines it into the engine's bar loop: the price goes into a field and the revaluation
  // (markLegs, too large to inline) takes no double, which V8 would box on every bar.
  mark(bar: number, price: number, attr: AttributionAccumulator): void {
    this.markedPrice = price;
    if (this.legs.length === 0) {
      this.markedValue = 0;
      this.markedDelta = 0;
      this.markedTime = this.clock.time;
      return;
    }
    this.markLegs(bar, attr);
  }

  /** mark with live legs, at the price mark has set in markedPrice. */
  private markLegs(bar: number, attr: AttributionAccumulator): void {
    const legs = this.legs;
    const t = this.clock.time;
    const before = this.markedValue;
    const markedTime = this.markedTime;
    const dtYears = !Number.isNaN(markedTime) ? (t - markedTime) / 31536000000 /* YEAR_MS */ : 0;
    this.markedTime = t;
    this.revalue();
    const thetaPart = this.markedTheta * dtYears;
    attr.premium += thetaPart;
    attr.hedge += this.markedValue - before - thetaPart;
    // Expiry: cash-settle legs whose expiry has passed (their value is already intrinsic at τ = 0).
    for (let j = legs.length - 1; j >= 0; j--)
      if (t >= legs[j].expiryTime) {
        this.expire(bar);
        return;
      }
  }

  /**
   * Cash-settles every leg with expiry ≤ markedTime at markedPrice (an `expiry` event each), then revalues the rest.
   * The price and time come from the fields `mark` just set, not as arguments: a double passed to this rare call
   * would be boxed on every bar (V8 boxes it ahead of the branch; 32 bytes a bar, measured).
   */
  private expire(bar: number): void {
    const price = this.markedPrice;
    const t = this.markedTime;
    const legs = this.legs;
    for (let j = legs.length - 1; j >= 0; j--) {
      const leg = legs[j];
      if (t < leg.expiryTime) continue;
      const intrinsic =
        leg.kind === "call" ? Math.max(price - leg.strike, 0) : Math.max(leg.strike - price, 0);
      const payoff = leg.quantity * intrinsic;
      this.cash += payoff;
      this.payoffSum += payoff;
      legs.splice(j, 1);
      this.log(bar, "expiry", {
        option: leg.kind,
        strike: leg.strike,
        quantity: leg.quantity,
        price,
        payoff,
      });
    }
    this.revalue(); // at (markedPrice, markedTime) = (price, t)
  }

  accrue(_bar: number, _price: number, _attr: AttributionAccumulator): void {}

  // value and delta at another price than the mark's revalue there, at the mark's time (the clock's before any
  // mark), setting the fields inline rather than passing doubles to revalueAt (see price1).
  value(price: number): number {
    if (price !== this.markedPrice && this.legs.length > 0) {
      if (Number.isNaN(this.markedTime)) this.markedTime = this.clock.time;
      this.markedPrice = price;
      this.revalue();
    }
    return this.cash + this.markedValue;
  }

  delta(price: number): number {
    if (price !== this.markedPrice && this.legs.length > 0) {
      if (Number.isNaN(this.markedTime)) this.markedTime = this.clock.time;
      this.markedPrice = price;
      this.revalue();
    }
    return this.markedDelta;
  }

  /** Trades `leg` at (price, t) with the spread, paid from the venue's cash then the ledger, and logs it. */
  private trade(
    leg: Leg,
    reason: string,
    bar: number,
    price: number,
    t: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ): void {
    this.b76[5 /* B76_FORWARD */] = price;
    this.legTime = t;
    const r = this.price1(leg);
    const premium = leg.quantity * r[0 /* B76_PRICE */];
    const legDelta = leg.quantity * r[1 /* B76_DELTA */];
    const cost = Math.abs(premium) * this.spread;
    const pay = premium + cost;
    // Pay from the venue's cash first, then from the ledger (negative pay = receive into the venue's cash).
    const fromCash = pay > 0 ? Math.min(pay, Math.max(this.cash, 0)) : pay;
    this.cash -= fromCash;
    ledger.cashQuote -= pay - fromCash;
    this.premium += premium;
    attr.costs += cost;
    attr.costsHedge += cost;
    this.tradeCount++;
    this.log(bar, "option", {
      option: leg.kind,
      strike: leg.strike,
      expiryTime: leg.expiryTime,
      quantity: leg.quantity,
      price,
      premium,
      spreadCost: cost,
      vol: r[8 /* B76_VOL */], // the vol price1 used (0 at expiry)
      delta: legDelta,
      reason,
    });
  }

  settle(intent: Intent, bar: number, price: number, ledger: Ledger, attr: AttributionAccumulator): boolean {
    const it = intentFor(intent, this.id);
    if (it === undefined) return false;
    const t = this.clock.time;
    const legs = this.legs;
    if (it.kind === "deposit") {
      const amount = takeDeposit(it.amount, ledger);
      if (amount > 0) this.cash += amount;
      this.log(bar, "transfer", { direction: "deposit", amount, cash: this.cash });
      return true;
    }
    if (it.kind === "close") {
      for (let j = legs.length - 1; j >= 0; j--) {
        const leg = legs[j];
        this.trade({ ...leg, quantity: -leg.quantity }, "close", bar, price, t, ledger, attr);
        legs.splice(j, 1);
      }
    } else if (it.kind === "buy") {
      const kind = it.option;
      if (kind !== "call" && kind !== "put")
        throw new InvalidInputError({ field: "intent.option", value: kind, expected: '"call" or "put"' });
      const leg: Leg = {
        kind,
        sign: optionSign(kind),
        strike: finiteNumber(it.strike, "intent.strike"),
        expiryTime: finiteNumber(it.expiryTime, "intent.expiryTime"),
        quantity: finiteNumber(it.quantity, "intent.quantity"),
        logCache: newLogCache(),
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
      this.trade(leg, typeof it.reason === "string" ? it.reason : "", bar, price, t, ledger, attr);
      legs.push(leg);
    } else return false;
    this.revalueAt(t, price);
    return true;
  }
}
