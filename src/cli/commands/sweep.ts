import { basename, dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../../errors/config.js";
import { createDirPointCache, createMemoryPointCache } from "../../sweep/cache.js";
import { axisName, loadSweepConfig } from "../../sweep/config.js";
import { createQueueExecutor } from "../../sweep/queue.js";
import { renderSweepHtml } from "../../sweep/report.js";
import {
  createLocalExecutor,
  runSweep,
  type SweepAggregate,
  type SweepExecutor,
  sweepJson,
  valueLabel,
} from "../../sweep/runSweep.js";
import { saveSweep } from "../../sweep/saveSweep.js";
import { parseIntFlag, rejectFlags } from "../flags.js";
import { toJsonText } from "../json.js";
import { prepareOutDir, resolveOutPath, writeAtomic } from "../outDir.js";
import { createProgress } from "../progress.js";
import { renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

/** Returns the human table of the `top` best points of a sweep. */
export function renderSweepTable(a: SweepAggregate, top: number): string {
  const names = a.sweep.axes.map((x) => x.name);
  const best = [...a.points].sort((p, r) => p.rank - r.rank).slice(0, top);
  const cell = (k: number, v: unknown) => (typeof v === "number" ? v : valueLabel(a.sweep.axes[k], v));
  return renderTable(
    [
      "rank",
      "point",
      ...names,
      `objective (${a.sweep.objective.kind})`,
      "net PnL",
      "fees",
      "LVR",
      "costs",
      "PnL vol",
      "frontier",
    ],
    best.map((p) => [
      p.rank,
      p.index,
      ...names.map((n, k) => cell(k, p.params[n])),
      p.objective,
      p.metrics.netPnl,
      p.metrics.fees,
      p.metrics.lvr,
      p.metrics.costs,
      p.metrics.pnlVol,
      p.frontier ? "yes" : "",
    ]),
  );
}

type SweepOptions = {
  config: string;
  workers?: string;
  out?: string;
  queue?: string;
  db?: string;
  json?: boolean;
};

/**
 * `lpguard sweep --config FILE [--workers N] [--out DIR] [--queue redis://HOST:PORT] [--json]`: runs a parameter
 * sweep of backtests on local worker threads or on queue workers; `--out` keeps every point (resume) and writes
 * sweep.json and report.html atomically.
 */
/** `<parent>/.<name>.lpguard-points`: the resumable point cache of a sweep whose `--out` is `<parent>/<name>`. */
export function pointCacheDir(out: string): string {
  return join(dirname(out), `.${basename(out)}.lpguard-points`);
}

export const registerSweep: RegisterCommand = (program, io) => {
  program
    .command("sweep")
    .description("Run a backtest for every point of a parameter sweep (grid, random or Latin hypercube).")
    .requiredOption("--config <file>", "sweep config (YAML or JSON); data paths resolve relative to it")
    .option("--workers <n>", "local worker threads (results do not depend on it)", "1")
    .option(
      "--out <dir>",
      "write sweep.json, report.html; finished points are kept beside it in .DIR.lpguard-points (a rerun resumes)",
    )
    .option(
      "--queue <url>",
      "run the points on `lpguard worker` processes through BullMQ on redis://HOST:PORT",
    )
    .option("--db <file|url>", "also store the sweep and its points (SQLite file or postgres:// url)")
    .option("--json", "print every point with its parameters and metrics")
    .action(async (opts: SweepOptions, cmd: Command) => {
      if (!opts.config) throw new ConfigError({ path: "--config", reason: "is required" });
      if (opts.queue !== undefined)
        rejectFlags(
          cmd,
          ["workers"],
          "does not apply with --queue (the points run on `lpguard worker` processes)",
        );
      const workers = parseIntFlag("--workers", opts.workers, { min: 1, max: 256 });
      const file = resolve(opts.config);
      const config = loadSweepConfig(file);
      const dir = opts.out !== undefined ? prepareOutDir(opts.out) : undefined;
      // Finished points live beside the output folder, not in it: `--out` appears whole or not at all (a killed run
      // leaves no partial folder), while the points of a killed sweep must survive for the rerun to resume.
      const cache =
        opts.out !== undefined
          ? createDirPointCache(pointCacheDir(resolveOutPath(opts.out)))
          : createMemoryPointCache();
      const executor: SweepExecutor =
        opts.queue !== undefined
          ? await createQueueExecutor({ url: opts.queue })
          : createLocalExecutor(workers);
      let progress: ReturnType<typeof createProgress> | undefined;
      let run: Awaited<ReturnType<typeof runSweep>>;
      try {
        run = await runSweep({
          config,
          baseDir: dirname(file),
          file,
          cache,
          executor,
          onProgress: (done, total) => {
            progress ??= createProgress(io, "sweep", total);
            progress.update(done);
          },
        });
      } finally {
        await executor.close();
      }
      progress?.done();
      const files: string[] = [];
      if (dir !== undefined) {
        files.push(writeAtomic(dir, "sweep.json", sweepJson(run.aggregate)));
        files.push(
          writeAtomic(
            dir,
            "report.html",
            renderSweepHtml(run.aggregate, { top: config.top, heatmap: config.heatmap }),
          ),
        );
      }
      const stored =
        opts.db !== undefined
          ? await saveSweep({ db: opts.db, name: basename(file), spec: config, aggregate: run.aggregate })
          : undefined;
      if (stored !== undefined) io.err(`stored sweep ${stored.id}\n`);
      if (opts.json)
        io.out(
          toJsonText({
            ...run.aggregate,
            ...(dir !== undefined ? { files } : {}),
            ...(stored !== undefined ? { sweepId: stored.id } : {}),
          }),
        );
      else {
        const a = run.aggregate;
        io.out(
          `${a.sweep.points} points (${a.sweep.distinct} distinct; ${run.executed} run, ${run.cached} from the cache) over ${config.axes.map(axisName).join(" × ")}\n`,
        );
        io.out(renderSweepTable(a, config.top));
        for (const f of files) io.out(`wrote ${f}\n`);
      }
    });
};
