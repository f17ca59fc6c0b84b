/**
 * The one page shell of every self-contained HTML report lpguard writes (backtest, compare, strip pricing,
 * simulate, sweep): doctype, head, title, the shared CSS, the heading, and HTML escaping. No scripts, no external
 * files.
 */
import { requireObject, requireString } from "../errors/guards.js";

/** CSS shared by every report page; a report may append its own rules (`css`). */
export const REPORT_CSS =
  "body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin-bottom:16px}th,td{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}td{text-align:right;font-variant-numeric:tabular-nums}figure{margin:12px 0}";

/** Escapes text for HTML and SVG, in element content and in double-quoted attributes. */
export function escapeHtml(s: string): string {
  requireString(s, "s");
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export type RenderHtmlPageParameters = {
  /** Page title, also the `<h1>` (escaped here). */
  title: string;
  /** The page's body after the heading (already HTML). */
  body: string;
  /** Extra CSS rules appended to REPORT_CSS. */
  css?: string;
};

/** Returns a whole self-contained HTML page: the shell around `body`. */
export function renderHtmlPage(options: RenderHtmlPageParameters): string {
  const { title, body, css = "" } = requireObject(options, "options");
  const t = escapeHtml(title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${t}</title>
<style>${REPORT_CSS}${css}</style>
</head><body><h1>${t}</h1>
${body}
</body></html>
`;
}

/** Returns a two-column table (`<th>` key, `<td>` value), both escaped. */
export function htmlKeyValueTable(rows: readonly (readonly [string, string])[]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
}

/** Returns a table with a header row; cells are escaped. */
export function htmlTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("");
  return `<table>${head}${body}</table>`;
}

/** Wraps each SVG chart in a `<figure>`, one per line. */
export function htmlFigures(charts: readonly string[]): string {
  return charts.map((c) => `<figure>${c}</figure>`).join("\n");
}
