import type { AttributionAccumulator } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import type { RunBacktestReturnType } from "./runBacktest.js";

/**
 * The `--json` shape of a backtest. Money in quote units, fractions as decimals (0.1 = 10 %).
 * `liquidity` is the exact on-chain v3 liquidity of the last position as a decimal string (a bigint; JSON numbers
 * would lose digits beyond 2^53).
 */
export type BacktestSummary = {
  strategy: string;
  pool: string;
  pair: string;
  rows: number;
  from: string;
  to: string;
  initialValue: number;
  finalValue: number;
  hodlValue: number;
  pnl: number;
  /** Price PnL of holding the entry amounts, hodlBase · (P_T − P_entry) (0 if nothing ever filled). */
  holdPnl: number;
  /**
   * IL of the LP book in quote: its price PnL (rebalancing − LVR + inventory − fee-token revaluation) − holdPnl.
   * Hedge PnL, funding and premium never enter it. pnl = holdPnl + feesQuote + attribution.inventoryFees
   * + impermanentLossQuote + hedge + funding + premium − costs + rounding.
   */
  impermanentLossQuote: number;
  feesQuote: number;
  feesBase: number;
  feesQuoteAmount: number;
  impermanentLoss: number;
  lvrQuote: number;
  costsQuote: number;
  return: number;
  annualizedVol: number;
  maxDrawdown: number;
  sharpe: number;
  /** Length of the run in days; annualizedVol and sharpe on a window under 90 days are extrapolations. */
  windowDays: number;
  /** true when windowDays < 90: annualizedVol and sharpe are annualised from a short window (labelled so). */
  annualizedShortWindow: boolean;
  timeInRange: number;
  rebalances: number;
  liquidity: string;
  /** The same liquidity in human units: raw L / 10^((decimals0 + decimals1) / 2) (as `lpguard position --liquidity`). */
  liquidityHuman: number;
  tickLower: number | null;
  tickUpper: number | null;
  /** The run's attribution (see `AttributionAccumulator`) and its sum. */
  attribution: AttributionAccumulator & { total: number };
  latencyMinutes: number;
  /** Fills on hedge venues and liquidations of hedge positions (0 when unhedged). */
  hedgeTrades: number;
  liquidations: number;
  /** Number of events in the run's event log. */
  events: number;
  /** Notices about the config as run (e.g. a latency finer than the data's bar, rounded up). */
  notices: string[];
};

/** Shortest window (days) whose annualised figures are reported without the short-window label. */
export const ANNUALIZE_MIN_DAYS = 90;

/** Returns the JSON summary of a backtest run (see BacktestSummary). */
export function summarizeBacktest(run: RunBacktestReturnType): BacktestSummary {
  requireObject(run, "run");
  requireObject(run.totals, "run.totals");
  requireObject(run.meta, "run.meta");
  requireObject(run.series, "run.series");
  const t = run.totals;
  const a = t.attribution;
  const m = run.meta;
  const base = m.baseToken === 1 ? m.token1 : m.token0;
  const quote = m.baseToken === 1 ? m.token0 : m.token1;
  const time = run.series.time;
  const n = run.series.price.length;
  const holdPnl = Number.isNaN(t.hodlBase) ? 0 : t.hodlBase * (run.series.price[n - 1] - t.entryPrice);
  const windowDays =
    n > 0 ? (time[n - 1] - time[0] + (n > 1 ? (time[n - 1] - time[0]) / (n - 1) : 0)) / 86_400_000 : 0;
  return {
    strategy: run.strategy,
    pool: `${m.chain}:${m.address}`,
    pair: `${base.symbol}/${quote.symbol}`,
    rows: t.rows,
    from: new Date(time[0]).toISOString(),
    to: new Date(time[time.length - 1]).toISOString(),
    initialValue: t.initialValue,
    finalValue: t.finalValue,
    hodlValue: t.hodlValue,
    pnl: t.pnl,
    holdPnl,
    impermanentLossQuote: a.rebalancing - a.lvr + a.inventory - a.inventoryFees - holdPnl,
    feesQuote: a.fees,
    feesBase: t.feesBaseAmount,
    feesQuoteAmount: t.feesQuoteAmount,
    impermanentLoss: t.impermanentLoss,
    lvrQuote: a.lvr,
    costsQuote: a.costs,
    return: t.return,
    annualizedVol: t.annualizedVol,
    maxDrawdown: t.maxDrawdown,
    sharpe: t.sharpe,
    windowDays,
    annualizedShortWindow: windowDays < ANNUALIZE_MIN_DAYS,
    timeInRange: t.timeInRange,
    rebalances: t.rebalances,
    liquidity: t.liquidity.toString(),
    liquidityHuman: Number(t.liquidity) / 10 ** ((m.token0.decimals + m.token1.decimals) / 2),
    tickLower: t.tickLower,
    tickUpper: t.tickUpper,
    attribution: {
      fees: a.fees,
      rebalancing: a.rebalancing,
      lvr: a.lvr,
      inventory: a.inventory,
      inventoryFees: a.inventoryFees,
      hedge: a.hedge,
      funding: a.funding,
      premium: a.premium,
      costs: a.costs,
      costsGas: a.costsGas,
      costsSwapFee: a.costsSwapFee,
      costsImpact: a.costsImpact,
      costsHedge: a.costsHedge,
      costsLiquidation: a.costsLiquidation,
      rounding: a.rounding,
      total: t.attributedPnl,
    },
    latencyMinutes: run.config.latencyMinutes,
    hedgeTrades: run.hedgeTrades,
    liquidations: run.liquidations,
    events: run.events.length,
    notices: run.notices,
  };
}
