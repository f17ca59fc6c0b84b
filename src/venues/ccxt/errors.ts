/**
 * Errors of the perp venues, classified once (STYLE B4): every failure of a ccxt call becomes a `PerpVenueError`
 * whose `kind` says what the keeper may do — `retryable` (send again: network, rate limit, clock skew),
 * `nonRetryable` (the venue refused this request: margin, bad order, duplicate id) or `fatal` (stop trading:
 * credentials, permissions). The keeper switches on `kind`, never on message text.
 *
 * Two declarative tables decide: venue codes first (`VENUE_CODES`, exact Binance codes such as -4116), then
 * ccxt's error classes (`CCXT_CLASSES`, most specific first, matched with `instanceof`).
 */
import {
  AccountSuspended,
  AuthenticationError,
  BadRequest,
  BadResponse,
  BadSymbol,
  BaseError as CcxtBaseError,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  NotSupported,
  OnMaintenance,
  OperationFailed,
  OperationRejected,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from "ccxt";
import { BaseError, formatValue } from "../../errors/base.js";

export const PERP_ERROR_KINDS = ["retryable", "nonRetryable", "fatal"] as const;
export type PerpErrorKind = (typeof PERP_ERROR_KINDS)[number];

export type PerpVenueErrorParameters = {
  kind: PerpErrorKind;
  venue: string;
  operation: string;
  /** Venue error code when the venue sent one (Binance: "-4116"). */
  code?: string | undefined;
  reason: string;
  cause?: unknown;
};

/** A perp venue call failed. `kind` is the classification; `code` the venue's own code, when known. */
export class PerpVenueError extends BaseError {
  readonly kind: PerpErrorKind;
  readonly venue: string;
  readonly operation: string;
  readonly code: string | undefined;
  constructor(p: PerpVenueErrorParameters, name = "PerpVenueError") {
    const code = p.code !== undefined ? ` (code ${p.code})` : "";
    super(`${p.venue} ${p.operation}: ${p.reason}${code} [${p.kind}].`, { name, cause: p.cause });
    this.kind = p.kind;
    this.venue = p.venue;
    this.operation = p.operation;
    this.code = p.code;
  }
}

/**
 * The client order id was already used (Binance -4116, or ccxt's DuplicateOrderId). Non-retryable: the order was
 * already sent — look it up with `fetchOrderByClientId` instead of sending it again.
 */
export class DuplicateClientOrderIdError extends PerpVenueError {
  readonly clientOrderId: string | undefined;
  constructor(p: Omit<PerpVenueErrorParameters, "kind" | "reason"> & { clientOrderId?: string }) {
    super(
      {
        ...p,
        kind: "nonRetryable",
        reason: `client order id ${formatValue(p.clientOrderId ?? "?")} is already used; already sent, look it up`,
      },
      "DuplicateClientOrderIdError",
    );
    this.clientOrderId = p.clientOrderId;
  }
}

/** A request the adapter refuses before calling the venue (bad amount, bad id). Always non-retryable. */
export class PerpRequestError extends BaseError {
  readonly field: string;
  constructor({ field, value, reason }: { field: string; value: unknown; reason: string }) {
    super(`${field} ${formatValue(value)}: ${reason}.`, { name: "PerpRequestError" });
    this.field = field;
  }
}

type CodeRule = { kind: PerpErrorKind; reason: string; duplicateClientOrderId?: true };

/**
 * Venue codes, checked before ccxt's class (ccxt maps -1021 and -1022 both to BadRequest, which would hide that
 * one is clock skew and the other a wrong secret).
 * @see https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code
 */
export const VENUE_CODES: Record<string, Record<string, CodeRule>> = {
  binanceusdm: {
    "-1000": { kind: "retryable", reason: "unknown error while processing the request" },
    "-1001": { kind: "retryable", reason: "internal error; unable to process the request" },
    "-1003": { kind: "retryable", reason: "too many requests" },
    "-1007": { kind: "retryable", reason: "timeout waiting for the backend" },
    "-1008": { kind: "retryable", reason: "request throttled by system-level protection" },
    "-1021": { kind: "retryable", reason: "timestamp outside the recvWindow (clock skew)" },
    "-1022": { kind: "fatal", reason: "signature for this request is not valid" },
    "-2014": { kind: "fatal", reason: "API-key format invalid" },
    "-2015": { kind: "fatal", reason: "invalid API-key, IP, or permissions for action" },
    "-2013": { kind: "nonRetryable", reason: "order does not exist" },
    "-2019": { kind: "nonRetryable", reason: "margin is insufficient" },
    "-2022": { kind: "nonRetryable", reason: "reduce-only order rejected" },
    "-4003": { kind: "nonRetryable", reason: "quantity less than or equal to zero" },
    "-4116": {
      kind: "nonRetryable",
      reason: "client order id is duplicated",
      duplicateClientOrderId: true,
    },
    "-4164": { kind: "nonRetryable", reason: "order notional below the minimum" },
  },
  hyperliquid: {},
};

type ErrorClass = abstract new (...args: never[]) => Error;

/** ccxt's error classes, most specific first; the first `instanceof` match wins. */
export const CCXT_CLASSES: ReadonlyArray<readonly [ErrorClass, PerpErrorKind, string]> = [
  [AccountSuspended, "fatal", "account suspended"],
  [PermissionDenied, "fatal", "permission denied"],
  [AuthenticationError, "fatal", "authentication failed"],
  [RateLimitExceeded, "retryable", "rate limit exceeded"],
  [DDoSProtection, "retryable", "DDoS protection"],
  [RequestTimeout, "retryable", "request timed out"],
  [OnMaintenance, "retryable", "exchange on maintenance"],
  [ExchangeNotAvailable, "retryable", "exchange not available"],
  [InvalidNonce, "retryable", "invalid nonce or timestamp"],
  [NetworkError, "retryable", "network error"],
  [BadResponse, "retryable", "bad response"],
  [OperationFailed, "retryable", "operation failed"],
  [InsufficientFunds, "nonRetryable", "insufficient funds"],
  [OrderNotFound, "nonRetryable", "order not found"],
  [InvalidOrder, "nonRetryable", "invalid order"],
  [BadSymbol, "nonRetryable", "bad symbol"],
  [BadRequest, "nonRetryable", "bad request"],
  [NotSupported, "nonRetryable", "not supported"],
  [OperationRejected, "nonRetryable", "operation rejected"],
  [ExchangeError, "nonRetryable", "exchange error"],
  [CcxtBaseError, "nonRetryable", "ccxt error"],
];

/** Reads a venue code out of a ccxt message (`binanceusdm {"code":-4116,"msg":"…"}`). */
export function venueCodeOf(err: unknown): { code: string; msg: string | undefined } | undefined {
  const message = err instanceof Error ? err.message : typeof err === "string" ? err : "";
  const start = message.indexOf("{");
  if (start < 0) return undefined;
  try {
    const body = JSON.parse(message.slice(start)) as { code?: unknown; msg?: unknown };
    if (body.code === undefined || body.code === null) return undefined;
    return { code: String(body.code), msg: typeof body.msg === "string" ? body.msg : undefined };
  } catch {
    return undefined;
  }
}

export type ClassifyPerpErrorParameters = {
  venue: string;
  operation: string;
  clientOrderId?: string | undefined;
};

/**
 * Returns the `PerpVenueError` for any failure of a ccxt call. An error that already is one passes through; a
 * non-ccxt error (a bug, a TypeError) is `nonRetryable` so the keeper stops instead of looping.
 */
export function classifyPerpError(err: unknown, p: ClassifyPerpErrorParameters): PerpVenueError {
  if (err instanceof PerpVenueError) return err;
  const vc = venueCodeOf(err);
  const rule = vc ? VENUE_CODES[p.venue]?.[vc.code] : undefined;
  if (vc && rule) {
    if (rule.duplicateClientOrderId)
      return new DuplicateClientOrderIdError({
        venue: p.venue,
        operation: p.operation,
        code: vc.code,
        clientOrderId: p.clientOrderId,
        cause: err,
      });
    return new PerpVenueError({
      kind: rule.kind,
      venue: p.venue,
      operation: p.operation,
      code: vc.code,
      reason: vc.msg ?? rule.reason,
      cause: err,
    });
  }
  if (err instanceof Error && err.constructor.name === "DuplicateOrderId")
    return new DuplicateClientOrderIdError({ ...p, code: vc?.code, cause: err });
  for (const [cls, kind, reason] of CCXT_CLASSES) {
    if (err instanceof cls)
      return new PerpVenueError({
        kind,
        venue: p.venue,
        operation: p.operation,
        code: vc?.code,
        reason: vc?.msg ?? reason,
        cause: err,
      });
  }
  const text = err instanceof Error ? err.message : String(err);
  return new PerpVenueError({
    kind: "nonRetryable",
    venue: p.venue,
    operation: p.operation,
    reason: `unexpected failure: ${text.split("\n")[0].slice(0, 200)}`,
    cause: err,
  });
}
