/**
 * The sweep's HTML report: a heatmap of the objective over two axes (the best point of each cell when there are
 * more axes) and the PnL-vs-volatility scatter with its frontier, as inline SVG in one self-contained file.
 */

import { requireArray, requireObject, requireString } from "../errors/guards.js";
import { escapeHtml as esc, renderHtmlPage } from "../report/htmlPage.js";
import { type SweepAggregate, type SweepPointRow, valueLabel } from "./runSweep.js";

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(3);
  return Number(x.toPrecision(5)).toString();
}

function label(axis: SweepAggregate["sweep"]["axes"][number] | undefined, v: unknown): string {
  const s = valueLabel(axis, v);
  return s.length > 28 ? `${s.slice(0, 27)}…` : s;
}

/** Blue (low) → white → red (high) for t ∈ [0, 1]. */
function color(t: number): string {
  const u = Math.min(1, Math.max(0, t));
  const lerp = (a: number, b: number, s: number) => Math.round(a + (b - a) * s);
  const [r, g, b] =
    u < 0.5
      ? [lerp(49, 247, u * 2), lerp(54, 247, u * 2), lerp(149, 247, u * 2)]
      : [lerp(247, 215, (u - 0.5) * 2), lerp(247, 48, (u - 0.5) * 2), lerp(247, 39, (u - 0.5) * 2)];
  return `rgb(${r},${g},${b})`;
}

/** Returns an SVG heatmap of the objective over axes `x` and `y` (null when the sweep has fewer than two axes). */
export function svgHeatmap(a: SweepAggregate, x: string, y: string): string {
  requireObject(a, "aggregate");
  requireString(x, "x");
  requireString(y, "y");
  const ax = a.sweep.axes.find((v) => v.name === x);
  const ay = a.sweep.axes.find((v) => v.name === y);
  const key = (v: unknown) => JSON.stringify(v);
  const xs: unknown[] = [];
  const ys: unknown[] = [];
  for (const p of a.points) {
    if (!xs.some((v) => key(v) === key(p.params[x]))) xs.push(p.params[x]);
    if (!ys.some((v) => key(v) === key(p.params[y]))) ys.push(p.params[y]);
  }
  const byNum = (u: unknown, v: unknown) =>
    typeof u === "number" && typeof v === "number" ? u - v : key(u) < key(v) ? -1 : key(u) > key(v) ? 1 : 0;
  xs.sort(byNum);
  ys.sort(byNum);
  if (xs.length > 60 || ys.length > 60)
    return `<p>Heatmap skipped: more than 60 values on an axis (continuous draws).</p>`;
  const cell = new Map<string, SweepPointRow>();
  for (const p of a.points) {
    const k = `${key(p.params[x])}|${key(p.params[y])}`;
    const old = cell.get(k);
    if (old === undefined || p.objective > old.objective) cell.set(k, p);
  }
  const vals = [...cell.values()].map((p) => p.objective);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const cw = Math.max(48, Math.min(110, 700 / xs.length));
  const ch = 30;
  const left = 160;
  const top = 30;
  const w = left + cw * xs.length + 20;
  const h = top + ch * ys.length + 60;
  const parts: string[] = [];
  ys.forEach((yv, j) => {
    parts.push(
      `<text x="${left - 6}" y="${top + j * ch + ch / 2 + 4}" text-anchor="end">${esc(label(ay, yv))}</text>`,
    );
    xs.forEach((xv, i) => {
      const p = cell.get(`${key(xv)}|${key(yv)}`);
      const x0 = left + i * cw;
      const y0 = top + j * ch;
      if (p === undefined) {
        parts.push(`<rect x="${x0}" y="${y0}" width="${cw}" height="${ch}" fill="#eee"/>`);
        return;
      }
      const t = hi > lo ? (p.objective - lo) / (hi - lo) : 0.5;
      parts.push(
        `<rect x="${x0}" y="${y0}" width="${cw}" height="${ch}" fill="${color(t)}"><title>point ${p.index}: objective ${fmt(p.objective)}, netPnl ${fmt(p.metrics.netPnl)}, pnlVol ${fmt(p.metrics.pnlVol)}</title></rect>`,
        `<text x="${x0 + cw / 2}" y="${y0 + ch / 2 + 4}" text-anchor="middle">${fmt(p.objective)}</text>`,
      );
    });
  });
  xs.forEach((xv, i) => {
    parts.push(
      `<text x="${left + i * cw + cw / 2}" y="${top + ys.length * ch + 16}" text-anchor="middle">${esc(label(ax, xv))}</text>`,
    );
  });
  parts.push(
    `<text x="${left + (cw * xs.length) / 2}" y="${h - 12}" text-anchor="middle" font-weight="bold">${esc(x)}</text>`,
    `<text x="10" y="${top - 10}" font-weight="bold">${esc(y)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">${parts.join("")}</svg>`;
}

/** Returns an SVG scatter of netPnl against pnlVol, frontier points joined and marked. */
export function svgFrontier(a: SweepAggregate): string {
  requireObject(a, "aggregate");
  requireArray(a.points, "aggregate.points");
  const W = 720;
  const H = 420;
  const m = { l: 70, r: 20, t: 20, b: 45 };
  const xsv = a.points.map((p) => p.metrics.pnlVol);
  const ysv = a.points.map((p) => p.metrics.netPnl);
  const pad = (lo: number, hi: number) =>
    hi > lo ? [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)] : [lo - 1, hi + 1];
  const [x0, x1] = pad(Math.min(...xsv), Math.max(...xsv));
  const [y0, y1] = pad(Math.min(...ysv), Math.max(...ysv));
  const sx = (v: number) => m.l + ((v - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (v: number) => H - m.b - ((v - y0) / (y1 - y0)) * (H - m.t - m.b);
  const parts: string[] = [
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#999"/>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    parts.push(
      `<text x="${sx(xv)}" y="${H - m.b + 14}" text-anchor="middle">${fmt(xv)}</text>`,
      `<text x="${m.l - 6}" y="${sy(yv) + 4}" text-anchor="end">${fmt(yv)}</text>`,
    );
  }
  const front = a.points.filter((p) => p.frontier).sort((p, q) => p.metrics.pnlVol - q.metrics.pnlVol);
  if (front.length > 1)
    parts.push(
      `<polyline fill="none" stroke="#d73027" stroke-width="1.5" points="${front.map((p) => `${sx(p.metrics.pnlVol).toFixed(1)},${sy(p.metrics.netPnl).toFixed(1)}`).join(" ")}"/>`,
    );
  for (const p of a.points)
    parts.push(
      `<circle cx="${sx(p.metrics.pnlVol).toFixed(1)}" cy="${sy(p.metrics.netPnl).toFixed(1)}" r="${p.frontier ? 4 : 3}" fill="${p.frontier ? "#d73027" : "#4575b4"}" fill-opacity="0.8"><title>point ${p.index}: netPnl ${fmt(p.metrics.netPnl)}, pnlVol ${fmt(p.metrics.pnlVol)}</title></circle>`,
    );
  parts.push(
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle">PnL volatility (std of daily PnL, quote)</text>`,
    `<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">net PnL (quote)</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">${parts.join("")}</svg>`;
}

/** Returns the self-contained HTML report of a sweep (heatmap over two axes, frontier, top table). */
export function renderSweepHtml(
  a: SweepAggregate,
  options: { top?: number; heatmap?: [string, string] } = {},
): string {
  requireObject(a, "aggregate");
  requireObject(a.sweep, "aggregate.sweep");
  requireArray(a.points, "aggregate.points");
  const { top = 20, heatmap } = requireObject(options, "options");
  const axes = a.sweep.axes.map((x) => x.name);
  const [hx, hy] = heatmap ?? [axes[0], axes[1]];
  const heat =
    axes.length >= 2
      ? svgHeatmap(a, hx, hy)
      : `<p>One axis: no heatmap (the table and the frontier show it).</p>`;
  const best = [...a.points].sort((p, q) => p.rank - q.rank).slice(0, top);
  const rows = best
    .map(
      (p) =>
        `<tr><td>${p.rank}</td><td>${p.index}</td>${a.sweep.axes.map((x) => `<td>${esc(label(x, p.params[x.name]))}</td>`).join("")}<td>${fmt(p.objective)}</td><td>${fmt(p.metrics.netPnl)}</td><td>${fmt(p.metrics.fees)}</td><td>${fmt(p.metrics.lvr)}</td><td>${fmt(p.metrics.costs)}</td><td>${fmt(p.metrics.pnlVol)}</td><td>${p.frontier ? "yes" : ""}</td></tr>`,
    )
    .join("\n");
  const o = a.sweep.objective;
  return renderHtmlPage({
    title: `Sweep: ${a.sweep.points} points (${a.sweep.distinct} distinct), ${a.sweep.sampling.kind} sampling, seed ${a.sweep.seed}`,
    css: "body{max-width:1100px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}",
    body: `<p>Objective: ${esc(o.kind)}${o.kind === "utility" ? ` (risk aversion ${o.riskAversion})` : ""}. Best point: ${a.best}.</p>
<h2>Objective over ${esc(hx)}${axes.length >= 2 ? ` × ${esc(hy)} (best point of each cell)` : ""}</h2>
${heat}
<h2>Net PnL vs PnL volatility (frontier in red)</h2>
${svgFrontier(a)}
<h2>Top ${best.length} points</h2>
<table><tr><th>rank</th><th>point</th>${axes.map((n) => `<th>${esc(n)}</th>`).join("")}<th>objective</th><th>net PnL</th><th>fees</th><th>LVR</th><th>costs</th><th>PnL vol</th><th>frontier</th></tr>
${rows}
</table>`,
  });
}
