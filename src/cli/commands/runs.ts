import { ConfigError } from "../../errors/config.js";
import { NotFoundError } from "../../errors/store.js";
import { openStore } from "../../store/openStore.js";
import { runListItem } from "../../store/runItem.js";
import { RunKind, RunStatus } from "../../store/types.js";
import { parseIntFlag } from "../flags.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

const KINDS = Object.values(RunKind) as string[];
const STATUSES = Object.values(RunStatus) as string[];

function summaryEntries(summary: unknown): [string, string][] {
  if (summary === null || typeof summary !== "object" || Array.isArray(summary)) return [];
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(summary as Record<string, unknown>)) {
    if (typeof v === "number") out.push([k, formatNumber(v)]);
    else if (typeof v === "string" || typeof v === "boolean") out.push([k, String(v)]);
    else if (v === null) out.push([k, "-"]);
  }
  return out;
}

/**
 * `lpguard runs list --db FILE|URL [--kind K] [--status S] [--name TEXT] [--limit N] [--json]` and
 * `lpguard runs show ID --db FILE|URL [--json]`: reads back the runs that `backtest/compare/simulate --db` or the
 * API stored.
 */
export const registerRuns: RegisterCommand = (program, io) => {
  const runs = program
    .command("runs")
    .description("List and show stored runs (see --db on backtest, compare, simulate).");
  runs
    .command("list")
    .description("List stored runs, newest first.")
    .requiredOption("--db <file|url>", "store: SQLite file or postgres://… url")
    .option("--kind <kind>", `only runs of this kind (${KINDS.join(", ")})`)
    .option("--status <status>", `only runs with this status (${STATUSES.join(", ")})`)
    .option("--name <text>", "only runs whose name contains this text")
    .option("--limit <n>", "at most this many runs", "50")
    .option("--json", "print the runs as JSON")
    .action(
      async (opts: {
        db: string;
        kind?: string;
        status?: string;
        name?: string;
        limit: string;
        json?: boolean;
      }) => {
        if (opts.kind !== undefined && !KINDS.includes(opts.kind))
          throw new ConfigError({
            path: "--kind",
            value: opts.kind,
            reason: `must be one of ${KINDS.join(", ")}`,
          });
        if (opts.status !== undefined && !STATUSES.includes(opts.status))
          throw new ConfigError({
            path: "--status",
            value: opts.status,
            reason: `must be one of ${STATUSES.join(", ")}`,
          });
        const limit = parseIntFlag("--limit", opts.limit, { min: 1, max: 1000 });
        const store = await openStore(opts.db);
        try {
          const list = await store.listRuns({
            kind: opts.kind as RunKind | undefined,
            status: opts.status as RunStatus | undefined,
            name: opts.name,
            limit,
          });
          if (opts.json) io.out(`${JSON.stringify(list.map(runListItem), null, 2)}\n`);
          else
            io.out(
              renderTable(
                ["id", "kind", "status", "created", "name"],
                list.map((r) => [r.id, r.kind, r.status, new Date(r.createdAt).toISOString(), r.name]),
              ),
            );
        } finally {
          await store.close();
        }
      },
    );
  runs
    .command("show")
    .description("Show one stored run: its summary, series and event count.")
    .argument("<id>", "run id (from `runs list`)")
    .requiredOption("--db <file|url>", "store: SQLite file or postgres://… url")
    .option("--json", "print the run as JSON (spec, summary, series names and lengths)")
    .action(async (id: string, opts: { db: string; json?: boolean }) => {
      const store = await openStore(opts.db);
      try {
        const run = await store.getRun(id);
        if (run === null) throw new NotFoundError({ field: "run", value: id });
        const series = await store.listSeries(id);
        if (opts.json)
          io.out(
            `${JSON.stringify({ ...runListItem(run), spec: run.spec, summary: run.summary, series }, null, 2)}\n`,
          );
        else {
          io.out(
            renderKeyValue([
              ["id", run.id],
              ["kind", run.kind],
              ["name", run.name],
              ["status", run.status],
              ["created", new Date(run.createdAt).toISOString()],
              [
                "series",
                series.length === 0 ? "-" : `${series.length} × ${formatNumber(series[0].length)} rows`,
              ],
              ...summaryEntries(run.summary),
            ]),
          );
        }
      } finally {
        await store.close();
      }
    });
};
