import type { VaultBacktestSummary } from "../backtest/runVaultBacktest.js";
import { VAULT_PART_COLUMNS, type VaultDetailSeries, type VaultPartColumn } from "../backtest/vaultDetail.js";
import type { EngineEvent } from "../engine/types.js";
import { requireArrayLike, requireNumber, requireObject, requireObjectArray } from "../errors/guards.js";
import { paletteColor } from "./axes.js";
import { downsampleIndices, pickRows } from "./downsample.js";
import { escapeHtml as esc, htmlFigures, htmlKeyValueTable, htmlTable, renderHtmlPage } from "./htmlPage.js";
import { type CsvColumn, columnsToCsv } from "./seriesCsv.js";
import { type ChartLine, svgLineChart } from "./svgLineChart.js";
import { svgWaterfall, type WaterfallStep } from "./svgWaterfall.js";

/** Header of each attribution column in the part tables (CLI and report). */
const PART_HEADER: Record<VaultPartColumn, string> = {
  fees: "fees",
  rebalancing: "rebalancing",
  lvr: "lvr",
  inventory: "inventory",
  hedge: "hedge",
  funding: "funding",
  premium: "premium",
  costs: "costs",
  rounding: "rounding",
  quoteRevaluation: "quote reval.",
  total: "total",
};

/** The signed parts of a part's total: LVR and costs are subtracted (see VAULT_PART_COLUMNS). */
const SIGN: Record<VaultPartColumn, number> = {
  fees: 1,
  rebalancing: 1,
  lvr: -1,
  inventory: 1,
  hedge: 1,
  funding: 1,
  premium: 1,
  costs: -1,
  rounding: 1,
  quoteRevaluation: 1,
  total: 1,
};

/** One row of the vault's part table: a pool or a venue, its assets, value and attribution (numeraire). */
export type VaultPartRow = { part: string; assets: string; value: number; attribution: number[] };

/**
 * Returns the vault's part table, the one definition the CLI and the report print: headers `part, assets, value`,
 * then VAULT_PART_COLUMNS; one row per pool, then per venue (a venue has no quote revaluation: 0). Σ rows of
 * `total` = the summary's attributedPnl (= pnl up to float rounding).
 */
export function vaultPartTable(s: VaultBacktestSummary): { headers: string[]; rows: VaultPartRow[] } {
  requireObject(s, "summary");
  requireObjectArray(s.pools, "summary.pools");
  requireObjectArray(s.venues, "summary.venues");
  return {
    headers: ["part", "assets", "value", ...VAULT_PART_COLUMNS.map((c) => PART_HEADER[c])],
    rows: [
      ...s.pools.map((p) => ({
        part: p.id,
        assets: `${p.baseAsset}/${p.quoteAsset}`,
        value: p.value,
        attribution: VAULT_PART_COLUMNS.map((c) => p.attribution[c]),
      })),
      ...s.venues.map((v) => ({
        part: v.id,
        assets: v.asset,
        value: v.value,
        attribution: VAULT_PART_COLUMNS.map((c) => (c === "quoteRevaluation" ? 0 : v.attribution[c])),
      })),
    ],
  };
}

/**
 * Returns the vault's two attribution waterfalls, both closing with the vault's PnL: by part (each pool's and
 * venue's total) and by component (each attribution column summed over the parts, LVR and costs subtracted).
 * Σ steps = attributedPnl = pnl up to float rounding.
 */
export function vaultWaterfalls(s: VaultBacktestSummary): {
  byPart: { steps: WaterfallStep[]; total: WaterfallStep };
  byComponent: { steps: WaterfallStep[]; total: WaterfallStep };
} {
  const { rows } = vaultPartTable(s);
  const total = { label: "vault PnL", value: requireNumber(s.pnl, "summary.pnl") };
  const ti = VAULT_PART_COLUMNS.indexOf("total");
  return {
    byPart: { steps: rows.map((r) => ({ label: r.part, value: r.attribution[ti] })), total },
    byComponent: {
      steps: VAULT_PART_COLUMNS.filter((c) => c !== "total").map((c) => {
        const j = VAULT_PART_COLUMNS.indexOf(c);
        return {
          label: SIGN[c] < 0 ? `− ${PART_HEADER[c]}` : PART_HEADER[c],
          value: SIGN[c] * rows.reduce((sum, r) => sum + r.attribution[j], 0),
        };
      }),
      total,
    },
  };
}

/**
 * The columns of a vault's series.csv (after `time`): `value`, `hold`; per asset `price.A`, `poolDelta.A`,
 * `netDelta.A`; per pool `<id>.value`, `<id>.inRange`, then `<id>.<column>` of VAULT_PART_COLUMNS; per venue
 * `<id>.value`, `<id>.delta`, `<id>.basis`, then its VAULT_PART_COLUMNS. Values in the numeraire, deltas in units
 * of the asset, attribution cumulative.
 */
export function vaultSeriesColumns(d: VaultDetailSeries): CsvColumn[] {
  requireObject(d, "detail");
  requireObjectArray(d.assets, "detail.assets");
  requireObjectArray(d.pools, "detail.pools");
  requireObjectArray(d.venues, "detail.venues");
  const cols: CsvColumn[] = [
    { name: "value", values: d.value },
    { name: "hold", values: d.hold },
  ];
  for (const a of d.assets)
    cols.push(
      { name: `price.${a.asset}`, values: a.price },
      { name: `poolDelta.${a.asset}`, values: a.poolDelta },
      { name: `netDelta.${a.asset}`, values: a.netDelta },
    );
  const attribution = (id: string, a: Record<VaultPartColumn, Float64Array>) =>
    VAULT_PART_COLUMNS.map((c) => ({ name: `${id}.${c}`, values: a[c] }));
  for (const p of d.pools)
    cols.push(
      { name: `${p.id}.value`, values: p.value },
      { name: `${p.id}.inRange`, values: p.inRange },
      ...attribution(p.id, p.attribution),
    );
  for (const v of d.venues)
    cols.push(
      { name: `${v.id}.value`, values: v.value },
      { name: `${v.id}.delta`, values: v.delta },
      { name: `${v.id}.basis`, values: v.basis },
      ...attribution(v.id, v.attribution),
    );
  return cols;
}

/** Returns a vault's series.csv: `time` (ISO-8601 UTC), then vaultSeriesColumns, numbers as seriesToCsv writes them. */
export function vaultSeriesToCsv(d: VaultDetailSeries): string {
  const columns = vaultSeriesColumns(d);
  return columnsToCsv(requireArrayLike(d.time, "detail.time"), columns);
}

/** Running mean of a column: the share of the rows so far (e.g. of bars in range). */
function runningMean(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    sum += a[i];
    out[i] = sum / (i + 1);
  }
  return out;
}

export type RenderVaultHtmlParameters = {
  title: string;
  summary: VaultBacktestSummary;
  /** Key-value rows shown first (the CLI's vault table). */
  rows: [string, string][];
  detail: VaultDetailSeries;
  events?: EngineEvent[];
  /** Number format of the tables (default String). */
  format?: (x: number) => string;
  /** Most points per chart (default 2,000). */
  maxPoints?: number;
  /** Most events listed in the events table (default 1,000; all are marked on the charts). */
  maxEvents?: number;
};

/** A table whose number cells carry their full-precision value in `data-value`, so a reader can check sums. */
function numberTable(
  headers: string[],
  rows: { head: string[]; values: number[] }[],
  fmt: (x: number) => string,
) {
  const th = `<tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr>${r.head.map((c) => `<th>${esc(c)}</th>`).join("")}${r.values.map((v) => `<td data-value="${String(v)}">${esc(fmt(v))}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table>${th}${body}</table>`;
}

function eventFields(e: EngineEvent): string {
  return Object.entries(e.fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(8)) : String(v)}`)
    .join(" ");
}

/**
 * Returns a vault's self-contained HTML report (the one page shell, inline CSS and SVG, no scripts): the summary
 * rows, the part table (each pool's and venue's attribution, a vault row of column sums; `data-value` holds full
 * precision), each pool's range and share of bars in range, the attribution waterfalls by part and by component;
 * charts of value vs hold, cumulative PnL per part, net delta per asset (pool delta dashed; the hedge fills of that
 * asset's venues marked), each pool's share of bars in range so far (pool events marked); then the event log.
 */
export function renderVaultHtml(options: RenderVaultHtmlParameters): string {
  requireObject(options, "options");
  requireObject(options.summary, "options.summary");
  requireObject(options.detail, "options.detail");
  const { title, summary: s, rows, detail: d, events = [], format = String } = options;
  const { maxPoints = 2000, maxEvents = 1000 } = options;
  const idx = downsampleIndices(d.time.length, maxPoints);
  const time = pickRows(d.time, idx);
  const times = (keep: (e: EngineEvent) => boolean) => Float64Array.from(events.filter(keep), (e) => e.time);
  const poolMarks = { times: times((e) => e.kind === "pool"), label: "pool event (mint / burn / rebalance)" };
  const line = (label: string, values: Float64Array, k: number, dash = false): ChartLine => ({
    label,
    values: pickRows(values, idx),
    color: paletteColor(k),
    dash,
  });

  const parts = vaultPartTable(s);
  const sums = VAULT_PART_COLUMNS.map((_, j) => parts.rows.reduce((sum, r) => sum + r.attribution[j], 0));
  const partTable = numberTable(
    parts.headers,
    [
      ...parts.rows.map((r) => ({ head: [r.part, r.assets], values: [r.value, ...r.attribution] })),
      { head: ["vault", s.numeraire], values: [s.finalValue, ...sums] },
    ],
    format,
  );
  const inRangeShare = d.pools.map(
    (p) => p.inRange.reduce((a, b) => a + b, 0) / Math.max(1, p.inRange.length),
  );
  const poolTable = htmlTable(
    ["pool", "chain", "pair", "rows", "ticks", "liquidity (raw)", "deposit (quote)", "in range (vault bars)"],
    s.poolDetails.map((p, k) => [
      p.id,
      p.chain,
      p.pair,
      String(p.rows),
      p.tickLower === null ? "-" : `[${p.tickLower}, ${p.tickUpper})`,
      p.liquidity,
      format(p.depositQuote),
      `${(inRangeShare[k] * 100).toFixed(2)} %`,
    ]),
  );
  const falls = vaultWaterfalls(s);
  const pnl = (v: Float64Array) => Float64Array.from(v, (x) => x - s.initialValue);
  const charts = [
    svgWaterfall({ title: `Attribution by part: what made the vault PnL (${s.numeraire})`, ...falls.byPart }),
    svgWaterfall({ title: `Attribution by component (${s.numeraire})`, ...falls.byComponent }),
    svgLineChart({
      title: `Vault value vs hold (${s.numeraire})`,
      time,
      lines: [
        { label: "value", values: pickRows(d.value, idx), color: "#1f77b4" },
        { label: "hold (cash + each pool's hodl)", values: pickRows(d.hold, idx), color: "#888", dash: true },
      ],
      markers: poolMarks,
    }),
    svgLineChart({
      title: `Cumulative PnL per part (${s.numeraire})`,
      time,
      lines: [
        { label: "vault PnL (value − initial)", values: pickRows(pnl(d.value), idx), color: "#1f2937" },
        ...[...d.pools, ...d.venues].map((p, k) => line(p.id, p.attribution.total, k)),
      ],
    }),
    ...d.assets.map((a) => {
      const venues = new Set(s.venues.filter((v) => v.asset === a.asset).map((v) => v.id));
      const fills = times((e) => e.kind === "hedge" && venues.has(e.venue));
      return svgLineChart({
        title: `Net delta of ${a.asset} (units of ${a.asset})`,
        time,
        lines: [line("net delta (hedges included)", a.netDelta, 0), line("pool delta", a.poolDelta, 1, true)],
        markers: fills.length > 0 ? { times: fills, label: "hedge fill" } : undefined,
      });
    }),
    svgLineChart({
      title: "Share of bars in range so far, per pool",
      time,
      formatY: (y) => `${(y * 100).toFixed(0)}%`,
      lines: d.pools.map((p, k) => line(p.id, runningMean(p.inRange), k)),
      markers: poolMarks.times.length > 0 ? poolMarks : undefined,
    }),
  ];
  const listed = events.slice(0, maxEvents);
  const eventTable = htmlTable(
    ["time", "bar", "kind", "venue", "fields"],
    listed.map((e) => [new Date(e.time).toISOString(), String(e.bar), e.kind, e.venue ?? "", eventFields(e)]),
  );
  const more =
    events.length > listed.length ? `<p>… and ${events.length - listed.length} more (events.csv)</p>` : "";
  return renderHtmlPage({
    title,
    css: "table{font-size:13px}th,td{padding:2px 8px}.events td{text-align:left;white-space:nowrap}",
    body: `${htmlKeyValueTable(rows)}
<h2>Attribution per part</h2>
${partTable}
<h2>Pools</h2>
${poolTable}
${htmlFigures(charts)}
<h2>Events (${events.length})</h2>
<div class="events">${eventTable}${more}</div>`,
  });
}
