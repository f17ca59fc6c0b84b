import { BaseError, formatValue } from "./base.js";

/** The store could not be opened or a stored value is malformed. Names the url/file or the record. */
export class StoreError extends BaseError {
  constructor({
    what,
    value,
    reason,
    cause,
  }: { what: string; value?: unknown; reason: string; cause?: unknown }) {
    const v = value !== undefined ? ` ${formatValue(value)}` : "";
    super(`${what}${v}: ${reason}.`, { name: "StoreError", cause });
  }
}

/** A run, sweep or series asked for by id does not exist. */
export class NotFoundError extends BaseError {
  readonly field: string;
  constructor({ field, value }: { field: string; value: unknown }) {
    super(`${field} ${formatValue(value)}: not found.`, { name: "NotFoundError" });
    this.field = field;
  }
}

/** An idempotency key was reused with a different request body: the first request's run stands. */
export class IdempotencyConflictError extends BaseError {
  readonly runId: string;
  constructor({ key, runId }: { key: string; runId: string }) {
    super(
      `Idempotency-Key ${formatValue(key)}: already used for a different request (run ${formatValue(runId)}).`,
      { name: "IdempotencyConflictError" },
    );
    this.runId = runId;
  }
}
