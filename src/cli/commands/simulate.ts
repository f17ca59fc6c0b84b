import { dirname, resolve } from "node:path";
import { ConfigError } from "../../errors/config.js";
import { renderSimulationHtml, simulationSummaryCsv } from "../../report/renderSimulationHtml.js";
import {
  loadSimulationConfig,
  runSimulation,
  type SimulationReport,
  type StrategyResult,
} from "../../simulate/index.js";
import { storeRunIfAsked } from "../../store/recordRun.js";
import { parseIntFlag } from "../flags.js";
import { toJsonText } from "../json.js";
import { prepareOutDir, writeAtomic } from "../outDir.js";
import { createProgress } from "../progress.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

const q = (x: number) => formatNumber(x, 6);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Returns the hedge column of a strategy: its kernel-style hedge mode, or "<strategy> + <hedges>" of an engine block. */
function hedgeLabel(s: StrategyResult): string {
  if (s.hedge !== null)
    return s.hedge.mode === "interval" ? `every ${s.hedge.every}` : `band ${s.hedge.band}`;
  if (s.engine.strategy === "passive" && s.engine.hedges.length === 0) return "none";
  return `engine ${s.engine.strategy}${s.engine.hedges.length > 0 ? ` + ${s.engine.hedges.join(" + ")}` : ""}`;
}

/** Returns the human rendering of a simulation report: the run, then two tables per strategy. */
export function renderSimulationReport(r: SimulationReport): string {
  const head = renderKeyValue([
    ["model", `${r.model.kind}, volatility ${pct(r.model.volatility)}`],
    ["initial price", q(r.initialPrice)],
    ["horizon", `${r.horizonDays} days, ${formatNumber(r.steps)} steps`],
    ["paths, seed", `${formatNumber(r.paths)}, ${r.seed}`],
    ["pool fee", `${(r.pool.feeRate * 100).toFixed(2)} %`],
    ["noise turnover / yr", r.pool.noise ? q(r.pool.noise.turnoverPerYear) : "-"],
    ["deposit", q(r.deposit)],
    [
      r.syntheticPool.derived ? "engine pool (from pool)" : "engine pool",
      `${r.syntheticPool.pool.slice(0, 10)}…, fee ${(r.syntheticPool.fee * 100).toFixed(2)} %, L ${r.syntheticPool.liquidity.toExponential(3)}`,
    ],
    [
      "engine volume / day",
      `${q(r.syntheticPool.dailyTurnover * r.syntheticPool.tvl)} (σ ${r.syntheticPool.volumeSigma})`,
    ],
  ]);
  const dist = renderTable(
    ["strategy", "mean PnL", "std", "p1", "p5", "p50", "p95", "p99", "P(loss)", "ES 5%"],
    r.strategies.map((s) => [
      s.name,
      q(s.totalPnl.mean),
      q(s.totalPnl.std),
      q(s.totalPnl.p1),
      q(s.totalPnl.p5),
      q(s.totalPnl.p50),
      q(s.totalPnl.p95),
      q(s.totalPnl.p99),
      pct(s.totalPnl.probLoss),
      q(s.totalPnl.expectedShortfall5),
    ]),
  );
  const parts = renderTable(
    [
      "strategy",
      "range",
      "hedge",
      "fees",
      "LVR",
      "hedge PnL",
      "costs",
      "LVR/yr",
      "theory LVR/yr",
      "in range",
      "trades",
    ],
    r.strategies.map((s) => [
      s.name,
      `[${q(s.lower)}, ${q(s.upper)}]`,
      hedgeLabel(s),
      q(s.fees.mean),
      q(s.lvr.mean),
      q(s.hedgePnl.mean),
      q(s.costs.mean),
      q(s.lvrPerYear),
      q(s.theoreticalLvrPerYear),
      pct(s.meanInRangeFraction),
      formatNumber(s.meanRebalances, 4),
    ]),
  );
  return `${head}\nTotal PnL (quote)\n${dist}\nMeans per path (quote)\n${parts}`;
}

type SimulateOptions = {
  config: string;
  paths?: string;
  seed?: string;
  workers?: string;
  json?: boolean;
  out?: string;
  db?: string;
};

/**
 * `lpguard simulate --config FILE [--paths N] [--seed S] [--workers W] [--json] [--out DIR]`: Monte Carlo comparison
 * of LP strategies on the same generated price paths; `--out` writes report.html and summary.csv atomically.
 */
export const registerSimulate: RegisterCommand = (program, io) => {
  program
    .command("simulate")
    .description("Compare LP strategies (hedged, unhedged, ranges) on the same simulated price paths.")
    .requiredOption("--config <file>", "config file (YAML or JSON); data paths resolve relative to it")
    .option("--paths <n>", "number of paths", "10000")
    .option("--seed <s>", "integer seed in [0, 4294967295]", "1")
    .option("--workers <w>", "worker threads (results do not depend on it)", "1")
    .option("--json", "print the report as JSON")
    .option("--out <dir>", "write report.html and summary.csv to this folder")
    .option("--db <file|url>", "store the run (SQLite file, or postgres://…); see `lpguard runs`")
    .action(async (opts: SimulateOptions) => {
      if (!opts.config) throw new ConfigError({ path: "--config", reason: "is required" });
      const paths = parseIntFlag("--paths", opts.paths, { min: 1, max: 100_000_000 });
      const seed = parseIntFlag("--seed", opts.seed, { min: 0, max: 2 ** 32 - 1 });
      const workers = parseIntFlag("--workers", opts.workers, { min: 1, max: 256 });
      const file = resolve(opts.config);
      const config = loadSimulationConfig(file);
      const dir = opts.out !== undefined ? prepareOutDir(opts.out) : undefined;
      const progress = createProgress(io, "simulate", paths * config.strategies.length);
      const run = await runSimulation(config, {
        paths,
        seed,
        workers,
        baseDir: dirname(file),
        tracePaths: dir === undefined ? 0 : 200,
        onProgress: (done) => progress.update(done),
      });
      progress.done();
      const stored = await storeRunIfAsked(opts.db, {
        kind: "simulate",
        spec: { config, paths, seed },
        result: run,
      });
      if (stored) io.err(`stored run ${stored.id}\n`);
      const files: string[] = [];
      if (dir !== undefined) {
        files.push(writeAtomic(dir, "report.html", renderSimulationHtml(run)));
        files.push(writeAtomic(dir, "summary.csv", simulationSummaryCsv(run)));
      }
      if (opts.json) io.out(toJsonText(dir !== undefined ? { ...run.report, files } : run.report));
      else {
        io.out(renderSimulationReport(run.report));
        for (const f of files) io.out(`wrote ${f}\n`);
      }
    });
};
