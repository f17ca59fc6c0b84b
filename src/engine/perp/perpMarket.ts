import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";

/**
 * Price-impact model of a perp market, as a fraction of the mark price added to the half-spread:
 * - `"none"`:   impact = 0
 * - `"linear"`: impact = k · |q| / depth          (Kyle-style linear impact)
 * - `"sqrt"`:   impact = k · √(|q| / depth)        (square-root law, Almgren et al. 2005; Tóth et al. 2011)
 * with `q` the traded size in base units, `depth` in base units and `k = impactCoefficient` dimensionless.
 */
export const PerpImpactModel = { none: "none", linear: "linear", sqrt: "sqrt" } as const;
export type PerpImpactModel = (typeof PerpImpactModel)[keyof typeof PerpImpactModel];

/** Static parameters of one perpetual-futures market (isolated margin, linear contract settled in quote). */
export type PerpMarketConfig = {
  /** Taker fee as a fraction of the filled notional |q|·fillPrice (Binance USDⓈ-M VIP0: 0.0005). */
  takerFee: number;
  /** Maker fee as a fraction of the filled notional (may be negative for a rebate). */
  makerFee: number;
  /** Half of the bid–ask spread in basis points, paid on every fill (1 bp = 0.0001). */
  halfSpreadBps: number;
  /** How the fill price moves with size; see {@link PerpImpactModel}. */
  impactModel: PerpImpactModel;
  /** Dimensionless impact coefficient k. */
  impactCoefficient: number;
  /** Reference depth in base units (size that moves the price by k in the linear model). */
  depth: number;
  /** Maximum leverage: initial margin requirement = |position| · price / leverage. */
  leverage: number;
  /** Maintenance margin as a fraction of notional (Binance ETHUSDT first tier: 0.005). */
  maintenanceMarginRate: number;
  /** Liquidation fee as a fraction of the notional closed at liquidation (Binance: 0.0125 for low tiers). */
  liquidationFee: number;
};

/** Written by {@link PerpMarket.trade}; one object per market, overwritten by each call. */
export type PerpTradeResult = {
  /** Signed size traded (base units; > 0 buys). */
  qty: number;
  /** Execution price: mark · (1 ± (halfSpread + impact)), quote per base. */
  fillPrice: number;
  /** Trading fee paid (quote), = |qty| · fillPrice · fee rate. Deducted from margin. */
  fee: number;
  /**
   * Cost of executing away from the mark (quote), = |qty| · |fillPrice − mark|. It is already inside the fill
   * price and therefore inside realised and unrealised PnL: report it for attribution, never subtract it again.
   */
  slippageCost: number;
  /** PnL realised by the part of the trade that reduced the position (quote), measured from entry to fill. */
  realisedPnl: number;
  /** Time of the trade (ms), as passed in. */
  time: number;
  /** max(0, initial margin requirement at the mark − equity) after the trade (quote); 0 when adequately margined. */
  marginShortfall: number;
};

/** Written by {@link PerpMarket.markToMarket}; one object per market, overwritten by each call. */
export type PerpMarkResult = {
  price: number;
  /** position · (price − entryPrice), quote. */
  unrealisedPnl: number;
  /** margin + unrealisedPnl, quote. */
  equity: number;
  /** |position| · price, quote. */
  notional: number;
  /** maintenanceMarginRate · notional, quote. */
  maintenanceMargin: number;
  /** equity / notional (Infinity when flat). Liquidation when marginRatio < maintenanceMarginRate. */
  marginRatio: number;
};

/** Written by {@link PerpMarket.checkLiquidation} when it liquidates; the caller decides how to log it. */
export type PerpLiquidationEvent = {
  time: number;
  /** Mark price that triggered the liquidation. */
  markPrice: number;
  /** Price the position was closed at: the mark, or the bankruptcy price if the mark is beyond it. */
  fillPrice: number;
  /** Signed size closed (base units), = −position before. */
  qty: number;
  /** Equity at the mark just before liquidation (quote). */
  equityBefore: number;
  /** Liquidation fee charged (quote), at most the equity left after closing. */
  fee: number;
  /** Loss beyond the isolated margin, absorbed by the venue's insurance fund (quote, ≥ 0). */
  badDebt: number;
};

/** The plain numeric state of a {@link PerpMarket}; all fields are public and may be read at any time. */
export type PerpMarketState = {
  /** Position size in base units; negative = short. */
  position: number;
  /** Volume-weighted entry price of the open position (quote per base); 0 when flat. */
  entryPrice: number;
  /** Isolated margin balance (quote): deposits − withdrawals + realised PnL + funding − fees − liquidation fees. */
  margin: number;
  /** Cumulative realised price PnL (quote), slippage included, fees excluded. */
  realisedPnl: number;
  /** Cumulative funding received (quote; negative = paid). */
  cumulativeFunding: number;
  /** Cumulative trading fees paid (quote), liquidation fees excluded. */
  cumulativeFees: number;
  /** Cumulative slippage cost (quote; informational, already inside realisedPnl / unrealisedPnl). */
  cumulativeSlippage: number;
  /** Cumulative liquidation fees (quote). */
  cumulativeLiquidationFees: number;
  /** Cumulative bad debt (quote) absorbed by the venue. */
  cumulativeBadDebt: number;
  /** Sticky flag set by a liquidation; clear it with {@link PerpMarket.clearLiquidationFlag}. */
  liquidated: boolean;
  liquidationCount: number;
};

function checkNonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new InvalidInputError({ field, value, expected: "a finite number >= 0" });
}

function checkPositive(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new InvalidInputError({ field, value, expected: "a finite number > 0" });
}

function validateConfig(c: PerpMarketConfig): void {
  checkNonNegative("config.takerFee", c.takerFee);
  if (!(Number.isFinite(c.makerFee) && c.makerFee > -0.01 && c.makerFee < 1))
    throw new InvalidInputError({
      field: "config.makerFee",
      value: c.makerFee,
      expected: "a fraction in (-0.01, 1)",
    });
  checkNonNegative("config.halfSpreadBps", c.halfSpreadBps);
  if (c.impactModel !== "none" && c.impactModel !== "linear" && c.impactModel !== "sqrt")
    throw new InvalidInputError({
      field: "config.impactModel",
      value: c.impactModel,
      expected: '"none", "linear" or "sqrt"',
    });
  checkNonNegative("config.impactCoefficient", c.impactCoefficient);
  checkPositive("config.depth", c.depth);
  checkPositive("config.leverage", c.leverage);
  if (!(c.maintenanceMarginRate >= 0 && c.maintenanceMarginRate < 1))
    throw new InvalidInputError({
      field: "config.maintenanceMarginRate",
      value: c.maintenanceMarginRate,
      expected: "a fraction in [0, 1)",
    });
  if (!(c.liquidationFee >= 0 && c.liquidationFee < 1))
    throw new InvalidInputError({
      field: "config.liquidationFee",
      value: c.liquidationFee,
      expected: "a fraction in [0, 1)",
    });
}

const IMPACT_NONE = 0;
const IMPACT_LINEAR = 1;
const IMPACT_SQRT = 2;

/** Relative size below which a position left by a closing trade is treated as exactly flat (float dust). */
const DUST = 1e-12;

/**
 * A perpetual-futures venue model for one linear market (quote-settled, isolated margin), for backtests and
 * simulation. State is plain numeric fields ({@link PerpMarketState}); every method works in place and writes
 * its result into an object owned by the market (`lastTrade`, `lastMark`, `lastLiquidation`), so a call
 * allocates nothing. Copy fields out if you need to keep them past the next call.
 *
 * Conventions: position in base units (negative = short); prices in quote per base; all money in quote.
 * - fill:        fillPrice = mark · (1 + sign(q) · s), s = halfSpreadBps/1e4 + impact(|q|)   (see PerpImpactModel)
 * - fee:         |q| · fillPrice · (takerFee | makerFee), deducted from margin
 * - entry:       volume-weighted average of fill prices while the position grows; kept on partial close;
 *                reset to the fill price when the trade flips the side
 * - realised:    closedQty · (fillPrice − entry) · sign(position), credited to margin
 * - funding:     received = −position · mark · rate (rate > 0: longs pay shorts)
 * - equity:      margin + position · (mark − entry)
 * - liquidation: when equity < maintenanceMarginRate · |position| · mark; closes at the mark (or at the
 *                bankruptcy price entry − margin/position if the mark is beyond it), charges
 *                min(liquidationFee · notional, equity left); the isolated margin never goes negative and any
 *                loss beyond it is recorded as bad debt.
 *
 * @example
 * import { PerpMarket } from "lpguard/engine";
 * const perp = new PerpMarket({ takerFee: 0.0005, makerFee: 0.0002, halfSpreadBps: 1, impactModel: "sqrt",
 *   impactCoefficient: 0.001, depth: 1000, leverage: 10, maintenanceMarginRate: 0.005, liquidationFee: 0.0125 });
 * perp.depositMargin(2000);
 * const fill = perp.trade(-10, 2000, t); // short 10 ETH; fill.fee, fill.fillPrice, ...
 * perp.accrueFunding(0.0001, 2000);      // +2 USD to a 10 ETH short
 * if (perp.checkLiquidation(mark, t)) log(perp.lastLiquidation);
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 */
export class PerpMarket implements PerpMarketState {
  readonly config: Readonly<PerpMarketConfig>;
  /** `config.impactModel` as IMPACT_NONE, IMPACT_LINEAR or IMPACT_SQRT. */
  private readonly impact: number;
  // The money fields start as NaN and are zeroed in the constructor: a field first written with the integer 0 gets
  // V8's small-integer representation, and the first fractional value then changes the object's hidden class,
  // which deoptimises the code already compiled for it (on every new market of a run).
  position = Number.NaN;
  entryPrice = Number.NaN;
  margin = Number.NaN;
  realisedPnl = Number.NaN;
  cumulativeFunding = Number.NaN;
  cumulativeFees = Number.NaN;
  cumulativeSlippage = Number.NaN;
  cumulativeLiquidationFees = Number.NaN;
  cumulativeBadDebt = Number.NaN;
  liquidated = false;
  liquidationCount = 0;
  /** Result of the last {@link trade} call (reused object). */
  readonly lastTrade: PerpTradeResult = {
    qty: Number.NaN,
    fillPrice: Number.NaN,
    fee: Number.NaN,
    slippageCost: Number.NaN,
    realisedPnl: Number.NaN,
    time: Number.NaN,
    marginShortfall: Number.NaN,
  };
  /** Result of the last {@link markToMarket} call (reused object). */
  readonly lastMark: PerpMarkResult = {
    price: Number.NaN,
    unrealisedPnl: Number.NaN,
    equity: Number.NaN,
    notional: Number.NaN,
    maintenanceMargin: Number.NaN,
    marginRatio: Number.POSITIVE_INFINITY,
  };
  /** The last liquidation (reused object); meaningful once `liquidationCount > 0`. */
  readonly lastLiquidation: PerpLiquidationEvent = {
    time: Number.NaN,
    markPrice: Number.NaN,
    fillPrice: Number.NaN,
    qty: Number.NaN,
    equityBefore: Number.NaN,
    fee: Number.NaN,
    badDebt: Number.NaN,
  };

  /** Creates a flat market with zero margin; throws InvalidInputError naming the first bad config field. */
  constructor(config: PerpMarketConfig) {
    requireObject(config, "config");
    validateConfig(config);
    this.config = { ...config };
    this.impact =
      config.impactModel === "linear"
        ? IMPACT_LINEAR
        : config.impactModel === "sqrt"
          ? IMPACT_SQRT
          : IMPACT_NONE;
    this.position = 0;
    this.entryPrice = 0;
    this.margin = 0;
    this.realisedPnl = 0;
    this.cumulativeFunding = 0;
    this.cumulativeFees = 0;
    this.cumulativeSlippage = 0;
    this.cumulativeLiquidationFees = 0;
    this.cumulativeBadDebt = 0;
    // The result objects' NaN fields set to 0 field by field (a market is built per Monte Carlo path: no key loop).
    const t = this.lastTrade;
    t.qty = 0;
    t.fillPrice = 0;
    t.fee = 0;
    t.slippageCost = 0;
    t.realisedPnl = 0;
    t.time = 0;
    t.marginShortfall = 0;
    const m = this.lastMark;
    m.price = 0;
    m.unrealisedPnl = 0;
    m.equity = 0;
    m.notional = 0;
    m.maintenanceMargin = 0;
    const l = this.lastLiquidation;
    l.time = 0;
    l.markPrice = 0;
    l.fillPrice = 0;
    l.qty = 0;
    l.equityBefore = 0;
    l.fee = 0;
    l.badDebt = 0;
  }

  /**
   * Returns the price offset s as a fraction of the mark for a trade of |qty| base units:
   * s = halfSpreadBps/1e4 + impact(|qty|). The fill price is mark · (1 ± s).
   */
  slippageFraction(absQty: number): number {
    const c = this.config;
    let impact = 0;
    // The impact model as an integer read once (IMPACT_*), not two string comparisons per fill.
    const model = this.impact;
    if (model === IMPACT_LINEAR) impact = (c.impactCoefficient * absQty) / c.depth;
    else if (model === IMPACT_SQRT) impact = c.impactCoefficient * Math.sqrt(absQty / c.depth);
    return c.halfSpreadBps * 1e-4 + impact;
  }

  /**
   * Executes a market order of `qty` base units (> 0 buy, < 0 sell) against `markPrice` at `time` and returns
   * `lastTrade` (overwritten). Fees and realised PnL move the margin; the margin is not topped up
   * automatically — check `marginShortfall` and call {@link depositMargin}.
   * Throws InvalidInputError for a non-finite qty, a non-positive price, or a size whose slippage reaches 100 %.
   */
  trade(qty: number, markPrice: number, time: number, maker = false): PerpTradeResult {
    if (!Number.isFinite(qty))
      throw new InvalidInputError({ field: "qty", value: qty, expected: "a finite number" });
    if (!(markPrice > 0 && Number.isFinite(markPrice)))
      throw new InvalidInputError({ field: "markPrice", value: markPrice, expected: "a finite number > 0" });
    const r = this.lastTrade;
    r.qty = qty;
    r.time = time;
    if (qty === 0) {
      r.fillPrice = markPrice;
      r.fee = 0;
      r.slippageCost = 0;
      r.realisedPnl = 0;
      r.marginShortfall = this.shortfall(markPrice);
      return r;
    }
    const absQty = qty < 0 ? -qty : qty;
    const s = this.slippageFraction(absQty);
    if (!(s < 1))
      throw new InvalidInputError({
        field: "qty",
        value: qty,
        expected: "a size whose slippage is below 100 %",
      });
    const side = qty > 0 ? 1 : -1;
    const fill = markPrice * (1 + side * s);
    const fee = absQty * fill * (maker ? this.config.makerFee : this.config.takerFee);
    const slip = absQty * markPrice * s;

    const pos = this.position;
    let realised = 0;
    if (pos === 0 || pos > 0 === qty > 0) {
      const absPos = pos < 0 ? -pos : pos;
      this.entryPrice = (absPos * this.entryPrice + absQty * fill) / (absPos + absQty);
      this.position = pos + qty;
    } else {
      const absPos = pos < 0 ? -pos : pos;
      const closed = Math.min(absQty, absPos);
      realised = closed * (fill - this.entryPrice) * (pos > 0 ? 1 : -1);
      let next = pos + qty;
      const scale = Math.max(absPos, absQty);
      if ((next < 0 ? -next : next) <= DUST * scale) next = 0;
      this.position = next;
      if (next === 0) this.entryPrice = 0;
      else if (next > 0 !== pos > 0) this.entryPrice = fill;
    }
    this.margin += realised - fee;
    this.realisedPnl += realised;
    this.cumulativeFees += fee;
    this.cumulativeSlippage += slip;
    r.fillPrice = fill;
    r.fee = fee;
    r.slippageCost = slip;
    r.realisedPnl = realised;
    r.marginShortfall = this.shortfall(markPrice);
    return r;
  }

  /**
   * Settles one funding interval at `rate` (fraction per interval; > 0 means longs pay shorts) and returns the
   * payment received (quote): −position · markPrice · rate. A 10 ETH short at 2,000 with rate 0.0001 receives 2.
   * @see https://www.binance.com/en/support/faq/introduction-to-binance-futures-funding-rates-360033525031
   */
  accrueFunding(rate: number, markPrice: number): number {
    if (!Number.isFinite(rate))
      throw new InvalidInputError({ field: "rate", value: rate, expected: "a finite number" });
    if (!(markPrice > 0 && Number.isFinite(markPrice)))
      throw new InvalidInputError({ field: "markPrice", value: markPrice, expected: "a finite number > 0" });
    const payment = this.position === 0 ? 0 : -this.position * markPrice * rate;
    this.margin += payment;
    this.cumulativeFunding += payment;
    return payment;
  }

  /** Returns `lastMark` (overwritten) with unrealised PnL, equity, notional and margin ratio at `price`. */
  markToMarket(price: number): PerpMarkResult {
    if (!(price > 0 && Number.isFinite(price)))
      throw new InvalidInputError({ field: "price", value: price, expected: "a finite number > 0" });
    const m = this.lastMark;
    const pos = this.position;
    const unrealised = pos === 0 ? 0 : pos * (price - this.entryPrice);
    const notional = (pos < 0 ? -pos : pos) * price;
    m.price = price;
    m.unrealisedPnl = unrealised;
    m.equity = this.margin + unrealised;
    m.notional = notional;
    m.maintenanceMargin = this.config.maintenanceMarginRate * notional;
    m.marginRatio = notional > 0 ? m.equity / notional : Number.POSITIVE_INFINITY;
    return m;
  }

  /** Returns equity = margin + position · (price − entryPrice), in quote. */
  equity(price: number): number {
    return this.margin + (this.position === 0 ? 0 : this.position * (price - this.entryPrice));
  }

  /** Returns the initial margin requirement |position| · price / leverage, in quote. */
  initialMarginRequirement(price: number): number {
    const pos = this.position;
    return ((pos < 0 ? -pos : pos) * price) / this.config.leverage;
  }

  /**
   * Returns the price at which equity falls to the maintenance margin (quote per base), or NaN when flat or
   * when no positive price liquidates (e.g. an over-margined long). Solves margin + p·(P − e) = mmr·|p|·P.
   */
  liquidationPrice(): number {
    const p = this.position;
    if (p === 0) return Number.NaN;
    const mmr = this.config.maintenanceMarginRate;
    const denom = p - mmr * (p < 0 ? -p : p);
    const price = (p * this.entryPrice - this.margin) / denom;
    return price > 0 && Number.isFinite(price) ? price : Number.NaN;
  }

  /**
   * Liquidates the whole position if equity at `markPrice` is below the maintenance margin, and returns true;
   * otherwise returns false and changes nothing. On liquidation it fills `lastLiquidation`, sets `liquidated`,
   * increments `liquidationCount`; the position closes at the mark (or the bankruptcy price
   * entry − margin/position if the mark is beyond it, the rest being bad debt), then a fee of
   * min(liquidationFee · |position| · mark, equity left) is charged, so the margin ends ≥ 0.
   */
  checkLiquidation(markPrice: number, time: number): boolean {
    const pos = this.position;
    if (pos === 0) return false;
    const m = this.markToMarket(markPrice);
    if (!(m.equity < m.maintenanceMargin)) return false;
    const ev = this.lastLiquidation;
    ev.time = time;
    ev.markPrice = markPrice;
    ev.qty = -pos;
    ev.equityBefore = m.equity;
    let badDebt = 0;
    let fill = markPrice;
    if (m.equity < 0) {
      fill = this.entryPrice - this.margin / pos;
      badDebt = -m.equity;
    }
    const realised = m.equity < 0 ? -this.margin : m.unrealisedPnl;
    this.realisedPnl += realised;
    this.margin = m.equity < 0 ? 0 : this.margin + realised;
    const feeCap = this.config.liquidationFee * m.notional;
    const fee = Math.min(feeCap, this.margin);
    this.margin -= fee;
    this.cumulativeLiquidationFees += fee;
    this.cumulativeBadDebt += badDebt;
    this.position = 0;
    this.entryPrice = 0;
    this.liquidated = true;
    this.liquidationCount++;
    ev.fillPrice = fill;
    ev.fee = fee;
    ev.badDebt = badDebt;
    return true;
  }

  /** Clears the sticky `liquidated` flag (the count and `lastLiquidation` stay). */
  clearLiquidationFlag(): void {
    this.liquidated = false;
  }

  /** Adds `amount` quote to the isolated margin (top-up). */
  depositMargin(amount: number): void {
    checkNonNegative("amount", amount);
    this.margin += amount;
  }

  /**
   * Returns the most quote that can be withdrawn at `markPrice`: max(0, min(margin, equity) − initial margin
   * requirement). Unrealised profit cannot be withdrawn; open positions keep their initial margin.
   */
  maxWithdrawable(markPrice: number): number {
    const eq = this.equity(markPrice);
    const free = Math.min(this.margin, eq) - this.initialMarginRequirement(markPrice);
    return Math.max(free, 0);
  }

  /** Removes `amount` quote from the margin; throws InvalidInputError if it exceeds {@link maxWithdrawable}. */
  withdrawMargin(amount: number, markPrice: number): void {
    checkNonNegative("amount", amount);
    const max = this.maxWithdrawable(markPrice);
    if (amount > max * (1 + 1e-12))
      throw new InvalidInputError({
        field: "amount",
        value: amount,
        expected: `at most the withdrawable ${max}`,
      });
    this.margin -= amount;
  }

  private shortfall(markPrice: number): number {
    const s = this.initialMarginRequirement(markPrice) - this.equity(markPrice);
    return Math.max(s, 0);
  }
}
