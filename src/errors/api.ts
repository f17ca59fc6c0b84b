import { BaseError, formatValue } from "./base.js";

/** A request's body, query, path parameter or header is invalid. `field` is e.g. `body.config.position.deposit`. */
export class RequestValidationError extends BaseError {
  readonly field: string;
  constructor({ field, value, reason }: { field: string; value?: unknown; reason: string }) {
    const v = value !== undefined ? ` ${formatValue(value)}` : "";
    super(`${field}${v}: ${reason}.`, { name: "ValidationError" });
    this.field = field;
  }
}

/** The request has no valid bearer token. Never says which part of a token was wrong. */
export class UnauthorizedError extends BaseError {
  constructor(reason: string) {
    super(`Authorization: ${reason}.`, { name: "Unauthorized" });
  }
}

/** The API was started without a keeper database, so vault routes cannot answer. */
export class KeeperUnavailableError extends BaseError {
  constructor() {
    super("keeper: no keeper database is attached (start `lpguard serve` with --keeper-db FILE).", {
      name: "KeeperUnavailable",
    });
  }
}
