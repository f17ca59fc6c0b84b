/** One line of a chart. `values` NaN = gap. */
export type ChartLine = { label: string; values: ArrayLike<number>; color: string; dash?: boolean };

export type SvgLineChartParameters = {
  title: string;
  /** x values (ms since epoch), same length as each line. */
  time: ArrayLike<number>;
  lines: ChartLine[];
  width?: number;
  height?: number;
  /** Format of y-axis labels. */
  formatY?: (y: number) => string;
};

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Formats an axis label: grouped integers from 10,000 up, 4 significant digits below, exponent only for tiny values. */
export function formatAxisValue(y: number): string {
  const a = Math.abs(y);
  if (a >= 1e4 && a < 1e15) return Math.round(y).toLocaleString("en-US");
  if (a !== 0 && a < 1e-3) return y.toExponential(2);
  return String(Number(y.toPrecision(4)));
}

/**
 * Returns an inline SVG line chart (no scripts): a frame, 5 y gridlines with labels, start/end dates, one polyline
 * per line (split at NaN gaps) and a legend. The caller downsamples beforehand.
 */
export function svgLineChart({
  title,
  time,
  lines,
  width = 860,
  height = 260,
  formatY = formatAxisValue,
}: SvgLineChartParameters): string {
  const padL = 70;
  const padR = 16;
  const padT = 28;
  const padB = 36;
  const n = time.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const l of lines)
    for (let i = 0; i < n; i++) {
      const v = l.values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi === lo) {
    hi += Math.abs(hi) * 0.01 || 1;
    lo -= Math.abs(lo) * 0.01 || 1;
  }
  const t0 = n > 0 ? time[0] : 0;
  const t1 = n > 1 ? time[n - 1] : t0 + 1;
  const w = width - padL - padR;
  const h = height - padT - padB;
  const x = (t: number) => padL + ((t - t0) / (t1 - t0 || 1)) * w;
  const y = (v: number) => padT + (1 - (v - lo) / (hi - lo)) * h;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
  );
  parts.push(`<text x="${padL}" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`);
  for (let g = 0; g <= 4; g++) {
    const v = lo + ((hi - lo) * g) / 4;
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${padL}" x2="${width - padR}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${padL - 4}" y="${yy}" text-anchor="end" dominant-baseline="middle">${esc(formatY(v))}</text>`,
    );
  }
  parts.push(`<rect x="${padL}" y="${padT}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace("T", " ");
  parts.push(`<text x="${padL}" y="${height - 12}">${day(t0)}</text>`);
  parts.push(`<text x="${width - padR}" y="${height - 12}" text-anchor="end">${day(t1)}</text>`);
  // the legend starts after the title (13 px bold: about 7.5 px a character)
  let lx = padL + Math.round(title.length * 7.5) + 24;
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
    parts.push(`<rect x="${lx}" y="8" width="12" height="3" fill="${l.color}"/>`);
    parts.push(`<text x="${lx + 16}" y="13">${esc(l.label)}</text>`);
    lx += 24 + l.label.length * 6.5;
  }
  parts.push("</svg>");
  return parts.join("");
}
