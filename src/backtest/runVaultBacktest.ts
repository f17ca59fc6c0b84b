import { dirname, resolve } from "node:path";
import { loadVaultConfig, type VaultConfig } from "../config/index.js";
import { formatDateTime } from "../data/index.js";
import type { EngineEvent } from "../engine/types.js";
import type { VaultSeries, VaultTotals } from "../engine/vault.js";
import { requireObject } from "../errors/guards.js";
import { assembleVault } from "../run/assembleVault.js";
import { recordVaultDetail, type VaultDetailSeries } from "./vaultDetail.js";

export type RunVaultBacktestParameters = {
  config: VaultConfig;
  baseDir: string;
  record?: boolean;
  /** Also record the per-bar detail a report reads (`detail`; steps bar by bar, same results). Needs `record`. */
  detail?: boolean;
};

/** The JSON summary of a vault backtest (`lpguard backtest --json` on a vault config). */
export type VaultBacktestSummary = VaultTotals & {
  kind: "vault";
  from: string;
  to: string;
  hedgeAsset: string;
  /** Perp fills. */
  hedgeTrades: number;
  liquidations: number;
  /** Each pool's chain, pair, range ticks and exact liquidity (decimal string). */
  poolDetails: {
    id: string;
    chain: string;
    pair: string;
    rows: number;
    liquidity: string;
    tickLower: number | null;
    tickUpper: number | null;
    depositQuote: number;
  }[];
};

export type RunVaultBacktestReturnType = {
  summary: VaultBacktestSummary;
  series: VaultSeries | undefined;
  events: EngineEvent[];
  /** The per-bar detail (value, hold, prices, deltas, each part's attribution); only with `detail`. */
  detail?: VaultDetailSeries;
};

/** Returns a vault backtest: the vault assembled from the config, stepped over every bar, and its summary. */
export function runVaultBacktest(options: RunVaultBacktestParameters): RunVaultBacktestReturnType {
  const { config, baseDir, record = true, detail = false } = requireObject(options, "options");
  requireObject(options.config, "options.config");
  const a = assembleVault({ config, baseDir, record: record || detail });
  const recorded = detail ? recordVaultDetail(a) : undefined;
  if (recorded === undefined) a.vault.advance();
  const t = a.vault.totals();
  const s = a.vault.series();
  const primary = a.series[0];
  const poolDetails = config.pools.map((p, k) => {
    const series = a.series[k];
    const m = series.meta;
    const base = m.baseToken === 1 ? m.token1 : m.token0;
    const quote = m.baseToken === 1 ? m.token0 : m.token1;
    const et = a.pools[k].engine.totals();
    return {
      id: p.name,
      chain: m.chain,
      pair: `${base.symbol}/${quote.symbol}`,
      rows: series.length,
      liquidity: et.liquidity.toString(),
      tickLower: et.tickLower,
      tickUpper: et.tickUpper,
      depositQuote: a.depositsQuote[k],
    };
  });
  return {
    summary: {
      kind: "vault",
      from: formatDateTime(primary.time[0]),
      to: formatDateTime(primary.time[primary.length - 1]),
      hedgeAsset: config.hedgeAsset,
      hedgeTrades: a.perp?.trades ?? 0,
      liquidations: a.perp?.market.liquidationCount ?? 0,
      ...t,
      poolDetails,
    },
    series: s,
    events: a.events,
    ...(recorded !== undefined ? { detail: recorded } : {}),
  };
}

/** Returns a vault backtest from a config file; data paths resolve relative to the file's folder. */
export function runVaultBacktestFile(file: string): RunVaultBacktestReturnType {
  return runVaultBacktest({ config: loadVaultConfig(file), baseDir: dirname(resolve(file)) });
}
