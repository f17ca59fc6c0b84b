import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import type { FundingSeries } from "../../types/series.js";
import { EngineClock } from "../clock.js";
import {
  asRecord,
  decodeFieldsInto,
  decodeNumber,
  encodeFields,
  encodeNumber,
  type SnapshotNumber,
} from "../snapshotCodec.js";
import type {
  AttributionAccumulator,
  EngineEvent,
  HedgeIntent,
  Intent,
  Ledger,
  PerpVenue,
  TransferIntent,
} from "../types.js";
import { finiteNumber, intentFor, takeDeposit } from "../venueSupport.js";
import { fundingSettlementsBetween, type IndexRange, YEAR_MS } from "./funding.js";
import { PerpMarket, type PerpMarketConfig } from "./perpMarket.js";

/**
 * Where the funding rate comes from: a recorded series (`loadFunding`: Binance 8 h, Hyperliquid / dYdX 1 h), or a
 * constant annual rate settled every `intervalMs` (at multiples of the interval since the epoch, as venues do).
 */
export type PerpFundingSource =
  | { kind: "series"; series: FundingSeries }
  | { kind: "constant"; annualRate: number; intervalMs: number };

export type CreatePerpVenueModelParameters = {
  /** Routing id of intents (default "perp"). */
  id?: string;
  market: PerpMarketConfig;
  /** Funding (default: none). */
  funding?: PerpFundingSource;
  /**
   * After each hedge fill the margin is topped up from the ledger's quote cash (as far as there is cash) to
   * initial margin × (1 + marginBuffer); it is never withdrawn automatically. Default 0.
   */
  marginBuffer?: number;
  /** The run's event log (the same array passed to `runEngine({ events })`). */
  events?: EngineEvent[];
};

/** A clock that is never written: the state of a venue used before `attach` (its times are NaN). */
const UNATTACHED = new EngineClock();

/** The numeric state fields of a PerpMarket (PerpMarketState), saved in a snapshot. */
const PERP_MARKET_FIELDS = [
  "position",
  "entryPrice",
  "margin",
  "realisedPnl",
  "cumulativeFunding",
  "cumulativeFees",
  "cumulativeSlippage",
  "cumulativeLiquidationFees",
  "cumulativeBadDebt",
  "liquidated",
  "liquidationCount",
] as const;

/** The perp venue model's state in a snapshot. */
export type PerpVenueState = {
  market: Record<string, SnapshotNumber | boolean | string>;
  nextSettlement: number;
  prevPrice: SnapshotNumber;
  lastRate: SnapshotNumber;
  trades: number;
  notional: SnapshotNumber;
};

/** The perp venue model with its market exposed for reports and tests. */
export type PerpVenueModel = PerpVenue & {
  readonly market: PerpMarket;
  attach(clock: EngineClock): void;
  state(): PerpVenueState;
  restore(state: unknown): void;
  /** Number of hedge fills (trades of non-zero size). */
  readonly trades: number;
  /** Cumulative notional traded, quote. */
  readonly tradedNotional: number;
  /** Returns the funding rate in force at `time` (ms) as an annual rate: rate · year / interval (0 without funding). */
  fundingRateAnnual(time: number): number;
};

/** A perp intent: `hedge` trades to `targetDelta` (signed base units), `deposit`/`withdraw` move quote margin. */
export type PerpIntent = HedgeIntent | TransferIntent;

/**
 * Returns a perpetual-futures venue model for the engine: one isolated-margin linear market ({@link PerpMarket})
 * marked at the run's price each bar (the pool price stands in for the perp mark; basis is not modelled).
 *
 * Per bar i (engine loop order):
 * - `mark`:   hedge += position · (P_i − P_{i−1}); then liquidation if equity < maintenanceMarginRate · notional.
 *             A liquidation closes the position at the mark (or the bankruptcy price), its fee goes to
 *             `costs`/`costsLiquidation`, bad debt absorbed by the venue to `hedge`, and an event is logged.
 * - `accrue`: every funding settlement t with time_{i−1} < t ≤ time_i pays −position · P_i · rate to margin and to
 *             `attr.funding` (series: each recorded settlement; a gap in the data pays nothing; constant:
 *             rate = annualRate · intervalMs / year at each multiple of intervalMs).
 * - `settle`: `hedge` trades targetDelta − position at P_i with half-spread + impact and the taker fee (both to
 *             `costs`/`costsHedge`), then tops the margin up from ledger cash; `deposit`/`withdraw` move cash.
 *             A trade that grows the position is cut to what margin + ledger cash supports at the max leverage
 *             (|target| ≤ available · leverage / (P · (1 + marginBuffer + 2 · leverage · (fee + slippage)))),
 *             as a venue rejects orders the account cannot margin; the event says `limitedByMargin`.
 * value = margin + position · (P − entry) (the equity); delta = position.
 *
 * @example
 * import { createPerpVenueModel, runEngine } from "lpguard/engine";
 * const perp = createPerpVenueModel({ market, funding: { kind: "series", series: f }, events });
 * runEngine({ series, strategy, deposit: 10_000, venues: [perp], events });
 * @see https://www.binance.com/en/support/faq/introduction-to-binance-futures-funding-rates-360033525031
 */
export function createPerpVenueModel(params: CreatePerpVenueModelParameters): PerpVenueModel {
  requireObject(params, "options");
  requireObject(params.market, "options.market");
  const id = params.id ?? "perp";
  const market = new PerpMarket(params.market);
  const events = params.events;
  const buffer = params.marginBuffer ?? 0;
  const mmr = params.market.maintenanceMarginRate;
  if (!(buffer >= 0 && Number.isFinite(buffer)))
    throw new InvalidInputError({ field: "marginBuffer", value: buffer, expected: "a finite number >= 0" });
  const funding = params.funding;
  let series: FundingSeries | undefined;
  let constRate = 0;
  let intervalMs = 0;
  if (funding?.kind === "series") series = funding.series;
  else if (funding?.kind === "constant") {
    if (!Number.isFinite(funding.annualRate))
      throw new InvalidInputError({
        field: "funding.annualRate",
        value: funding.annualRate,
        expected: "a finite number",
      });
    if (!(funding.intervalMs > 0 && Number.isFinite(funding.intervalMs)))
      throw new InvalidInputError({
        field: "funding.intervalMs",
        value: funding.intervalMs,
        expected: "a finite number > 0",
      });
    intervalMs = funding.intervalMs;
    constRate = (funding.annualRate * intervalMs) / YEAR_MS;
  }
  return new PerpVenueModelImpl(id, market, events, buffer, mmr, series, constRate, intervalMs);
}

/**
 * The perp venue model as a class: its per-bar methods live on the prototype and its state in fields, so the
 * engine's call sites see one hidden class (monomorphic, inlinable). Built only by {@link createPerpVenueModel}.
 */
class PerpVenueModelImpl implements PerpVenueModel {
  readonly id: string;
  readonly market: PerpMarket;
  /** The engine's clock (set by `attach`): the bar's time, never a captured time column. */
  private clock: EngineClock = UNATTACHED;
  private readonly events: EngineEvent[] | undefined;
  private readonly buffer: number;
  private readonly mmr: number;
  private readonly series: FundingSeries | undefined;
  private readonly constRate: number;
  private readonly intervalMs: number;
  private readonly range: IndexRange = { start: 0, end: 0 };
  /** Series: first settlement index with time > the last bar's time. */
  private nextSettlement = 0;
  /** The previous bar's price (NaN before the first mark). */
  private prevPrice = Number.NaN;
  private lastRate = 0;
  private tradeCount = 0;
  private notional = 0;

  constructor(
    id: string,
    market: PerpMarket,
    events: EngineEvent[] | undefined,
    buffer: number,
    mmr: number,
    series: FundingSeries | undefined,
    constRate: number,
    intervalMs: number,
  ) {
    this.id = id;
    this.market = market;
    this.events = events;
    this.buffer = buffer;
    this.mmr = mmr;
    this.series = series;
    this.constRate = constRate;
    this.intervalMs = intervalMs;
  }

  get trades(): number {
    return this.tradeCount;
  }

  get tradedNotional(): number {
    return this.notional;
  }

  get sizeBase(): number {
    return this.market.position;
  }

  get marginQuote(): number {
    return this.market.margin;
  }

  attach(clock: EngineClock): void {
    this.clock = clock;
  }

  state(): PerpVenueState {
    return {
      market: encodeFields(this.market, PERP_MARKET_FIELDS),
      nextSettlement: this.nextSettlement,
      prevPrice: encodeNumber(this.prevPrice),
      lastRate: encodeNumber(this.lastRate),
      trades: this.tradeCount,
      notional: encodeNumber(this.notional),
    };
  }

  restore(raw: unknown): void {
    const s = asRecord(raw, `snapshot.venues.${this.id}`);
    decodeFieldsInto(s.market, this.market, PERP_MARKET_FIELDS, `snapshot.venues.${this.id}.market`);
    this.nextSettlement = Number(s.nextSettlement);
    this.prevPrice = decodeNumber(s.prevPrice, `snapshot.venues.${this.id}.prevPrice`);
    this.lastRate = decodeNumber(s.lastRate, `snapshot.venues.${this.id}.lastRate`);
    this.tradeCount = Number(s.trades);
    this.notional = decodeNumber(s.notional, `snapshot.venues.${this.id}.notional`);
  }

  private log(bar: number, kind: string, fields: EngineEvent["fields"]): void {
    if (this.events !== undefined)
      this.events.push({ time: this.clock.time, bar, kind, venue: this.id, fields });
  }

  fundingRate(time: number): number {
    const series = this.series;
    if (series !== undefined) {
      fundingSettlementsBetween(series, Number.NEGATIVE_INFINITY, time, this.range);
      return this.range.end > 0 ? series.rate[this.range.end - 1] : 0;
    }
    return this.constRate;
  }

  fundingRateAnnual(time: number): number {
    const interval = this.series !== undefined ? this.series.intervalMs : this.intervalMs;
    return interval > 0 ? (this.fundingRate(time) * YEAR_MS) / interval : 0;
  }

  // The per-bar methods (mark, accrue, value, delta) are kept small so that V8 inlines them into the engine's bar
  // loop; the rare work (the first bar's funding index, a liquidation, a funding settlement with its event) lives in
  // separate methods, called only on the bars that need it.
  mark(bar: number, price: number, attr: AttributionAccumulator): void {
    if (bar === 0) this.firstMark();
    const market = this.market;
    const pos = market.position;
    if (pos !== 0) {
      const prevPrice = this.prevPrice;
      if (!Number.isNaN(prevPrice)) attr.hedge += pos * (price - prevPrice);
      this.prevPrice = price;
      // Cheap pre-check of equity < maintenance margin before the market's full liquidation routine.
      if (market.margin + pos * (price - market.entryPrice) < this.mmr * (pos < 0 ? -pos : pos) * price)
        this.liquidate(bar, price, attr);
    } else this.prevPrice = price;
  }

  /** Bar 0: the first funding settlement after the bar's time (series funding). */
  private firstMark(): void {
    if (this.series === undefined) return;
    fundingSettlementsBetween(this.series, Number.NEGATIVE_INFINITY, this.clock.time, this.range);
    this.nextSettlement = this.range.end;
  }

  /** Liquidates the position if the market's own check says so, booking its fee and bad debt and logging it. */
  private liquidate(bar: number, price: number, attr: AttributionAccumulator): void {
    const market = this.market;
    if (!market.checkLiquidation(price, this.clock.time)) return;
    const ev = market.lastLiquidation;
    attr.costs += ev.fee;
    attr.costsLiquidation += ev.fee;
    attr.hedge += ev.badDebt;
    this.log(bar, "liquidation", {
      markPrice: ev.markPrice,
      fillPrice: ev.fillPrice,
      qty: ev.qty,
      equityBefore: ev.equityBefore,
      fee: ev.fee,
      badDebt: ev.badDebt,
      marginAfter: market.margin,
    });
  }

  accrue(bar: number, price: number, attr: AttributionAccumulator): void {
    if (bar === 0) return;
    const series = this.series;
    if (series !== undefined) {
      // One comparison on a bar without a settlement (every bar but one in 480 on 8 h funding).
      const next = this.nextSettlement;
      if (next < series.length && series.time[next] <= this.clock.time) this.accrueSeries(bar, price, attr);
    } else if (this.intervalMs > 0) this.accrueConstant(bar, price, attr);
  }

  /** Pays every recorded settlement with time ≤ the bar's time (series funding). */
  private accrueSeries(bar: number, price: number, attr: AttributionAccumulator): void {
    const series = this.series as FundingSeries;
    const market = this.market;
    const st = series.time;
    const len = series.length;
    const t = this.clock.time;
    while (this.nextSettlement < len && st[this.nextSettlement] <= t) {
      const rate = series.rate[this.nextSettlement++];
      this.lastRate = rate;
      if (market.position === 0) continue;
      const paid = market.accrueFunding(rate, price);
      attr.funding += paid;
      this.log(bar, "funding", { rate, payment: paid, position: market.position, price });
    }
  }

  /** Pays the constant rate once per multiple of the interval crossed since the previous bar. */
  private accrueConstant(bar: number, price: number, attr: AttributionAccumulator): void {
    const market = this.market;
    const clock = this.clock;
    const intervalMs = this.intervalMs;
    const constRate = this.constRate;
    const crossed = Math.floor(clock.time / intervalMs) - Math.floor(clock.prevTime / intervalMs);
    for (let c = 0; c < crossed; c++) {
      this.lastRate = constRate;
      if (market.position === 0) continue;
      const paid = market.accrueFunding(constRate, price);
      attr.funding += paid;
      this.log(bar, "funding", { rate: constRate, payment: paid, position: market.position, price });
    }
  }

  value(price: number): number {
    return this.market.equity(price);
  }

  delta(): number {
    return this.market.position;
  }

  settle(intent: Intent, bar: number, price: number, ledger: Ledger, attr: AttributionAccumulator): boolean {
    const it = intentFor(intent, this.id);
    if (it === undefined) return false;
    const market = this.market;
    if (it.kind === "hedge") return this.fill(it, bar, price, ledger, attr);
    if (it.kind === "deposit") {
      const amount = takeDeposit(it.amount, ledger);
      if (amount > 0) market.depositMargin(amount);
      this.log(bar, "transfer", { direction: "deposit", amount, margin: market.margin });
      return true;
    }
    if (it.kind === "withdraw") {
      const amount = Math.min(finiteNumber(it.amount, "intent.amount"), market.maxWithdrawable(price));
      if (amount > 0) {
        market.withdrawMargin(amount, price);
        ledger.cashQuote += amount;
      }
      this.log(bar, "transfer", { direction: "withdraw", amount, margin: market.margin });
      return true;
    }
    return false;
  }

  /** Settles a `hedge` intent: trades to its target (cut to what the margin supports), then tops the margin up. */
  private fill(
    it: HedgeIntent,
    bar: number,
    price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ): boolean {
    const market = this.market;
    const requested = finiteNumber(it.targetDelta, "intent.targetDelta");
    let target = requested;
    // Initial-margin check, as a venue rejects an order the account cannot margin: a trade that grows the
    // position is cut to the size that margin plus the ledger's cash (after the trade's fee and slippage)
    // supports at the max leverage. Reducing trades always pass.
    const pos = market.position;
    const absTarget = target < 0 ? -target : target;
    let limited = false;
    if (absTarget > (pos < 0 ? -pos : pos) || (pos !== 0 && target !== 0 && target > 0 !== pos > 0)) {
      const lev = market.config.leverage;
      const available = market.equity(price) + (ledger.cashQuote > 0 ? ledger.cashQuote : 0);
      const feeRate = market.config.takerFee + market.slippageFraction(absTarget);
      const maxAbs = available > 0 ? (available * lev) / (price * (1 + this.buffer + lev * feeRate * 2)) : 0;
      if (absTarget > maxAbs) {
        target = target < 0 ? -maxAbs : maxAbs;
        limited = true;
      }
    }
    const qty = target - pos;
    if (qty === 0) return true;
    // At the limit, a cut order smaller than 5 % of the allowed size is not sent (no dust trades every bar).
    if (limited && (qty < 0 ? -qty : qty) < 0.05 * (target < 0 ? -target : target)) return true;
    const r = market.trade(qty, price, this.clock.time);
    const cost = r.fee + r.slippageCost;
    attr.costs += cost;
    attr.costsHedge += cost;
    this.tradeCount++;
    this.notional += (qty < 0 ? -qty : qty) * r.fillPrice;
    // Keep the initial margin (plus buffer) posted, as far as the ledger has quote cash.
    const need = market.initialMarginRequirement(price) * (1 + this.buffer) - market.equity(price);
    let topUp = 0;
    if (need > 0 && ledger.cashQuote > 0) {
      topUp = Math.min(need, ledger.cashQuote);
      ledger.cashQuote -= topUp;
      market.depositMargin(topUp);
    }
    // Built only when there is a log to write (the fields are pure reads of the market).
    if (this.events !== undefined)
      this.log(bar, "hedge", {
        qty,
        target: requested,
        position: market.position,
        fillPrice: r.fillPrice,
        fee: r.fee,
        slippage: r.slippageCost,
        realisedPnl: r.realisedPnl,
        margin: market.margin,
        marginTopUp: topUp,
        equity: market.equity(price),
        liquidationPrice: market.liquidationPrice(),
        fundingRate: this.lastRate,
        limitedByMargin: limited,
        reason: typeof it.reason === "string" ? it.reason : "",
      });
    return true;
  }
}
