import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";

/** What the governor allows: keep hedging at the current band, hedge with a wider band, or stop hedging. */
export const HedgeAction = { hedge: "hedge", widen: "widen", stop: "stop" } as const;
export type HedgeAction = (typeof HedgeAction)[keyof typeof HedgeAction];

/** Why the governor decided as it did (constant strings, so a decision allocates nothing). */
export const GovernorReason = {
  affordable: "hedge cost is below both the fee income and the risk it removes",
  widened: "a wider band brings the hedge cost below the fee income and the risk it removes",
  costAboveFees: "hedge cost exceeds the expected fee income at every admissible band",
  costAboveBenefit: "hedge cost exceeds the value of the risk it removes at every admissible band",
} as const;
export type GovernorReason = (typeof GovernorReason)[keyof typeof GovernorReason];

export type GovernHedgeParameters = {
  /** Price S, quote per base. */
  price: number;
  /** Target hedge position h, base units, signed (negative = short, e.g. from deltaTarget). */
  hedgeSize: number;
  /** Gamma Γ of the hedged position, base per (quote per base); sign ignored. Drives the rebalance count. */
  gamma: number;
  /** Annualised volatility σ. */
  volatility: number;
  /** Horizon T, years. */
  horizonYears: number;
  /** Current half-width b of the no-trade band, base units (> 0). */
  band: number;
  /**
   * Expected rebalances per year at the current band, if known (e.g. counted in a backtest). Otherwise the
   * diffusion estimate σ²Γ²S²/b² of expectedRebalanceCount is used. Either way N scales as 1/b² when widening.
   */
  expectedTradesPerYear?: number;
  /** Taker fee, fraction of traded notional. */
  takerFee: number;
  /** Slippage per trade (half-spread + impact), fraction of traded notional. */
  slippage: number;
  /** Annualised funding rate of the hedge venue (> 0: longs pay shorts; a short hedge then earns it). */
  fundingRateAnnual: number;
  /** Value of the LP position, quote. */
  positionValue: number;
  /** Expected LP fee income, fraction of positionValue per year. */
  lpFeeAprExpected: number;
  /** Expected LVR of the position, fraction of positionValue per year (reported; no delta hedge removes it). */
  lvrPerYear: number;
  /** Absolute risk aversion γ, per quote unit: values a variance reduction ΔVar at γ/2 · ΔVar (quote). */
  riskAversion: number;
};

export type GovernHedgeReturnType = {
  action: HedgeAction;
  reason: GovernorReason;
  /** Band the numbers below are computed at: the current one, or the new one for "widen" (base units). */
  band: number;
  /** The new band for "widen"; NaN otherwise. */
  newBand: number;
  /** Band that maximises benefit − cost: b* = (6K / (γσ²S²T))^{1/3}, with K below (base units). */
  optimalBand: number;
  /** Expected number of rebalances over the horizon at `band`. */
  expectedTrades: number;
  /** Trading cost N · b · S · (takerFee + slippage), quote. */
  expectedTradingCost: number;
  /** Funding paid by the hedge h · S · fundingRateAnnual · T, quote (negative = received). */
  expectedFundingCost: number;
  /** expectedTradingCost + expectedFundingCost, quote. */
  expectedHedgeCost: number;
  /** lpFeeAprExpected · positionValue · T, quote. */
  expectedFeeIncome: number;
  /** γ/2 · σ²S²T · max(0, h² − b²/6), quote: the certainty-equivalent value of the variance the hedge removes. */
  expectedLossAvoided: number;
  /** lvrPerYear · positionValue · T, quote. */
  expectedLvr: number;
  /** expectedFeeIncome − expectedLvr − expectedHedgeCost, quote. */
  expectedNetIncome: number;
};
export type GovernHedgeErrorType = InvalidInputError;

function finite(field: string, v: number, min: number, strict: boolean): void {
  if (!(Number.isFinite(v) && (strict ? v > min : v >= min)))
    throw new InvalidInputError({
      field,
      value: v,
      expected: `a finite number ${strict ? ">" : ">="} ${min}`,
    });
}

/** Benefit B(b) = γ/2 · σ²S²T · max(0, h² − b²/6), with halfGammaVar = γ/2 · σ²S²T. */
function benefitAt(halfGammaVar: number, h2: number, b: number): number {
  const v = h2 - (b * b) / 6;
  return v > 0 ? halfGammaVar * v : 0;
}

function newResult(): GovernHedgeReturnType {
  return {
    action: "stop",
    reason: GovernorReason.costAboveFees,
    band: 0,
    newBand: Number.NaN,
    optimalBand: 0,
    expectedTrades: 0,
    expectedTradingCost: 0,
    expectedFundingCost: 0,
    expectedHedgeCost: 0,
    expectedFeeIncome: 0,
    expectedLossAvoided: 0,
    expectedLvr: 0,
    expectedNetIncome: 0,
  };
}

/**
 * Returns the cost governor's decision on a delta hedge over a horizon T, with every number it used.
 *
 * Model (h = hedge size, b = band half-width in base units, c = takerFee + slippage):
 * - rebalances N(b) = σ²Γ²S²T / b² (expectedRebalanceCount) or expectedTradesPerYear·T·(b₀/b)²;
 *   each re-centres the hedge, trading ≈ b, so trading cost = N(b)·b·S·c = K / b with K = N(b₀)·b₀²·S·c;
 * - funding F = h · S · fundingRateAnnual · T (paid; a short earns positive funding);
 * - hedge cost C(b) = K/b + F;
 * - benefit: an unhedged delta h has PnL variance σ²S²T·h²; a hedge kept within ±b of the target leaves
 *   σ²S²T·b²/6 (the re-centred exit process has a triangular occupation density on (−b, b), E[x²] = b²/6).
 *   Valued with risk aversion γ: B(b) = γ/2 · σ²S²T · max(0, h² − b²/6);
 * - fee income I = lpFeeAprExpected · value · T; LVR = lvrPerYear · value · T (reported only: delta hedging
 *   changes the variance of LP PnL, not its expected LVR).
 * Decision: "hedge" if C(b) ≤ I and C(b) ≤ B(b); otherwise widen to b′ = max(b, b_I, b*), where
 * b_I = K / (I − F) is the narrowest band with C ≤ I and b* = (6K / (γσ²S²T))^{1/3} maximises B − C
 * (B − C is concave in b), and "widen" if both conditions hold at b′; else "stop" (cost exceeds fee income
 * or the benefit at every band). b* is the re-centring analogue of the Whalley–Wilmott band: with
 * K = σ²Γ²S³Tc it is (6Γ²Sc/γ)^{1/3}, independent of σ and T, against WW's (1.5·λSΓ²/γ)^{1/3} for trading to
 * the band's edge.
 *
 * Writes into `out` when given (no allocation), else into a new object: call once without `out` and pass the
 * returned object back as `out` on later calls.
 *
 * @example
 * import { governHedge } from "lpguard/strategy";
 * const d = governHedge({ price: 2000, hedgeSize: -10, gamma: -0.0025, volatility: 0.8, horizonYears: 30 / 365,
 *   band: 1, takerFee: 0.0005, slippage: 0.0002, fundingRateAnnual: 0, positionValue: 40_000,
 *   lpFeeAprExpected: 0.3, lvrPerYear: 0.08, riskAversion: 1e-4 });
 * d.action; // "hedge": cost ≈ 1.84 USD against fee income ≈ 986 USD
 * @see Whalley & Wilmott (1997), Mathematical Finance 7(3); Milionis, Moallemi, Roughgarden & Zhang (2022),
 *   "Automated market making and loss-versus-rebalancing", arXiv:2208.06046
 */
export function governHedge(p: GovernHedgeParameters, out?: GovernHedgeReturnType): GovernHedgeReturnType {
  requireObject(p, "options");
  finite("price", p.price, 0, true);
  finite("band", p.band, 0, true);
  finite("volatility", p.volatility, 0, false);
  finite("horizonYears", p.horizonYears, 0, true);
  finite("takerFee", p.takerFee, 0, false);
  finite("slippage", p.slippage, 0, false);
  finite("positionValue", p.positionValue, 0, false);
  finite("riskAversion", p.riskAversion, 0, true);
  if (!Number.isFinite(p.hedgeSize))
    throw new InvalidInputError({ field: "hedgeSize", value: p.hedgeSize, expected: "a finite number" });
  if (!Number.isFinite(p.gamma))
    throw new InvalidInputError({ field: "gamma", value: p.gamma, expected: "a finite number" });
  if (!Number.isFinite(p.fundingRateAnnual))
    throw new InvalidInputError({
      field: "fundingRateAnnual",
      value: p.fundingRateAnnual,
      expected: "a finite number",
    });
  if (!Number.isFinite(p.lpFeeAprExpected))
    throw new InvalidInputError({
      field: "lpFeeAprExpected",
      value: p.lpFeeAprExpected,
      expected: "a finite number",
    });
  if (!Number.isFinite(p.lvrPerYear))
    throw new InvalidInputError({ field: "lvrPerYear", value: p.lvrPerYear, expected: "a finite number" });
  if (p.expectedTradesPerYear !== undefined)
    finite("expectedTradesPerYear", p.expectedTradesPerYear, 0, false);

  const r = out ?? newResult();
  const S = p.price;
  const T = p.horizonYears;
  const b0 = p.band;
  const c = p.takerFee + p.slippage;
  const varPerUnit = p.volatility * p.volatility * S * S * T; // PnL variance of one base unit over T
  let n0: number;
  if (p.expectedTradesPerYear !== undefined) n0 = p.expectedTradesPerYear * T;
  else {
    const x = (p.volatility * p.gamma * S) / b0;
    n0 = x * x * T;
  }
  const K = n0 * b0 * b0 * S * c;
  const F = p.hedgeSize * S * p.fundingRateAnnual * T + 0; // + 0 turns -0 into 0
  const income = p.lpFeeAprExpected * p.positionValue * T;
  const h2 = p.hedgeSize * p.hedgeSize;
  const halfGammaVar = 0.5 * p.riskAversion * varPerUnit;
  const bStar = halfGammaVar > 0 ? Math.cbrt((3 * K) / halfGammaVar) : Number.POSITIVE_INFINITY; // (6K/(γσ²S²T))^{1/3}

  let band = b0;
  let cost = K / b0 + F;
  let gain = benefitAt(halfGammaVar, h2, b0);
  if (cost <= income && cost <= gain) {
    r.action = "hedge";
    r.reason = GovernorReason.affordable;
    r.newBand = Number.NaN;
  } else {
    const bIncome = income > F ? K / (income - F) : Number.POSITIVE_INFINITY;
    let b1 = b0;
    if (bIncome > b1) b1 = bIncome;
    if (bStar > b1 && Number.isFinite(bStar)) b1 = bStar;
    const cost1 = K / b1 + F;
    const gain1 = Number.isFinite(b1) ? benefitAt(halfGammaVar, h2, b1) : 0;
    if (b1 > b0 && Number.isFinite(b1) && cost1 <= income && cost1 <= gain1) {
      r.action = "widen";
      r.reason = GovernorReason.widened;
      r.newBand = b1;
      band = b1;
      cost = cost1;
      gain = gain1;
    } else {
      r.action = "stop";
      r.reason = cost > income ? GovernorReason.costAboveFees : GovernorReason.costAboveBenefit;
      r.newBand = Number.NaN;
    }
  }
  const trades = n0 * (b0 / band) * (b0 / band);
  r.band = band;
  r.optimalBand = bStar;
  r.expectedTrades = trades;
  r.expectedTradingCost = K / band;
  r.expectedFundingCost = F;
  r.expectedHedgeCost = cost;
  r.expectedFeeIncome = income;
  r.expectedLossAvoided = gain;
  r.expectedLvr = p.lvrPerYear * p.positionValue * T;
  r.expectedNetIncome = income - r.expectedLvr - cost;
  return r;
}
