/**
 * Stores a finished sweep in the store (`--db`): the sweep record with its config, and every distinct point with
 * its parameters, metrics, objective and rank, in the repository's transactions. The dashboard's sweep heatmap
 * and `GET /api/sweeps/:id` read them back.
 */
import { openStore } from "../store/openStore.js";
import type { SweepRecord } from "../store/types.js";
import type { SweepAggregate } from "./runSweep.js";

export type SaveSweepParameters = {
  /** `--db`: a SQLite file or a `postgres://` url. */
  db: string;
  name: string;
  /** The sweep config as validated. */
  spec: unknown;
  aggregate: SweepAggregate;
};

/** Saves `aggregate` as a done sweep and returns its record. */
export async function saveSweep({ db, name, spec, aggregate }: SaveSweepParameters): Promise<SweepRecord> {
  const store = await openStore(db);
  try {
    const sweep = await store.createSweep({ name, spec: { config: spec, sweep: aggregate.sweep } });
    const seen = new Set<string>();
    const points = [];
    for (const p of aggregate.points) {
      if (seen.has(p.hash)) continue;
      seen.add(p.hash);
      points.push({
        hash: p.hash,
        params: { index: p.index, strategy: p.strategy, ...p.params },
        status: "done" as const,
        metrics: { ...p.metrics, objective: p.objective, rank: p.rank, frontier: p.frontier ? 1 : 0 },
        runId: null,
      });
    }
    await store.putSweepPoints(sweep.id, points);
    return await store.updateSweep(sweep.id, { status: "done" });
  } finally {
    await store.close();
  }
}
