import {
  asRecord,
  decodeNumber,
  decodeNumbersInto,
  encodeNumber,
  encodeNumbers,
  type SnapshotNumber,
} from "../../engine/snapshotCodec.js";
import type { EngineEvent, HedgeIntent, Intent, Strategy, StrategyContext } from "../../engine/types.js";
import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import { decayPerStep, parseDurationMs } from "../../forecast/halfLife.js";
import {
  createEwmaForecaster,
  createGarchForecaster,
  createHmmFilter,
  fitGarch11,
  fitGaussianHmm2,
  type Garch11Parameters,
  type GaussianHmm2Parameters,
  type VarianceForecaster,
} from "../../forecast/index.js";
import { bandScaleAt, type HedgeControl } from "./deltaHedge.js";
import { lpGamma } from "./lpGamma.js";

/** How the policy forecasts: variance model, bar length, warm-up, and the regime filter. */
export type ProactiveForecastSettings = {
  /** Variance model of the bar returns (default "garch"). */
  model?: "ewma" | "garch";
  /** EWMA half-life in time ("3d", "11h", or ms): λ = 2^(−barMinutes·60000 / halfLife). Exclusive with lambda. */
  halfLife?: string | number;
  /** EWMA decay per aggregated bar of `barMinutes` (default 0.94, a half-life of 11.2 bars). */
  lambda?: number;
  /** Minute bars are aggregated into bars of this many minutes (default 60). */
  barMinutes?: number;
  /** Aggregated returns collected before the forecast is used; GARCH / HMM are fitted on them (default 72). */
  warmupBars?: number;
  /** Forecast horizon in aggregated bars: σ̂² is the mean per-bar variance over the next h bars (default 1). */
  horizonBars?: number;
  /** GARCH(1,1) parameters per aggregated bar; omitted: fitted (fitGarch11) on the warm-up returns. */
  garch?: Garch11Parameters;
  /** Turbulent-regime filter: on (default), with params given or fitted (fitGaussianHmm2) on the warm-up returns. */
  hmm?: { enabled?: boolean; params?: GaussianHmm2Parameters };
};

/** The mapping from (σ̂, π) to band and hedge ratio (see proactiveHedge). */
export type ProactiveMapping = {
  /** Band (base units) at σ̂ = referenceVol and π = 0 (default 0.1). */
  baseBand?: number;
  /** Annualised reference volatility σ_ref (default 0.8). */
  referenceVol?: number;
  /** k in (1 − k·π), in [0, 1]: how much a turbulent regime tightens the band (default 0.5). */
  turbulenceTightening?: number;
  /** Band clip, base units (defaults 0.01 and 1). */
  minBand?: number;
  maxBand?: number;
  /** Hedge ratio when calm (π = 0) and when turbulent (π = 1) (defaults 0.7 and 1). */
  calmRatio?: number;
  turbulentRatio?: number;
};

// Slots of the proactive policy's bucket array (see `pb`).
const BUCKET = 0;
const LAST_LOG = 1;
const CUR_LOG = 2;
const CUR_PRICE = 3;
/** The proactive policy's state in a snapshot: the aggregated returns so far (replayed) and the open bucket. */
export type ProactiveHedgeState = {
  returns: SnapshotNumber[];
  bucket: SnapshotNumber;
  lastLogPrice: SnapshotNumber;
  curLogPrice: SnapshotNumber;
};

export type ProactiveHedgeParameters = {
  /** Venue id the hedge intents are routed to (default "perp"). */
  venue?: string;
  forecast?: ProactiveForecastSettings;
  mapping?: ProactiveMapping;
  /** Quote moved into the venue at bar 0 as margin / collateral (default 0). */
  reserveQuote?: number;
  /** The hedge fills this many ms after the decision (default: the engine's latencyBars). */
  latencyMs?: number;
  /** Trades smaller than this (base units) are skipped (default 1e-9). */
  minTrade?: number;
  /** Shared with a cost governor (costGovernorGate); default a private { bandScale: 1, resumeTime: −∞ }. */
  /** Read-only decisions of a cost governor (band scale, pause until); owned and written by the governor. */
  control?: Readonly<HedgeControl>;
  /** The run's event log: one `hedgeParams` event per parameter change with σ̂, π, band and ratio. */
  events?: EngineEvent[];
  /** Strategy name (default "proactive-<model>"). */
  name?: string;
};

const MINUTES_PER_YEAR = 365 * 1440;

function check(field: string, v: number, lo: number, hi = Number.POSITIVE_INFINITY, loOpen = false): void {
  if (!(Number.isFinite(v) && (loOpen ? v > lo : v >= lo) && v <= hi))
    throw new InvalidInputError({
      field,
      value: v,
      expected: `a number ${loOpen ? ">" : ">="} ${lo}${hi < Number.POSITIVE_INFINITY ? ` and <= ${hi}` : ""}`,
    });
}

function integer(field: string, v: number, min: number): void {
  if (!(Number.isInteger(v) && v >= min))
    throw new InvalidInputError({ field, value: v, expected: `an integer >= ${min}` });
}

/**
 * Returns a proactive delta-hedge policy: the band and hedge ratio are set from a volatility forecast and a
 * turbulent-regime probability computed online from the pool's own prices, so the hedge tightens before a move
 * rather than after it (the reactive deltaHedge triggers react to the realised move).
 *
 * Forecast (no look-ahead: at bar i only prices up to bar i are used). Minute prices are aggregated into bars of
 * `barMinutes` (by time bucket ⌊t / barMs⌋); a bucket's return r = ln(P_close,k / P_close,k−1) is complete at the
 * first minute bar of the next bucket. The first `warmupBars` returns are collected; then the variance model is
 * built (EWMA σ² ← λσ² + (1 − λ)r², or GARCH(1,1) fitted on them by QML unless given) and the two-state Gaussian HMM
 * (fitted by Baum–Welch unless given) is filtered. After each later return:
 * - σ̂ = √(forecastVariance(h) / h · barsPerYear), barsPerYear = 525,600 / barMinutes (annualised);
 * - π = P(s_{t+1} = turbulent | r_1..r_t) = p₀A₀₁ + p₁A₁₁, the one-step-ahead regime probability (0 if hmm off).
 *
 * Mapping (both monotone in the risk of the next bar):
 * - band = clip(baseBand · (σ_ref / σ̂) · (1 − k·π), minBand, maxBand) base units. The LP's gamma loss between
 *   re-hedges over a gap δ grows like ½|Γ|(σS)²Δt, i.e. with σ², while the cost of a re-hedge does not depend on σ;
 *   the variance-optimal band shrinks as σ grows (Whalley–Wilmott H ∝ (λSΓ²/γ)^{1/3} is the cost side; the
 *   volatility band k|Γ|Sσ√τ is the reactive counterpart). We tighten ∝ 1/σ̂ and further by (1 − kπ) when a regime
 *   shift is likely, because regime moves are trending and jumpy (larger than σ̂ from a calm window suggests).
 * - hedgeRatio = calmRatio + (turbulentRatio − calmRatio) · π: when calm, fees dominate and part of the LP delta is
 *   left open (small moves mean-revert in fee income); when turbulent, hedge up to the max.
 * Before the warm-up is complete: band = baseBand, ratio = turbulentRatio (hedge fully while uninformed).
 *
 * Trigger: |h* − h| > band · bandScaleAt(control) with h* = −ratio · Δ_LP (as deltaHedge), trading to h*. The intent
 * carries band, gamma, volatility (σ̂) for a cost governor. Range-width recommendations are not produced.
 * Per minute bar it allocates nothing; it allocates once at the end of the warm-up (fits) and, when `events` is
 * given, one event per aggregated bar (each is a parameter change).
 *
 * @example
 * import { hedgedStrategy, passiveRange, proactiveHedge } from "lpguard/strategy";
 * const s = hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }),
 *   [proactiveHedge({ forecast: { model: "garch", barMinutes: 60, warmupBars: 72 }, reserveQuote: 2500 })]);
 * @see Whalley & Wilmott (1997), Math. Finance 7(3); Bollerslev (1986), J. Econometrics 31(3);
 *   Hamilton (1989), Econometrica 57(2)
 */
export function proactiveHedge(params: ProactiveHedgeParameters = {}): Strategy {
  requireObject(params, "options");
  const venue = params.venue ?? "perp";
  const reserve = params.reserveQuote ?? 0;
  const minTrade = params.minTrade ?? 1e-9;
  check("reserveQuote", reserve, 0);
  check("minTrade", minTrade, 0);
  if (params.latencyMs !== undefined) check("latencyMs", params.latencyMs, 0);
  const f = params.forecast ?? {};
  const model = f.model ?? "garch";
  if (model !== "ewma" && model !== "garch")
    throw new InvalidInputError({ field: "forecast.model", value: model, expected: '"ewma" or "garch"' });
  const barMinutes = f.barMinutes ?? 60;
  if (f.halfLife !== undefined && f.lambda !== undefined)
    throw new InvalidInputError({
      field: "forecast.lambda",
      value: f.lambda,
      expected: "not given together with forecast.halfLife (one decay)",
    });
  check("forecast.barMinutes", barMinutes, 0, Number.POSITIVE_INFINITY, true);
  const lambda =
    f.halfLife !== undefined
      ? decayPerStep(parseDurationMs(f.halfLife, "forecast.halfLife"), barMinutes * 60_000)
      : (f.lambda ?? 0.94);
  const warmupBars = f.warmupBars ?? 72;
  const horizon = f.horizonBars ?? 1;
  check("forecast.lambda", lambda, 0, 1, true);
  if (!(lambda < 1))
    throw new InvalidInputError({ field: "forecast.lambda", value: lambda, expected: "< 1" });
  check("forecast.barMinutes", barMinutes, 0, Number.POSITIVE_INFINITY, true);
  integer("forecast.warmupBars", warmupBars, 20);
  integer("forecast.horizonBars", horizon, 1);
  const hmmOn = f.hmm?.enabled ?? true;
  const m = params.mapping ?? {};
  const baseBand = m.baseBand ?? 0.1;
  const refVol = m.referenceVol ?? 0.8;
  const k = m.turbulenceTightening ?? 0.5;
  const minBand = m.minBand ?? 0.01;
  const maxBand = m.maxBand ?? 1;
  const calmRatio = m.calmRatio ?? 0.7;
  const turbRatio = m.turbulentRatio ?? 1;
  check("mapping.baseBand", baseBand, 0);
  check("mapping.referenceVol", refVol, 0, Number.POSITIVE_INFINITY, true);
  check("mapping.turbulenceTightening", k, 0, 1);
  check("mapping.minBand", minBand, 0);
  check("mapping.maxBand", maxBand, minBand);
  check("mapping.calmRatio", calmRatio, 0);
  check("mapping.turbulentRatio", turbRatio, 0);
  const control = params.control ?? {
    bandScale: 1,
    bandScaleUntil: Number.NEGATIVE_INFINITY,
    resumeTime: Number.NEGATIVE_INFINITY,
  };
  const events = params.events;
  const latencyMs = params.latencyMs;
  const barMs = barMinutes * 60_000;
  const barsPerYear = MINUTES_PER_YEAR / barMinutes;

  // Warm-up buffer of aggregated log returns, then the streaming forecasters.
  const warm = new Float64Array(warmupBars);
  let nWarm = 0;
  let nReturns = 0;
  let variance: VarianceForecaster | undefined;
  let regime: (VarianceForecaster & { readonly probs: [number, number] }) | undefined;
  let hmmParams: GaussianHmm2Parameters | undefined;
  let usedModel: string = model;

  // Every aggregated return fed so far (one per bucket, not per bar): the state that restore() replays, since the
  // fitted forecasters are a deterministic function of it.
  let history: number[] = [];
  // The time bucket's doubles live in a Float64Array (a closure `let` holding a double is boxed on each store in V8 11 /
  // Node 20): [BUCKET] the open bucket ⌊t / barMs⌋, [LAST_LOG] ln P at the close of the previous completed bucket,
  // [CUR_PRICE] P at the latest minute bar of the open bucket. Its ln is taken when the bucket closes (or a snapshot
  // is written), not on every bar; after a restore the snapshot's ln P is kept in [CUR_LOG] ([CUR_PRICE] NaN).
  const pb = new Float64Array([Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
  /** ln P at the latest minute bar of the open bucket (NaN before the first bar). */
  const curLogPrice = (): number => (Number.isNaN(pb[CUR_PRICE]) ? pb[CUR_LOG] : Math.log(pb[CUR_PRICE]));
  let band = baseBand;
  let ratio = turbRatio;
  let sigmaHat = refVol;
  let pi = Number.NaN;

  const log = (ctx: StrategyContext, phase: string): void => {
    if (events === undefined) return;
    events.push({
      time: ctx.time,
      bar: ctx.bar,
      kind: "hedgeParams",
      venue,
      fields: {
        phase,
        model: usedModel,
        volatility: sigmaHat,
        turbulence: Number.isNaN(pi) ? -1 : pi,
        band,
        hedgeRatio: ratio,
        returns: nReturns,
      },
    });
  };

  const buildForecasters = (): void => {
    if (model === "garch") {
      if (f.garch !== undefined) {
        const g = createGarchForecaster(f.garch);
        for (let j = 0; j < warmupBars; j++) g.add(warm[j]);
        variance = g;
      } else {
        try {
          const fit = fitGarch11(warm, { periodsPerYear: barsPerYear });
          variance = createGarchForecaster({ ...fit, initialVariance: fit.nextVariance });
        } catch {
          usedModel = "ewma (garch fit failed)";
        }
      }
    }
    if (variance === undefined) {
      const e = createEwmaForecaster({ lambda, warmup: warmupBars });
      for (let j = 0; j < warmupBars; j++) e.add(warm[j]);
      variance = e;
    }
    if (!hmmOn) return;
    if (f.hmm?.params !== undefined) {
      hmmParams = f.hmm.params;
      regime = createHmmFilter(hmmParams);
      for (let j = 0; j < warmupBars; j++) regime.add(warm[j]);
    } else {
      try {
        const fit = fitGaussianHmm2(warm);
        hmmParams = fit;
        regime = createHmmFilter(fit, fit.current);
      } catch {
        usedModel += " (hmm fit failed: off)";
      }
    }
  };

  /** Recomputes σ̂, π, band and ratio from the forecasters (after a new return). */
  const remap = (): void => {
    const v = (variance as VarianceForecaster).forecastVariance(horizon) / horizon;
    const s = Math.sqrt(v * barsPerYear);
    sigmaHat = s > 0 && Number.isFinite(s) ? s : refVol;
    if (regime !== undefined && hmmParams !== undefined) {
      const T = hmmParams.transition;
      const p = regime.probs;
      pi = p[0] * T[0][1] + p[1] * T[1][1];
    } else pi = 0;
    const raw = baseBand * (refVol / sigmaHat) * (1 - k * pi);
    band = raw < minBand ? minBand : raw > maxBand ? maxBand : raw;
    ratio = calmRatio + (turbRatio - calmRatio) * pi;
  };

  /** Feeds the completed bucket's return; true when the parameters changed. */
  const onReturn = (r: number): boolean => {
    history.push(r);
    nReturns++;
    if (variance === undefined) {
      warm[nWarm++] = r;
      if (nWarm < warmupBars) return false;
      buildForecasters();
    } else {
      variance.add(r);
      regime?.add(r);
    }
    remap();
    return true;
  };

  const decide = (ctx: StrategyContext): readonly Intent[] | undefined => {
    const b = Math.floor(ctx.time / barMs);
    if (b !== pb[BUCKET]) {
      // The previous bucket is complete: its close is the last minute price seen in it (no look-ahead).
      const cur = curLogPrice();
      if (!Number.isNaN(cur)) {
        const last = pb[LAST_LOG];
        if (!Number.isNaN(last) && onReturn(cur - last)) log(ctx, "forecast");
        pb[LAST_LOG] = cur;
      }
      pb[BUCKET] = b;
    }
    pb[CUR_PRICE] = ctx.price;
    if (ctx.pendingIntents > 0 || ctx.time < control.resumeTime) return undefined;
    const P = ctx.price;
    const lpDelta = ctx.pool.delta(P) + ctx.ledger.cashBase;
    const target = -ratio * lpDelta + 0;
    const hedge = ctx.venueDelta(venue);
    const gap = target - hedge;
    const absGap = gap < 0 ? -gap : gap;
    if (absGap <= minTrade) return undefined;
    const effBand = band * bandScaleAt(control, ctx.time);
    if (!(absGap > effBand)) return undefined;
    const intent: HedgeIntent = {
      kind: "hedge",
      venue,
      targetDelta: target,
      band: effBand > 0 ? effBand : absGap,
      gamma: lpGamma(ctx) * ratio,
      volatility: sigmaHat,
      turbulence: Number.isNaN(pi) ? -1 : pi,
      hedgeRatio: ratio,
      reason: "proactive",
    };
    if (latencyMs !== undefined) intent.latencyMs = latencyMs;
    return [intent];
  };

  return {
    name: params.name ?? `proactive-${model}`,
    state(): ProactiveHedgeState {
      return {
        returns: encodeNumbers(history),
        bucket: encodeNumber(pb[BUCKET]),
        lastLogPrice: encodeNumber(pb[LAST_LOG]),
        curLogPrice: encodeNumber(curLogPrice()),
      };
    },
    restore(raw: unknown): void {
      const f = "snapshot.strategy.proactiveHedge";
      const st = asRecord(raw, f);
      if (!Array.isArray(st.returns))
        throw new InvalidInputError({
          field: `${f}.returns`,
          value: st.returns,
          expected: "an array of returns",
        });
      const returns = new Float64Array(st.returns.length);
      decodeNumbersInto(st.returns, returns, `${f}.returns`);
      // Replay the returns into fresh forecasters (no events: they were logged before the snapshot).
      history = [];
      nWarm = 0;
      nReturns = 0;
      variance = undefined;
      regime = undefined;
      hmmParams = undefined;
      usedModel = model;
      band = baseBand;
      ratio = turbRatio;
      sigmaHat = refVol;
      pi = Number.NaN;
      for (let j = 0; j < returns.length; j++) onReturn(returns[j]);
      pb[BUCKET] = decodeNumber(st.bucket, `${f}.bucket`);
      pb[LAST_LOG] = decodeNumber(st.lastLogPrice, `${f}.lastLogPrice`);
      pb[CUR_LOG] = decodeNumber(st.curLogPrice, `${f}.curLogPrice`);
      pb[CUR_PRICE] = Number.NaN;
    },
    init(ctx: StrategyContext): readonly Intent[] | undefined {
      pb[BUCKET] = Math.floor(ctx.time / barMs);
      pb[CUR_PRICE] = ctx.price;
      log(ctx, "warmup");
      if (!(reserve > 0)) return undefined;
      return [{ kind: "deposit", venue, amount: reserve }];
    },
    onBar: decide,
  };
}
