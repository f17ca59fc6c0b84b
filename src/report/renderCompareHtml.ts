import type { EngineSeries } from "../engine/index.js";
import { requireArray, requireObject } from "../errors/guards.js";
import { PALETTE } from "./axes.js";
import { downsampleIndices } from "./downsample.js";
import { escapeHtml as esc, htmlFigures, renderHtmlPage } from "./htmlPage.js";
import { svgLineChart } from "./svgLineChart.js";

export type RenderCompareHtmlParameters = {
  title: string;
  /** Column headers and one row of formatted cells per run (the same table the CLI prints). */
  headers: string[];
  rows: string[][];
  /** One entry per run, in row order: its name, per-bar series and initial value. */
  runs: { name: string; series: EngineSeries; initialValue: number }[];
  /** Notes shown under the table (assumptions, baseline). */
  notes?: string[];
  maxPoints?: number;
};

/**
 * Returns a self-contained HTML report comparing runs side by side (inline CSS and SVG, no scripts): the comparison
 * table, a legend, and charts with one line per run: cumulative PnL (value − initial value), cumulative hedge PnL
 * + funding + premium, and cumulative costs. Charts are downsampled to `maxPoints` (default 1,500) points.
 */
export function renderCompareHtml(options: RenderCompareHtmlParameters): string {
  const { title, headers, rows, runs, notes = [], maxPoints = 1500 } = requireObject(options, "options");
  requireArray(runs, "options.runs");
  requireArray(rows, "options.rows");
  requireArray(headers, "options.headers");
  const n = runs.length > 0 ? runs[0].series.time.length : 0;
  const idx = downsampleIndices(n, maxPoints);
  const time = Float64Array.from(idx, (i) => runs[0].series.time[i]);
  const color = (j: number) => PALETTE[j % PALETTE.length];
  const lines = (f: (s: EngineSeries, i: number, v0: number) => number) =>
    runs.map((r, j) => ({
      label: `${j + 1}. ${r.name}`,
      values: Float64Array.from(idx, (i) => f(r.series, i, r.initialValue)),
      color: color(j),
      dash: j >= PALETTE.length,
    }));
  const charts = [
    svgLineChart({
      title: "Cumulative PnL (quote)",
      time,
      width: 1000,
      lines: lines((s, i, v0) => s.value[i] - v0),
    }),
    svgLineChart({
      title: "Hedge PnL + funding + premium/interest (quote)",
      time,
      width: 1000,
      lines: lines((s, i) => s.hedge[i] + s.funding[i] + s.premium[i]),
    }),
    svgLineChart({
      title: "Cumulative costs (quote)",
      time,
      width: 1000,
      lines: lines((s, i) => s.costs[i]),
    }),
  ];
  const head = `<tr><th>#</th>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`;
  const body = rows
    .map(
      (r, j) =>
        `<tr><td><span style="color:${color(j)}">&#9632;</span> ${j + 1}</td>${r.map((c, k) => (k === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`,
    )
    .join("");
  return renderHtmlPage({
    title,
    css: "table{font-size:13px}th,td{padding:2px 8px}",
    body: `<table>${head}${body}</table>
${notes.map((t) => `<p>${esc(t)}</p>`).join("\n")}
${htmlFigures(charts)}`,
  });
}
