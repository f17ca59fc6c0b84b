import { BaseError, formatValue } from "./base.js";

/**
 * Fetching pool history from an RPC failed. `retryable` says whether the same request may succeed later (a time-out,
 * a rate limit, a range too large for the node) or never will (a bad address, a block range that does not exist).
 */
export class RpcFetchError extends BaseError {
  readonly retryable: boolean;
  constructor({
    what,
    value,
    reason,
    retryable,
    cause,
  }: { what: string; value?: unknown; reason: string; retryable: boolean; cause?: unknown }) {
    const v = value !== undefined ? ` ${formatValue(value)}` : "";
    super(`${what}${v}: ${reason}.`, { name: "RpcFetchError", cause });
    this.retryable = retryable;
  }
}
