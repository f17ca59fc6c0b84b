import { SERIES_COLUMNS } from "../engine/columns.js";
import type { EngineSeries } from "../engine/index.js";
import { requireArray, requireArrayLike, requireObject } from "../errors/guards.js";

/** Column order of series.csv (after `time`): the engine's series table. */
export { SERIES_COLUMNS };

/** One named column of a per-bar table. */
export type CsvColumn = { name: string; values: ArrayLike<number> };

/**
 * Returns per-bar columns as CSV: a header `time,<names>`, then one line per row of `time`: the time as ISO-8601
 * UTC, then each column's number as JavaScript writes it (shortest round-trip form; an empty cell for NaN). The
 * writer of every series.csv (single pool and vault).
 */
export function columnsToCsv(time: ArrayLike<number>, columns: readonly CsvColumn[]): string {
  requireArrayLike(time, "time");
  requireArray(columns, "columns");
  const n = time.length;
  const cols = columns.map((c) => c.values);
  const lines: string[] = new Array(n + 1);
  lines[0] = `time,${columns.map((c) => c.name).join(",")}`;
  for (let i = 0; i < n; i++) {
    let line = new Date(time[i]).toISOString();
    for (const c of cols) {
      const v = c[i];
      line += Number.isNaN(v) ? "," : `,${v}`;
    }
    lines[i + 1] = line;
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Returns every per-minute series as CSV: `time` as ISO-8601 UTC, then one column per series (cumulative
 * attribution columns in quote units; empty cell for NaN, e.g. range bands while flat).
 */
export function seriesToCsv(series: EngineSeries): string {
  requireObject(series, "series");
  requireArrayLike(series.time, "series.time");
  return columnsToCsv(
    series.time,
    SERIES_COLUMNS.map((name) => ({ name, values: series[name] })),
  );
}
