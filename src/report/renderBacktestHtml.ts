import type { EngineSeries } from "../engine/index.js";
import type { EngineEvent } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import { downsampleIndices } from "./downsample.js";
import { svgLineChart } from "./svgLineChart.js";

export type RenderBacktestHtmlParameters = {
  title: string;
  series: EngineSeries;
  /** Summary rows shown as a table above the charts. */
  summary: [string, string][];
  /** Most points per chart (default 2,000). */
  maxPoints?: number;
  /** The run's event log: its pool events (mints, burns, rebalances) are marked on the charts. */
  events?: EngineEvent[];
};

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Picks rows `idx` of a column; for band columns a NaN row stays NaN. */
function pick(a: Float64Array, idx: Int32Array, scale = 1): Float64Array {
  const out = new Float64Array(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = a[idx[j]] * scale;
  return out;
}

/**
 * Returns a self-contained HTML report (inline CSS and SVG, no scripts or external files): the summary table and
 * four charts: value vs hodl, IL, cumulative fees, and price with the range bands (which move when re-centred),
 * shaded between them; pool events (rebalances) are marked on the value and price charts.
 * Each chart is downsampled to at most `maxPoints` points.
 */
export function renderBacktestHtml(options: RenderBacktestHtmlParameters): string {
  requireObject(options, "options");
  requireObject(options.series, "options.series");
  const { title, series, summary, maxPoints = 2000, events = [] } = options;
  const poolEvents = Float64Array.from(
    events.filter((e) => e.kind === "pool"),
    (e) => e.time,
  );
  const markers =
    poolEvents.length > 0 ? { times: poolEvents, label: "pool event (mint / burn / rebalance)" } : undefined;
  const idx = downsampleIndices(series.time.length, maxPoints);
  const time = pick(series.time, idx);
  const pct = (y: number) => `${(y * 100).toFixed(2)}%`;
  const charts = [
    svgLineChart({
      title: "Value vs hodl (quote)",
      time,
      lines: [
        { label: "value", values: pick(series.value, idx), color: "#1f77b4" },
        { label: "hodl", values: pick(series.hodlValue, idx), color: "#888", dash: true },
      ],
      markers,
    }),
    svgLineChart({
      title: "Impermanent loss",
      time,
      formatY: pct,
      lines: [
        { label: "strategy IL (ex fees, costs)", values: pick(series.il, idx), color: "#d62728" },
        { label: "open position IL", values: pick(series.positionIl, idx), color: "#ff9896", dash: true },
      ],
    }),
    svgLineChart({
      title: "Cumulative fees, LVR and costs (quote)",
      time,
      lines: [
        { label: "fees", values: pick(series.fees, idx), color: "#2ca02c" },
        { label: "LVR", values: pick(series.lvr, idx), color: "#9467bd" },
        { label: "costs", values: pick(series.costs, idx), color: "#8c564b" },
      ],
    }),
    svgLineChart({
      title: "Price and range",
      time,
      lines: [
        { label: "price", values: pick(series.price, idx), color: "#1f2937" },
        { label: "range lower", values: pick(series.rangeLowerPrice, idx), color: "#d62728", dash: true },
        { label: "range upper", values: pick(series.rangeUpperPrice, idx), color: "#2ca02c", dash: true },
      ],
      band: {
        upper: pick(series.rangeUpperPrice, idx),
        lower: pick(series.rangeLowerPrice, idx),
        color: "#2ca02c",
        label: "range (in-range shading)",
      },
      markers,
    }),
  ];
  const rows = summary.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin-bottom:16px}th,td{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}td{text-align:right;font-variant-numeric:tabular-nums}figure{margin:12px 0}</style>
</head><body><h1>${esc(title)}</h1><table>${rows}</table>
${charts.map((c) => `<figure>${c}</figure>`).join("\n")}
</body></html>
`;
}
