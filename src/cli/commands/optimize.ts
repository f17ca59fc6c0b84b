import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../../errors/config.js";
import { loadOptimizeConfig } from "../../optimize/config.js";
import type { RangeCandidate } from "../../optimize/rangeModel.js";
import { type RunOptimizeReturnType, runOptimize } from "../../optimize/runOptimize.js";
import { createLocalExecutor } from "../../sweep/runSweep.js";
import { parseIntFlag, rejectFlags } from "../flags.js";
import { toJsonText } from "../json.js";
import { createProgress } from "../progress.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

const q = (x: number) => formatNumber(x, 5);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const cand = (c: RangeCandidate) => `±${c.widthPct} %${c.band === null ? "" : ` δ±${c.band}`}`;

/** Returns the human rendering of an optimize run: the proposal, its candidates, the walk-forward table. */
export function renderOptimize(r: RunOptimizeReturnType, top = 10): string {
  const p = r.proposal;
  const head = renderKeyValue([
    ["window", `${p.window.from} .. ${p.window.to}`],
    ["price", q(p.price)],
    ["horizon", `${p.horizonDays} days`],
    [
      "forecast vol",
      `${pct(p.forecast.volatility)} (${p.forecast.model}; realised ${pct(p.forecast.realisedVol)})`,
    ],
    ["model choice", cand(p.modelChoice)],
    ["choice (checked by backtest)", cand(p.choice)],
  ]);
  const cands = renderTable(
    ["candidate", "fees", "LVR", "costs", "variance", "objective", "in range", "P(exit)"],
    p.candidates
      .slice(0, top)
      .map((c) => [
        cand(c),
        q(c.fees),
        q(c.lvr),
        q(c.costs),
        q(c.variance),
        q(c.objective),
        pct(c.inRange),
        pct(c.exitProbability),
      ]),
  );
  const checked = renderTable(
    ["checked", "net PnL", "PnL vol", "utility"],
    p.checked.map((c) => [cand(c), q(c.metrics.netPnl), q(c.metrics.pnlVol), q(c.utility)]),
  );
  let out = `${head}\nModel candidates (best ${Math.min(top, p.candidates.length)} of ${p.candidates.length})\n${cands}\nBacktest check on the window\n${checked}`;
  const wf = r.walkForward;
  if (wf !== null) {
    out += `\nWalk-forward (${wf.windowDays}-day windows): rank out of sample among ${wf.rows[0]?.candidates ?? 0} candidates\n`;
    out += renderTable(
      [
        "train",
        "test",
        "fcst vol",
        "real vol",
        "choice",
        "rank",
        "model",
        "rank",
        "naive",
        "rank",
        "best",
        "utility",
        "best u.",
        "median u.",
      ],
      wf.rows.map((w) => [
        `${w.train.from}..${w.train.to.slice(5)}`,
        `${w.test.from}..${w.test.to.slice(5)}`,
        pct(w.forecastVol),
        pct(w.realisedVol),
        cand(w.choice),
        w.rank,
        cand(w.modelChoice),
        w.modelRank,
        cand(w.naiveChoice),
        w.naiveRank,
        cand(w.best),
        q(w.utility),
        q(w.bestUtility),
        q(w.medianUtility),
      ]),
    );
    out += `mean rank: choice ${q(wf.meanRank)}, model ${q(wf.meanModelRank)}, naive ${q(wf.meanNaiveRank)}\n`;
  }
  return out;
}

type OptimizeOptions = { config: string; workers?: string; json?: boolean };

/**
 * `lpguard optimize --config FILE [--workers N] [--json]`: proposes the range width (and hedge band) for the days
 * after the data; with `walkForward` in the config, also ranks its choices out of sample.
 */
export const registerOptimize: RegisterCommand = (program, io) => {
  program
    .command("optimize")
    .description(
      "Propose a range width (and hedge band) from forecast volatility and fee income; walk-forward check.",
    )
    .requiredOption("--config <file>", "optimize config (YAML or JSON); data paths resolve relative to it")
    .option("--workers <n>", "worker threads of the walk-forward sweeps", "1")
    .option("--json", "print the proposal and the walk-forward table as JSON")
    .action(async (opts: OptimizeOptions, cmd: Command) => {
      if (!opts.config) throw new ConfigError({ path: "--config", reason: "is required" });
      const workers = parseIntFlag("--workers", opts.workers, { min: 1, max: 256 });
      const file = resolve(opts.config);
      const config = loadOptimizeConfig(file);
      if (config.walkForward === undefined)
        rejectFlags(
          cmd,
          ["workers"],
          "applies only to a config with walkForward (its sweeps run on the workers)",
        );
      const executor = createLocalExecutor(workers);
      let progress: ReturnType<typeof createProgress> | undefined;
      let r: RunOptimizeReturnType;
      try {
        r = await runOptimize({
          config,
          baseDir: dirname(file),
          executor,
          onStep: (k, n) => {
            progress ??= createProgress(io, "walk-forward", n);
            progress.update(k);
          },
        });
      } finally {
        await executor.close();
      }
      progress?.done();
      if (opts.json) io.out(toJsonText(r));
      else io.out(renderOptimize(r));
    });
};
