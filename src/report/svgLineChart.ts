import { requireArray, requireArrayLike, requireObject } from "../errors/guards.js";
import {
  chartFrame,
  type LegendItem,
  niceTicks,
  svgChartOpen,
  svgLegend,
  svgYAxis,
  timeTicks,
} from "./axes.js";
import { escapeHtml as esc } from "./htmlPage.js";

/** One line of a chart. `values` NaN = gap. */
export type ChartLine = { label: string; values: ArrayLike<number>; color: string; dash?: boolean };

export type SvgLineChartParameters = {
  title: string;
  /** x values (ms since epoch), same length as each line. */
  time: ArrayLike<number>;
  lines: ChartLine[];
  width?: number;
  /** Height of the plot area and axes; the legend below adds its own rows. */
  height?: number;
  /** Format of y-axis labels. */
  formatY?: (y: number) => string;
  /** A shaded band between two series (e.g. a position's range: in-range shading). NaN = no band there. */
  band?: { upper: ArrayLike<number>; lower: ArrayLike<number>; color: string; label: string };
  /** Times (ms) of events drawn as ticks along the top of the plot (e.g. rebalances). */
  markers?: { times: ArrayLike<number>; label: string; color?: string };
};

/** Formats an axis label: grouped integers from 1,000 up, 4 significant digits below, exponent only for tiny values. */
export function formatAxisValue(y: number): string {
  const a = Math.abs(y);
  if (a >= 1e3 && a < 1e15 && (a >= 1e4 || Number.isInteger(y))) return Math.round(y).toLocaleString("en-US");
  if (a !== 0 && a < 1e-3) return y.toExponential(2);
  return String(Number(y.toPrecision(4)));
}

/**
 * Returns an inline SVG line chart (no scripts): round y ticks (1, 2, 2.5, 5 × 10^k) with gridlines, dated UTC x
 * ticks, one polyline per line (split at NaN gaps), an optional shaded band and event markers, and a legend
 * below the plot that wraps into rows (it never clips). The caller downsamples beforehand.
 */
export function svgLineChart(options: SvgLineChartParameters): string {
  requireObject(options, "options");
  requireArrayLike(options.time, "options.time");
  requireArray(options.lines, "options.lines");
  const { title, time, lines, width = 860, height = 260, formatY = formatAxisValue, band, markers } = options;
  const frame = chartFrame(width, height);
  const { padL, padT, w, h } = frame;
  const n = time.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const scan = (values: ArrayLike<number>) => {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  };
  for (const l of lines) scan(l.values);
  if (band) {
    scan(band.upper);
    scan(band.lower);
  }
  const yt = niceTicks(lo, hi, 5);
  lo = yt.lo;
  hi = yt.hi;
  const t0 = n > 0 ? time[0] : 0;
  const t1 = n > 1 ? time[n - 1] : t0 + 1;
  const x = (t: number) => padL + ((t - t0) / (t1 - t0 || 1)) * w;
  const y = (v: number) => padT + (1 - (v - lo) / (hi - lo)) * h;
  const legendItems: LegendItem[] = lines.map((l) => ({ label: l.label, color: l.color, dash: l.dash }));
  if (band) legendItems.push({ label: band.label, color: band.color });
  if (markers) legendItems.push({ label: markers.label, color: markers.color ?? "#333", marker: true });
  const legend = svgLegend(legendItems, padL, height + 4, w);
  const total = height + legend.height + 6;
  const parts: string[] = [];
  parts.push(svgChartOpen(width, total, title, frame));
  parts.push(svgYAxis(yt.ticks, y, frame, formatY));
  for (const tk of timeTicks(t0, t1, Math.max(2, Math.floor(w / 110)))) {
    const xx = x(tk.time).toFixed(1);
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${padT}" y2="${padT + h + 4}" stroke="#eeeeee"/>`);
    parts.push(
      `<text x="${xx}" y="${padT + h + 16}" text-anchor="middle" data-tick="${tk.time}">${esc(tk.label)}</text>`,
    );
  }
  if (band) {
    // one polygon per run of rows where both bounds are finite
    let i = 0;
    while (i < n) {
      while (i < n && !(Number.isFinite(band.upper[i]) && Number.isFinite(band.lower[i]))) i++;
      const start = i;
      while (i < n && Number.isFinite(band.upper[i]) && Number.isFinite(band.lower[i])) i++;
      if (i - start >= 1) {
        const pts: string[] = [];
        for (let k = start; k < i; k++) pts.push(`${x(time[k]).toFixed(1)},${y(band.upper[k]).toFixed(1)}`);
        for (let k = i - 1; k >= start; k--)
          pts.push(`${x(time[k]).toFixed(1)},${y(band.lower[k]).toFixed(1)}`);
        parts.push(
          `<polygon points="${pts.join(" ")}" fill="${band.color}" fill-opacity="0.15" stroke="none"/>`,
        );
      }
    }
  }
  parts.push(`<rect x="${padL}" y="${padT}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  for (const l of lines) {
    let d = "";
    let pen = false;
    for (let i = 0; i < n; i++) {
      const v = l.values[i];
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${x(time[i]).toFixed(1)} ${y(v).toFixed(1)}`;
      pen = true;
    }
    if (d !== "")
      parts.push(
        `<path d="${d}" fill="none" stroke="${l.color}" stroke-width="1.3"${l.dash ? ' stroke-dasharray="4 3"' : ""}/>`,
      );
  }
  if (markers) {
    const c = markers.color ?? "#333";
    let d = "";
    for (let i = 0; i < markers.times.length; i++) {
      const t = markers.times[i];
      if (!(t >= t0 && t <= t1)) continue;
      const xx = x(t).toFixed(1);
      d += `M${xx} ${padT}L${xx} ${padT + 7}`;
    }
    if (d !== "")
      parts.push(`<path d="${d}" stroke="${c}" stroke-width="1" data-markers="${markers.times.length}"/>`);
  }
  parts.push(legend.svg);
  parts.push("</svg>");
  return parts.join("");
}
