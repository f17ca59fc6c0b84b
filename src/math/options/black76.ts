import { requireObject } from "../../errors/guards.js";
import { assertFinite, assertPositive, type InvalidInputError } from "../../errors/math.js";
import { assertFiniteOutput, assertNonNegative } from "./_assert.js";
import { type OptionKind, optionSign } from "./optionKind.js";
import { normalCdfSlot } from "./standardNormalCdf.js";
import { standardNormalPdf } from "./standardNormalPdf.js";

/** Below this σ√T the option is priced at intrinsic value (gamma would overflow; the time value is < 1e-100·F). */
export const MIN_STD_DEV = 1e-100;

export type Black76Parameters = {
  /** Forward (or futures) price of the underlying for the option's expiry, quote per base (e.g. USD per ETH), > 0. */
  forward: number;
  /** Strike, same units as `forward`, > 0. */
  strike: number;
  /** Time to expiry in years, ≥ 0 (0 gives the discounted intrinsic value). */
  timeToExpiry: number;
  /** Black volatility per √year as a decimal (0.8 = 80 %), ≥ 0. */
  vol: number;
  /** Continuously compounded rate used to discount the premium, per year; default 0. */
  rate?: number;
  kind: OptionKind;
};

/**
 * Price and greeks of one option on one unit of the underlying, in quote units (premium paid today).
 * Greeks are with respect to the FORWARD, the convention for options on futures.
 */
export type Black76ReturnType = {
  /** Premium V = D·ω(F·Φ(ωd₁) − K·Φ(ωd₂)), D = e^{−rT}. */
  price: number;
  /** ∂V/∂F = ω·D·Φ(ωd₁) (base units per option). */
  delta: number;
  /** ∂²V/∂F² = D·φ(d₁)/(F·σ√T). */
  gamma: number;
  /** ∂V/∂σ = D·F·φ(d₁)·√T, per 1.00 of vol (divide by 100 for "per vol point"). */
  vega: number;
  /** ∂V/∂t = −∂V/∂T = r·V − D·F·φ(d₁)·σ/(2√T): value change per YEAR of calendar time passing (divide by 365 for per day). */
  theta: number;
  /** ∂V/∂r = −T·V (forward held fixed). */
  rho: number;
};

export type Black76ErrorType = InvalidInputError;

/**
 * Returns the Black-76 price and greeks of a European call or put on a forward.
 *
 * Formula: d₁ = (ln(F/K) + σ²T/2)/(σ√T), d₂ = d₁ − σ√T, V = e^{−rT}·ω·(F·Φ(ωd₁) − K·Φ(ωd₂)), ω = +1 call, −1 put.
 * Greeks as documented on {@link Black76ReturnType}; theta is per year of calendar time. When σ√T ≤ 1e-100 the option is
 * worth its discounted intrinsic value e^{−rT}·max(ω(F − K), 0), delta is ωD when in the money (ωD/2 at the money),
 * and gamma and vega are 0. Units: F, K and V in quote units (per one unit of base), T in years, σ per √year.
 *
 * @example
 * import { black76 } from "./black76.js";
 * black76({ forward: 100, strike: 100, timeToExpiry: 1, vol: 0.2, kind: "call" }).price; // 7.965567455405804
 * @see Black, F. (1976) "The pricing of commodity contracts", J. Financial Economics 3, 167–179
 * @see Hull, J. C. "Options, Futures, and Other Derivatives", ch. 18 (Black's model) and ch. 19 (greeks)
 */
export function black76(params: Black76Parameters): Black76ReturnType {
  requireObject(params, "options");
  const { forward, strike, timeToExpiry, vol, rate = 0, kind } = params;
  assertPositive("forward", forward);
  assertPositive("strike", strike);
  assertNonNegative("timeToExpiry", timeToExpiry);
  assertNonNegative("vol", vol);
  assertFinite("rate", rate);
  const o = SCRATCH;
  o[B76_FORWARD] = forward;
  o[B76_STRIKE] = strike;
  o[B76_TIME] = timeToExpiry;
  o[B76_VOL] = vol;
  o[B76_RATE] = rate;
  o[B76_LOG_MONEYNESS] = Math.log(forward / strike);
  black76Slots(o, optionSign(kind));
  const price = o[B76_PRICE];
  assertFiniteOutput("black76.price", price);
  assertFiniteOutput("black76.gamma", o[B76_GAMMA]);
  assertFiniteOutput("black76.vega", o[B76_VEGA]);
  assertFiniteOutput("black76.theta", o[B76_THETA]);
  return {
    price,
    delta: o[B76_DELTA],
    gamma: o[B76_GAMMA],
    vega: o[B76_VEGA],
    theta: o[B76_THETA],
    rho: -timeToExpiry * price,
  };
}

/** Slots of `black76Slots`' outputs. */
export const B76_PRICE = 0;
export const B76_DELTA = 1;
export const B76_GAMMA = 2;
export const B76_VEGA = 3;
export const B76_THETA = 4;
/** Slots of `black76Slots`' inputs. */
export const B76_FORWARD = 5;
export const B76_STRIKE = 6;
export const B76_TIME = 7;
export const B76_VOL = 8;
export const B76_RATE = 9;
/** ln(F/K), as `Math.log(forward / strike)` (an input: a caller may keep it across calls with the same F and K). */
export const B76_LOG_MONEYNESS = 10;
/** Scratch slot: Φ's argument and result (`normalCdfSlot` in place). */
export const B76_CDF = 11;
/** Length of a `black76Slots` array. */
export const B76_SLOTS = 12;
const SCRATCH = new Float64Array(B76_SLOTS);

/**
 * `black76`'s arithmetic without its checks or objects, for per-bar revaluation: reads forward, strike, time to
 * expiry, vol, rate and ln(F/K) of one option from `io` (slots `B76_FORWARD` … `B76_LOG_MONEYNESS`) and writes its price, delta, gamma,
 * vega and theta (slots `B76_PRICE` … `B76_THETA`). `w` is +1 for a call, −1 for a put. The caller guarantees
 * forward, strike > 0, timeToExpiry, vol ≥ 0 and a finite rate, and checks the outputs it uses are finite.
 * The doubles travel in the array, not as arguments: this function is too large for V8 to inline into a per-bar loop,
 * and V8 boxes every double passed to or returned from a call it does not inline (a heap number each).
 * The slots are written as literals with their name in a comment (black76.test.ts checks each
 * against its constant): a module-level const read inside a function costs a context load, a hole check and an
 * untag on every read in V8 11. Φ runs in place in slot B76_CDF (`normalCdfSlot`, the arithmetic of
 * standardNormalCdf without its argument check and its own slot array).
 */
export function black76Slots(io: Float64Array, w: number): void {
  const forward = io[5 /* B76_FORWARD */];
  const strike = io[6 /* B76_STRIKE */];
  const timeToExpiry = io[7 /* B76_TIME */];
  const vol = io[8 /* B76_VOL */];
  const rate = io[9 /* B76_RATE */];
  // e^{−0·T} is exactly 1: no `exp` per call at the rate-0 (forward) pricing of the option venue.
  const discount = rate === 0 ? 1 : Math.exp(-rate * timeToExpiry);
  const sqrtT = Math.sqrt(timeToExpiry);
  const stdDev = vol * sqrtT;
  let price: number;
  let delta: number;
  let gamma = 0;
  let vega = 0;
  let timeDecay = 0; // D·F·φ(d₁)·σ/(2√T)
  if (!((stdDev > 1e-100) /* MIN_STD_DEV */)) {
    const intrinsic = w * (forward - strike);
    price = discount * Math.max(intrinsic, 0);
    delta = intrinsic > 0 ? w * discount : intrinsic === 0 ? (w * discount) / 2 : 0;
  } else {
    const d1 = io[10 /* B76_LOG_MONEYNESS */] / stdDev + stdDev / 2;
    const d2 = d1 - stdDev;
    io[11 /* B76_CDF */] = w * d1;
    normalCdfSlot(io, 11 /* B76_CDF */);
    const nd1 = io[11 /* B76_CDF */];
    // φ(d₁) right after Φ(ωd₁): it reuses the cdf's e^{−d₁²/2} factor (see _expHalfSquare.ts; same bits).
    const pdf = standardNormalPdf(d1);
    io[11 /* B76_CDF */] = w * d2;
    normalCdfSlot(io, 11 /* B76_CDF */);
    price = discount * w * (forward * nd1 - strike * io[11 /* B76_CDF */]);
    if (price < 0) price = 0; // rounding in deep out-of-the-money cancellation
    delta = w * discount * nd1;
    gamma = (discount * pdf) / (forward * stdDev);
    vega = discount * forward * pdf * sqrtT;
    timeDecay = (discount * forward * pdf * vol) / (2 * sqrtT);
  }
  io[0 /* B76_PRICE */] = price;
  io[1 /* B76_DELTA */] = delta;
  io[2 /* B76_GAMMA */] = gamma;
  io[3 /* B76_VEGA */] = vega;
  io[4 /* B76_THETA */] = rate * price - timeDecay;
}
