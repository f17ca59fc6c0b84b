// Chart helpers of the dashboard: uPlot (served from the npm package by `lpguard serve`) for time series, small
// hand-written SVG for the waterfall, bars, ranges and the scatter. Every chart registers itself in
// window.__lpguard.charts so tests (and curious users) can inspect what was drawn.
import uPlot from "/vendor/uplot.js";

/** Distinct colours (Tableau 10, then 10 more) so that more than ten runs stay apart. */
export const PALETTE = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
  "#1f77b4", "#aec7e8", "#ff7f0e", "#98df8a", "#d62728", "#9467bd", "#c5b0d5", "#8c564b", "#e377c2", "#17becf",
];
export const colour = (i) => PALETTE[i % PALETTE.length];

window.__lpguard ??= { charts: {}, svg: {} };
const registry = window.__lpguard;

const fmt = (x, d = 2) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? "–"
    : Math.abs(x) >= 1e6
      ? `${(x / 1e6).toFixed(d)} M`
      : Math.abs(x) >= 1e4
        ? x.toLocaleString("en-US", { maximumFractionDigits: 0 })
        : x.toLocaleString("en-US", { maximumFractionDigits: d });
export { fmt };

/** Round y ticks: 1, 2, 2.5, 5 × 10^k steps. */
function niceSplits(u, axisIdx, min, max) {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * A time-series chart. `x` in ms since the epoch; `series` = [{label, values, colour?, dash?}]; optional `band`
 * = [upperIdx, lowerIdx] (1-based series indices) shaded, and `markers` = ms times drawn as vertical ticks.
 */
export function timeChart(el, id, { x, series, band, markers = [], height = 260, yLabel = "" }) {
  el.innerHTML = "";
  const data = [Float64Array.from(x, (t) => t / 1000), ...series.map((s) => s.values)];
  const opts = {
    width: Math.max(320, el.clientWidth || 600),
    height,
    scales: { x: { time: true } },
    series: [
      { label: "time", value: (u, v) => (v === null ? "–" : new Date(v * 1000).toISOString().slice(0, 16).replace("T", " ")) },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: s.colour ?? colour(i),
        width: 1.5,
        dash: s.dash,
        value: (u, v) => fmt(v, 4),
        spanGaps: false,
      })),
    ],
    axes: [
      { space: 80 },
      { label: yLabel, size: 70, splits: niceSplits, values: (u, vals) => vals.map((v) => fmt(v, 4)) },
    ],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    hooks: {
      draw: [
        (u) => {
          if (markers.length === 0) return;
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "rgba(17,24,39,0.45)";
          ctx.lineWidth = 1;
          const top = u.bbox.top;
          for (const t of markers) {
            const px = Math.round(u.valToPos(t / 1000, "x", true));
            if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
            ctx.beginPath();
            ctx.moveTo(px, top);
            ctx.lineTo(px, top + 8 * devicePixelRatio);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
  if (band) opts.bands = [{ series: band, fill: "rgba(89,161,79,0.14)" }];
  const u = new uPlot(opts, data, el);
  registry.charts[id] = u;
  return u;
}

function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function svgRoot(el, id, w, h) {
  el.innerHTML = "";
  const svg = svgEl("svg", { viewBox: `0 0 ${w} ${h}`, width: w, role: "img", "data-chart": id });
  svg.style.maxWidth = "100%";
  svg.style.height = "auto";
  el.appendChild(svg);
  return svg;
}

/** Attribution waterfall: each component a bar from the running total; the last bar is the total. */
export function waterfall(el, id, items) {
  const w = 640;
  const h = 260;
  const svg = svgRoot(el, id, w, h);
  const steps = [];
  let run = 0;
  for (const it of items) {
    steps.push({ label: it.label, from: run, to: run + it.value, value: it.value });
    run += it.value;
  }
  steps.push({ label: "total", from: 0, to: run, value: run, total: true });
  const lo = Math.min(0, ...steps.map((s) => Math.min(s.from, s.to)));
  const hi = Math.max(0, ...steps.map((s) => Math.max(s.from, s.to)));
  const pad = { l: 60, r: 10, t: 14, b: 40 };
  const y = (v) => pad.t + ((hi - v) / (hi - lo || 1)) * (h - pad.t - pad.b);
  const bw = (w - pad.l - pad.r) / steps.length;
  svg.appendChild(svgEl("line", { x1: pad.l, x2: w - pad.r, y1: y(0), y2: y(0), stroke: "#9ca3af" }));
  for (const v of niceSplits(null, 1, lo, hi)) {
    svg.appendChild(svgEl("text", { x: pad.l - 6, y: y(v) + 4, "text-anchor": "end" }, fmt(v, 2)));
    svg.appendChild(svgEl("line", { x1: pad.l, x2: w - pad.r, y1: y(v), y2: y(v), stroke: "#eef0f3" }));
  }
  steps.forEach((s, i) => {
    const x = pad.l + i * bw + bw * 0.15;
    const top = y(Math.max(s.from, s.to));
    const fill = s.total ? "#4e79a7" : s.value >= 0 ? "#59a14f" : "#e15759";
    svg.appendChild(
      svgEl("rect", { x, y: top, width: bw * 0.7, height: Math.max(1, Math.abs(y(s.from) - y(s.to))), fill, "data-value": s.value }),
    );
    svg.appendChild(svgEl("text", { x: x + bw * 0.35, y: h - pad.b + 14, "text-anchor": "middle" }, s.label));
    svg.appendChild(svgEl("text", { x: x + bw * 0.35, y: h - pad.b + 28, "text-anchor": "middle" }, fmt(s.value, 2)));
  });
  registry.svg[id] = { bars: steps.length };
}

/** Horizontal bars around zero (net delta per asset). */
export function hbars(el, id, items, unit = "") {
  const w = 480;
  const rowH = 26;
  const h = 16 + rowH * Math.max(1, items.length);
  const svg = svgRoot(el, id, w, h);
  const m = Math.max(1e-12, ...items.map((i) => Math.abs(i.value)));
  const mid = 230;
  const half = 150;
  svg.appendChild(svgEl("line", { x1: mid, x2: mid, y1: 4, y2: h - 4, stroke: "#9ca3af" }));
  items.forEach((it, i) => {
    const len = (Math.abs(it.value) / m) * half;
    const yy = 8 + i * rowH;
    svg.appendChild(svgEl("text", { x: 70, y: yy + 14, "text-anchor": "end" }, it.label));
    svg.appendChild(
      svgEl("rect", { x: it.value >= 0 ? mid : mid - len, y: yy + 2, width: Math.max(1, len), height: rowH - 8, fill: it.value >= 0 ? "#4e79a7" : "#f28e2b" }),
    );
    svg.appendChild(svgEl("text", { x: w - 6, y: yy + 14, "text-anchor": "end" }, `${fmt(it.value, 6)} ${unit}`));
  });
  registry.svg[id] = { bars: items.length };
}

/** A position's range [tickLower, tickUpper) with in-range shading and the current tick when known. */
export function rangeBar(el, id, p) {
  const w = 480;
  const h = 56;
  const svg = svgRoot(el, id, w, h);
  const span = p.tickUpper - p.tickLower;
  const lo = p.tickLower - span * 0.5;
  const hi = p.tickUpper + span * 0.5;
  const x = (t) => 20 + ((t - lo) / (hi - lo)) * (w - 40);
  svg.appendChild(svgEl("line", { x1: 20, x2: w - 20, y1: 26, y2: 26, stroke: "#cbd5e1", "stroke-width": 2 }));
  svg.appendChild(
    svgEl("rect", { x: x(p.tickLower), y: 14, width: x(p.tickUpper) - x(p.tickLower), height: 24, fill: p.inRange ? "rgba(89,161,79,0.35)" : "rgba(225,87,89,0.25)", stroke: p.inRange ? "#59a14f" : "#e15759" }),
  );
  svg.appendChild(svgEl("text", { x: x(p.tickLower), y: 52, "text-anchor": "middle" }, String(p.tickLower)));
  svg.appendChild(svgEl("text", { x: x(p.tickUpper), y: 52, "text-anchor": "middle" }, String(p.tickUpper)));
  if (Number.isFinite(p.tick)) {
    const cx = x(Math.min(hi, Math.max(lo, p.tick)));
    svg.appendChild(svgEl("line", { x1: cx, x2: cx, y1: 8, y2: 44, stroke: "#111827", "stroke-width": 2 }));
  }
  svg.appendChild(svgEl("text", { x: w / 2, y: 10, "text-anchor": "middle" }, p.inRange ? "in range" : "out of range"));
  registry.svg[id] = { inRange: p.inRange };
}

/** PnL (y) vs PnL volatility (x) scatter, one labelled dot per run. */
export function scatter(el, id, points, { xLabel = "PnL vol", yLabel = "PnL" } = {}) {
  const w = 640;
  const h = 340;
  const svg = svgRoot(el, id, w, h);
  const pad = { l: 70, r: 20, t: 14, b: 44 };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x0 = Math.min(0, ...xs);
  const x1 = Math.max(...xs) * 1.1 || 1;
  const y0 = Math.min(0, ...ys) * 1.1;
  const y1 = Math.max(0, ...ys) * 1.1 || 1;
  const X = (v) => pad.l + ((v - x0) / (x1 - x0 || 1)) * (w - pad.l - pad.r);
  const Y = (v) => pad.t + ((y1 - v) / (y1 - y0 || 1)) * (h - pad.t - pad.b);
  for (const v of niceSplits(null, 1, y0, y1)) {
    svg.appendChild(svgEl("line", { x1: pad.l, x2: w - pad.r, y1: Y(v), y2: Y(v), stroke: v === 0 ? "#9ca3af" : "#eef0f3" }));
    svg.appendChild(svgEl("text", { x: pad.l - 6, y: Y(v) + 4, "text-anchor": "end" }, fmt(v, 2)));
  }
  for (const v of niceSplits(null, 0, x0, x1))
    svg.appendChild(svgEl("text", { x: X(v), y: h - pad.b + 16, "text-anchor": "middle" }, fmt(v, 2)));
  svg.appendChild(svgEl("text", { x: (pad.l + w - pad.r) / 2, y: h - 6, "text-anchor": "middle" }, xLabel));
  svg.appendChild(svgEl("text", { x: 14, y: h / 2, transform: `rotate(-90 14 ${h / 2})`, "text-anchor": "middle" }, yLabel));
  points.forEach((p, i) => {
    svg.appendChild(svgEl("circle", { cx: X(p.x), cy: Y(p.y), r: 6, fill: colour(i), "data-label": p.label }));
    svg.appendChild(svgEl("text", { x: X(p.x) + 9, y: Y(p.y) + 4 }, p.label));
  });
  registry.svg[id] = { points: points.length };
}

/** Counts non-transparent pixels of a uPlot chart's canvas (a drawn chart is not blank). */
export function inkPixels(u) {
  const c = u.ctx.canvas;
  const d = u.ctx.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
  return n;
}
registry.inkPixels = inkPixels;

/** A heatmap of `value(x, y)` over a grid of parameter values; cells without a point stay grey. */
export function heatmap(el, id, { xs, ys, cell, xLabel, yLabel, metric }) {
  const cw = Math.max(28, Math.min(70, Math.floor(560 / Math.max(1, xs.length))));
  const ch = Math.max(22, Math.min(46, Math.floor(320 / Math.max(1, ys.length))));
  const pad = { l: 80, t: 16, b: 46, r: 90 };
  const w = pad.l + cw * xs.length + pad.r;
  const h = pad.t + ch * ys.length + pad.b;
  const svg = svgRoot(el, id, w, h);
  const vals = [];
  for (const x of xs) for (const y of ys) {
    const v = cell(x, y);
    if (Number.isFinite(v)) vals.push(v);
  }
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  // diverging blue (low) → white → red (high) on [lo, hi]
  const fill = (v) => {
    const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    const a = [33, 102, 172];
    const b = [247, 247, 247];
    const c = [178, 24, 43];
    const mix = (p, q, u) => p.map((z, i) => Math.round(z + (q[i] - z) * u));
    const rgb = t < 0.5 ? mix(a, b, t * 2) : mix(b, c, (t - 0.5) * 2);
    return `rgb(${rgb.join(",")})`;
  };
  let cells = 0;
  ys.forEach((y, j) => {
    svg.appendChild(svgEl("text", { x: pad.l - 6, y: pad.t + (ys.length - 1 - j) * ch + ch / 2 + 4, "text-anchor": "end" }, String(y)));
    xs.forEach((x, i) => {
      const v = cell(x, y);
      const r = svgEl("rect", {
        x: pad.l + i * cw,
        y: pad.t + (ys.length - 1 - j) * ch,
        width: cw - 1,
        height: ch - 1,
        fill: Number.isFinite(v) ? fill(v) : "#e5e7eb",
        "data-x": x,
        "data-y": y,
        "data-value": Number.isFinite(v) ? v : "",
      });
      r.appendChild(svgEl("title", {}, `${xLabel} ${x}, ${yLabel} ${y}: ${metric} ${Number.isFinite(v) ? fmt(v, 4) : "–"}`));
      svg.appendChild(r);
      if (Number.isFinite(v)) cells++;
    });
  });
  xs.forEach((x, i) =>
    svg.appendChild(svgEl("text", { x: pad.l + i * cw + cw / 2, y: pad.t + ch * ys.length + 14, "text-anchor": "middle" }, String(x))),
  );
  svg.appendChild(svgEl("text", { x: pad.l + (cw * xs.length) / 2, y: h - 8, "text-anchor": "middle" }, xLabel));
  svg.appendChild(svgEl("text", { x: 12, y: pad.t + (ch * ys.length) / 2, transform: `rotate(-90 12 ${pad.t + (ch * ys.length) / 2})`, "text-anchor": "middle" }, yLabel));
  const lx = pad.l + cw * xs.length + 16;
  svg.appendChild(svgEl("text", { x: lx, y: pad.t + 10 }, `${metric}`));
  svg.appendChild(svgEl("rect", { x: lx, y: pad.t + 16, width: 14, height: 14, fill: fill(hi) }));
  svg.appendChild(svgEl("text", { x: lx + 18, y: pad.t + 27 }, fmt(hi, 3)));
  svg.appendChild(svgEl("rect", { x: lx, y: pad.t + 36, width: 14, height: 14, fill: fill(lo) }));
  svg.appendChild(svgEl("text", { x: lx + 18, y: pad.t + 47 }, fmt(lo, 3)));
  registry.svg[id] = { cells, lo, hi };
}
