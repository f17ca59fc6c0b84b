import { SERIES_COLUMNS } from "../engine/columns.js";
import type { EngineSeries } from "../engine/index.js";
import { requireArrayLike, requireObject } from "../errors/guards.js";

/** Column order of series.csv (after `time`): the engine's series table. */
export { SERIES_COLUMNS };

/**
 * Returns every per-minute series as CSV: `time` as ISO-8601 UTC, then one column per series (cumulative
 * attribution columns in quote units; empty cell for NaN, e.g. range bands while flat).
 */
export function seriesToCsv(series: EngineSeries): string {
  requireObject(series, "series");
  requireArrayLike(series.time, "series.time");
  const n = series.time.length;
  const cols = SERIES_COLUMNS.map((c) => series[c]);
  const lines: string[] = new Array(n + 1);
  lines[0] = `time,${SERIES_COLUMNS.join(",")}`;
  for (let i = 0; i < n; i++) {
    let line = new Date(series.time[i]).toISOString();
    for (const c of cols) {
      const v = c[i];
      line += Number.isNaN(v) ? "," : `,${v}`;
    }
    lines[i + 1] = line;
  }
  return `${lines.join("\n")}\n`;
}
