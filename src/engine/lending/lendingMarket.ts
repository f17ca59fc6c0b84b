import { requireNumber, requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";

/** Seconds in the 365-day year Aave v3 uses (`MathUtils.SECONDS_PER_YEAR`). */
export const SECONDS_PER_YEAR = 365 * 86_400;

/**
 * How indexes accrue between two updates that are Δt seconds apart at annual rate r:
 * - `"aave"`: exactly as Aave v3 `ReserveLogic._updateIndexes`: the liquidity (supply) index grows by the
 *   linear factor 1 + r·Δt/Y (`MathUtils.calculateLinearInterest`), the variable borrow index by the
 *   third-order binomial approximation of e^{rΔt/Y} (`MathUtils.calculateCompoundedInterest`);
 *   compounding happens at each update, so per-minute updates compound per minute.
 * - `"continuous"`: both indexes grow by e^{r·Δt/Y}.
 * Y = SECONDS_PER_YEAR. Over one day of per-minute updates both give growth ≈ mean rate / 365 (to ~r²/2 relative).
 */
export const LendingCompounding = { aave: "aave", continuous: "continuous" } as const;
export type LendingCompounding = (typeof LendingCompounding)[keyof typeof LendingCompounding];

/** Risk parameters of the pair (quote collateral, base debt); fractions, as Aave stores them /1e4. */
export type LendingMarketConfig = {
  /** Loan-to-value for new borrows: debt value after a borrow ≤ collateral value · ltv (Aave WETH/USDC ~0.8). */
  ltv: number;
  /** Liquidation threshold: health factor = collateral value · liquidationThreshold / debt value. */
  liquidationThreshold: number;
  /** Liquidation bonus paid to the liquidator as a fraction of the debt repaid (Aave stores 10500 = 0.05). */
  liquidationBonus: number;
  /** Share of the debt a liquidator may repay in one call (Aave v3 DEFAULT_LIQUIDATION_CLOSE_FACTOR = 0.5). */
  closeFactor: number;
  /**
   * Health factor below which the whole debt may be repaid at once (Aave v3.0–3.2
   * CLOSE_FACTOR_HF_THRESHOLD = 0.95); set 0 to always use `closeFactor`.
   */
  fullCloseHealthFactor: number;
  compounding: LendingCompounding;
};

/** Written by {@link LendingMarket.checkLiquidation}; the caller decides how to log it. */
export type LendingLiquidationEvent = {
  time: number;
  /** Price (quote per base) at the liquidation. */
  price: number;
  healthFactorBefore: number;
  healthFactorAfter: number;
  /** Close factor applied (0.5, or 1 below fullCloseHealthFactor). */
  closeFactor: number;
  /** Debt repaid by the liquidator (base units). */
  debtRepaid: number;
  /** Collateral seized (quote) = debtRepaid · price · (1 + bonus), capped at the collateral. */
  collateralSeized: number;
  /** The bonus part of the seized collateral: the borrower's loss beyond the repaid debt (quote). */
  bonusValue: number;
};

/** The default Aave v3 parameters for a stablecoin collateral / WETH debt pair (Polygon v3, 2023, rounded). */
export const AAVE_V3_DEFAULTS: LendingMarketConfig = {
  ltv: 0.8,
  liquidationThreshold: 0.85,
  liquidationBonus: 0.05,
  closeFactor: 0.5,
  fullCloseHealthFactor: 0.95,
  compounding: "aave",
};

function fraction(field: string, value: number, allowOne: boolean): void {
  if (!(Number.isFinite(value) && value >= 0 && (allowOne ? value <= 1 : value < 1)))
    throw new InvalidInputError({
      field,
      value,
      expected: allowOne ? "a fraction in [0, 1]" : "a fraction in [0, 1)",
    });
}

function amountCheck(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new InvalidInputError({ field, value, expected: "a finite number >= 0" });
}

function priceCheck(price: number): void {
  if (!(Number.isFinite(price) && price > 0))
    throw new InvalidInputError({ field: "price", value: price, expected: "a finite number > 0" });
}

/**
 * An Aave-like lending model for one pair: the account supplies the quote asset as collateral and borrows the
 * base (volatile) asset, e.g. to sell it as a delta hedge. Balances are kept scaled, as Aave does:
 * collateral (quote) = collateralScaled · liquidityIndex, debt (base) = debtScaled · variableBorrowIndex.
 * Rates are annual fractions (`setRates`, constant or per minute from a `LendingReserveSeries`: rates set at
 * an update apply until the next one, as on chain). All methods work in place and allocate nothing.
 *
 * Aave v3 semantics modelled: supply/borrow indexes (see {@link LendingCompounding}); health factor
 * HF = collateral · liquidationThreshold / (debt · price) (∞ without debt); borrows limited by LTV; withdrawals
 * must leave HF ≥ 1; liquidation allowed when HF < 1, repaying up to closeFactor (50 %) of the debt, or all
 * of it when HF < 0.95, and seizing debtRepaid · price · (1 + liquidationBonus) of collateral (capped at the
 * collateral, the repayment then reduced to match). Not modelled: the liquidation protocol fee (taken from
 * the liquidator's bonus, not the borrower), v3.3 bad-debt cleanup and minimum-leftover rules, isolation and
 * e-mode, supply/borrow caps, the reserve factor (already inside the supply rate of the data files), and
 * flash-loan premiums that Aave adds to the liquidity index directly (so a real liquidity index grows a few
 * percent faster than its supply rate alone implies; see the test against the Polygon files).
 *
 * @example
 * import { LendingMarket, AAVE_V3_DEFAULTS } from "lpguard/engine";
 * const aave = new LendingMarket(AAVE_V3_DEFAULTS, t0);
 * aave.supply(10_000);            // USDC collateral
 * aave.borrow(3, 2000);           // 3 WETH debt, HF = 10000·0.85/6000 = 1.4167
 * aave.setRates(0.048, 0.021);    // supply 4.8 %/yr on USDC, borrow 2.1 %/yr on WETH
 * aave.accrueTo(t0 + 60_000);     // one minute
 * if (aave.checkLiquidation(price, t)) log(aave.lastLiquidation);
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/LiquidationLogic.sol
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/math/MathUtils.sol
 */
export class LendingMarket {
  readonly config: Readonly<LendingMarketConfig>;
  // The double fields start as doubles (NaN, set in the constructor), not declared bare: a bare declaration defines
  // the field as undefined first, V8 then holds it as a tagged value, and every per-bar store of a double into it
  // allocates a heap number (48 bytes a bar for the two indexes and the update time, measured).
  /** Collateral supplied, scaled by the liquidity index (quote / index). */
  collateralScaled = 0;
  /** Debt, scaled by the variable borrow index (base / index). */
  debtScaled = 0;
  /** Cumulative supply index (dimensionless). */
  liquidityIndex = Number.NaN;
  /** Cumulative variable-debt index (dimensionless). */
  variableBorrowIndex = Number.NaN;
  /** Supply rate of the collateral reserve (annual fraction). */
  supplyRate = 0;
  /** Variable borrow rate of the debt reserve (annual fraction). */
  borrowRate = 0;
  /** Time of the last accrual (ms). */
  lastUpdateTime = Number.NaN;
  /** Cumulative interest earned on collateral (quote). */
  cumulativeSupplyInterest = 0;
  /** Cumulative interest accrued on debt (base units). */
  cumulativeBorrowInterest = 0;
  liquidated = false;
  liquidationCount = 0;
  /**
   * The growth factors of the last accrual (derived, not state): [0] Δt (s), [1] supply rate, [2] borrow rate they
   * were computed for (NaN: none yet), [3] supply index factor, [4] borrow index factor, [5] Δt in ms (see
   * `accrueTo`).
   */
  private readonly growth = new Float64Array([Number.NaN, Number.NaN, Number.NaN, 1, 1, Number.NaN]);
  readonly lastLiquidation: LendingLiquidationEvent = {
    time: 0,
    price: 0,
    healthFactorBefore: 0,
    healthFactorAfter: 0,
    closeFactor: 0,
    debtRepaid: 0,
    collateralSeized: 0,
    bonusValue: 0,
  };

  /**
   * Creates an empty account at `startTime` (ms). Indexes start at 1 unless given (e.g. the on-chain
   * `liquidity_index` / `variable_borrow_index` of the first data row, to compare growth with the data).
   */
  constructor(config: LendingMarketConfig, startTime: number, liquidityIndex = 1, variableBorrowIndex = 1) {
    requireObject(config, "config");
    requireNumber(startTime, "startTime");
    fraction("config.ltv", config.ltv, false);
    fraction("config.liquidationThreshold", config.liquidationThreshold, false);
    if (config.ltv > config.liquidationThreshold)
      throw new InvalidInputError({
        field: "config.ltv",
        value: config.ltv,
        expected: `at most liquidationThreshold ${config.liquidationThreshold}`,
      });
    fraction("config.liquidationBonus", config.liquidationBonus, false);
    if (config.liquidationThreshold * (1 + config.liquidationBonus) >= 1)
      throw new InvalidInputError({
        field: "config.liquidationBonus",
        value: config.liquidationBonus,
        expected: "liquidationThreshold · (1 + bonus) < 1, as Aave's configurator requires",
      });
    fraction("config.closeFactor", config.closeFactor, true);
    if (!(config.closeFactor > 0))
      throw new InvalidInputError({
        field: "config.closeFactor",
        value: config.closeFactor,
        expected: "> 0",
      });
    fraction("config.fullCloseHealthFactor", config.fullCloseHealthFactor, true);
    if (config.compounding !== "aave" && config.compounding !== "continuous")
      throw new InvalidInputError({
        field: "config.compounding",
        value: config.compounding,
        expected: '"aave" or "continuous"',
      });
    if (!Number.isFinite(startTime))
      throw new InvalidInputError({ field: "startTime", value: startTime, expected: "a time in ms" });
    if (!(liquidityIndex > 0 && Number.isFinite(liquidityIndex)))
      throw new InvalidInputError({
        field: "liquidityIndex",
        value: liquidityIndex,
        expected: "a number > 0",
      });
    if (!(variableBorrowIndex > 0 && Number.isFinite(variableBorrowIndex)))
      throw new InvalidInputError({
        field: "variableBorrowIndex",
        value: variableBorrowIndex,
        expected: "a number > 0",
      });
    this.config = { ...config };
    this.lastUpdateTime = startTime;
    this.liquidityIndex = liquidityIndex;
    this.variableBorrowIndex = variableBorrowIndex;
  }

  /** Returns the collateral balance in quote units (collateralScaled · liquidityIndex). */
  collateral(): number {
    return this.collateralScaled * this.liquidityIndex;
  }

  /** Returns the debt in base units (debtScaled · variableBorrowIndex). */
  debt(): number {
    return this.debtScaled * this.variableBorrowIndex;
  }

  /** Returns HF = collateral · liquidationThreshold / (debt · price); +∞ without debt. */
  healthFactor(price: number): number {
    const debtValue = this.debt() * price;
    return debtValue > 0
      ? (this.collateral() * this.config.liquidationThreshold) / debtValue
      : Number.POSITIVE_INFINITY;
  }

  /** Sets the annual supply rate (collateral reserve) and variable borrow rate (debt reserve) from now on. */
  setRates(supplyRate: number, borrowRate: number): void {
    if (!(Number.isFinite(supplyRate) && supplyRate >= 0))
      throw new InvalidInputError({
        field: "supplyRate",
        value: supplyRate,
        expected: "an annual fraction >= 0",
      });
    if (!(Number.isFinite(borrowRate) && borrowRate >= 0))
      throw new InvalidInputError({
        field: "borrowRate",
        value: borrowRate,
        expected: "an annual fraction >= 0",
      });
    this.supplyRate = supplyRate;
    this.borrowRate = borrowRate;
  }

  /**
   * Grows both indexes from `lastUpdateTime` to `time` (ms) at the current rates (see
   * {@link LendingCompounding}) and books the interest. Throws InvalidInputError if time goes backwards.
   */
  accrueTo(time: number): void {
    if (!(time >= this.lastUpdateTime))
      throw new InvalidInputError({
        field: "time",
        value: time,
        expected: `a time >= lastUpdateTime ${this.lastUpdateTime}`,
      });
    // The growth factors depend only on Δt and the two rates, which repeat from bar to bar (minute bars at constant
    // or stepped rates): they are kept with their inputs (Δt in ms and s) and recomputed, with Δt in seconds, only
    // when one changes (a hit has the same inputs, so the same factors). The inputs travel in the array: a double
    // passed to a call V8 does not inline is boxed.
    const f = this.growth;
    const dms = time - this.lastUpdateTime;
    if (!(dms === f[5] && this.supplyRate === f[1] && this.borrowRate === f[2])) {
      const dt = dms / 1000;
      if (dt === 0) return;
      f[0] = dt;
      f[5] = dms;
      this.growthFactors();
    }
    const collateralBefore = this.collateral();
    const debtBefore = this.debt();
    this.liquidityIndex *= f[3];
    this.variableBorrowIndex *= f[4];
    this.cumulativeSupplyInterest += this.collateral() - collateralBefore;
    this.cumulativeBorrowInterest += this.debt() - debtBefore;
    this.lastUpdateTime = time;
  }

  /**
   * Writes the growth factors of Δt = `growth[0]` seconds at the current rates (see {@link LendingCompounding}) to
   * `growth[3]` (supply index) and `growth[4]` (borrow index), and the rates they hold for to `growth[1..2]`.
   */
  private growthFactors(): void {
    const f = this.growth;
    const dt = f[0];
    let supplyFactor: number;
    let borrowFactor: number;
    if (this.config.compounding === "continuous") {
      supplyFactor = Math.exp((this.supplyRate * dt) / SECONDS_PER_YEAR);
      borrowFactor = Math.exp((this.borrowRate * dt) / SECONDS_PER_YEAR);
    } else {
      supplyFactor = 1 + (this.supplyRate * dt) / SECONDS_PER_YEAR;
      // MathUtils.calculateCompoundedInterest: 1 + rt + n(n-1)/2 · (r/Y)² + n(n-1)(n-2)/6 · (r/Y)³
      const n = dt;
      const nm1 = Math.max(n - 1, 0);
      const nm2 = Math.max(n - 2, 0);
      const rps = this.borrowRate / SECONDS_PER_YEAR;
      borrowFactor = 1 + rps * n + (n * nm1 * rps * rps) / 2 + (n * nm1 * nm2 * rps * rps * rps) / 6;
    }
    f[1] = this.supplyRate;
    f[2] = this.borrowRate;
    f[3] = supplyFactor;
    f[4] = borrowFactor;
  }

  /** Adds `amountQuote` of collateral. */
  supply(amountQuote: number): void {
    amountCheck("amountQuote", amountQuote);
    this.collateralScaled += amountQuote / this.liquidityIndex;
  }

  /**
   * Removes `amountQuote` of collateral; throws InvalidInputError if it exceeds the balance or would leave
   * HF < 1 at `price` (Aave `validateHFAndLtv`).
   */
  withdraw(amountQuote: number, price: number): void {
    amountCheck("amountQuote", amountQuote);
    priceCheck(price);
    const c = this.collateral();
    if (amountQuote > c * (1 + 1e-12))
      throw new InvalidInputError({
        field: "amountQuote",
        value: amountQuote,
        expected: `at most the collateral ${c}`,
      });
    const left = Math.max(c - amountQuote, 0);
    const debtValue = this.debt() * price;
    if (debtValue > 0 && left * this.config.liquidationThreshold < debtValue)
      throw new InvalidInputError({
        field: "amountQuote",
        value: amountQuote,
        expected: "a withdrawal that keeps the health factor >= 1",
      });
    this.collateralScaled = left / this.liquidityIndex;
  }

  /** Returns the most base that can still be borrowed at `price`: max(0, collateral · ltv / price − debt). */
  availableToBorrow(price: number): number {
    priceCheck(price);
    const a = (this.collateral() * this.config.ltv) / price - this.debt();
    return Math.max(a, 0);
  }

  /** Borrows `amountBase` of the base asset at `price`; throws InvalidInputError beyond {@link availableToBorrow}. */
  borrow(amountBase: number, price: number): void {
    amountCheck("amountBase", amountBase);
    const avail = this.availableToBorrow(price);
    if (amountBase > avail * (1 + 1e-12))
      throw new InvalidInputError({
        field: "amountBase",
        value: amountBase,
        expected: `at most ${avail} (LTV limit)`,
      });
    this.debtScaled += amountBase / this.variableBorrowIndex;
  }

  /** Repays up to `amountBase` of debt and returns the amount actually repaid (base units). */
  repay(amountBase: number): number {
    amountCheck("amountBase", amountBase);
    const d = this.debt();
    const paid = Math.min(amountBase, d);
    this.debtScaled = paid === d ? 0 : (d - paid) / this.variableBorrowIndex;
    return paid;
  }

  /**
   * Runs one maximal liquidation call if HF < 1 at `price` and returns true (filling `lastLiquidation`,
   * setting `liquidated`), else returns false and changes nothing. Repays closeFactor of the debt (all of it
   * when HF < fullCloseHealthFactor) and seizes repaid · price · (1 + liquidationBonus) of collateral, capped
   * at the collateral (Aave v3 `LiquidationLogic._calculateAvailableCollateralToLiquidate`).
   */
  checkLiquidation(price: number, time: number): boolean {
    priceCheck(price);
    const hf = this.healthFactor(price);
    if (!(hf < 1)) return false;
    const c = this.config;
    const cf = hf < c.fullCloseHealthFactor ? 1 : c.closeFactor;
    const debt = this.debt();
    const collateral = this.collateral();
    let repaid = debt * cf;
    let seized = repaid * price * (1 + c.liquidationBonus);
    if (seized > collateral) {
      seized = collateral;
      repaid = collateral / (price * (1 + c.liquidationBonus));
    }
    this.debtScaled = repaid >= debt ? 0 : (debt - repaid) / this.variableBorrowIndex;
    this.collateralScaled = seized >= collateral ? 0 : (collateral - seized) / this.liquidityIndex;
    const ev = this.lastLiquidation;
    ev.time = time;
    ev.price = price;
    ev.healthFactorBefore = hf;
    ev.healthFactorAfter = this.healthFactor(price);
    ev.closeFactor = cf;
    ev.debtRepaid = repaid;
    ev.collateralSeized = seized;
    ev.bonusValue = seized - repaid * price;
    this.liquidated = true;
    this.liquidationCount++;
    return true;
  }

  /** Clears the sticky `liquidated` flag. */
  clearLiquidationFlag(): void {
    this.liquidated = false;
  }
}
