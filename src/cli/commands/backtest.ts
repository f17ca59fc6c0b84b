import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import {
  ANNUALIZE_MIN_DAYS,
  type BacktestSummary,
  runBacktestFile,
  summarizeBacktest,
} from "../../backtest/index.js";
import { runVaultBacktest, type VaultBacktestSummary } from "../../backtest/runVaultBacktest.js";
import {
  checkConfigInputPaths,
  isVaultConfig,
  parseBacktestConfig,
  parseVaultConfig,
  readConfigFile,
} from "../../config/index.js";
import type { EngineEvent } from "../../engine/types.js";
import { ConfigError } from "../../errors/config.js";
import {
  backtestWaterfall,
  eventsToCsv,
  eventsToJson,
  renderBacktestHtml,
  renderVaultHtml,
  seriesToCsv,
  vaultPartTable,
  vaultSeriesToCsv,
} from "../../report/index.js";
import { storeRunIfAsked } from "../../store/recordRun.js";
import { rejectFlags } from "../flags.js";
import { toJsonText } from "../json.js";
import { prepareOutDir, writeAtomic } from "../outDir.js";
import { createProgress } from "../progress.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

/** Labels an annualised figure of a run shorter than ANNUALIZE_MIN_DAYS as such. */
function annualised(label: string, s: BacktestSummary): string {
  return s.annualizedShortWindow
    ? `${label} (from ${s.windowDays.toFixed(1)} d < ${ANNUALIZE_MIN_DAYS} d)`
    : label;
}

function summaryRows(s: BacktestSummary): [string, string][] {
  const pct = (x: number) => `${(x * 100).toFixed(3)} %`;
  const q = (x: number) => formatNumber(x, 8);
  return [
    ["strategy", s.strategy],
    ["pair", `${s.pair} (${s.pool})`],
    ["span", `${s.from} .. ${s.to}`],
    ["rows (minutes)", formatNumber(s.rows)],
    ["initial value", q(s.initialValue)],
    ["final value", q(s.finalValue)],
    ["hodl value", q(s.hodlValue)],
    ["return", pct(s.return)],
    // The attribution rows from "hold PnL" to "− costs" add up to "net PnL" (see BacktestSummary.impermanentLossQuote).
    ["net PnL (quote)", q(s.pnl)],
    ["  hold PnL", q(s.holdPnl)],
    ["  fees (quote)", q(s.feesQuote)],
    ["  fee-token revaluation", q(s.attribution.inventoryFees)],
    ["  IL (quote)", q(s.impermanentLossQuote)],
    ["  hedge PnL", q(s.attribution.hedge)],
    ["  funding", q(s.attribution.funding)],
    ["  premium / interest", q(s.attribution.premium)],
    ["  − costs", q(-s.costsQuote)],
    ["impermanent loss", pct(s.impermanentLoss)],
    ["LVR (quote)", q(s.lvrQuote)],
    ["hedge trades", String(s.hedgeTrades)],
    ["liquidations", String(s.liquidations)],
    [annualised("annualised vol", s), pct(s.annualizedVol)],
    [annualised("Sharpe", s), formatNumber(s.sharpe, 4)],
    ["max drawdown", pct(s.maxDrawdown)],
    ["time in range", pct(s.timeInRange)],
    ["rebalances", String(s.rebalances)],
    ["liquidity (raw)", s.liquidity],
    ["liquidity (human)", formatNumber(s.liquidityHuman, 8)],
    ["ticks", s.tickLower === null ? "-" : `[${s.tickLower}, ${s.tickUpper})`],
  ];
}

/** Returns the key-value rows of a vault run's summary (the first human table, and the report's). */
function vaultRows(s: VaultBacktestSummary): [string, string][] {
  const q = (x: number) => formatNumber(x, 8);
  return [
    ["vault", `${s.pools.length} pools, numeraire ${s.numeraire}`],
    ["span", `${s.from} .. ${s.to}`],
    ["rows (minutes)", formatNumber(s.rows)],
    ["initial value", q(s.initialValue)],
    ["final value", q(s.finalValue)],
    ["pnl", q(s.pnl)],
    ["attributed pnl", q(s.attributedPnl)],
    ["return", `${(s.return * 100).toFixed(3)} %`],
    ["hedge trades", String(s.hedgeTrades)],
  ];
}

/** Returns the human tables of a vault run: the vault summary, one row per pool and venue, net delta per asset. */
function vaultTables(s: VaultBacktestSummary): string {
  const q = (x: number) => formatNumber(x, 8);
  const { headers, rows } = vaultPartTable(s);
  const parts = renderTable(
    headers,
    rows.map((r) => [r.part, r.assets, q(r.value), ...r.attribution.map(q)]),
  );
  const deltas = renderTable(
    ["asset", "price", "pool delta", "net delta"],
    Object.keys(s.netDelta).map((a) => [a, q(s.prices[a]), q(s.poolDelta[a]), q(s.netDelta[a])]),
  );
  return `${renderKeyValue(vaultRows(s))}\n${parts}\n${deltas}`;
}

/** The event log's two files (events.csv, events.json), as [name, text]. */
function eventFiles(events: EngineEvent[]): [string, string][] {
  return [
    ["events.csv", eventsToCsv(events)],
    ["events.json", eventsToJson(events)],
  ];
}

/** Prepares the --out folder and writes each [name, text] atomically, in order; returns the paths written. */
function writeOutFiles(out: string, files: [string, string][]): string[] {
  const dir = prepareOutDir(out);
  return files.map(([name, text]) => writeAtomic(dir, name, text));
}

/**
 * `lpguard backtest --config FILE [--json] [--out DIR]`: runs a backtest described by a YAML/JSON config on recorded
 * pool minute data and prints a summary table (or the JSON summary); `--out` writes series.csv, events.csv/json and
 * report.html (a vault config also vault.json).
 */
export const registerBacktest: RegisterCommand = (program, io) => {
  program
    .command("backtest")
    .description("Backtest an LP strategy on recorded Uniswap v3 minute data.")
    .requiredOption("--config <file>", "config file (YAML or JSON); data paths resolve relative to it")
    .option("--json", "print the summary as JSON")
    .option("--out <dir>", "write series.csv, events.csv/json and report.html to this folder")
    .option("--db <file|url>", "store the run (SQLite file, or postgres://…); see `lpguard runs`")
    .action(async (opts: { config: string; json?: boolean; out?: string; db?: string }, cmd: Command) => {
      if (!opts.config) throw new ConfigError({ path: "--config", reason: "is required" });
      const file = resolve(opts.config);
      const raw = readConfigFile(file);
      if (isVaultConfig(raw)) {
        rejectFlags(cmd, ["db"], "does not apply to a vault config (a vault run is not stored)");
        const config = parseVaultConfig(raw, file);
        checkConfigInputPaths(raw, file);
        // The report's per-bar detail is recorded only with --out (the same results, read bar by bar).
        const run = runVaultBacktest({ config, baseDir: dirname(file), detail: opts.out !== undefined });
        const s = run.summary;
        const files =
          opts.out === undefined || run.detail === undefined
            ? []
            : writeOutFiles(opts.out, [
                ["vault.json", toJsonText(s)],
                ["series.csv", vaultSeriesToCsv(run.detail)],
                ...eventFiles(run.events),
                [
                  "report.html",
                  renderVaultHtml({
                    title: `lpguard vault backtest: ${s.poolDetails.map((p) => p.pair).join(" + ")} (${s.numeraire})`,
                    summary: s,
                    rows: vaultRows(s),
                    detail: run.detail,
                    events: run.events,
                    format: (x) => formatNumber(x, 8),
                  }),
                ],
              ]);
        if (opts.json) io.out(toJsonText(opts.out !== undefined ? { ...run.summary, files } : run.summary));
        else {
          io.out(vaultTables(run.summary));
          for (const f of files) io.out(`wrote ${f}\n`);
        }
        return;
      }
      // Schema first (a bad field is named before a missing file), then every file the config names, before any work.
      parseBacktestConfig(raw, file);
      checkConfigInputPaths(raw, file);
      let progress: ReturnType<typeof createProgress> | undefined;
      const run = runBacktestFile(
        file,
        (bar, total) => {
          progress ??= createProgress(io, "backtest", total);
          progress.update(bar);
        },
        // the report's net-delta chart reads the deltas after every bar
        { recordDelta: opts.out !== undefined },
      );
      progress?.done();
      const summary = summarizeBacktest(run);
      const stored = await storeRunIfAsked(opts.db, { kind: "backtest", result: run, summary });
      if (stored) io.err(`stored run ${stored.id}\n`);
      const files =
        opts.out === undefined
          ? []
          : writeOutFiles(opts.out, [
              ["series.csv", seriesToCsv(run.series)],
              ...eventFiles(run.events),
              [
                "report.html",
                renderBacktestHtml({
                  title: `lpguard backtest: ${summary.strategy} on ${summary.pair}`,
                  series: run.series,
                  summary: summaryRows(summary),
                  events: run.events,
                  waterfall: backtestWaterfall(summary),
                  delta: run.delta,
                }),
              ],
            ]);
      if (opts.json) io.out(toJsonText(opts.out !== undefined ? { ...summary, files } : summary));
      else {
        io.out(renderKeyValue(summaryRows(summary)));
        for (const n of summary.notices) io.out(`notice: ${n}\n`);
        for (const f of files) io.out(`wrote ${f}\n`);
      }
    });
};
