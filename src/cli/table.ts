import { NonFiniteOutputError } from "../errors/io.js";

/**
 * Formats a number for a human table: integers with thousands separators, others with `digits` significant digits.
 * NaN and ±Infinity never reach a table: they throw NonFiniteOutputError naming `field`.
 */
export function formatNumber(x: number, digits = 6, field = "value"): string {
  if (!Number.isFinite(x)) throw new NonFiniteOutputError({ field, value: x, where: "table" });
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toLocaleString("en-US");
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e9 || a < 1e-4)) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 12 });
}

/**
 * Renders rows as an aligned text table with a header rule. Numbers are right-aligned; a non-finite number throws
 * NonFiniteOutputError naming its column and row.
 */
export function renderTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r, ri) =>
    r.map((c, i) =>
      typeof c === "number" ? formatNumber(c, 6, `${headers[i] ?? `column ${i + 1}`} (row ${ri + 1})`) : c,
    ),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map((_, i) => rows.every((r) => typeof r[i] === "number"));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return `${[line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n")}\n`;
}

/** Renders a two-column key/value table; a non-finite number throws NonFiniteOutputError naming its key. */
export function renderKeyValue(entries: [string, string | number][]): string {
  return renderTable(
    ["field", "value"],
    entries.map(([k, v]) => [k, typeof v === "number" ? formatNumber(v, 6, k) : v]),
  );
}
