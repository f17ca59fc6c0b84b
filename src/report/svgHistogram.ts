import { svgChartOpen } from "./axes.js";
import { escapeHtml as esc } from "./htmlPage.js";

export type SvgHistogramParameters = {
  title: string;
  values: ArrayLike<number>;
  /** Number of bins (default 40). */
  bins?: number;
  /** Axis range; default the values' min and max. Values outside are counted in the end bins. */
  min?: number;
  max?: number;
  color?: string;
  width?: number;
  height?: number;
  formatX?: (x: number) => string;
};

/** Returns the bin counts of `values` over [min, max] in `bins` equal bins (outside values clamp to the ends). */
export function histogramCounts(
  values: ArrayLike<number>,
  bins: number,
  min: number,
  max: number,
): Int32Array {
  const counts = new Int32Array(bins);
  const span = max - min || 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const k = Math.min(bins - 1, Math.max(0, Math.floor(((v - min) / span) * bins)));
    counts[k]++;
  }
  return counts;
}

/**
 * Returns an inline SVG histogram (no scripts): one bar per bin, a dashed line at 0 when 0 is in range, the
 * axis ends and the largest count.
 */
export function svgHistogram({
  title,
  values,
  bins = 40,
  min,
  max,
  color = "#1f77b4",
  width = 420,
  height = 220,
  formatX = (x) => x.toPrecision(4),
}: SvgHistogramParameters): string {
  let lo = min ?? Number.POSITIVE_INFINITY;
  let hi = max ?? Number.NEGATIVE_INFINITY;
  if (min === undefined || max === undefined)
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (min === undefined) lo = Math.min(lo, v);
      if (max === undefined) hi = Math.max(hi, v);
    }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi === lo) {
    hi += Math.abs(hi) * 0.01 || 1;
    lo -= Math.abs(lo) * 0.01 || 1;
  }
  const counts = histogramCounts(values, bins, lo, hi);
  let top = 1;
  for (const c of counts) top = Math.max(top, c);
  const padL = 40;
  const padR = 12;
  const padT = 28;
  const padB = 32;
  const w = width - padL - padR;
  const h = height - padT - padB;
  const bw = w / bins;
  const parts: string[] = [svgChartOpen(width, height, title, { padL, padR, padT, padB, w, h })];
  for (let k = 0; k < bins; k++) {
    const bh = (counts[k] / top) * h;
    parts.push(
      `<rect x="${(padL + k * bw).toFixed(1)}" y="${(padT + h - bh).toFixed(1)}" width="${Math.max(0.5, bw - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="${color}"/>`,
    );
  }
  if (lo < 0 && hi > 0) {
    const zx = (padL + ((0 - lo) / (hi - lo)) * w).toFixed(1);
    parts.push(
      `<line x1="${zx}" x2="${zx}" y1="${padT}" y2="${padT + h}" stroke="#d62728" stroke-dasharray="4 3"/>`,
    );
  }
  parts.push(`<rect x="${padL}" y="${padT}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${padL - 4}" y="${padT + 4}" text-anchor="end">${top}</text>`);
  parts.push(`<text x="${padL}" y="${height - 12}">${esc(formatX(lo))}</text>`);
  parts.push(`<text x="${width - padR}" y="${height - 12}" text-anchor="end">${esc(formatX(hi))}</text>`);
  parts.push("</svg>");
  return parts.join("");
}
