/**
 * Content addresses of sweep points: sha256 of the canonical JSON of (resolved run spec, identities of the data
 * files it reads, seed). A file's identity is its path relative to the config folder, its size and its mtime, so
 * editing or replacing a data file changes every hash that depends on it.
 */
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { BacktestConfig } from "../backtest/config.js";
import { DataFormatError } from "../errors/data.js";
import { requireObject, requireString } from "../errors/guards.js";

/** Returns JSON with object keys sorted at every level (undefined fields dropped); bigint as a decimal string. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/** Returns the hex sha256 of a string. */
export function sha256Hex(text: string): string {
  requireString(text, "text");
  return createHash("sha256").update(text).digest("hex");
}

/** The identity of one data file. */
export type DataFileIdentity = { path: string; size: number; mtimeMs: number };

const POOL_FILE_RE = /^([A-Za-z]+)-(0x[0-9a-fA-F]{40})-(\d{4}-\d{2}-\d{2})(\.minute)?\.csv$/;

function statOrThrow(path: string) {
  try {
    return statSync(path);
  } catch (cause) {
    throw new DataFormatError({ file: path, reason: `cannot read: ${(cause as Error).message}` });
  }
}

function posixRelative(baseDir: string, path: string): string {
  return relative(baseDir, path).split(sep).join("/");
}

function identitiesOf(
  baseDir: string,
  p: string,
  keep: (name: string) => boolean,
  out: DataFileIdentity[],
): void {
  const abs = isAbsolute(p) ? p : resolve(baseDir, p);
  const st = statOrThrow(abs);
  const files = st.isDirectory()
    ? readdirSync(abs)
        .filter(keep)
        .sort()
        .map((n) => join(abs, n))
    : [abs];
  for (const f of files) {
    const s = f === abs ? st : statOrThrow(f);
    if (s.isFile()) out.push({ path: posixRelative(baseDir, f), size: s.size, mtimeMs: s.mtimeMs });
  }
}

/**
 * Returns the identities of the data files a backtest config reads: the pool files of its window (`data.pool`,
 * a folder filtered to [from, to] as the loader does, or one file) and every `file` / `folder` named in the
 * config (funding, lending rates, option vol), sorted by path.
 * @throws {DataFormatError} when a named file or folder cannot be read.
 */
export function dataIdentities(spec: BacktestConfig, baseDir: string): DataFileIdentity[] {
  requireObject(spec, "spec");
  requireObject(spec.data, "spec.data");
  requireString(baseDir, "baseDir");
  const out: DataFileIdentity[] = [];
  const { pool, from, to } = spec.data;
  identitiesOf(
    baseDir,
    pool,
    (name) => {
      const m = POOL_FILE_RE.exec(name);
      if (!m) return false;
      return !((from !== undefined && m[3] < from) || (to !== undefined && m[3] > to));
    },
    out,
  );
  const walk = (v: unknown, key: string) => {
    if (typeof v === "string" && (key === "file" || key === "folder"))
      identitiesOf(baseDir, v, () => true, out);
    else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v !== null && typeof v === "object")
      for (const k of Object.keys(v)) if (k !== "data") walk((v as Record<string, unknown>)[k], k);
  };
  walk(spec, "");
  const seen = new Set<string>();
  return out
    .filter((d) => {
      if (seen.has(d.path)) return false;
      seen.add(d.path);
      return true;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Returns the hash of a point: sha256 of canonical JSON of { spec, data, seed }. */
export function pointHash(spec: BacktestConfig, data: DataFileIdentity[], seed: number): string {
  return sha256Hex(canonicalJson({ spec, data, seed }));
}
