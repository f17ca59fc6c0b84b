import {
  asRecord,
  decodeNumber,
  decodeNumbersInto,
  encodeNumber,
  encodeNumbers,
  type SnapshotNumber,
} from "../../engine/snapshotCodec.js";
import type { EngineEvent, Intent, IntentGate, Strategy, StrategyContext } from "../../engine/types.js";
import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import type { HedgeControl } from "./deltaHedge.js";
import { type GovernHedgeParameters, type GovernHedgeReturnType, governHedge } from "./governHedge.js";

export type CostGovernorGateParameters = {
  /** Venue whose hedge intents are governed (default "perp"). */
  venue?: string;
  /** Horizon over which costs and income are compared, days (default 7). */
  horizonDays?: number;
  /** Taker fee and slippage (half-spread + impact) of the hedge venue, fractions of notional. */
  takerFee: number;
  slippage: number;
  /** Annual funding rate the hedge pays (> 0: longs pay shorts, a short earns it), or a function of the context. */
  fundingRateAnnual?: number | ((ctx: StrategyContext) => number);
  /** Absolute risk aversion γ (1/quote) valuing the variance a hedge removes (default 1e-4). */
  riskAversion?: number;
  /**
   * Fee APR and LVR per year (fractions of LP value) the estimate starts from (defaults 0.2, 0.05): before a full
   * `feeWindowDays` of the run has passed, the estimate is the realised-so-far rate blended with these priors,
   * each weighted as `priorDays` of history.
   */
  feeAprPrior?: number;
  lvrPerYearPrior?: number;
  /** Weight of the priors, days of history (default 1; 0: the realised-so-far rate alone). */
  priorDays?: number;
  /** Trailing window of realised fees and LVR the estimate uses once the run is that old, days (default 7). */
  feeWindowDays?: number;
  /** A "widen" or "stop" holds this long, then the next hedge is judged afresh at the policy's own band (days, default 1). */
  reviewDays?: number;
  /** The run's event log: one `governor` event per decision, with every number and a `text` that prints them. */
  events?: EngineEvent[];
};

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;
const YEAR_MS = YEAR_DAYS * DAY_MS;
/** The trailing window is read from hourly samples of the run's cumulative fees and LVR. */
const SAMPLE_MS = 3_600_000;

/** Where the fee APR and LVR a decision used came from. */
export type GovernorEstimate = {
  /** "trailing": realised over the trailing window; "prior": realised so far blended with the priors. */
  source: "trailing" | "prior";
  /** Days of realised history behind the estimate (the window actually read, or the run's age). */
  days: number;
  feeApr: number;
  lvrPerYear: number;
};

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : "n/a";
}

/**
 * Returns the one-line text of a governor decision: every number is the one the decision used (6 significant
 * digits, no commas), e.g. "stop: hedge cost 6.36899 vs fee income 416.547 and risk removed 0 over 7 d; fee APR 2.00403;
 * LVR 0.0500000/yr (trailing 7.00000 d); band 0.100000 -> unchanged".
 */
export function governorText(
  d: GovernHedgeReturnType,
  est: Readonly<GovernorEstimate>,
  horizonDays: number,
  requestedBand: number,
): string {
  const from =
    est.source === "trailing"
      ? `trailing ${fmt(est.days)} d`
      : `realised ${fmt(est.days)} d blended with prior`;
  return (
    `${d.action}: hedge cost ${fmt(d.expectedHedgeCost)} vs fee income ${fmt(d.expectedFeeIncome)} and risk ` +
    `removed ${fmt(d.expectedLossAvoided)} over ${fmt(horizonDays)} d; fee APR ${fmt(est.feeApr)}; LVR ` +
    `${fmt(est.lvrPerYear)}/yr (${from}); band ${fmt(requestedBand)} -> ${d.action === "widen" ? fmt(d.newBand) : "unchanged"}`
  );
}

/**
 * Returns a risk gate (IntentGate) that runs the cost governor (governHedge) before every hedge intent of its
 * venue and logs the decision with its numbers as a `governor` event. Inputs: price, target hedge size, the
 * intent's band, gamma and volatility (written by deltaHedge), the venue's taker fee and slippage, the funding
 * rate, the LP value, and the fee APR / LVR per year estimated from the position's realised fees and LVR:
 * - once the run is `feeWindowDays` old: the trailing window, (F(t) − F(t − W)) / V / W with F the run's
 *   cumulative fees (LVR alike), V the LP value now, W the window read (≥ feeWindowDays, from hourly samples);
 * - before: (prior · P + F(t) / V) / (P + age), the realised-so-far rate with the prior weighted as P = priorDays.
 * Decisions: "hedge" passes the intent; "widen" multiplies `control.bandScale` by newBand / band for `reviewDays`
 * and passes the intent only if its gap still exceeds the new band (else denies it); "stop" denies it and pauses
 * the policy for `reviewDays` (`control.resumeTime`). Other intents pass unchanged. The hourly samples are taken
 * by `gate.observer`, a strategy part to run with the hedge (`hedgedStrategy(range, [hedge, gate.observer])`);
 * without it they are taken at the gate's calls only, and the window read is longer.
 *
 * @example
 * import { costGovernorGate, deltaHedge, hedgedStrategy, passiveRange } from "lpguard/strategy";
 * const gate = costGovernorGate({ takerFee: 0.0005, slippage: 0.0001, events });
 * const hedge = deltaHedge({ trigger: { kind: "absolute", band: 0.1 }, control: gate.control });
 * runEngine({ ..., strategy: hedgedStrategy(passiveRange({ ... }), [hedge, gate.observer]), gate, events });
 * @see governHedge for the model; nautilus_trader RiskEngine (a gate between strategy and execution)
 */
/**
 * The cost governor as a gate with its decisions as data: `control` (band scale, pause) is owned and written by the
 * governor only; the hedge policy is given it read-only (`deltaHedge({ control: gate.control })`), so no object
 * is mutated by two parts, and `state()` / `restore()` journal the governor (its samples included).
 */
export type CostGovernorGate = IntentGate & {
  readonly control: Readonly<HedgeControl>;
  /** Samples the run's cumulative fees and LVR every hour (returns no intents; its state is the gate's). */
  readonly observer: Strategy;
  /** The estimate of the last decision. */
  readonly estimate: Readonly<GovernorEstimate>;
  state(): CostGovernorState;
  restore(state: unknown): void;
};

/** The governor's state in a snapshot. */
export type CostGovernorState = {
  bandScale: SnapshotNumber;
  bandScaleUntil: SnapshotNumber;
  resumeTime: SnapshotNumber;
  startTime: SnapshotNumber;
  /** Ring of hourly samples (time, cumulative fees, cumulative LVR), its next write index and count. */
  samples: SnapshotNumber[];
  head: number;
  count: number;
};

function positive(field: string, v: number, allowZero: boolean): void {
  if (!(Number.isFinite(v) && (allowZero ? v >= 0 : v > 0)))
    throw new InvalidInputError({
      field,
      value: v,
      expected: `a number of days ${allowZero ? ">= 0" : "> 0"}`,
    });
}

export function costGovernorGate(params: CostGovernorGateParameters): CostGovernorGate {
  requireObject(params, "options");
  const venue = params.venue ?? "perp";
  const horizonDays = params.horizonDays ?? 7;
  const priorDays = params.priorDays ?? 1;
  const windowDays = params.feeWindowDays ?? 7;
  const reviewDays = params.reviewDays ?? 1;
  positive("horizonDays", horizonDays, false);
  positive("priorDays", priorDays, true);
  positive("feeWindowDays", windowDays, false);
  positive("reviewDays", reviewDays, false);
  const feePrior = params.feeAprPrior ?? 0.2;
  const lvrPrior = params.lvrPerYearPrior ?? 0.05;
  const priorYears = priorDays / YEAR_DAYS;
  const windowMs = windowDays * DAY_MS;
  const reviewMs = reviewDays * DAY_MS;
  const control: HedgeControl = {
    bandScale: 1,
    bandScaleUntil: Number.NEGATIVE_INFINITY,
    resumeTime: Number.NEGATIVE_INFINITY,
  };
  const events = params.events;
  const funding = params.fundingRateAnnual ?? 0;
  // Ring of hourly samples: enough for the window plus two (the newest sample at or before t − W always remains).
  const cap = Math.ceil(windowMs / SAMPLE_MS) + 2;
  const ring = new Float64Array(3 * cap);
  let head = 0;
  let count = 0;
  let startTime = Number.NaN;
  const estimate: GovernorEstimate = { source: "prior", days: 0, feeApr: feePrior, lvrPerYear: lvrPrior };
  const input: GovernHedgeParameters = {
    price: 1,
    hedgeSize: 0,
    gamma: 0,
    volatility: 0,
    horizonYears: horizonDays / YEAR_DAYS,
    band: 1,
    takerFee: params.takerFee,
    slippage: params.slippage,
    fundingRateAnnual: 0,
    positionValue: 0,
    lpFeeAprExpected: feePrior,
    lvrPerYear: lvrPrior,
    riskAversion: params.riskAversion ?? 1e-4,
  };
  let out: GovernHedgeReturnType | undefined;

  // [0]: the hour index ⌊(t − startTime) / SAMPLE_MS⌋ of the newest sample (NaN: not known yet, recomputed from the
  // ring), so a bar without a new hour costs one division, not two. A Float64Array: a closure `let` double is boxed.
  const lastHour = new Float64Array([Number.NaN]);
  const observe = (ctx: StrategyContext): void => {
    const t = ctx.time;
    if (Number.isNaN(startTime)) startTime = t;
    const hour = Math.floor((t - startTime) / SAMPLE_MS);
    if (count > 0) {
      if (Number.isNaN(lastHour[0])) {
        const last = head === 0 ? cap - 1 : head - 1;
        lastHour[0] = Math.floor((ring[3 * last] - startTime) / SAMPLE_MS);
      }
      if (hour <= lastHour[0]) return;
    }
    lastHour[0] = hour;
    ring[3 * head] = t;
    ring[3 * head + 1] = ctx.attribution.fees;
    ring[3 * head + 2] = ctx.attribution.lvr;
    head = head + 1 === cap ? 0 : head + 1;
    if (count < cap) count++;
  };

  /** Writes the fee APR and LVR per year at `ctx` into `estimate` (see the gate's doc). */
  const estimateAt = (ctx: StrategyContext, lpValue: number): void => {
    const t = ctx.time;
    const age = t - startTime;
    if (!(lpValue > 0)) {
      estimate.source = "prior";
      estimate.days = age / DAY_MS;
      estimate.feeApr = feePrior;
      estimate.lvrPerYear = lvrPrior;
      return;
    }
    if (age >= windowMs) {
      // The newest sample at or before t − W (samples are in time order from the oldest).
      let k = -1;
      for (let j = 0; j < count; j++) {
        const idx = (head - count + j + cap) % cap;
        if (ring[3 * idx] <= t - windowMs) k = idx;
        else break;
      }
      if (k >= 0) {
        const years = (t - ring[3 * k]) / YEAR_MS;
        estimate.source = "trailing";
        estimate.days = (t - ring[3 * k]) / DAY_MS;
        estimate.feeApr = (ctx.attribution.fees - ring[3 * k + 1]) / lpValue / years;
        estimate.lvrPerYear = (ctx.attribution.lvr - ring[3 * k + 2]) / lpValue / years;
        return;
      }
    }
    const years = age / YEAR_MS;
    const w = priorYears + years;
    estimate.source = "prior";
    estimate.days = age / DAY_MS;
    estimate.feeApr = w > 0 ? (feePrior * priorYears + ctx.attribution.fees / lpValue) / w : feePrior;
    estimate.lvrPerYear = w > 0 ? (lvrPrior * priorYears + ctx.attribution.lvr / lpValue) / w : lvrPrior;
  };

  const gate = (intent: Intent, ctx: StrategyContext): Intent | null => {
    observe(ctx);
    if (intent.kind !== "hedge" || intent.venue !== venue) return intent;
    const it = intent;
    const lpValue = ctx.pool.value(ctx.price);
    // A lapsed widening no longer applies (the policy's band is its own again).
    if (!(ctx.time < control.bandScaleUntil)) control.bandScale = 1;
    estimateAt(ctx, lpValue);
    input.price = ctx.price;
    input.hedgeSize = it.targetDelta;
    input.gamma = typeof it.gamma === "number" && Number.isFinite(it.gamma) ? it.gamma : 0;
    input.volatility = typeof it.volatility === "number" ? it.volatility : 0;
    input.band = typeof it.band === "number" && it.band > 0 ? it.band : 1e-9;
    input.fundingRateAnnual = typeof funding === "number" ? funding : funding(ctx);
    input.positionValue = lpValue;
    input.lpFeeAprExpected = estimate.feeApr;
    input.lvrPerYear = estimate.lvrPerYear;
    out = governHedge(input, out);
    const d = out;
    let result: Intent | null = intent;
    if (d.action === "widen") {
      control.bandScale *= d.newBand / input.band;
      control.bandScaleUntil = ctx.time + reviewMs;
      const gap = Math.abs(it.targetDelta - ctx.venueDelta(venue));
      if (!(gap > d.newBand)) result = null;
    } else if (d.action === "stop") {
      control.resumeTime = ctx.time + reviewMs;
      result = null;
    }
    if (events !== undefined)
      events.push({
        time: ctx.time,
        bar: ctx.bar,
        kind: "governor",
        venue,
        fields: {
          action: d.action,
          reason: d.reason,
          text: governorText(d, estimate, horizonDays, input.band),
          passed: result !== null,
          targetDelta: it.targetDelta,
          requestedBand: input.band,
          band: d.band,
          newBand: d.newBand,
          optimalBand: d.optimalBand,
          bandScale: control.bandScale,
          expectedTrades: d.expectedTrades,
          expectedTradingCost: d.expectedTradingCost,
          expectedFundingCost: d.expectedFundingCost,
          expectedHedgeCost: d.expectedHedgeCost,
          expectedFeeIncome: d.expectedFeeIncome,
          expectedLossAvoided: d.expectedLossAvoided,
          expectedLvr: d.expectedLvr,
          expectedNetIncome: d.expectedNetIncome,
          volatility: input.volatility,
          gamma: input.gamma,
          positionValue: lpValue,
          fundingRateAnnual: input.fundingRateAnnual,
          feeApr: estimate.feeApr,
          lvrPerYear: estimate.lvrPerYear,
          feeAprSource: estimate.source,
          feeAprDays: estimate.days,
        },
      });
    return result;
  };
  const observer: Strategy = {
    name: "costGovernor",
    // Its state (the samples) is the gate's, journalled by gate.state().
    stateless: true,
    init(ctx: StrategyContext): undefined {
      observe(ctx);
      return undefined;
    },
    onBar(ctx: StrategyContext): undefined {
      observe(ctx);
      return undefined;
    },
  };
  return Object.assign(gate, {
    control: control as Readonly<HedgeControl>,
    observer,
    estimate: estimate as Readonly<GovernorEstimate>,
    state(): CostGovernorState {
      return {
        bandScale: encodeNumber(control.bandScale),
        bandScaleUntil: encodeNumber(control.bandScaleUntil),
        resumeTime: encodeNumber(control.resumeTime),
        startTime: encodeNumber(startTime),
        samples: encodeNumbers(ring),
        head,
        count,
      };
    },
    restore(raw: unknown): void {
      const f = "snapshot.gate.costGovernor";
      const s = asRecord(raw, f);
      control.bandScale = decodeNumber(s.bandScale, `${f}.bandScale`);
      control.bandScaleUntil = decodeNumber(s.bandScaleUntil, `${f}.bandScaleUntil`);
      control.resumeTime = decodeNumber(s.resumeTime, `${f}.resumeTime`);
      startTime = decodeNumber(s.startTime, `${f}.startTime`);
      decodeNumbersInto(s.samples, ring, `${f}.samples`);
      lastHour[0] = Number.NaN;
      head = decodeNumber(s.head, `${f}.head`);
      count = decodeNumber(s.count, `${f}.count`);
      if (
        !(
          Number.isInteger(head) &&
          head >= 0 &&
          head < cap &&
          Number.isInteger(count) &&
          count >= 0 &&
          count <= cap
        )
      )
        throw new InvalidInputError({
          field: `${f}.head`,
          value: [head, count],
          expected: `indices below ${cap}`,
        });
    },
  });
}
