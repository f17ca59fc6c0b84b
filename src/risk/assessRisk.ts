import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadOhlcv } from "../data/ohlcv.js";
import { formatDate, parseDateMs } from "../data/timestamp.js";
import { ConfigError } from "../errors/config.js";
import { requireObject, requireString } from "../errors/guards.js";
import { decayPerStep, parseDurationMs } from "../forecast/halfLife.js";
import { analyzePosition } from "../math/position/index.js";
import {
  closeToCloseVolatility,
  deltaGammaVarEs,
  ewmaCorrelation,
  ewmaVolatility,
  garmanKlassVolatility,
  historicalVarEs,
  logReturns,
  monteCarloVarEs,
  normalCdf,
  parkinsonVolatility,
  pearsonCorrelation,
  rangeExitProbability,
  rogersSatchellVolatility,
  yangZhangVolatility,
} from "../math/stats/index.js";
import { v2Value } from "../math/v2/v2Value.js";
import { v3Value } from "../math/v3/float/v3Value.js";
import { weightedValue } from "../math/weighted/weightedValue.js";
import { createRng } from "../sim/rng.js";
import type { OhlcvSeries } from "../types/series.js";
import { loadRiskConfig, type RiskConfig, VAR_METHODS, type VolatilityEstimator } from "./config.js";
import { resolveRange } from "./configFile.js";

const DAY_MS = 86_400_000;

/** Annualised figures from a window shorter than this many days are labelled as such (as the backtest's). */
export const RISK_ANNUALIZE_MIN_DAYS = 90;

/** What the delta-gamma rows are: said in the JSON (`caveat`) and under the human table. */
export const DELTA_GAMMA_CAVEAT =
  "deltaGamma is a quadratic (delta-gamma, Cornish-Fisher) approximation of the position's value around the " +
  "current price, not a revaluation: a v3 position's gamma changes at its range edges, so it misstates the loss " +
  "whenever the price can leave the range within the horizon; historical and monteCarlo revalue the position in full";

/** Price series for `assessRisk`: the pair and, optionally, a second asset for the correlation. */
export type RiskData = { prices: OhlcvSeries; correlateWith?: OhlcvSeries };

/** One VaR/ES estimate (quote units, positive = loss) of the position without and with the short-perp hedge. */
export type RiskVarRow = {
  method: "historical" | "deltaGamma" | "monteCarlo";
  /** "full": the position is revalued at every scenario; "approximate": the delta-gamma expansion (see caveat). */
  revaluation: "full" | "approximate";
  /** Why the figure may mislead (DELTA_GAMMA_CAVEAT for deltaGamma), null for full revaluation. */
  caveat: string | null;
  confidence: number;
  valueAtRisk: number;
  expectedShortfall: number;
  hedgedValueAtRisk: number;
  hedgedExpectedShortfall: number;
  /** Scenarios behind the estimate (0 for the Cornish–Fisher delta-gamma quantile). */
  scenarios: number;
};

/** The result of `assessRisk`; every field camelCase, volatilities annualised (365-day year). */
export type RiskReport = {
  symbol: string;
  /** First and last bar of the window, YYYY-MM-DD. */
  from: string;
  to: string;
  bars: number;
  barMs: number;
  /** Length of the window, days (bars × bar length). */
  windowDays: number;
  /**
   * true when windowDays < 90: the annualised figures (volatility, LVR per year, break-even fee APR) are
   * extrapolated from a short window (labelled so in the human output).
   */
  annualizedShortWindow: boolean;
  /** Current price: the last close of the window (quote per base). */
  price: number;
  horizonDays: number;
  position: {
    kind: "v2" | "v3" | "weighted";
    deposit: number;
    value: number;
    liquidity: number;
    lower: number | null;
    upper: number | null;
    weight: number | null;
    amountBase: number;
    amountQuote: number;
    /** ∂value/∂price, base units. */
    delta: number;
    gamma: number;
    inRange: boolean;
  };
  /** The short perp of the hedged measures: size in base units (short), notional in quote. */
  hedge: { ratio: number; size: number; notional: number };
  /** Realised volatility of the window by every estimator, annualised. */
  volatility: Record<VolatilityEstimator, number>;
  /** The volatility used by delta-gamma, Monte Carlo, range probabilities and LVR. */
  volatilityUsed: { estimator: VolatilityEstimator | "config"; value: number };
  correlation: { symbol: string; pearson: number; ewma: number; observations: number } | null;
  valueAtRisk: RiskVarRow[];
  /** Probability that the price leaves [lower, upper] before the horizon (GBM, zero drift); null without a range. */
  rangeExitProbability: number | null;
  /** Probability that the price is outside [lower, upper] at the horizon (GBM, zero drift); null without a range. */
  outOfRangeAtHorizonProbability: number | null;
  /** LVR rate at the current price and the used volatility, quote per year. */
  lvrPerYear: number;
  /** Fee APR at which fees pay for LVR: lvrPerYear / value. */
  breakEvenFeeApr: number;
  monteCarlo: { paths: number; seed: number };
};

/** Rows [start, end) of a series whose bar time is within [from 00:00, to 24:00) UTC. */
function windowRows(s: OhlcvSeries, from?: string, to?: string): [number, number] {
  const fromMs = from === undefined ? Number.NEGATIVE_INFINITY : parseDateMs(from);
  const toMs = to === undefined ? Number.POSITIVE_INFINITY : parseDateMs(to) + DAY_MS;
  let start = 0;
  while (start < s.length && s.time[start] < fromMs) start++;
  let end = start;
  while (end < s.length && s.time[end] < toMs) end++;
  return [start, end];
}

/** Log returns of the two closes over the bar times both series have, inside the window. */
function alignedReturns(a: OhlcvSeries, b: OhlcvSeries, start: number, end: number) {
  const pa: number[] = [];
  const pb: number[] = [];
  let j = 0;
  for (let i = start; i < end; i++) {
    const t = a.time[i];
    while (j < b.length && b.time[j] < t) j++;
    if (j < b.length && b.time[j] === t) {
      pa.push(a.close[i]);
      pb.push(b.close[j]);
    }
  }
  return { x: logReturns(pa), y: logReturns(pb) };
}

/** Returns the value function p ↦ V(p) of the position with liquidity L (fast float twins of the math layer). */
function valueFunction(
  kind: "v2" | "v3" | "weighted",
  liquidity: number,
  lower: number,
  upper: number,
  weight: number,
): (price: number) => number {
  if (kind === "v2") return (p) => v2Value(liquidity, Math.sqrt(p));
  if (kind === "weighted") return (p) => weightedValue(liquidity, p, weight);
  const sa = Math.sqrt(lower);
  const sb = Math.sqrt(upper);
  return (p) => v3Value(liquidity, Math.sqrt(p), sa, sb);
}

/**
 * Returns the risk report of one LP position over a price window: realised volatility by six estimators, the
 * correlation with a second asset, VaR and ES over the horizon (historical simulation with overlapping windows of
 * the window's own returns and Monte Carlo GBM, both with full revaluation — the default `varMethods` —, and the
 * delta-gamma Cornish–Fisher approximation when listed, its rows carrying DELTA_GAMMA_CAVEAT) without and with a
 * short perp of `hedge.ratio` × delta, the probability of leaving the range before the horizon and of being
 * outside it at the horizon, the LVR rate and the break-even fee APR.
 *
 * The position is opened at the window's last close P with `deposit`; its range is resolved against P. The
 * hedge's value is −h·(p − P). Model-based measures use zero drift and `volatility` (an estimator or a number).
 * Out of range at the horizon under GBM: Φ((ln(A/P) + σ²T/2)/(σ√T)) + 1 − Φ((ln(B/P) + σ²T/2)/(σ√T)).
 *
 * @see https://arxiv.org/abs/2208.06046 (LVR); Jorion (2007) Value at Risk, ch. 10
 * @throws {ConfigError} naming the config path when the window is too short for the horizon.
 */
export function assessRisk(config: RiskConfig, data: RiskData): RiskReport {
  requireObject(config, "config");
  requireObject(data, "data");
  requireObject(config.data, "config.data");
  requireObject(data.prices, "data.prices");
  const s = data.prices;
  const [start, end] = windowRows(s, config.data.from, config.data.to);
  const bars = end - start;
  if (bars < 10)
    throw new ConfigError({
      path: "data.from",
      value: config.data.from ?? null,
      reason: `the window holds ${bars} bars of ${s.symbol}: need at least 10`,
    });
  const barMs = s.barMs;
  const ohlc = {
    open: s.open.subarray(start, end),
    high: s.high.subarray(start, end),
    low: s.low.subarray(start, end),
    close: s.close.subarray(start, end),
    barMs,
  };
  const returns = logReturns(ohlc.close);
  // EWMA decay per bar from the half-life in time (so minute or hourly bars weigh the same span), or as given.
  const ewmaLambda =
    config.ewmaLambdaPerBar ??
    decayPerStep(parseDurationMs(config.ewmaHalfLife ?? "11.2h", "ewmaHalfLife"), barMs);
  const volatility: Record<VolatilityEstimator, number> = {
    closeToClose: closeToCloseVolatility(ohlc).volatility,
    parkinson: parkinsonVolatility(ohlc).volatility,
    garmanKlass: garmanKlassVolatility(ohlc).volatility,
    rogersSatchell: rogersSatchellVolatility(ohlc).volatility,
    yangZhang: yangZhangVolatility(ohlc).volatility,
    ewma: ewmaVolatility({ returns, lambda: ewmaLambda, barMs }).volatility,
  };
  const volatilityUsed =
    typeof config.volatility === "number"
      ? { estimator: "config" as const, value: config.volatility }
      : { estimator: config.volatility, value: volatility[config.volatility] };
  const sigma = volatilityUsed.value;

  const price = ohlc.close[bars - 1];
  const pos = config.position;
  const range = pos.kind === "v3" ? resolveRange(pos.range!, price) : undefined;
  if (range !== undefined && !(range.lower < range.upper))
    throw new ConfigError({
      path: "position.range",
      value: [range.lower, range.upper],
      reason: `gives an empty range at the window's last close ${price}: lower must be < upper`,
    });
  const analysed = analyzePosition({
    kind: pos.kind,
    price,
    entryPrice: price,
    deposit: pos.deposit,
    lower: range?.lower,
    upper: range?.upper,
    weight: pos.kind === "weighted" ? pos.weight : undefined,
    vol: sigma,
  });
  const value = valueFunction(
    pos.kind,
    analysed.liquidity,
    range?.lower ?? 0,
    range?.upper ?? Number.POSITIVE_INFINITY,
    pos.weight ?? 0.5,
  );
  const hedgeSize = pos.hedge.ratio * analysed.delta;
  const hedge = (p: number) => -hedgeSize * (p - price);

  const horizonYears = config.horizonDays / 365;
  const horizonBars = Math.max(1, Math.round((config.horizonDays * DAY_MS) / barMs));
  if (horizonBars > returns.length)
    throw new ConfigError({
      path: "horizonDays",
      value: config.horizonDays,
      reason: `is longer than the window (${returns.length} returns of ${barMs / 3_600_000} h)`,
    });
  const { paths, seed } = config.monteCarlo;
  const rows: RiskVarRow[] = [];
  for (const confidence of config.confidence) {
    const hist = (h?: (p: number) => number) =>
      historicalVarEs({ price, value, hedge: h, logReturns: returns, horizon: horizonBars, confidence });
    const dg = (h?: (p: number) => number) =>
      deltaGammaVarEs({ price, value, hedge: h, volatility: sigma, horizonYears, confidence });
    const mc = (h?: (p: number) => number) =>
      monteCarloVarEs({
        price,
        value,
        hedge: h,
        volatility: sigma,
        horizonYears,
        paths,
        rng: createRng(seed),
        confidence,
      });
    for (const method of VAR_METHODS) {
      if (!config.varMethods.includes(method)) continue;
      const run = method === "historical" ? hist : method === "deltaGamma" ? dg : mc;
      const u = run();
      const h = run(hedge);
      const approximate = method === "deltaGamma";
      rows.push({
        method,
        revaluation: approximate ? "approximate" : "full",
        caveat: approximate ? DELTA_GAMMA_CAVEAT : null,
        confidence,
        valueAtRisk: u.valueAtRisk,
        expectedShortfall: u.expectedShortfall,
        hedgedValueAtRisk: h.valueAtRisk,
        hedgedExpectedShortfall: h.expectedShortfall,
        scenarios: u.scenarios,
      });
    }
  }

  let exit: number | null = null;
  let outAtHorizon: number | null = null;
  if (range) {
    exit = rangeExitProbability({
      price,
      lower: range.lower,
      upper: range.upper,
      volatility: sigma,
      horizonYears,
    });
    const sd = sigma * Math.sqrt(horizonYears);
    const half = 0.5 * sd * sd;
    outAtHorizon =
      normalCdf((Math.log(range.lower / price) + half) / sd) +
      (1 - normalCdf((Math.log(range.upper / price) + half) / sd));
  }

  let correlation: RiskReport["correlation"] = null;
  if (data.correlateWith) {
    const { x, y } = alignedReturns(s, data.correlateWith, start, end);
    if (x.length < 3)
      throw new ConfigError({
        path: "data.correlateWith",
        value: config.data.correlateWith ?? data.correlateWith.symbol,
        reason: `shares ${x.length + 1} bar times with ${s.symbol} in the window: need at least 4`,
      });
    correlation = {
      symbol: data.correlateWith.symbol,
      pearson: pearsonCorrelation(x, y),
      ewma: ewmaCorrelation({ x, y, lambda: ewmaLambda }),
      observations: x.length,
    };
  }

  return {
    symbol: s.symbol,
    from: formatDate(s.time[start]),
    to: formatDate(s.time[end - 1]),
    bars,
    barMs,
    windowDays: (bars * barMs) / DAY_MS,
    annualizedShortWindow: (bars * barMs) / DAY_MS < RISK_ANNUALIZE_MIN_DAYS,
    price,
    horizonDays: config.horizonDays,
    position: {
      kind: pos.kind,
      deposit: pos.deposit,
      value: analysed.value,
      liquidity: analysed.liquidity,
      lower: range?.lower ?? null,
      upper: range?.upper ?? null,
      weight: pos.kind === "weighted" ? pos.weight! : null,
      amountBase: analysed.amountBase,
      amountQuote: analysed.amountQuote,
      delta: analysed.delta,
      gamma: analysed.gamma,
      inRange: analysed.inRange,
    },
    hedge: { ratio: pos.hedge.ratio, size: hedgeSize, notional: hedgeSize * price },
    volatility,
    volatilityUsed,
    correlation,
    valueAtRisk: rows,
    rangeExitProbability: exit,
    outOfRangeAtHorizonProbability: outAtHorizon,
    lvrPerYear: analysed.lvrPerYear!,
    breakEvenFeeApr: analysed.breakEvenFeeApr!,
    monteCarlo: { paths, seed },
  };
}

/** Returns the price series a risk config names, paths resolved against the config file's folder. */
export function loadRiskData(config: RiskConfig, configFile: string): RiskData {
  requireObject(config, "config");
  requireObject(config.data, "config.data");
  requireString(configFile, "configFile");
  const dir = dirname(resolve(configFile));
  const load = (path: string, field: string) => {
    const file = resolve(dir, path);
    if (!existsSync(file))
      throw new ConfigError({
        path: field,
        value: path,
        file: configFile,
        reason: `file not found (${file})`,
      });
    return loadOhlcv(file, { dropLast: !config.data.keepLast });
  };
  return {
    prices: load(config.data.prices, "data.prices"),
    correlateWith:
      config.data.correlateWith === undefined
        ? undefined
        : load(config.data.correlateWith, "data.correlateWith"),
  };
}

/** Returns the risk report of a config file (YAML or JSON): loads the config and its data, then `assessRisk`. */
export function assessRiskFile(file: string): RiskReport {
  const config = loadRiskConfig(file);
  return assessRisk(config, loadRiskData(config, file));
}
