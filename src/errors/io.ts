import { BaseError, formatValue } from "./base.js";
import { requireObject } from "./guards.js";

/** What went wrong with a path, in words a user acts on, keyed by Node's `err.code`. */
const FS_REASONS: Record<string, string> = {
  ENOENT: "does not exist",
  ENOTDIR: "has a part that is not a folder",
  EISDIR: "is a folder, expected a file",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "is on a read-only file system",
  EEXIST: "already exists",
  ENOTEMPTY: "is a folder that is not empty",
  EMFILE: "too many open files",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many symbolic links",
  EBUSY: "is busy",
  EXDEV: "is on another device than its temp folder",
  EIO: "input/output error",
  EINVAL: "invalid path",
};

/**
 * An input or output path cannot be used: missing, the wrong kind (a folder where a file is expected, a FIFO),
 * unreadable, or an I/O failure while writing. Names the flag or config field, the path and the reason.
 */
export class PathError extends BaseError {
  readonly field: string;
  readonly path: string;
  /** Node's error code when the cause was a system error (ENOENT, EACCES, ENOSPC, …). */
  readonly code: string | undefined;
  /** The reason alone (without field and path). */
  readonly reason: string;
  constructor({
    field,
    path,
    reason,
    code,
    cause,
  }: { field: string; path: string; reason: string; code?: string; cause?: unknown }) {
    super(`${field} ${formatValue(path)}: ${reason}${code ? ` (${code})` : ""}.`, {
      name: "PathError",
      cause,
    });
    this.field = field;
    this.path = path;
    this.code = code;
    this.reason = reason;
  }
}

/** Returns Node's `code` of a system error (`"ENOENT"`, …), or undefined for anything else. */
export function systemErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/**
 * Returns the error to throw for a failure on `path`: a system error (ENOENT, EISDIR, EACCES, EPERM, ENOSPC, …)
 * becomes a PathError naming `field` and `path`; a BaseError is returned unchanged; anything else becomes a
 * PathError with its message (so nothing bare escapes).
 *
 * @example
 * try { readFileSync(p) } catch (e) { throw fsErrorToPathError(e, { field: "data.funding", path: p }) }
 */
export function fsErrorToPathError(
  err: unknown,
  options: { field: string; path: string; action?: string },
): BaseError {
  const { field, path, action } = requireObject(options, "options");
  if (err instanceof BaseError) return err;
  const code = systemErrorCode(err);
  const what = code ? (FS_REASONS[code] ?? "system error") : (err as Error)?.message || String(err);
  return new PathError({
    field,
    path,
    reason: action ? `cannot ${action}: ${what}` : what,
    code,
    cause: err,
  });
}

/**
 * A number about to be written to a table, JSON or CSV is NaN or ±Infinity. Names the output field (a JSON path
 * such as `strategies[2].fees.mean`, or a CSV file and column).
 */
export class NonFiniteOutputError extends BaseError {
  readonly field: string;
  constructor({ field, value, where }: { field: string; value: number; where?: string }) {
    super(
      `${where ? `${where}: ` : ""}${field} is ${formatValue(value)}: a non-finite number never reaches the output (a bug or an input outside the model's domain).`,
      { name: "NonFiniteOutputError" },
    );
    this.field = field;
  }
}
