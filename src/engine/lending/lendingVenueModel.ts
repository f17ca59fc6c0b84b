import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import type { LendingReserveSeries } from "../../types/series.js";
import { EngineClock } from "../clock.js";
import {
  asRecord,
  decodeFieldsInto,
  decodeNumber,
  encodeFields,
  encodeNumber,
  type SnapshotNumber,
} from "../snapshotCodec.js";
import type { AttributionAccumulator, EngineEvent, Intent, Ledger, LendingVenue } from "../types.js";
import { finiteNumber, intentFor, takeDeposit } from "../venueSupport.js";
import { LendingMarket, type LendingMarketConfig } from "./lendingMarket.js";

/**
 * Where the annual rates come from: recorded Aave reserves (the quote reserve's supply rate `liquidityRate` for the
 * collateral, the base reserve's `variableBorrowRate` for the debt; the rate of the last row at or before each bar
 * applies, the first row's before the data starts), or constants.
 */
export type LendingRateSource =
  | { kind: "series"; collateral: LendingReserveSeries; debt: LendingReserveSeries }
  | { kind: "constant"; supplyRate: number; borrowRate: number };

export type CreateLendingVenueModelParameters = {
  /** Routing id of intents (default "lending"). */
  id?: string;
  market: LendingMarketConfig;
  rates: LendingRateSource;
  /**
   * Cost of the swap that sells borrowed base for quote (or buys base back to repay), as a fraction of the
   * notional at the bar's price: pool fee plus impact (default 0.0005, the 0.05 % pool's fee).
   */
  swapCost?: number;
  /** The run's event log. */
  events?: EngineEvent[];
};

/** The lending venue model with its market exposed. */
export type LendingVenueModel = LendingVenue & {
  readonly market: LendingMarket;
  attach(clock: EngineClock): void;
  state(): LendingVenueState;
  restore(state: unknown): void;
  /** Number of hedge fills (borrow+sell or buy+repay of non-zero size). */
  readonly trades: number;
  /** Net interest booked into `attr.premium` so far (quote): supply interest − borrow interest at each bar's price. */
  readonly interest: number;
};

/** The numeric state fields of a LendingMarket, saved in a snapshot. */
const LENDING_MARKET_FIELDS = [
  "collateralScaled",
  "debtScaled",
  "liquidityIndex",
  "variableBorrowIndex",
  "supplyRate",
  "borrowRate",
  "lastUpdateTime",
  "cumulativeSupplyInterest",
  "cumulativeBorrowInterest",
  "liquidated",
  "liquidationCount",
] as const;

/** The lending venue model's state in a snapshot (the rate cursors are row indexes of the reserve series). */
export type LendingVenueState = {
  market: Record<string, SnapshotNumber | boolean | string>;
  collateralCursor: number;
  debtCursor: number;
  prevPrice: SnapshotNumber;
  trades: number;
  interest: SnapshotNumber;
};

/** Moving pointer over a reserve series: the index of the last row at or before t (0 before the data). */
function advance(s: LendingReserveSeries, at: number, t: number): number {
  let i = at;
  while (i + 1 < s.length && s.time[i + 1] <= t) i++;
  return i;
}

/**
 * Returns an Aave-like lending venue model for the engine ({@link LendingMarket}): the vault supplies quote as
 * collateral and borrows base, sold for quote at once (the proceeds are supplied too), so the debt is a short of
 * the base asset: delta = −debt, value = collateral − debt · P.
 *
 * Per bar i: `mark` books hedge += −debt · (P_i − P_{i−1}) and liquidates when HF < 1 (the liquidation bonus lost,
 * seized − repaid · P, goes to `costs`/`costsLiquidation`; an event is logged); `accrue` grows the indexes from
 * the previous bar at the rates in force there and books premium += Δcollateral − Δdebt · P_i (interest earned
 * minus interest owed), then reads the bar's rates. `settle`: `hedge {targetDelta}` borrows and sells (or buys
 * back and repays) to debt = max(0, −targetDelta), limited by the LTV, paying `swapCost` on the notional
 * (`costs`/`costsHedge`); `deposit`/`withdraw {amount}` move quote collateral from/to the ledger.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/LiquidationLogic.sol
 */
export function createLendingVenueModel(params: CreateLendingVenueModelParameters): LendingVenueModel {
  requireObject(params, "options");
  requireObject(params.market, "options.market");
  const id = params.id ?? "lending";
  // The account starts at the first bar's time (set at the first mark: the clock is the engine's, see `attach`).
  const market = new LendingMarket(params.market, 0);
  const swapCost = params.swapCost ?? 0.0005;
  if (!(swapCost >= 0 && swapCost < 1))
    throw new InvalidInputError({ field: "swapCost", value: swapCost, expected: "a fraction in [0, 1)" });
  const rates = params.rates;
  if (rates.kind === "constant") market.setRates(rates.supplyRate, rates.borrowRate);
  return new LendingVenueModelImpl(id, market, params.events, swapCost, rates);
}

/**
 * The lending venue model as a class, like the perp's: its methods and getters live on the prototype and its state
 * in fields (doubles carried across bars in fields, not in closure `let`s that V8 boxes on every store), so every
 * instance has one hidden class with fast properties and the engine's call sites stay monomorphic and inlinable.
 * (An object literal with getters is a dictionary-mode object in V8.) Built only by {@link createLendingVenueModel}.
 */
class LendingVenueModelImpl implements LendingVenueModel {
  readonly id: string;
  readonly market: LendingMarket;
  /** The engine's clock (set by `attach`): the bar's time. */
  private clock: EngineClock = new EngineClock();
  private readonly events: EngineEvent[] | undefined;
  private readonly swapCost: number;
  /** The reserve series of the rates (undefined: constant rates, set once on the market). */
  private readonly collateralRates: LendingReserveSeries | undefined;
  private readonly debtRates: LendingReserveSeries | undefined;
  /** Rate cursors: the last row at or before the bar's time in each reserve series. */
  private collateralCursor = 0;
  private debtCursor = 0;
  /** The previous bar's price (NaN before the first mark). */
  private prevPrice = Number.NaN;
  private tradeCount = 0;
  private interestBooked = 0;
  /** The bar's price, set by accrue for accrueBar (derived, not state). */
  private accruePrice = Number.NaN;

  constructor(
    id: string,
    market: LendingMarket,
    events: EngineEvent[] | undefined,
    swapCost: number,
    rates: LendingRateSource,
  ) {
    this.id = id;
    this.market = market;
    this.events = events;
    this.swapCost = swapCost;
    this.collateralRates = rates.kind === "series" ? rates.collateral : undefined;
    this.debtRates = rates.kind === "series" ? rates.debt : undefined;
  }

  get trades(): number {
    return this.tradeCount;
  }

  get interest(): number {
    return this.interestBooked;
  }

  get suppliedQuote(): number {
    return this.market.collateral();
  }

  get borrowedBase(): number {
    return this.market.debt();
  }

  healthFactor(price: number): number {
    return this.market.healthFactor(price);
  }

  attach(c: EngineClock): void {
    this.clock = c;
  }

  state(): LendingVenueState {
    return {
      market: encodeFields(this.market, LENDING_MARKET_FIELDS),
      collateralCursor: this.collateralCursor,
      debtCursor: this.debtCursor,
      prevPrice: encodeNumber(this.prevPrice),
      trades: this.tradeCount,
      interest: encodeNumber(this.interestBooked),
    };
  }

  restore(raw: unknown): void {
    const f = `snapshot.venues.${this.id}`;
    const s = asRecord(raw, f);
    decodeFieldsInto(s.market, this.market, LENDING_MARKET_FIELDS, `${f}.market`);
    this.collateralCursor = Number(s.collateralCursor);
    this.debtCursor = Number(s.debtCursor);
    this.prevPrice = decodeNumber(s.prevPrice, `${f}.prevPrice`);
    this.tradeCount = Number(s.trades);
    this.interestBooked = decodeNumber(s.interest, `${f}.interest`);
  }

  private log(bar: number, kind: string, fields: EngineEvent["fields"]): void {
    if (this.events !== undefined)
      this.events.push({ time: this.clock.time, bar, kind, venue: this.id, fields });
  }

  /** Reads the rates in force at the bar's time from the reserve series (constant rates: nothing to do). */
  private readRates(): void {
    const t = this.clock.time;
    const c = this.collateralRates;
    const d = this.debtRates;
    if (c === undefined || d === undefined) return;
    this.collateralCursor = advance(c, this.collateralCursor, t);
    this.debtCursor = advance(d, this.debtCursor, t);
    this.market.setRates(c.liquidityRate[this.collateralCursor], d.variableBorrowRate[this.debtCursor]);
  }

  // The per-bar methods (mark, accrue, value, delta) are small so that V8 inlines them into the engine's bar loop;
  // the rare work (bar 0's rates, a liquidation with its event) lives in separate methods, which take no double
  // (they read the bar's time and price from fields): V8 boxes a double passed to a call it does not inline, and
  // boxes it ahead of a rarely taken branch, on every bar.
  mark(bar: number, price: number, attr: AttributionAccumulator): void {
    const market = this.market;
    if (bar === 0) {
      market.lastUpdateTime = this.clock.time;
      this.readRates();
    }
    const debt = market.debt();
    if (debt !== 0 && !Number.isNaN(this.prevPrice)) attr.hedge -= debt * (price - this.prevPrice);
    this.prevPrice = price;
    if (debt !== 0 && market.checkLiquidation(price, this.clock.time)) this.bookLiquidation(bar, attr);
  }

  /** Books the liquidation the market just executed (its bonus lost to costs) and logs it. */
  private bookLiquidation(bar: number, attr: AttributionAccumulator): void {
    const ev = this.market.lastLiquidation;
    const price = ev.price;
    attr.costs += ev.bonusValue;
    attr.costsLiquidation += ev.bonusValue;
    this.log(bar, "liquidation", {
      price,
      healthFactorBefore: ev.healthFactorBefore,
      healthFactorAfter: ev.healthFactorAfter,
      debtRepaid: ev.debtRepaid,
      collateralSeized: ev.collateralSeized,
      bonusValue: ev.bonusValue,
    });
  }

  // accrue is small so that V8 inlines it into the engine's bar loop, which had no inlining budget left for the
  // whole accrual and called it, boxing the price on every bar: the price goes into a field and accrueBar takes no
  // double.
  accrue(bar: number, price: number, attr: AttributionAccumulator): void {
    if (bar === 0) return;
    this.accruePrice = price;
    this.accrueBar(attr);
  }

  /** accrue after bar 0, at the price accrue has set in accruePrice. */
  private accrueBar(attr: AttributionAccumulator): void {
    const market = this.market;
    const t = this.clock.time;
    const c0 = market.collateral();
    const d0 = market.debt();
    market.accrueTo(t);
    const net = market.collateral() - c0 - (market.debt() - d0) * this.accruePrice;
    attr.premium += net;
    this.interestBooked += net;
    this.readRates();
  }

  value(price: number): number {
    return this.market.collateral() - this.market.debt() * price;
  }

  delta(): number {
    return -this.market.debt();
  }

  settle(intent: Intent, bar: number, price: number, ledger: Ledger, attr: AttributionAccumulator): boolean {
    const it = intentFor(intent, this.id);
    if (it === undefined) return false;
    const market = this.market;
    if (it.kind === "deposit") {
      const amount = takeDeposit(it.amount, ledger);
      if (amount > 0) market.supply(amount);
      this.log(bar, "transfer", { direction: "deposit", amount, collateral: market.collateral() });
      return true;
    }
    if (it.kind === "withdraw") {
      const c = market.collateral();
      const debtValue = market.debt() * price;
      const free = Math.max(c - debtValue / market.config.liquidationThreshold, 0);
      const amount = Math.min(finiteNumber(it.amount, "intent.amount"), free);
      if (amount > 0) {
        market.withdraw(amount, price);
        ledger.cashQuote += amount;
      }
      this.log(bar, "transfer", { direction: "withdraw", amount, collateral: market.collateral() });
      return true;
    }
    if (it.kind !== "hedge") return false;
    const swapCost = this.swapCost;
    const targetDebt = Math.max(-finiteNumber(it.targetDelta, "intent.targetDelta"), 0);
    const debt = market.debt();
    let change = targetDebt - debt;
    let limited = false;
    if (change > 0) {
      const avail = market.availableToBorrow(price);
      if (change > avail) {
        change = avail;
        limited = true;
      }
      if (change <= 0) return true;
      market.borrow(change, price);
      const proceeds = change * price * (1 - swapCost);
      market.supply(proceeds);
    } else if (change < 0) {
      const repay = -change;
      const quoteNeeded = repay * price * (1 + swapCost);
      const c = market.collateral();
      let r = repay;
      if (quoteNeeded > c) {
        r = c / (price * (1 + swapCost));
        limited = true;
      }
      market.repay(r);
      market.withdraw(Math.min(r * price * (1 + swapCost), market.collateral()), price);
      change = -r;
    } else return true;
    const cost = (change < 0 ? -change : change) * price * swapCost;
    attr.costs += cost;
    attr.costsHedge += cost;
    this.tradeCount++;
    this.log(bar, "hedge", {
      qty: -change,
      target: -targetDebt,
      position: -market.debt(),
      price,
      cost,
      collateral: market.collateral(),
      debt: market.debt(),
      healthFactor: market.healthFactor(price),
      limitedByLtv: limited,
      reason: typeof it.reason === "string" ? it.reason : "",
    });
    return true;
  }
}
