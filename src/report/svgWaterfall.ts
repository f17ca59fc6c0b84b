import { requireObject, requireObjectArray } from "../errors/guards.js";
import { chartFrame, niceTicks, svgChartOpen, svgYAxis } from "./axes.js";
import { escapeHtml as esc } from "./htmlPage.js";
import { formatAxisValue } from "./svgLineChart.js";

/** One bar of a waterfall: a signed contribution. */
export type WaterfallStep = { label: string; value: number };

export type SvgWaterfallParameters = {
  title: string;
  /** Contributions in order; each bar starts where the previous one ended. */
  steps: readonly WaterfallStep[];
  /** The closing bar, drawn from 0 (e.g. net PnL); its value should be Σ steps. */
  total: WaterfallStep;
  width?: number;
  height?: number;
  formatY?: (y: number) => string;
};

/**
 * Returns an inline SVG waterfall (no scripts): one bar per step from the running sum before it to the running
 * sum after it (green up, red down, joined by thin connectors), then the total bar from 0. Every bar carries
 * `data-label`, `data-value`, `data-start` and `data-end` (full-precision numbers) so a reader can check that the
 * steps add up to the total. Non-finite values are drawn as 0 and labelled "n/a".
 */
export function svgWaterfall(options: SvgWaterfallParameters): string {
  requireObject(options, "options");
  requireObjectArray(options.steps, "options.steps");
  requireObject(options.total, "options.total");
  const { title, steps, total, width = 860, height = 300, formatY = formatAxisValue } = options;
  const frame = chartFrame(width, height + 24);
  const { padL, padT, w } = frame;
  const h = height - padT - frame.padB;
  const fin = (v: number) => (Number.isFinite(v) ? v : 0);
  const bars: { label: string; value: number; start: number; end: number; total: boolean }[] = [];
  let run = 0;
  for (const s of steps) {
    const v = fin(s.value);
    bars.push({ label: s.label, value: s.value, start: run, end: run + v, total: false });
    run += v;
  }
  bars.push({ label: total.label, value: total.value, start: 0, end: fin(total.value), total: true });
  let lo = 0;
  let hi = 0;
  for (const b of bars) {
    lo = Math.min(lo, b.start, b.end);
    hi = Math.max(hi, b.start, b.end);
  }
  const yt = niceTicks(lo, hi, 5);
  const y = (v: number) => padT + (1 - (v - yt.lo) / (yt.hi - yt.lo)) * h;
  const slot = w / bars.length;
  const bw = Math.max(4, slot * 0.62);
  const parts: string[] = [
    svgChartOpen(width, height + 24, title, frame),
    svgYAxis(yt.ticks, y, frame, formatY),
  ];
  const y0 = y(0).toFixed(1);
  parts.push(`<line x1="${padL}" x2="${padL + w}" y1="${y0}" y2="${y0}" stroke="#888"/>`);
  bars.forEach((b, k) => {
    const x = padL + k * slot + (slot - bw) / 2;
    const top = y(Math.max(b.start, b.end));
    const bh = Math.max(1, y(Math.min(b.start, b.end)) - top);
    const color = b.total ? "#1f77b4" : b.end >= b.start ? "#2ca02c" : "#d62728";
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bw.toFixed(1)}" height="${bh.toFixed(1)}" fill="${color}" data-label="${esc(b.label)}" data-value="${String(b.value)}" data-start="${String(b.start)}" data-end="${String(b.end)}"${b.total ? ' data-total="true"' : ""}><title>${esc(`${b.label}: ${Number.isFinite(b.value) ? formatY(b.value) : "n/a"}`)}</title></rect>`,
    );
    if (k + 1 < bars.length && !b.total) {
      const ye = y(b.end).toFixed(1);
      parts.push(
        `<line x1="${(x + bw).toFixed(1)}" x2="${(x + slot).toFixed(1)}" y1="${ye}" y2="${ye}" stroke="#999" stroke-dasharray="2 2"/>`,
      );
    }
    const cx = (x + bw / 2).toFixed(1);
    const vy = (b.end >= b.start ? top - 3 : top + bh + 11).toFixed(1);
    parts.push(
      `<text x="${cx}" y="${vy}" text-anchor="middle" font-size="10">${esc(Number.isFinite(b.value) ? formatY(b.value) : "n/a")}</text>`,
    );
    // the label under the frame, on two lines when it is long
    const words = b.label.split(" ");
    let first = "";
    while (words.length > 0 && (first === "" || `${first} ${words[0]}`.length <= 14))
      first = first === "" ? (words.shift() as string) : `${first} ${words.shift()}`;
    const second = words.join(" ");
    const ly = padT + h + 14;
    parts.push(
      `<text x="${cx}" y="${ly}" text-anchor="middle" font-size="10">${esc(first)}</text>`,
      second !== ""
        ? `<text x="${cx}" y="${ly + 12}" text-anchor="middle" font-size="10">${esc(second)}</text>`
        : "",
    );
  });
  parts.push(`<rect x="${padL}" y="${padT}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  parts.push("</svg>");
  return parts.join("");
}
