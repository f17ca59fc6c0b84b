import { resolve } from "node:path";
import { type BacktestSummary, runBacktestFile, summarizeBacktest } from "../../backtest/index.js";
import { ConfigError } from "../../errors/config.js";
import { eventsToCsv, eventsToJson, renderBacktestHtml, seriesToCsv } from "../../report/index.js";
import { storeRunIfAsked } from "../../store/recordRun.js";
import { prepareOutDir, writeAtomic } from "../outDir.js";
import { createProgress } from "../progress.js";
import { formatNumber, renderKeyValue } from "../table.js";
import type { RegisterCommand } from "./index.js";

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
    ["fees (quote)", q(s.feesQuote)],
    ["impermanent loss", pct(s.impermanentLoss)],
    ["LVR (quote)", q(s.lvrQuote)],
    ["rebalancing PnL", q(s.attribution.rebalancing)],
    ["inventory PnL", q(s.attribution.inventory)],
    ["costs (quote)", q(s.costsQuote)],
    ["annualised vol", pct(s.annualizedVol)],
    ["Sharpe", formatNumber(s.sharpe, 4)],
    ["max drawdown", pct(s.maxDrawdown)],
    ["time in range", pct(s.timeInRange)],
    ["rebalances", String(s.rebalances)],
    ["liquidity", s.liquidity],
    ["ticks", s.tickLower === null ? "-" : `[${s.tickLower}, ${s.tickUpper})`],
  ];
}

/**
 * `lpguard backtest --config FILE [--json] [--out DIR]`: runs a backtest described by a YAML/JSON config on recorded
 * pool minute data and prints a summary table (or the JSON summary); `--out` writes series.csv and report.html.
 */
export const registerBacktest: RegisterCommand = (program, io) => {
  program
    .command("backtest")
    .description("Backtest an LP strategy on recorded Uniswap v3 minute data.")
    .requiredOption("--config <file>", "config file (YAML or JSON); data paths resolve relative to it")
    .option("--json", "print the summary as JSON")
    .option("--out <dir>", "write series.csv, events.csv/json and report.html to this folder")
    .option("--db <file|url>", "store the run (SQLite file, or postgres://…); see `lpguard runs`")
    .action(async (opts: { config: string; json?: boolean; out?: string; db?: string }) => {
      if (!opts.config) throw new ConfigError({ path: "--config", reason: "is required" });
      const file = resolve(opts.config);
      let progress: ReturnType<typeof createProgress> | undefined;
      const run = runBacktestFile(file, (bar, total) => {
        progress ??= createProgress(io, "backtest", total);
        progress.update(bar);
      });
      progress?.done();
      const summary = summarizeBacktest(run);
      const stored = await storeRunIfAsked(opts.db, { kind: "backtest", result: run, summary });
      if (stored) io.err(`stored run ${stored.id}\n`);
      const files: string[] = [];
      if (opts.out !== undefined) {
        const dir = prepareOutDir(opts.out);
        files.push(writeAtomic(dir, "series.csv", seriesToCsv(run.series)));
        files.push(writeAtomic(dir, "events.csv", eventsToCsv(run.events)));
        files.push(writeAtomic(dir, "events.json", eventsToJson(run.events)));
        files.push(
          writeAtomic(
            dir,
            "report.html",
            renderBacktestHtml({
              title: `lpguard backtest: ${summary.strategy} on ${summary.pair}`,
              series: run.series,
              summary: summaryRows(summary),
              events: run.events,
            }),
          ),
        );
      }
      if (opts.json)
        io.out(`${JSON.stringify(opts.out !== undefined ? { ...summary, files } : summary, null, 2)}\n`);
      else {
        io.out(renderKeyValue(summaryRows(summary)));
        for (const f of files) io.out(`wrote ${f}\n`);
      }
    });
};
