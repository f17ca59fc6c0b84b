import { chartFrame, niceTicks, svgChartOpen, svgYAxis } from "./axes.js";
import { escapeHtml as esc } from "./htmlPage.js";

/** Quantile bands of a fan chart: each array has one value per x. */
export type FanBands = {
  p5: ArrayLike<number>;
  p25: ArrayLike<number>;
  p50: ArrayLike<number>;
  p75: ArrayLike<number>;
  p95: ArrayLike<number>;
};

export type SvgFanChartParameters = {
  title: string;
  /** x values (e.g. days from the start), increasing. */
  x: ArrayLike<number>;
  bands: FanBands;
  /** Label of the x axis, e.g. "days". */
  xLabel?: string;
  color?: string;
  width?: number;
  height?: number;
  formatY?: (y: number) => string;
  /** Fixed y range, e.g. shared by every fan of a report so their widths compare (default: this fan's 5–95 %). */
  yRange?: { lo: number; hi: number };
};

/**
 * Returns an inline SVG fan chart (no scripts): the 5–95 % band and the 25–75 % band as filled polygons, the
 * median as a line, round y ticks (on `yRange` when given, so several fans share one scale) and the x range. Non-finite values are not allowed.
 */
export function svgFanChart({
  title,
  x,
  bands,
  xLabel = "",
  color = "#1f77b4",
  width = 860,
  height = 260,
  formatY = (y) => String(Number(y.toPrecision(6))),
  yRange,
}: SvgFanChartParameters): string {
  const frame = chartFrame(width, height);
  const { padL, padR, padT, w, h } = frame;
  const n = x.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, bands.p5[i]);
    hi = Math.max(hi, bands.p95[i]);
  }
  if (yRange !== undefined) {
    lo = yRange.lo;
    hi = yRange.hi;
  }
  const yt = niceTicks(lo, hi, 5);
  lo = yt.lo;
  hi = yt.hi;
  const x0 = n > 0 ? x[0] : 0;
  const x1 = n > 1 ? x[n - 1] : x0 + 1;
  const px = (v: number) => (padL + ((v - x0) / (x1 - x0 || 1)) * w).toFixed(1);
  const yOf = (v: number) => padT + (1 - (v - lo) / (hi - lo)) * h;
  const py = (v: number) => yOf(v).toFixed(1);
  const band = (upper: ArrayLike<number>, lower: ArrayLike<number>) => {
    const pts: string[] = [];
    for (let i = 0; i < n; i++) pts.push(`${px(x[i])},${py(upper[i])}`);
    for (let i = n - 1; i >= 0; i--) pts.push(`${px(x[i])},${py(lower[i])}`);
    return pts.join(" ");
  };
  const parts: string[] = [
    svgChartOpen(width, height, title, frame),
    svgYAxis(yt.ticks, yOf, frame, formatY, "#ddd"),
  ];
  if (n > 0) {
    parts.push(
      `<polygon points="${band(bands.p95, bands.p5)}" fill="${color}" fill-opacity="0.18" stroke="none"/>`,
    );
    parts.push(
      `<polygon points="${band(bands.p75, bands.p25)}" fill="${color}" fill-opacity="0.35" stroke="none"/>`,
    );
    let d = "";
    for (let i = 0; i < n; i++) d += `${i === 0 ? "M" : "L"}${px(x[i])} ${py(bands.p50[i])}`;
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
  }
  parts.push(`<rect x="${padL}" y="${padT}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${padL}" y="${height - 12}">${esc(`${formatAxis(x0)} ${xLabel}`.trim())}</text>`);
  parts.push(
    `<text x="${width - padR}" y="${height - 12}" text-anchor="end">${esc(`${formatAxis(x1)} ${xLabel}`.trim())}</text>`,
  );
  parts.push(`<text x="${padL + 260}" y="13">median, 25–75 % and 5–95 % bands</text>`);
  parts.push("</svg>");
  return parts.join("");
}

function formatAxis(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}
