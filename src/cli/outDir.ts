/**
 * `--out DIR`: an output folder that appears whole or not at all.
 *
 * A run writes every file into a sibling temp folder `.<name>.lpguard-tmp-<pid>-<random>` and, when the command
 * succeeds, renames it to `DIR` (an existing output folder of an earlier run is first renamed aside to
 * `.<name>.lpguard-old-…` and then deleted). A crash (kill -9) leaves at most those sibling folders, which the next
 * run into the same parent removes when their process is gone; `DIR` itself always holds exactly one run.
 * A folder that exists and holds files not written by lpguard (no `.lpguard-out` marker) is never replaced.
 * `--out ''`, `.` or anything resolving to the current folder, one of its ancestors or `/` is refused.
 *
 * Commands call `prepareOutDir(out)` then `writeAtomic(dir, name, text)`; inside `main()` the folder is committed
 * after the command returns and discarded when it throws (`runWithOutDirs`). Outside `main()` the same calls
 * commit at once per file (each file still written atomically). `openOutDir` is the explicit form.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { BaseError } from "../errors/base.js";
import { ConfigError } from "../errors/config.js";
import { fsErrorToPathError, NonFiniteOutputError } from "../errors/io.js";

/** The file that marks a folder as an lpguard output folder (holds the run id). */
export const OUT_MARKER = ".lpguard-out";
const TMP_TAG = ".lpguard-tmp-";
const OLD_TAG = ".lpguard-old-";

/** An output folder being written: files go to `staging`; `commit()` makes `dir` appear with all of them. */
export type OutDir = {
  /** The final folder (absolute). */
  readonly dir: string;
  /** The sibling temp folder being written. */
  readonly staging: string;
  /** The run id written to the marker file. */
  readonly runId: string;
  /** Writes `name` (checked for NaN/Infinity when .csv/.json) and returns its final path `dir/name`. */
  write(name: string, text: string): string;
  /** Moves the staging folder to `dir`, replacing an earlier lpguard output folder there. */
  commit(): void;
  /** Removes the staging folder (nothing appears). */
  abort(): void;
};

/** Returns whether a process with this pid is alive (signal 0). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
}

/**
 * Removes the stale temp folders of `dir` left by crashed runs: `.<name>.lpguard-tmp-<pid>-*` and
 * `.<name>.lpguard-old-<pid>-*` siblings whose process is gone. Returns the paths removed.
 */
export function removeStaleTempFolders(dir: string): string[] {
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const tag = rest.startsWith(TMP_TAG) ? TMP_TAG : rest.startsWith(OLD_TAG) ? OLD_TAG : undefined;
    if (tag === undefined) continue;
    const pid = Number(rest.slice(tag.length).split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid) continue;
    if (pid === process.pid && active.has(join(parent, name))) continue;
    const p = join(parent, name);
    try {
      rmSync(p, { recursive: true, force: true });
      removed.push(p);
    } catch {
      // left for a later run
    }
  }
  return removed;
}

/** Removes `.<name>.<pid>.tmp` files of dead processes (writeAtomic outside main()) from `dir`; returns them. */
export function removeStaleTempFiles(dir: string): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^\..+\.(\d+)\.tmp$/.exec(name);
    if (m === null || alive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

/** Staging folders of this process that are still being written (not stale). */
const active = new Set<string>();

/** Validates `--out` and returns its absolute path; refuses '' and anything resolving to the cwd or above. */
export function resolveOutPath(out: string, flag = "--out"): string {
  if (typeof out !== "string" || out.trim() === "")
    throw new ConfigError({
      path: flag,
      value: out,
      reason: "is empty: name an output folder (e.g. out/run)",
    });
  const dir = resolve(out);
  const cwd = process.cwd();
  const up = relative(dir, cwd);
  if (dir === cwd || up === "" || (!up.startsWith("..") && !up.startsWith(sep) && up !== ".."))
    throw new ConfigError({
      path: flag,
      value: out,
      reason:
        dir === cwd
          ? "resolves to the current folder, which a run would replace: name a folder (e.g. out/run)"
          : "resolves to a folder that contains the current folder: name a new folder (e.g. out/run)",
    });
  if (dirname(dir) === dir) throw new ConfigError({ path: flag, value: out, reason: "is the root folder" });
  return dir;
}

/** Throws unless `dir` may be replaced: absent, empty, or an earlier lpguard output folder. */
function checkReplaceable(dir: string, out: string, flag: string): void {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(dir);
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return;
    throw fsErrorToPathError(err, { field: flag, path: out });
  }
  if (!st.isDirectory())
    throw new ConfigError({ path: flag, value: out, reason: "exists and is not a folder" });
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw fsErrorToPathError(err, { field: flag, path: out, action: "list" });
  }
  if (names.length > 0 && !names.includes(OUT_MARKER))
    throw new ConfigError({
      path: flag,
      value: out,
      reason: `exists with files lpguard did not write (no ${OUT_MARKER}); choose a new folder or empty it`,
    });
}

/** Matches a bare NaN or ±Infinity token in CSV or JSON text. */
const NON_FINITE_RE = /(^|[,:[\s"])(-?Infinity|NaN)(?=$|[,\]}\s"])/m;

/**
 * Throws NonFiniteOutputError when `text` (the content of `name`) holds a NaN or ±Infinity cell: for CSV, names
 * the column from the header and the line; for JSON, the line.
 */
export function assertFiniteText(name: string, text: string): void {
  if (!/\.(csv|json)$/i.test(name)) return;
  const m = NON_FINITE_RE.exec(text);
  if (m === null) return;
  const at = m.index + m[1].length;
  const line = text.slice(0, at).split("\n").length;
  const value = m[2] === "NaN" ? Number.NaN : m[2].startsWith("-") ? -Infinity : Infinity;
  let field = `line ${line}`;
  if (/\.csv$/i.test(name)) {
    const header = text.slice(0, text.indexOf("\n") >>> 0).split(",");
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    const col = text.slice(lineStart, at).split(",").length - 1;
    field = `column ${header[col] ?? `#${col + 1}`} (line ${line})`;
  } else {
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    const key = /"([^"]+)"\s*:/.exec(text.slice(lineStart, at));
    if (key) field = `${key[1]} (line ${line})`;
  }
  throw new NonFiniteOutputError({ field, value, where: name });
}

/**
 * Opens an output folder for `out` (the value of `flag`): validates the path, removes stale temp folders of
 * crashed runs, and creates the staging folder. Errors name the flag and the path (PathError, ConfigError).
 */
export function openOutDir(out: string, flag = "--out"): OutDir {
  const dir = resolveOutPath(out, flag);
  const parent = dirname(dir);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw fsErrorToPathError(err, { field: flag, path: out, action: "create its parent folder" });
  }
  removeStaleTempFolders(dir);
  checkReplaceable(dir, out, flag);
  const runId = `${process.pid}-${randomBytes(6).toString("hex")}`;
  const staging = join(parent, `.${basename(dir)}${TMP_TAG}${runId}`);
  try {
    mkdirSync(staging);
  } catch (err) {
    throw fsErrorToPathError(err, { field: flag, path: out, action: "create a temp folder beside it" });
  }
  active.add(staging);
  let done = false;
  const fail = (err: unknown, action: string): never => {
    throw fsErrorToPathError(err, { field: flag, path: out, action });
  };
  return {
    dir,
    staging,
    runId,
    write(name, text) {
      if (done) throw new ConfigError({ path: flag, value: out, reason: "is already committed" });
      assertFiniteText(name, text);
      try {
        writeFileSync(join(staging, name), text);
      } catch (err) {
        fail(err, `write ${name}`);
      }
      return join(dir, name);
    },
    commit() {
      if (done) return;
      try {
        writeFileSync(join(staging, OUT_MARKER), `${JSON.stringify({ runId })}\n`);
      } catch (err) {
        fail(err, `write ${OUT_MARKER}`);
      }
      checkReplaceable(dir, out, flag);
      let old: string | undefined;
      if (existsSync(dir)) {
        old = join(parent, `.${basename(dir)}${OLD_TAG}${runId}`);
        try {
          renameSync(dir, old);
        } catch (err) {
          fail(err, "move the previous output aside");
        }
      }
      try {
        renameSync(staging, dir);
      } catch (err) {
        if (old !== undefined) renameSync(old, dir);
        fail(err, "rename the temp folder into place");
      }
      done = true;
      active.delete(staging);
      if (old !== undefined) rmSync(old, { recursive: true, force: true });
    },
    abort() {
      if (done) return;
      done = true;
      active.delete(staging);
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

/** The output folders opened by the current `main()` run, keyed by staging path. */
type OutScope = Map<string, OutDir>;
const scope = new AsyncLocalStorage<OutScope>();

/**
 * Runs `fn` so that the folders it opens with `prepareOutDir` are committed when it resolves and discarded when it
 * throws. `main()` wraps every command in it.
 */
export async function runWithOutDirs<T>(fn: () => Promise<T>): Promise<T> {
  const outs: OutScope = new Map();
  return scope.run(outs, async () => {
    try {
      const r = await fn();
      for (const o of outs.values()) o.commit();
      return r;
    } catch (err) {
      for (const o of outs.values()) o.abort();
      throw err;
    } finally {
      for (const o of outs.values()) o.abort();
    }
  });
}

/**
 * Validates `--out` and returns the folder to pass to `writeAtomic`. Inside `main()` this is a staging folder that
 * becomes `out` when the command succeeds; outside it, `out` itself (created), each file written atomically.
 */
export function prepareOutDir(out: string, flag = "--out"): string {
  const outs = scope.getStore();
  if (outs === undefined) {
    const dir = resolveOutPath(out, flag);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw fsErrorToPathError(err, { field: flag, path: out, action: "create it" });
    }
    removeStaleTempFiles(dir);
    return dir;
  }
  const o = openOutDir(out, flag);
  outs.set(o.staging, o);
  return o.staging;
}

/**
 * Writes `text` to `dir/name` and returns the path the file will have once the run succeeds. `dir` is what
 * `prepareOutDir` returned. Outside `main()`: a temp file in the same folder, then rename. CSV and JSON text is
 * checked for NaN/Infinity first (NonFiniteOutputError naming the column or key).
 */
export function writeAtomic(dir: string, name: string, text: string): string {
  const o = scope.getStore()?.get(dir);
  if (o !== undefined) return o.write(name, text);
  assertFiniteText(name, text);
  const target = join(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err instanceof BaseError ? err : fsErrorToPathError(err, { field: "--out", path: target });
  }
  return target;
}

/** Returns the run id recorded in an output folder's marker, or undefined when it has none. */
export function readOutRunId(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, OUT_MARKER), "utf8")) as { runId?: string }).runId;
  } catch {
    return undefined;
  }
}
