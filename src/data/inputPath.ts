import { accessSync, constants, readdirSync, readFileSync, type Stats, statSync } from "node:fs";
import { requireObject, requireString } from "../errors/guards.js";
import { fsErrorToPathError, PathError } from "../errors/io.js";

/** What an input path must be: a regular file or a folder. */
export type InputPathKind = "file" | "dir";

export type CheckInputPathParameters = {
  /** The flag or config path that named the file (`--data`, `venues.perp.funding.file`), used in errors. */
  field: string;
  /** `file` (a regular file: not a folder, FIFO, socket or device) or `dir`. */
  kind: InputPathKind;
};

export type CheckInputPathErrorType = PathError;

/** Returns the words for a non-regular file type, or undefined for a regular file or folder. */
function specialKind(st: Stats): string | undefined {
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return undefined;
}

/**
 * Checks, without reading it, that `path` can be used as an input: it exists, it is of the `kind` expected (a
 * regular file, never a FIFO that would block a read, a socket or a device; or a folder), and it is readable.
 * Throws PathError naming `field`, the path and the reason (`does not exist (ENOENT)`, `is a folder, expected a
 * file`, `permission denied (EACCES)`). Loaders in `src/data` call it before they read; a driver calls it on every
 * path of a config before any work starts.
 *
 * @example
 * import { checkInputPath } from "lpguard/data";
 * checkInputPath("../shared/data/funding/x.csv", { field: "venues.perp.funding.file", kind: "file" });
 */
export function checkInputPath(path: string, options: CheckInputPathParameters): void {
  const { field, kind } = requireObject(options, "options");
  if (typeof path !== "string" || path === "")
    throw new PathError({ field, path: String(path ?? ""), reason: "is empty: name a file" });
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    throw fsErrorToPathError(err, { field, path });
  }
  const special = specialKind(st);
  if (special !== undefined)
    throw new PathError({
      field,
      path,
      reason: `is ${special}, expected a ${kind === "dir" ? "folder" : "regular file"}`,
    });
  if (kind === "file" && st.isDirectory())
    throw new PathError({ field, path, reason: "is a folder, expected a file", code: "EISDIR" });
  if (kind === "dir" && !st.isDirectory())
    throw new PathError({ field, path, reason: "is a file, expected a folder", code: "ENOTDIR" });
  try {
    accessSync(path, kind === "dir" ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch (err) {
    throw fsErrorToPathError(err, { field, path });
  }
}

/**
 * Returns the UTF-8 text of the regular file at `path` after `checkInputPath`; a read failure (EACCES, EIO,
 * EISDIR, …) becomes a PathError naming `field` (default `"file"`).
 */
export function readInputText(path: string, field = "file"): string {
  requireString(field, "field");
  checkInputPath(path, { field, kind: "file" });
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw fsErrorToPathError(err, { field, path, action: "read" });
  }
}

/** Returns the entry names of the folder at `path` after `checkInputPath`; failures name `field`. */
export function readInputDir(path: string, field = "folder"): string[] {
  requireString(field, "field");
  checkInputPath(path, { field, kind: "dir" });
  try {
    return readdirSync(path);
  } catch (err) {
    throw fsErrorToPathError(err, { field, path, action: "list" });
  }
}

/** Returns whether `path` is a folder (after checking that it exists and is readable); failures name `field`. */
export function isInputDir(path: string, field = "path"): boolean {
  requireString(field, "field");
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    throw fsErrorToPathError(err, { field, path });
  }
  if (st.isDirectory()) {
    checkInputPath(path, { field, kind: "dir" });
    return true;
  }
  checkInputPath(path, { field, kind: "file" });
  return false;
}
