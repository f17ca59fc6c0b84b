import { asRecord, decodeNumber, encodeNumber, type SnapshotNumber } from "../../engine/snapshotCodec.js";
import type { EngineEvent, Intent, IntentGate, StrategyContext } from "../../engine/types.js";
import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import type { HedgeControl } from "./deltaHedge.js";
import { type GovernHedgeParameters, type GovernHedgeReturnType, governHedge } from "./governHedge.js";

export type CostGovernorGateParameters = {
  /** Venue whose hedge intents are governed (default "perp"). */
  venue?: string;
  /** Horizon over which costs and income are compared, days (default 7); also the pause after "stop". */
  horizonDays?: number;
  /** Taker fee and slippage (half-spread + impact) of the hedge venue, fractions of notional. */
  takerFee: number;
  slippage: number;
  /** Annual funding rate the hedge pays (> 0: longs pay shorts, a short earns it), or a function of the context. */
  fundingRateAnnual?: number | ((ctx: StrategyContext) => number);
  /** Absolute risk aversion γ (1/quote) valuing the variance a hedge removes (default 1e-4). */
  riskAversion?: number;
  /** Fee APR and LVR per year (fractions of LP value) assumed until `observeDays` of the run have passed. */
  feeAprPrior?: number;
  lvrPerYearPrior?: number;
  /** After this many days the realised fee APR and LVR of the run replace the priors (default 1). */
  observeDays?: number;
  /** The run's event log: one `governor` event per decision, with every number. */
  events?: EngineEvent[];
};

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;

/**
 * Returns a risk gate (IntentGate) that runs the cost governor (governHedge) before every hedge intent of its
 * venue and logs the decision with its numbers as a `governor` event. Inputs: price, target hedge size, the
 * intent's band, gamma and volatility (written by deltaHedge), the venue's taker fee and slippage, the funding
 * rate, the LP value, and the fee APR / LVR per year, realised so far in the run (after `observeDays`) or the
 * priors. Decisions: "hedge" passes the intent; "widen" multiplies `control.bandScale` by newBand / band and passes
 * the intent only if its gap still exceeds the new band (else denies it); "stop" denies it and pauses the policy
 * for the horizon (`control.resumeTime`). Other intents pass unchanged.
 *
 * @example
 * import { costGovernorGate, deltaHedge } from "lpguard/strategy";
 * const control = { bandScale: 1, resumeTime: -Infinity };
 * const hedge = deltaHedge({ trigger: { kind: "absolute", band: 0.1 }, control });
 * runEngine({ ..., gate: costGovernorGate({ control, takerFee: 0.0005, slippage: 0.0001, events }), events });
 * @see governHedge for the model; nautilus_trader RiskEngine (a gate between strategy and execution)
 */
/**
 * The cost governor as a gate with its decisions as data: `control` (band scale, pause) is owned and written by the
 * governor only; the hedge policy is given it read-only (`deltaHedge({ control: gate.control })`), so no object
 * is mutated by two parts, and `state()` / `restore()` journal the governor.
 */
export type CostGovernorGate = IntentGate & {
  readonly control: Readonly<HedgeControl>;
  state(): CostGovernorState;
  restore(state: unknown): void;
};

/** The governor's state in a snapshot. */
export type CostGovernorState = {
  bandScale: SnapshotNumber;
  resumeTime: SnapshotNumber;
  startTime: SnapshotNumber;
  feeApr: SnapshotNumber;
  lvrPerYear: SnapshotNumber;
};

export function costGovernorGate(params: CostGovernorGateParameters): CostGovernorGate {
  requireObject(params, "options");
  const venue = params.venue ?? "perp";
  const horizonDays = params.horizonDays ?? 7;
  const observeMs = (params.observeDays ?? 1) * DAY_MS;
  if (!(horizonDays > 0 && Number.isFinite(horizonDays)))
    throw new InvalidInputError({
      field: "horizonDays",
      value: horizonDays,
      expected: "a number of days > 0",
    });
  const control: HedgeControl = { bandScale: 1, resumeTime: Number.NEGATIVE_INFINITY };
  const events = params.events;
  const funding = params.fundingRateAnnual ?? 0;
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
    lpFeeAprExpected: params.feeAprPrior ?? 0.2,
    lvrPerYear: params.lvrPerYearPrior ?? 0.05,
    riskAversion: params.riskAversion ?? 1e-4,
  };
  let out: GovernHedgeReturnType | undefined;
  let startTime = Number.NaN;
  const gate = (intent: Intent, ctx: StrategyContext): Intent | null => {
    if (Number.isNaN(startTime)) startTime = ctx.time;
    if (intent.kind !== "hedge" || intent.venue !== venue) return intent;
    const it = intent;
    const lpValue = ctx.pool.value(ctx.price);
    const elapsed = ctx.time - startTime;
    input.price = ctx.price;
    input.hedgeSize = it.targetDelta;
    input.gamma = typeof it.gamma === "number" && Number.isFinite(it.gamma) ? it.gamma : 0;
    input.volatility = typeof it.volatility === "number" ? it.volatility : 0;
    input.band = typeof it.band === "number" && it.band > 0 ? it.band : 1e-9;
    input.fundingRateAnnual = typeof funding === "number" ? funding : funding(ctx);
    input.positionValue = lpValue;
    if (elapsed >= observeMs && lpValue > 0) {
      const years = elapsed / (YEAR_DAYS * DAY_MS);
      input.lpFeeAprExpected = ctx.attribution.fees / lpValue / years;
      input.lvrPerYear = ctx.attribution.lvr / lpValue / years;
    }
    out = governHedge(input, out);
    const d = out;
    let result: Intent | null = intent;
    if (d.action === "widen") {
      control.bandScale *= d.newBand / input.band;
      const gap = Math.abs(it.targetDelta - ctx.venueDelta(venue));
      if (!(gap > d.newBand)) result = null;
    } else if (d.action === "stop") {
      control.resumeTime = ctx.time + horizonDays * DAY_MS;
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
          feeApr: input.lpFeeAprExpected,
        },
      });
    return result;
  };
  return Object.assign(gate, {
    control: control as Readonly<HedgeControl>,
    state(): CostGovernorState {
      return {
        bandScale: encodeNumber(control.bandScale),
        resumeTime: encodeNumber(control.resumeTime),
        startTime: encodeNumber(startTime),
        feeApr: encodeNumber(input.lpFeeAprExpected),
        lvrPerYear: encodeNumber(input.lvrPerYear),
      };
    },
    restore(raw: unknown): void {
      const f = "snapshot.gate.costGovernor";
      const s = asRecord(raw, f);
      control.bandScale = decodeNumber(s.bandScale, `${f}.bandScale`);
      control.resumeTime = decodeNumber(s.resumeTime, `${f}.resumeTime`);
      startTime = decodeNumber(s.startTime, `${f}.startTime`);
      input.lpFeeAprExpected = decodeNumber(s.feeApr, `${f}.feeApr`);
      input.lvrPerYear = decodeNumber(s.lvrPerYear, `${f}.lvrPerYear`);
    },
  });
}
