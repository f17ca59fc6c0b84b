import type { RunRecord } from "./types.js";

/**
 * The JSON of a stored run in lists and answers (what `GET /api/runs` returns per item and `lpguard runs list
 * --json` prints): no spec, no summary; times as ISO strings.
 */
export function runListItem(r: RunRecord) {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    status: r.status,
    progress: r.progress,
    error: r.error,
    sweepId: r.sweepId,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
