import { isAbsolute, resolve } from "node:path";
import { cachedLoad, type DataCache, hedgeGovernor, perpFromConfig } from "../backtest/hedgeSetup.js";
import { createStrategyFromConfig } from "../backtest/strategyFromConfig.js";
import { assetOfToken, type BacktestConfig, parseBacktestConfig, type VaultConfig } from "../config/index.js";
import { loadOhlcv, loadPoolSeries } from "../data/index.js";
import { createEngine } from "../engine/engine.js";
import { marketPriceAt } from "../engine/market.js";
import type { PerpVenueModel } from "../engine/perp/perpVenueModel.js";
import type { EngineEvent, IntentGate, Strategy } from "../engine/types.js";
import { createVault, type PriceSource, type Vault, type VaultPool } from "../engine/vault.js";
import { ConfigError } from "../errors/config.js";
import { requireObject } from "../errors/guards.js";
import { deltaHedge, hedgedStrategy } from "../strategy/index.js";
import type { OhlcvSeries, PoolSeries } from "../types/series.js";

export type AssembleVaultParameters = {
  config: VaultConfig;
  baseDir: string;
  /** Preloaded series, one per pool in config order (skips loading). */
  series?: PoolSeries[];
  record?: boolean;
  /** The perp's own price by time (overrides `perpPrice` of the config; for tests and live marks). */
  perpPrice?: PriceSource;
  /** Cache of loaded funding / price files shared between runs (sweeps, benchmarks). */
  cache?: DataCache;
};

export type AssembleVaultReturnType = {
  vault: Vault;
  /** The vault's pools (their engines: positions, per-pool totals in quote units). */
  pools: VaultPool[];
  series: PoolSeries[];
  perp: PerpVenueModel | undefined;
  events: EngineEvent[];
  /** Deposit of each pool in its quote token (the numeraire deposit at the start prices). */
  depositsQuote: number[];
};

/** A pool of a vault config in the single-pool form, parsed once (see `singlePoolConfig`). */
type ParsedPool = {
  costs: VaultConfig["costs"];
  latencyMinutes: number;
  inRangeMode: VaultConfig["inRangeMode"];
  single: BacktestConfig;
};
const parsedPools = new WeakMap<VaultConfig["pools"][number], ParsedPool>();

/**
 * Returns pool `p` of `config` validated in the single-pool form of the run spec (its range strategy's own checks),
 * parsed once per pool object (and the config's costs, latency and in-range mode it is parsed with): a sweep or benchmark assembling the same parsed config again skips the
 * schema (the parse costs about as much as a few thousand bars of the run). Parsed configs are values: a config
 * changed in place is not re-validated (build a new one with spreads, as `compare` and the tests do).
 */
function singlePoolConfig(config: VaultConfig, p: VaultConfig["pools"][number]): BacktestConfig {
  const hit = parsedPools.get(p);
  if (
    hit !== undefined &&
    hit.costs === config.costs &&
    hit.latencyMinutes === config.latencyMinutes &&
    hit.inRangeMode === config.inRangeMode
  )
    return hit.single;
  const single = parseBacktestConfig({
    data: p.data,
    position: p.position,
    strategy: p.strategy,
    costs: config.costs,
    latencyMinutes: config.latencyMinutes,
    inRangeMode: config.inRangeMode,
  });
  parsedPools.set(p, {
    costs: config.costs,
    latencyMinutes: config.latencyMinutes,
    inRangeMode: config.inRangeMode,
    single,
  });
  return single;
}

/**
 * Returns the price in force at `time` from an OHLCV series: the close of the last bar that has closed by then
 * (open time + barMs ≤ time), so no bar is read before it is complete. A forward cursor (reset if time goes back).
 */
export function ohlcvClosePrice(s: OhlcvSeries): PriceSource {
  let at = -1;
  return (time: number) => {
    if (at >= 0 && s.time[at] + s.barMs > time) at = -1;
    while (at + 1 < s.length && s.time[at + 1] + s.barMs <= time) at++;
    return at >= 0 ? s.close[at] : Number.NaN;
  };
}

/**
 * Returns a vault assembled from the vault form of the run spec: one engine per pool (its range strategy, costs,
 * latency, in-range mode; its deposit converted from the numeraire into its quote token at the start prices), the
 * perp with its funding (and optionally its own price series), and the delta hedge of the net delta of
 * `hedgeAsset`, whose margin (hedge.reserveFraction × Σ deposits) is vault cash added on top of the deposits, and
 * its cost governor when `hedge.governor` is given (the single-pool governor, weighing the pools' fees, LVR and
 * value in the numeraire; its decisions are `governor` events, its state in the vault's snapshot).
 */
export function assembleVault(options: AssembleVaultParameters): AssembleVaultReturnType {
  requireObject(options, "options");
  requireObject(options.config, "options.config");
  const { config, baseDir, series, record = true, perpPrice, cache } = options;
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  const load = <T>(key: string, f: () => T): T => cachedLoad(cache, key, f);
  const loaded =
    series ??
    config.pools.map((p) => loadPoolSeries({ path: abs(p.data.pool), from: p.data.from, to: p.data.to }));
  const { numeraire } = config;
  const assetsOf = loaded.map((s) => {
    const base = s.meta.baseToken === 1 ? s.meta.token1 : s.meta.token0;
    const quote = s.meta.baseToken === 1 ? s.meta.token0 : s.meta.token1;
    return {
      base: assetOfToken(base.symbol, numeraire, config.assets),
      quote: assetOfToken(quote.symbol, numeraire, config.assets),
    };
  });
  // Start prices of the assets from each pricing pool's first row (the pools quoted in the numeraire first).
  const start = new Map<string, number>([[numeraire, 1]]);
  for (let pass = 0; pass < loaded.length; pass++)
    loaded.forEach((s, k) => {
      const { base, quote } = assetsOf[k];
      if (!start.has(base) && start.has(quote))
        start.set(base, marketPriceAt(s, 0) * (start.get(quote) as number));
    });
  const depositsQuote = config.pools.map((p, k) => {
    const q = start.get(assetsOf[k].quote);
    if (q === undefined)
      throw new ConfigError({
        path: `pools.${k}.data.pool`,
        value: p.data.pool,
        reason: `is quoted in ${assetsOf[k].quote}, which no pool prices in ${numeraire}`,
      });
    return p.position.deposit / q;
  });
  const events: EngineEvent[] = [];
  const h = config.hedge;
  // A cost governor reads the pools' fees and LVR per bar: every pool then taps its components.
  const governed = h !== undefined && h.kind === "delta" && h.governor !== undefined;
  const pools: VaultPool[] = config.pools.map((p, k) => {
    const single = singlePoolConfig(config, p);
    const engine = createEngine({
      market: loaded[k],
      strategy: createStrategyFromConfig(single),
      deposit: depositsQuote[k],
      latencyMs: config.latencyMinutes * 60_000,
      inRangeMode: config.inRangeMode,
      costs: {
        gasQuotePerMint: config.costs.gasQuote / (start.get(assetsOf[k].quote) as number),
        gasQuotePerBurn: config.costs.gasQuote / (start.get(assetsOf[k].quote) as number),
        gasQuotePerSwap: config.costs.swapGasQuote / (start.get(assetsOf[k].quote) as number),
        priceImpact: config.costs.priceImpact,
      },
      // The vault records its own series; a pool engine only taps the numbers the vault reads each bar.
      record: false,
      // Pools quoted in the numeraire need no per-bar components (their attribution is already in it).
      tap: assetsOf[k].quote === numeraire && !governed ? "values" : true,
      events,
    });
    return { id: p.name, engine, baseAsset: assetsOf[k].base, quoteAsset: assetsOf[k].quote };
  });
  let perp: PerpVenueModel | undefined;
  let cash = 0;
  let policy: Strategy | undefined;
  let gate: IntentGate | undefined;
  let price: PriceSource | undefined;
  if (h !== undefined && h.kind === "delta") {
    perp = perpFromConfig(config.venues.perp, abs, load, events);
    // The cost governor (as in a single-pool delta hedge): a gate before the perp, its decisions read by the policy.
    const governor = hedgeGovernor(h, config.venues, perp, events);
    const total = config.pools.reduce((s, p) => s + p.position.deposit, 0);
    cash = h.reserveFraction * total;
    const trigger =
      h.trigger.kind === "whalleyWilmott"
        ? {
            ...h.trigger,
            proportionalCost:
              h.trigger.proportionalCost ??
              config.venues.perp.takerFee + config.venues.perp.halfSpreadBps * 1e-4,
          }
        : h.trigger;
    const hedge = deltaHedge({
      venue: "perp",
      hedgeRatio: h.hedgeRatio,
      trigger,
      reserveQuote: cash,
      latencyMs: h.latencyMs,
      minTrade: h.minTrade,
      volatility: h.volatility,
      control: governor?.control,
    });
    // The governor samples the pools' realised fees and LVR hourly with the hedge (its trailing fee estimate).
    policy = governor !== undefined ? hedgedStrategy(hedge, [governor.observer]) : hedge;
    gate = governor;
    if (perpPrice !== undefined) price = perpPrice;
    else if (config.perpPrice !== undefined) {
      const path = abs(config.perpPrice.file);
      price = ohlcvClosePrice(load(path, () => loadOhlcv(path)));
    }
  }
  const vault = createVault({
    numeraire,
    pools,
    venues: perp !== undefined ? [{ model: perp, asset: config.hedgeAsset, price }] : [],
    policy,
    gate,
    hedgeAsset: config.hedgeAsset,
    cash,
    latencyMs: config.latencyMinutes * 60_000,
    events,
    record,
  });
  return { vault, pools, series: loaded, perp, events, depositsQuote };
}
