import { requireObject } from "../../errors/guards.js";
import { assertFinite, assertPositive, type InvalidInputError } from "../../errors/math.js";
import { assertFiniteOutput, assertNonNegative } from "./_assert.js";
import { type OptionKind, optionSign } from "./optionKind.js";
import { standardNormalCdf } from "./standardNormalCdf.js";
import { standardNormalPdf } from "./standardNormalPdf.js";

/** Below this σ√T the option is priced at intrinsic value (gamma would overflow; the time value is < 1e-100·F). */
const MIN_STD_DEV = 1e-100;

export type BlackScholesParameters = {
  /** Spot price of the underlying, quote per base, > 0. */
  spot: number;
  /** Strike, same units as `spot`, > 0. */
  strike: number;
  /** Time to expiry in years, ≥ 0. */
  timeToExpiry: number;
  /** Volatility per √year as a decimal, ≥ 0. */
  vol: number;
  /** Continuously compounded risk-free rate per year. */
  rate: number;
  /** Continuously compounded dividend (or foreign-rate, or staking) yield per year; default 0. */
  dividendYield?: number;
  kind: OptionKind;
};

/** Price and greeks with respect to SPOT, in quote units per option on one unit of base. */
export type BlackScholesReturnType = {
  /** V = ω(S·e^{−qT}·Φ(ωd₁) − K·e^{−rT}·Φ(ωd₂)). */
  price: number;
  /** ∂V/∂S = ω·e^{−qT}·Φ(ωd₁) (base units). */
  delta: number;
  /** ∂²V/∂S² = e^{−qT}·φ(d₁)/(S·σ√T). */
  gamma: number;
  /** ∂V/∂σ = S·e^{−qT}·φ(d₁)·√T, per 1.00 of vol. */
  vega: number;
  /** ∂V/∂t = −S·e^{−qT}·φ(d₁)·σ/(2√T) − ω·r·K·e^{−rT}·Φ(ωd₂) + ω·q·S·e^{−qT}·Φ(ωd₁), per YEAR of calendar time. */
  theta: number;
  /** ∂V/∂r = ω·K·T·e^{−rT}·Φ(ωd₂). */
  rho: number;
};

export type BlackScholesErrorType = InvalidInputError;

/**
 * Returns the Black–Scholes–Merton price and greeks of a European call or put on a spot asset paying a
 * continuous yield q.
 *
 * Formula: F = S·e^{(r−q)T}, d₁ = (ln(S/K) + (r − q + σ²/2)T)/(σ√T), d₂ = d₁ − σ√T,
 * V = ω(S·e^{−qT}·Φ(ωd₁) − K·e^{−rT}·Φ(ωd₂)); identical to Black-76 with that forward. Greeks as documented on
 * {@link BlackScholesReturnType}; theta per year. When σ√T ≤ 1e-100 the value is e^{−rT}·max(ω(F − K), 0).
 *
 * @example
 * import { blackScholes } from "./blackScholes.js";
 * blackScholes({ spot: 42, strike: 40, timeToExpiry: 0.5, vol: 0.2, rate: 0.1, kind: "call" }).price; // 4.759422392871532
 * @see Hull, J. C. "Options, Futures, and Other Derivatives", ch. 15 (example 15.6: S=42, K=40, r=10 %, σ=20 %, T=0.5)
 * @see Merton, R. C. (1973) "Theory of rational option pricing", Bell J. Economics 4, 141–183
 */
export function blackScholes(params: BlackScholesParameters): BlackScholesReturnType {
  requireObject(params, "options");
  const { spot, strike, timeToExpiry, vol, rate, dividendYield = 0, kind } = params;
  assertPositive("spot", spot);
  assertPositive("strike", strike);
  assertNonNegative("timeToExpiry", timeToExpiry);
  assertNonNegative("vol", vol);
  assertFinite("rate", rate);
  assertFinite("dividendYield", dividendYield);
  const w = optionSign(kind);
  const T = timeToExpiry;
  const dr = Math.exp(-rate * T);
  const dq = Math.exp(-dividendYield * T);
  const sqrtT = Math.sqrt(T);
  const stdDev = vol * sqrtT;
  let price: number;
  let delta: number;
  let gamma = 0;
  let vega = 0;
  let theta: number;
  let rho: number;
  if (!(stdDev > MIN_STD_DEV)) {
    const intrinsic = w * (spot * dq - strike * dr);
    const itm = intrinsic > 0 ? 1 : intrinsic === 0 ? 0.5 : 0;
    price = Math.max(intrinsic, 0);
    delta = w * dq * itm;
    theta = itm * w * (dividendYield * spot * dq - rate * strike * dr);
    rho = itm * w * strike * T * dr;
  } else {
    const d1 = (Math.log(spot / strike) + (rate - dividendYield) * T) / stdDev + stdDev / 2;
    const d2 = d1 - stdDev;
    const n1 = standardNormalCdf(w * d1);
    const n2 = standardNormalCdf(w * d2);
    price = w * (spot * dq * n1 - strike * dr * n2);
    if (price < 0) price = 0;
    const pdf = standardNormalPdf(d1);
    delta = w * dq * n1;
    gamma = (dq * pdf) / (spot * stdDev);
    vega = spot * dq * pdf * sqrtT;
    theta =
      (-spot * dq * pdf * vol) / (2 * sqrtT) -
      w * rate * strike * dr * n2 +
      w * dividendYield * spot * dq * n1;
    rho = w * strike * T * dr * n2;
  }
  assertFiniteOutput("blackScholes.price", price);
  assertFiniteOutput("blackScholes.gamma", gamma);
  assertFiniteOutput("blackScholes.vega", vega);
  assertFiniteOutput("blackScholes.theta", theta);
  assertFiniteOutput("blackScholes.rho", rho);
  return { price, delta, gamma, vega, theta, rho };
}
