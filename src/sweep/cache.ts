/**
 * Where finished points are kept, by hash, so a killed sweep resumes without redoing them. `PointCache` is the
 * port (a store-backed implementation can replace the folder one); `createDirPointCache` keeps one JSON file per
 * point, `<dir>/points/<hash>.json`, written atomically (temp file, then rename), so a file is whole or absent.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DataFormatError } from "../errors/data.js";
import { requireString } from "../errors/guards.js";
import type { PointResult } from "./evaluate.js";

/** A content-addressed store of point results. */
export type PointCache = {
  /** The result stored under `hash`, or undefined. */
  get(hash: string): PointResult | undefined;
  /** Stores a result under `hash` (idempotent: a point's result never changes). */
  put(hash: string, result: PointResult): void;
};

const HASH_RE = /^[0-9a-f]{64}$/;

/** Returns a cache that keeps nothing (a sweep without `--out`). */
export function createMemoryPointCache(): PointCache & { size: () => number } {
  const map = new Map<string, PointResult>();
  return {
    get: (hash) => map.get(hash),
    put: (hash, result) => {
      map.set(hash, result);
    },
    size: () => map.size,
  };
}

/** Returns a cache of one JSON file per point under `<dir>/points/`. */
export function createDirPointCache(dir: string): PointCache {
  requireString(dir, "dir");
  const folder = join(dir, "points");
  mkdirSync(folder, { recursive: true });
  return {
    get(hash) {
      if (!HASH_RE.test(hash)) return undefined;
      const file = join(folder, `${hash}.json`);
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
      try {
        const v = JSON.parse(text) as { hash: string; result: PointResult };
        if (v.hash !== hash || typeof v.result?.metrics?.netPnl !== "number")
          throw new Error("wrong content");
        return v.result;
      } catch (cause) {
        throw new DataFormatError({
          file,
          reason: `is not a sweep point result (${(cause as Error).message}); delete it to recompute`,
        });
      }
    },
    put(hash, result) {
      const file = join(folder, `${hash}.json`);
      const tmp = join(folder, `.${hash}.${process.pid}.tmp`);
      writeFileSync(tmp, `${JSON.stringify({ hash, result })}\n`);
      renameSync(tmp, file);
    },
  };
}
