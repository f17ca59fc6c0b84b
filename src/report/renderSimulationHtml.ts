import type { Summary } from "../sim/summarize.js";
import type { SimulationRun } from "../simulate/index.js";
import { escapeHtml as esc, htmlFigures, htmlKeyValueTable, renderHtmlPage } from "./htmlPage.js";
import { svgFanChart } from "./svgFanChart.js";
import { svgHistogram } from "./svgHistogram.js";

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

const METRICS = ["totalPnl", "fees", "lvr", "hedgePnl", "costs"] as const;

/** Returns summary.csv of a simulation: one row per strategy and metric with the `summarize` fields. */
export function simulationSummaryCsv(run: SimulationRun): string {
  const fields: (keyof Summary)[] = [
    "count",
    "mean",
    "std",
    "p1",
    "p5",
    "p25",
    "p50",
    "p75",
    "p95",
    "p99",
    "probLoss",
    "expectedShortfall5",
  ];
  const lines = [`strategy,metric,${fields.join(",")}`];
  for (const s of run.report.strategies)
    for (const m of METRICS) lines.push(`${s.name},${m},${fields.map((f) => String(s[m][f])).join(",")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * Returns a self-contained HTML report of a simulation (inline CSS and SVG, no scripts): the run's parameters, a
 * table of the total-PnL distribution per strategy, a fan chart of the strategy value over time (quantile bands of
 * the traced paths) and a histogram of total PnL per strategy on a common axis.
 */
export function renderSimulationHtml(run: SimulationRun, title = "lpguard simulate"): string {
  const r = run.report;
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(4));
  const params: [string, string][] = [
    ["model", `${r.model.kind} (volatility ${(r.model.volatility * 100).toFixed(1)} %)`],
    ["initial price", f(r.initialPrice)],
    ["horizon", `${r.horizonDays} days in ${r.steps} steps`],
    ["paths, seed", `${r.paths}, ${r.seed}`],
    ["pool fee", `${(r.pool.feeRate * 100).toFixed(2)} %`],
    ["deposit", f(r.deposit)],
  ];
  const head =
    "<tr><th>strategy</th><th>range</th><th>mean PnL</th><th>std</th><th>p5</th><th>p50</th><th>p95</th><th>P(loss)</th><th>ES 5 %</th><th>fees</th><th>LVR</th><th>hedge PnL</th><th>costs</th></tr>";
  const body = r.strategies
    .map(
      (s) =>
        `<tr><th>${esc(s.name)}</th><td>[${f(s.lower)}, ${f(s.upper)}]</td><td>${f(s.totalPnl.mean)}</td><td>${f(s.totalPnl.std)}</td><td>${f(s.totalPnl.p5)}</td><td>${f(s.totalPnl.p50)}</td><td>${f(s.totalPnl.p95)}</td><td>${(s.totalPnl.probLoss * 100).toFixed(1)} %</td><td>${f(s.totalPnl.expectedShortfall5)}</td><td>${f(s.fees.mean)}</td><td>${f(s.lvr.mean)}</td><td>${f(s.hedgePnl.mean)}</td><td>${f(s.costs.mean)}</td></tr>`,
    )
    .join("");
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of r.strategies) {
    lo = Math.min(lo, s.totalPnl.p1);
    hi = Math.max(hi, s.totalPnl.p99);
  }
  // every fan on one y-scale, so the spreads of the strategies compare at a glance
  let fanLo = Number.POSITIVE_INFINITY;
  let fanHi = Number.NEGATIVE_INFINITY;
  for (const fan of run.fans)
    for (let i = 0; i < fan.p5.length; i++) {
      if (Number.isFinite(fan.p5[i])) fanLo = Math.min(fanLo, fan.p5[i]);
      if (Number.isFinite(fan.p95[i])) fanHi = Math.max(fanHi, fan.p95[i]);
    }
  const yRange = Number.isFinite(fanLo) && Number.isFinite(fanHi) ? { lo: fanLo, hi: fanHi } : undefined;
  const fans = run.fans.map((fan, k) =>
    svgFanChart({
      yRange,
      title: `${fan.strategy}: value incl. fees and hedge (${fan.paths} paths)`,
      x: fan.timeDays,
      bands: fan,
      xLabel: "days",
      color: COLORS[k % COLORS.length],
      formatY: f,
    }),
  );
  const hists = run.totalPnl.map((pnl, k) =>
    svgHistogram({
      title: `${r.strategies[k].name}: total PnL (p1..p99)`,
      values: pnl,
      min: lo,
      max: hi,
      color: COLORS[k % COLORS.length],
      formatX: f,
    }),
  );
  return renderHtmlPage({
    title,
    css: "figure{display:inline-block}",
    body: `${htmlKeyValueTable(params)}
<h2>Total PnL per strategy (quote)</h2><table>${head}${body}</table>
<h2>Value over time</h2>${fans.map((s, k) => `<figure class="fan" data-strategy="${esc(run.fans[k].strategy)}">${s}</figure>`).join("\n")}
<h2>Distribution of total PnL</h2>${htmlFigures(hists)}`,
  });
}
