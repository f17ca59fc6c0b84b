import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import {
  type CompareRow,
  MIN_EFFECTIVENESS_DAYS,
  parseCompareConfig,
  parseStripPricingConfig,
  readConfigFile,
  runCompare,
  runStripPricing,
  type StripPricingReturnType,
} from "../../backtest/index.js";
import { checkConfigInputPaths } from "../../config/index.js";
import type { EngineEvent } from "../../engine/types.js";
import { ConfigError } from "../../errors/config.js";
import { eventsToCsv, eventsToJson, renderCompareHtml, renderStripPricingHtml } from "../../report/index.js";
import { storeRunIfAsked } from "../../store/recordRun.js";
import { rejectFlags } from "../flags.js";
import type { CliIO } from "../io.js";
import { toJsonText } from "../json.js";
import { prepareOutDir, writeAtomic } from "../outDir.js";
import { createProgress } from "../progress.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

/**
 * Column headers of the human table, in order, with the CompareRow field each shows. The columns from "hold PnL" to
 * "−costs" add up to "net PnL" (costs printed negated; the rounding residual ≪ 0.01 is not shown); the rest inform.
 */
const COLUMNS: [string, keyof CompareRow][] = [
  ["strategy", "name"],
  ["net PnL", "netPnl"],
  ["hold PnL", "holdPnl"],
  ["fees", "fees"],
  ["fee reval.", "feeRevaluation"],
  ["IL", "il"],
  ["hedge PnL", "hedgePnl"],
  ["funding", "funding"],
  ["option theta", "optionPremium"],
  ["interest", "interest"],
  ["−costs", "costs"],
  ["LVR", "lvr"],
  ["prem. paid", "premiumPaid"],
  ["PnL vol/day", "pnlVol"],
  ["max DD", "maxDrawdown"],
  ["hedge eff.", "hedgeEffectiveness"],
  ["hedge trades", "hedgeTrades"],
  ["liq.", "liquidations"],
];

/** The columns of COLUMNS whose printed values sum to net PnL. */
export const SUMMING_COLUMNS = COLUMNS.slice(2, 11).map(([h]) => h);

function cells(r: CompareRow): string[] {
  return COLUMNS.map(([, k]) => {
    const v = r[k];
    if (typeof v === "string") return v;
    if (v === null || v === undefined) return "n/a";
    if (k === "maxDrawdown") return `${(v * 100).toFixed(2)} %`;
    if (k === "hedgeEffectiveness") return v.toFixed(3);
    if (k === "hedgeTrades" || k === "liquidations") return String(v);
    if (k === "costs") return (-v).toFixed(2);
    return v.toFixed(2);
  });
}

/** The JSON shape of the strip-pricing section. */
function stripSummary(r: StripPricingReturnType) {
  const iso = (t: number) => new Date(t).toISOString();
  return {
    kind: "stripPricing" as const,
    snapshotTime: iso(r.snapshotTime),
    expiry: iso(r.expiry),
    timeToExpiry: r.timeToExpiry,
    indexPrice: r.indexPrice,
    forward: r.forward,
    liquidity: r.liquidity,
    lower: r.lower,
    upper: r.upper,
    lpValue: r.lpValue,
    bond: r.strip.bond,
    forwardUnits: r.strip.forwardUnits,
    options: r.priced.lines.length,
    hedgePremium: r.priced.hedgePremium,
    hedgePremiumAtTouch: r.priced.hedgePremiumAtTouch,
    stripValue: r.priced.total,
    maxAbsError: r.maxAbsError,
    rmsError: r.rmsError,
    errorBound: r.strip.errorBound,
    lines: r.priced.lines,
  };
}

/** The human key-value rows and the option-line table of a strip pricing (printed, and written to report.html). */
function stripTables(s: ReturnType<typeof stripSummary>): {
  rows: [string, string][];
  headers: string[];
  lines: (string | number)[][];
} {
  const q = (x: number | null) => (x === null ? "-" : formatNumber(x, 6));
  return {
    rows: [
      ["snapshot", s.snapshotTime],
      ["expiry", `${s.expiry} (${(s.timeToExpiry * 365).toFixed(1)} days)`],
      ["index / forward", `${q(s.indexPrice)} / ${q(s.forward)}`],
      ["LP range", `[${q(s.lower)}, ${q(s.upper)}], liquidity ${q(s.liquidity)}`],
      ["LP value", q(s.lpValue)],
      ["strip: bond, forward units", `${q(s.bond)}, ${q(s.forwardUnits)}`],
      ["strip value (model)", q(s.stripValue)],
      ["hedge premium (buy the options)", q(s.hedgePremium)],
      ["hedge premium at touch", q(s.hedgePremiumAtTouch)],
      ["replication error max / RMS", `${q(s.maxAbsError)} / ${q(s.rmsError)}`],
      ["analytic bound (interior)", q(s.errorBound.interior)],
    ],
    headers: ["strike", "kind", "weight", "vol", "price", "value", "bid", "ask", "source"],
    lines: s.lines.map((l) => [
      l.strike,
      l.kind,
      l.weight,
      l.vol,
      l.priceQuote,
      l.valueQuote,
      q(l.bidQuote),
      q(l.askQuote),
      l.source,
    ]),
  };
}

/** Prints a strip pricing (table or JSON); with `out`, first writes strip.json and report.html there. */
function printStrip(io: CliIO, r: StripPricingReturnType, json: boolean, out: string | undefined): void {
  const s = stripSummary(r);
  const t = stripTables(s);
  const files: string[] = [];
  if (out !== undefined) {
    const dir = prepareOutDir(out);
    files.push(writeAtomic(dir, "strip.json", toJsonText(s)));
    files.push(
      writeAtomic(
        dir,
        "report.html",
        renderStripPricingHtml({
          title: `lpguard compare: static strip for a LP range, expiry ${s.expiry.slice(0, 10)}`,
          rows: t.rows,
          headers: t.headers,
          lines: t.lines.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c, 6) : c))),
        }),
      ),
    );
  }
  if (json) {
    io.out(toJsonText(out !== undefined ? { ...s, files } : s));
    return;
  }
  io.out(renderKeyValue(t.rows));
  io.out(renderTable(t.headers, t.lines));
  for (const f of files) io.out(`wrote ${f}\n`);
}

/**
 * `lpguard compare --config FILE [--json] [--out DIR]`: runs every strategy of a compare config (range × hedge) on
 * the same recorded data and prints one table (or, with --json, an array of CompareRow objects); --out writes
 * compare.json, report.html (side by side), events.csv and events.json (every run's event log, with a `run` field).
 * A config with a `stripPricing` section instead prices a static option strip for an LP position on a recorded
 * option chain (no backtest: see src/backtest/stripPricing.ts).
 */
export const registerCompare: RegisterCommand = (program, io) => {
  program
    .command("compare")
    .description(
      "Compare LP strategies and hedges (perp, borrow, Whalley–Wilmott, ...) on the same recorded data.",
    )
    .requiredOption("--config <file>", "compare config (YAML or JSON); data paths resolve relative to it")
    .option("--json", "print the rows as a JSON array")
    .option(
      "--out <dir>",
      "write compare.json, report.html, events.csv and events.json to this folder (strip pricing: strip.json, report.html)",
    )
    .option("--db <file|url>", "store the run (SQLite file, or postgres://…); see `lpguard runs`")
    .action(async (opts: { config: string; json?: boolean; out?: string; db?: string }, cmd: Command) => {
      if (!opts.config) throw new ConfigError({ path: "--config", reason: "is required" });
      const file = resolve(opts.config);
      const raw = readConfigFile(file);
      if (raw !== null && typeof raw === "object" && "stripPricing" in raw) {
        rejectFlags(cmd, ["db"], "does not apply to a stripPricing config (a pricing, not a stored run)");
        printStrip(
          io,
          runStripPricing(parseStripPricingConfig(raw, file), dirname(file)),
          opts.json === true,
          opts.out,
        );
        return;
      }
      let progress: ReturnType<typeof createProgress> | undefined;
      const config = parseCompareConfig(raw, file);
      checkConfigInputPaths(raw, file);
      const result = runCompare({
        config,
        baseDir: dirname(file),
        onRun: (i, total) => {
          progress ??= createProgress(io, "compare", total);
          progress.update(i);
        },
      });
      progress?.done();
      const rows = result.rows;
      const stored = await storeRunIfAsked(opts.db, { kind: "compare", spec: config, result });
      if (stored) io.err(`stored run ${stored.id}\n`);
      const files: string[] = [];
      if (opts.out !== undefined) {
        const dir = prepareOutDir(opts.out);
        const events: EngineEvent[] = [];
        result.runs.forEach((run, i) => {
          for (const e of run.events) events.push({ ...e, fields: { run: rows[i].name, ...e.fields } });
        });
        const first = result.runs[0];
        const pair = `${first.meta.baseToken === 1 ? first.meta.token1.symbol : first.meta.token0.symbol}/${first.meta.baseToken === 1 ? first.meta.token0.symbol : first.meta.token1.symbol}`;
        files.push(writeAtomic(dir, "compare.json", toJsonText(rows)));
        files.push(
          writeAtomic(
            dir,
            "report.html",
            renderCompareHtml({
              title: `lpguard compare on ${pair} (${first.totals.rows.toLocaleString("en-US")} minutes)`,
              headers: COLUMNS.map(([h]) => h),
              rows: rows.map(cells),
              runs: result.runs.map((r, i) => ({
                name: rows[i].name,
                series: r.series,
                initialValue: r.totals.initialValue,
              })),
              notes: [
                `Hedge effectiveness = 1 − var(daily PnL) / var(daily PnL of the unhedged run with the same range strategy, else "${result.baseline}").`,
                "Money in quote units. net PnL = hold PnL + fees + fee reval. + IL + hedge PnL + funding + option theta + interest − costs. hold PnL = price PnL of holding the entry amounts; IL = LP book price PnL (fee tokens' revaluation excluded) − hold PnL. Hedge margin / collateral is capital added on top of the LP deposit, so every run holds the same LP position.",
                `Hedge effectiveness is n/a on fewer than ${MIN_EFFECTIVENESS_DAYS} daily observations.`,
              ],
            }),
          ),
        );
        files.push(writeAtomic(dir, "events.csv", eventsToCsv(events)));
        files.push(writeAtomic(dir, "events.json", eventsToJson(events)));
      }
      if (opts.json) io.out(toJsonText(rows));
      else {
        io.out(
          renderTable(
            COLUMNS.map(([h]) => h),
            rows.map(cells),
          ),
        );
        io.out(
          `net PnL = hold PnL + fees + fee reval. + IL + hedge PnL + funding + option theta + interest − costs; hedge effectiveness vs the unhedged run of the same range (default "${result.baseline}"), n/a under ${MIN_EFFECTIVENESS_DAYS} daily observations; money in quote units (${formatNumber(result.runs[0].totals.rows)} minutes)\n`,
        );
        result.runs.forEach((run, i) => {
          for (const n of run.notices) io.out(`notice: ${rows[i].name}: ${n}\n`);
        });
        for (const r of rows)
          if (r.hedgeEffectivenessNote !== undefined)
            io.out(`${r.name}: hedge effectiveness n/a: ${r.hedgeEffectivenessNote}\n`);
        for (const f of files) io.out(`wrote ${f}\n`);
      }
    });
};
