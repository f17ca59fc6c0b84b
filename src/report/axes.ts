import { requireFinite, requireNumber } from "../errors/guards.js";
/**
 * Axis ticks and colours shared by the SVG charts of the reports: round y ticks (1, 2, 2.5 or 5 × 10^k), dated
 * x ticks on UTC boundaries (minutes … months), and a 20-colour palette so that more than ten runs stay distinct;
 * the plot frame, the chart's opening tag and title, and the y axis (gridlines and labels) every chart draws.
 */
import { escapeHtml } from "./htmlPage.js";

/** 20 distinct colours: Tableau 10, then Tableau 20's light and dark complements. */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
  "#1f77b4",
  "#aec7e8",
  "#ff7f0e",
  "#98df8a",
  "#d62728",
  "#9467bd",
  "#c5b0d5",
  "#8c564b",
  "#e377c2",
  "#17becf",
] as const;

/** Returns colour `i` of the palette; past 20 the colours repeat (callers dash the repeats). */
export function paletteColor(i: number): string {
  requireNumber(i, "index");
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

export type NiceTicks = { lo: number; hi: number; step: number; ticks: number[] };

/**
 * Returns round ticks covering [min, max]: the step is 1, 2, 2.5 or 5 × 10^k, chosen so that about `target`
 * intervals cover the range; `lo`/`hi` are the outer ticks (the axis extends to them).
 */
export function niceTicks(min: number, max: number, target = 5): NiceTicks {
  let a = Number.isFinite(min) ? min : 0;
  let b = Number.isFinite(max) ? max : 1;
  if (a > b) [a, b] = [b, a];
  if (a === b) {
    const d = Math.abs(a) * 0.01 || 1;
    a -= d;
    b += d;
  }
  const raw = (b - a) / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw * (1 - 1e-12)) ?? 10 * p;
  const lo = Math.floor(a / step + 1e-9) * step;
  const hi = Math.ceil(b / step - 1e-9) * step;
  const ticks: number[] = [];
  const n = Math.round((hi - lo) / step);
  // round away float noise at the step's own precision (not a fixed number of significant digits: a narrow
  // range far from zero needs them all)
  const decimals = Math.min(100, Math.max(0, 2 - Math.floor(Math.log10(step))));
  for (let i = 0; i <= n; i++) ticks.push(Number((lo + i * step).toFixed(decimals)));
  return { lo: ticks[0], hi: ticks[ticks.length - 1], step, ticks };
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [
  MIN,
  5 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export type TimeTick = { time: number; label: string };

/**
 * Returns dated ticks (UTC) inside [t0, t1] ms: about `target` of them, on minute / hour / day / week boundaries,
 * or month starts for spans over ~3 months. Labels: "Jul 19" for days (with the year on the first tick and on
 * January), "HH:MM" within a day (the date on the first tick and at midnight).
 */
export function timeTicks(t0: number, t1: number, target = 6): TimeTick[] {
  requireFinite(t0, "t0");
  requireFinite(t1, "t1");
  requireFinite(target, "target");
  if (!(t1 > t0)) return [{ time: t0, label: new Date(t0).toISOString().slice(0, 10) }];
  const span = t1 - t0;
  const out: TimeTick[] = [];
  const dayLabel = (d: Date, first: boolean) =>
    `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}${first || d.getUTCMonth() === 0 ? ` ${d.getUTCFullYear()}` : ""}`;
  if (span / (14 * DAY) > target) {
    const perTick = span / (30.44 * DAY) / target;
    const months = [1, 2, 3, 6, 12].find((k) => k >= perTick) ?? 12;
    const d = new Date(t0);
    let y = d.getUTCFullYear();
    let m = d.getUTCMonth() + (t0 === Date.UTC(y, d.getUTCMonth(), 1) ? 0 : 1);
    if (m > 11) {
      m = 0;
      y++;
    }
    for (;;) {
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      if (m % months === 0)
        out.push({ time: t, label: `${MONTHS[m]}${out.length === 0 || m === 0 ? ` ${y}` : ""}` });
      if (++m > 11) {
        m = 0;
        y++;
      }
    }
    return out;
  }
  const step = STEPS.find((s) => span / s <= target) ?? 14 * DAY;
  // day-or-longer steps align to UTC midnights (weeks to Mondays); shorter ones to multiples of the step
  let t: number;
  if (step >= DAY) {
    t = Math.ceil(t0 / DAY) * DAY;
    if (step === 7 * DAY || step === 14 * DAY) while (new Date(t).getUTCDay() !== 1) t += DAY;
  } else t = Math.ceil(t0 / step) * step;
  for (; t <= t1; t += step) {
    const d = new Date(t);
    const first = out.length === 0;
    if (step >= DAY) out.push({ time: t, label: dayLabel(d, first) });
    else {
      const hm = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
      out.push({ time: t, label: first || t % DAY === 0 ? `${dayLabel(d, first)} ${hm}` : hm });
    }
  }
  return out;
}

/** Estimated width in px of `text` at `fontSize` (sans-serif; ~0.6 em a character, generous so nothing clips). */
export function textWidth(text: string, fontSize = 11): number {
  return Math.ceil(text.length * fontSize * 0.62);
}

export type LegendItem = { label: string; color: string; dash?: boolean; marker?: boolean };

/**
 * Lays legend items out in rows that fit `width` (wrapping, never clipping; a label longer than a row is
 * shortened with an ellipsis). Returns SVG and its height.
 */
export function svgLegend(
  items: LegendItem[],
  x0: number,
  y0: number,
  width: number,
): { svg: string; height: number } {
  const rowH = 16;
  const parts: string[] = [];
  let x = x0;
  let y = y0;
  const maxLabel = Math.max(4, Math.floor((width - 24) / (11 * 0.62)));
  for (const it of items) {
    const label = it.label.length > maxLabel ? `${it.label.slice(0, maxLabel - 1)}…` : it.label;
    const w = 18 + textWidth(label) + 14;
    if (x > x0 && x + w > x0 + width) {
      x = x0;
      y += rowH;
    }
    const swatch = it.marker
      ? `<line x1="${x + 6}" x2="${x + 6}" y1="${y - 9}" y2="${y + 1}" stroke="${it.color}" stroke-width="1.5"/>`
      : `<line x1="${x}" x2="${x + 14}" y1="${y - 4}" y2="${y - 4}" stroke="${it.color}" stroke-width="2.5"${it.dash ? ' stroke-dasharray="4 3"' : ""}/>`;
    parts.push(
      `<g data-legend="${escAttr(label)}" data-x="${x}" data-w="${w}">${swatch}<text x="${x + 18}" y="${y}">${escText(label)}</text></g>`,
    );
    x += w;
  }
  return { svg: parts.join(""), height: items.length === 0 ? 0 : y - y0 + rowH };
}

function escText(s: string): string {
  return escapeHtml(s);
}
function escAttr(s: string): string {
  return escapeHtml(s);
}

/** The plot area of a chart: margins (px) and the inner width and height. */
export type ChartFrame = { padL: number; padR: number; padT: number; padB: number; w: number; h: number };

/** Returns the plot frame of a `width` × `height` chart (room for y labels left, the title above, x labels below). */
export function chartFrame(width: number, height: number): ChartFrame {
  const padL = 70;
  const padR = 16;
  const padT = 28;
  const padB = 36;
  return { padL, padR, padT, padB, w: width - padL - padR, h: height - padT - padB };
}

/** Returns the opening `<svg>` tag of a chart `width` × `height` and its bold title at the frame's left edge. */
export function svgChartOpen(width: number, height: number, title: string, frame: ChartFrame): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11"><text x="${frame.padL}" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>`;
}

/** Returns the y axis of a chart: a gridline across the frame and a right-aligned label at each tick. */
export function svgYAxis(
  ticks: readonly number[],
  y: (v: number) => number,
  frame: ChartFrame,
  format: (v: number) => string,
  stroke = "#e3e3e3",
): string {
  const parts: string[] = [];
  const right = frame.padL + frame.w;
  for (const v of ticks) {
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${frame.padL}" x2="${right}" y1="${yy}" y2="${yy}" stroke="${stroke}"/>`);
    parts.push(
      `<text x="${frame.padL - 4}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeHtml(format(v))}</text>`,
    );
  }
  return parts.join("");
}
