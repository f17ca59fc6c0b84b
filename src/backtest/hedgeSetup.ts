import { isAbsolute, resolve } from "node:path";
import type { BacktestConfig, HedgeConfig, VenuesConfig } from "../config/index.js";
import {
  loadFunding,
  loadLendingReserve,
  loadOptionChain,
  loadVolIndex,
  optionChainExpiries,
} from "../data/index.js";
import {
  createLendingVenueModel,
  createOptionVenueModel,
  createPerpVenueModel,
  type LendingVenueModel,
  type OptionVenueModel,
  type OptionVolSource,
  type OptionVolSteps,
  type PerpVenueModel,
} from "../engine/index.js";
import type {
  EngineEvent,
  Intent,
  IntentGate,
  Strategy,
  StrategyContext,
  VenueModel,
} from "../engine/types.js";
import { ConfigError } from "../errors/config.js";
import { requireObject } from "../errors/guards.js";
import { buildVolSurface, type VolSlice } from "../math/options/index.js";
import { proactiveHedge } from "../strategy/hedge/proactiveHedge.js";
import {
  type CostGovernorGate,
  costGovernorGate,
  deltaHedge,
  hedgedStrategy,
  protectivePut,
  staticStripOverlay,
} from "../strategy/index.js";
import type { FundingSeries, LendingReserveSeries, PoolSeries, VolIndexSeries } from "../types/series.js";

/** Loaded data files, keyed by absolute path (a compare run loads each file once). */
export type DataCache = Map<string, unknown>;

/** Returns `f()`, computed once per `key` when a cache is given (loaded funding, rate and price files). */
export function cachedLoad<T>(cache: DataCache | undefined, key: string, f: () => T): T {
  if (cache?.has(key)) return cache.get(key) as T;
  const v = f();
  cache?.set(key, v);
  return v;
}

export type CreateHedgeSetupParameters = {
  config: BacktestConfig;
  /** The range strategy the hedges are combined with. */
  range: Strategy;
  baseDir: string;
  series: PoolSeries;
  /** The run's event log; undefined: the venues, policies and governors log nothing. */
  events: EngineEvent[] | undefined;
  cache?: DataCache;
};

export type CreateHedgeSetupReturnType = {
  strategy: Strategy;
  /** Hedge venue models to pass to runEngine (empty when unhedged). */
  venues: VenueModel[];
  gate: IntentGate | undefined;
  perp: PerpVenueModel | undefined;
  lending: LendingVenueModel | undefined;
  options: OptionVenueModel | undefined;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Returns the cost governor gate of a delta (or proactive) hedge that has a `governor`, or undefined: its venue's
 * taker fee and slippage, and the funding rate it weighs (the governor's own, else the borrow rate of a lending
 * hedge, the perp's rate in force at the bar from its funding file, or its constant rate). Shared by the single-pool
 * setup and the vault (`assembleVault`).
 */
export function hedgeGovernor(
  h: Extract<HedgeConfig, { kind: "delta" | "proactive" }>,
  v: VenuesConfig,
  perp: PerpVenueModel | undefined,
  events: EngineEvent[] | undefined,
): CostGovernorGate | undefined {
  if (h.governor === undefined) return undefined;
  const g = h.governor;
  const constantFundingAnnual =
    perp !== undefined && v.perp.funding?.file === undefined ? (v.perp.funding?.annualRate ?? 0) : 0;
  const fundingRateAnnual =
    g.fundingRateAnnual ??
    (h.venue === "lending"
      ? -(v.lending.rates.borrowRate ?? 0.02)
      : perp !== undefined && v.perp.funding?.file !== undefined
        ? (ctx: { time: number }) => perp.fundingRateAnnual(ctx.time)
        : constantFundingAnnual);
  return costGovernorGate({
    venue: h.venue,
    horizonDays: g.horizonDays,
    takerFee: h.venue === "perp" ? v.perp.takerFee : 0,
    slippage: h.venue === "perp" ? v.perp.halfSpreadBps * 1e-4 : v.lending.swapCost,
    fundingRateAnnual,
    riskAversion: g.riskAversion,
    feeAprPrior: g.feeAprPrior,
    lvrPerYearPrior: g.lvrPerYearPrior,
    priorDays: g.priorDays,
    feeWindowDays: g.feeWindowDays,
    reviewDays: g.reviewDays,
    events,
  });
}

/**
 * Returns the perp venue model of a config's `venues.perp`: its market terms, its funding (a file of real rates,
 * loaded through `load` with the path resolved by `abs`, or a constant annual rate; none when omitted) and margin
 * buffer. Shared by the single-pool setup and the vault (`assembleVault`).
 */
export function perpFromConfig(
  perpConfig: VenuesConfig["perp"],
  abs: (path: string) => string,
  load: <T>(key: string, f: () => T) => T,
  events: EngineEvent[] | undefined,
): PerpVenueModel {
  const { funding, marginBuffer, ...market } = perpConfig;
  let source: Parameters<typeof createPerpVenueModel>[0]["funding"];
  if (funding?.file !== undefined) {
    const path = abs(funding.file);
    source = { kind: "series", series: load<FundingSeries>(path, () => loadFunding(path)) };
  } else if (funding?.annualRate !== undefined)
    source = {
      kind: "constant",
      annualRate: funding.annualRate,
      intervalMs: funding.intervalHours * HOUR_MS,
    };
  return createPerpVenueModel({ market, funding: source, marginBuffer, events });
}

/** Returns the hedges of a config (`hedge` and `hedges` together), in order. */
export function configHedges(config: BacktestConfig): HedgeConfig[] {
  requireObject(config, "config");
  return [...(config.hedge !== undefined ? [config.hedge] : []), ...(config.hedges ?? [])];
}

/** Returns the quote a config's hedges move to their venues at the start (added to the deposit). */
export function hedgeReserveQuote(config: BacktestConfig): number {
  requireObject(config, "config");
  requireObject(config.position, "config.position");
  let r = 0;
  // The schema requires position.deposit whenever a hedge is given.
  const deposit = config.position.deposit ?? 0;
  for (const h of configHedges(config)) {
    r += h.reserveFraction * deposit;
    if (h.kind === "staticStrip" && h.hedgeForward) r += h.perpReserveFraction * deposit;
  }
  return r;
}

/** True for the delta hedges (reactive `delta` and `proactive`), which trade on a perp or borrow. */
function isDelta(h: HedgeConfig): h is Extract<HedgeConfig, { kind: "delta" | "proactive" }> {
  return h.kind === "delta" || h.kind === "proactive";
}

function usesPerp(h: HedgeConfig): boolean {
  return (isDelta(h) && h.venue === "perp") || (h.kind === "staticStrip" && h.hedgeForward);
}

/**
 * Returns the Black-76 vol source of the option venue (see the config's `venues.options.vol`):
 * - constant: σ;
 * - dvol: the DVOL close of the previous UTC day (known at the time; no look-ahead); a run outside the file's days
 *   is a ConfigError naming `venues.options.vol.file`;
 * - chainSmile: the recorded chain's smile (monotone-cubic total variance through each expiry's out-of-the-money
 *   `mark_iv`, linear in T across expiries) at the same moneyness K/F and tenor: σ(K·F_chain(τ)/F, τ).
 */
function optionVolSource(
  vol: VenuesConfig["options"]["vol"],
  abs: (p: string) => string,
  load: <T>(key: string, f: () => T) => T,
  series: PoolSeries,
): number | OptionVolSteps | OptionVolSource {
  // A constant and DVOL depend on the time only: the venue reads them once per change, not per leg and bar.
  if (vol.kind === "constant") return vol.vol;
  const path = abs(vol.file);
  if (vol.kind === "dvol") {
    const dvol = load<VolIndexSeries>(path, () => loadVolIndex(path));
    const first = dvol.time[0] + DAY_MS;
    const last = dvol.time[dvol.length - 1] + 2 * DAY_MS;
    if (series.time[0] < first || series.time[series.length - 1] >= last)
      throw new ConfigError({
        path: "venues.options.vol.file",
        value: vol.file,
        reason: "does not cover the run's days (DVOL is known from the day after its first row)",
      });
    // Steps: row j in force from ⌈time_j/day⌉·day + day on, i.e. the bar at t reads the last row at or before
    // ⌊t/day⌋·day − day (the previous UTC day's close: no look-ahead).
    const time = new Float64Array(dvol.length);
    for (let j = 0; j < dvol.length; j++) time[j] = Math.ceil(dvol.time[j] / DAY_MS) * DAY_MS + DAY_MS;
    return { time, vol: dvol.vol.slice(0, dvol.length) };
  }
  const surface = load(`${path}#surface`, () => {
    const chain = loadOptionChain(path);
    const slices: VolSlice[] = [];
    for (const e of optionChainExpiries(chain)) {
      const byStrike = new Map<number, number>();
      for (const q of chain.quotes) {
        if (q.expiry !== e.expiry || q.markIv === null) continue;
        const otm = q.kind === "put" ? q.strike <= e.forward : q.strike > e.forward;
        if (otm) byStrike.set(q.strike, q.markIv);
      }
      if (byStrike.size < 2 || !(e.timeToExpiry > 0)) continue;
      const strikes = [...byStrike.keys()].sort((a, b) => a - b);
      slices.push({
        timeToExpiry: e.timeToExpiry,
        forward: e.forward,
        strikes,
        vols: strikes.map((k) => byStrike.get(k) as number),
      });
    }
    return buildVolSurface({ slices });
  });
  return (strike, forward, tau) => surface.volAt((strike * surface.forwardAt(tau)) / forward, tau);
}

/**
 * Returns the strategy, hedge venue models and risk gate a config describes: the range strategy combined with its
 * hedges (hedgedStrategy), one perp, lending and/or option venue model for the venues the hedges use (funding, rates
 * and vols loaded from the files named in `venues`, relative to `baseDir`), and the cost governors of the delta
 * hedges that have one, chained into one gate. Venue models, governors and the strip overlay write to `events`.
 */
export function createHedgeSetup(parameters: CreateHedgeSetupParameters): CreateHedgeSetupReturnType {
  const { config, range, baseDir, series, events, cache } = requireObject(parameters, "options");
  requireObject(parameters.config, "options.config");
  const hedges = configHedges(config);
  if (hedges.length === 0)
    return {
      strategy: range,
      venues: [],
      gate: undefined,
      perp: undefined,
      lending: undefined,
      options: undefined,
    };
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  const load = <T>(key: string, f: () => T): T => cachedLoad(cache, key, f);
  const v = config.venues;
  // The schema requires position.deposit whenever a hedge is given.
  const deposit = config.position.deposit ?? 0;
  let perp: PerpVenueModel | undefined;
  let lending: LendingVenueModel | undefined;
  let options: OptionVenueModel | undefined;
  if (hedges.some(usesPerp)) perp = perpFromConfig(v.perp, abs, load, events);
  if (hedges.some((h) => isDelta(h) && h.venue === "lending")) {
    const { rates, swapCost, ...market } = v.lending;
    let source: Parameters<typeof createLendingVenueModel>[0]["rates"];
    if (rates.folder !== undefined) {
      const folder = abs(rates.folder);
      const c = load<LendingReserveSeries>(`${folder}#${rates.collateralAsset}`, () =>
        loadLendingReserve(folder, { asset: rates.collateralAsset }),
      );
      const d = load<LendingReserveSeries>(`${folder}#${rates.debtAsset}`, () =>
        loadLendingReserve(folder, { asset: rates.debtAsset }),
      );
      source = { kind: "series", collateral: c, debt: d };
    } else
      source = { kind: "constant", supplyRate: rates.supplyRate ?? 0, borrowRate: rates.borrowRate ?? 0 };
    lending = createLendingVenueModel({ market, rates: source, swapCost, events });
  }
  if (hedges.some((h) => !isDelta(h)))
    options = createOptionVenueModel({
      vol: optionVolSource(v.options.vol, abs, load, series),
      spreadFraction: v.options.spreadFraction,
      events,
    });

  const policies: Strategy[] = [];
  const gates: CostGovernorGate[] = [];
  for (const h of hedges) {
    if (h.kind === "protectivePut") {
      policies.push(
        protectivePut({
          otmPct: h.otmPct,
          tenorDays: h.tenorDays,
          hedgeRatio: h.hedgeRatio,
          roll: h.roll,
          strikeStep: h.strikeStep,
          reserveQuote: h.reserveFraction * deposit,
        }),
      );
      continue;
    }
    if (h.kind === "staticStrip") {
      policies.push(
        staticStripOverlay({
          tenorDays: h.tenorDays,
          strikeStep: h.strikeStep,
          strikeSpanPct: h.strikeSpanPct,
          hedgeForward: h.hedgeForward,
          reserveQuote: h.reserveFraction * deposit,
          perpReserveQuote: h.perpReserveFraction * deposit,
          events,
        }),
      );
      continue;
    }
    // The cost governor owns its decisions (band scale, pause); the policy reads them (no shared mutable object).
    const governor = hedgeGovernor(h, v, perp, events);
    if (governor !== undefined) gates.push(governor);
    const control = governor?.control;
    if (h.kind === "proactive")
      policies.push(
        proactiveHedge({
          venue: h.venue,
          forecast: { ...h.forecast, lambda: h.forecast.lambdaPerBar },
          mapping: h.mapping,
          reserveQuote: h.reserveFraction * deposit,
          latencyMs: h.latencyMs,
          minTrade: h.minTrade,
          control,
          events,
        }),
      );
    else {
      const trig =
        h.trigger.kind === "whalleyWilmott"
          ? {
              ...h.trigger,
              proportionalCost:
                h.trigger.proportionalCost ??
                (h.venue === "perp" ? v.perp.takerFee + v.perp.halfSpreadBps * 1e-4 : v.lending.swapCost),
            }
          : h.trigger;
      policies.push(
        deltaHedge({
          venue: h.venue,
          hedgeRatio: h.hedgeRatio,
          trigger: trig,
          reserveQuote: h.reserveFraction * deposit,
          latencyMs: h.latencyMs,
          minTrade: h.minTrade,
          volatility: h.volatility,
          control,
        }),
      );
    }
    // The governor samples the run's realised fees and LVR hourly (its trailing fee estimate).
    if (governor !== undefined) policies.push(governor.observer);
  }
  const venues: VenueModel[] = [];
  if (perp !== undefined) venues.push(perp);
  if (lending !== undefined) venues.push(lending);
  if (options !== undefined) venues.push(options);
  const gate: IntentGate | undefined =
    gates.length === 0
      ? undefined
      : Object.assign(
          (intent: Intent, ctx: StrategyContext): Intent | null => {
            let it: Intent | null = intent;
            for (let j = 0; j < gates.length && it !== null; j++) it = gates[j](it, ctx);
            return it;
          },
          {
            state: (): unknown[] => gates.map((g) => g.state()),
            restore: (raw: unknown): void => {
              if (!Array.isArray(raw) || raw.length !== gates.length)
                throw new ConfigError({
                  path: "snapshot.gate",
                  reason: `expected ${gates.length} gate states`,
                });
              for (let j = 0; j < gates.length; j++) gates[j].restore(raw[j]);
            },
          },
        );
  return { strategy: hedgedStrategy(range, policies), venues, gate, perp, lending, options };
}
