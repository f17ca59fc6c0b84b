/**
 * Errors of the Uniswap v3 venue, classified once so the keeper retries on the class, never on message text:
 * - `retryable`: try again (maybe after re-reading state): RPC timeout or connection refused, nonce too low after a
 *   race with another sender, replacement underpriced, receipt not yet available within the wait.
 * - `nonRetryable`: this request will fail the same way again: a revert with its reason, insufficient funds,
 *   gas estimation failure, a receipt with status 0.
 * - `fatal`: the environment is wrong and trading must stop: wrong chain id, no contract code at a deployment
 *   address.
 *
 * `classifyUniswapV3Error(err)` maps anything thrown by viem or the node to one of these through a declarative
 * table of message patterns (in the manner of ccxt's `exceptions.exact` / `broad`).
 */
import { BaseError } from "../../errors/base.js";

export const ErrorClass = { retryable: "retryable", nonRetryable: "nonRetryable", fatal: "fatal" } as const;
export type ErrorClass = (typeof ErrorClass)[keyof typeof ErrorClass];

/** Root of the venue's errors; `errorClass` says whether to retry. */
export class UniswapV3VenueError extends BaseError {
  readonly errorClass: ErrorClass;
  readonly code: string;
  constructor(
    shortMessage: string,
    {
      errorClass,
      code,
      cause,
      name,
    }: { errorClass: ErrorClass; code: string; cause?: unknown; name: string },
  ) {
    super(shortMessage, { name, cause });
    this.errorClass = errorClass;
    this.code = code;
  }
}

/** The node did not answer in time or the connection failed (retryable). */
export class RpcUnavailableError extends UniswapV3VenueError {
  constructor({ method, detail, cause }: { method: string; detail: string; cause?: unknown }) {
    super(`uniswap-v3: RPC ${method} failed: ${detail}.`, {
      errorClass: "retryable",
      code: "rpc_unavailable",
      cause,
      name: "RpcUnavailableError",
    });
  }
}

/** The node already has a transaction with this nonce mined (retryable: look the nonce up, resync). */
export class NonceTooLowError extends UniswapV3VenueError {
  constructor({ from, nonce, cause }: { from: string; nonce?: bigint | number; cause?: unknown }) {
    super(`uniswap-v3: nonce ${nonce ?? "?"} of ${from} is too low (already used).`, {
      errorClass: "retryable",
      code: "nonce_too_low",
      cause,
      name: "NonceTooLowError",
    });
  }
}

/** A replacement transaction did not raise the fees enough (retryable with a bigger bump). */
export class ReplacementUnderpricedError extends UniswapV3VenueError {
  constructor({ cause }: { cause?: unknown }) {
    super("uniswap-v3: replacement transaction underpriced (raise the fee bump).", {
      errorClass: "retryable",
      code: "replacement_underpriced",
      cause,
      name: "ReplacementUnderpricedError",
    });
  }
}

/** No receipt within the wait (retryable: the transaction may still be mined). */
export class ReceiptTimeoutError extends UniswapV3VenueError {
  constructor({ hash, timeoutMs }: { hash: string; timeoutMs: number }) {
    super(`uniswap-v3: no receipt for ${hash} after ${timeoutMs} ms.`, {
      errorClass: "retryable",
      code: "receipt_timeout",
      name: "ReceiptTimeoutError",
    });
  }
}

/** The call or transaction reverted (non-retryable); `reason` is the revert string when the node gave one. */
export class TransactionRevertedError extends UniswapV3VenueError {
  readonly reason: string;
  constructor({ action, reason, cause }: { action: string; reason: string; cause?: unknown }) {
    super(`uniswap-v3: ${action} reverted: ${reason}.`, {
      errorClass: "nonRetryable",
      code: "reverted",
      cause,
      name: "TransactionRevertedError",
    });
    this.reason = reason;
  }
}

/** The sender cannot pay value plus gas (non-retryable until funded). */
export class InsufficientFundsError extends UniswapV3VenueError {
  constructor({ from, cause }: { from: string; cause?: unknown }) {
    super(`uniswap-v3: ${from} has insufficient funds for gas × price + value.`, {
      errorClass: "nonRetryable",
      code: "insufficient_funds",
      cause,
      name: "InsufficientFundsError",
    });
  }
}

/** The RPC serves another chain than the deployment's (fatal). */
export class WrongChainError extends UniswapV3VenueError {
  constructor({ expected, actual, rpcUrl }: { expected: number; actual: number; rpcUrl?: string }) {
    super(
      `uniswap-v3: chainId ${actual}${rpcUrl ? ` at ${rpcUrl}` : ""} is not the deployment's chainId ${expected}.`,
      {
        errorClass: "fatal",
        code: "wrong_chain",
        name: "WrongChainError",
      },
    );
  }
}

/** A deployment address has no contract code (fatal). */
export class MissingContractError extends UniswapV3VenueError {
  constructor({ field, address }: { field: string; address: string }) {
    super(`uniswap-v3: ${field} ${address} has no contract code on this chain.`, {
      errorClass: "fatal",
      code: "missing_contract",
      name: "MissingContractError",
    });
  }
}

/** Deploying the local contracts failed a check (init code hash, pool address, token order). Fatal. */
export class DeploymentCheckError extends UniswapV3VenueError {
  constructor({ check, expected, actual }: { check: string; expected: string; actual: string }) {
    super(`uniswap-v3 deployment: ${check} is ${actual}, expected ${expected}.`, {
      errorClass: "fatal",
      code: "deployment_check",
      name: "DeploymentCheckError",
    });
  }
}

type Rule = {
  /** Lower-case substrings; the first rule with a match wins. */
  broad: readonly string[];
  make: (ctx: ClassifyContext, message: string, cause: unknown) => UniswapV3VenueError;
};
export type ClassifyContext = { action: string; from?: string; nonce?: bigint | number; method?: string };

function revertReason(message: string): string {
  const quoted = /reverted with reason string '([^']*)'/i.exec(message);
  if (quoted) return quoted[1] || "no reason given";
  // the innermost "…reverted…: REASON" on a line (viem wraps the node's "execution reverted: REASON")
  for (const line of message.split("\n")) {
    const m = /.*reverted[^:\n]*:\s*(.+)$/i.exec(line);
    if (m?.[1].trim()) return m[1].trim().replace(/\.$/, "");
  }
  return "no reason given";
}

/** Declarative table: node / viem message fragments → our classes. Order matters (specific first). */
export const ERROR_RULES: readonly Rule[] = [
  {
    broad: ["nonce too low", "nonce has already been used", "nonce is too low"],
    make: (c, _m, cause) => new NonceTooLowError({ from: c.from ?? "?", nonce: c.nonce, cause }),
  },
  {
    broad: ["replacement transaction underpriced", "replacement fee too low", "underpriced"],
    make: (_c, _m, cause) => new ReplacementUnderpricedError({ cause }),
  },
  {
    broad: ["insufficient funds"],
    make: (c, _m, cause) => new InsufficientFundsError({ from: c.from ?? "?", cause }),
  },
  {
    broad: ["reverted", "revert", "invalid opcode"],
    make: (c, m, cause) => new TransactionRevertedError({ action: c.action, reason: revertReason(m), cause }),
  },
  {
    broad: [
      "timeout",
      "timed out",
      "econnrefused",
      "econnreset",
      "fetch failed",
      "socket hang up",
      "http request failed",
    ],
    make: (c, m, cause) =>
      new RpcUnavailableError({
        method: c.method ?? c.action,
        detail: m.split("\n")[0].slice(0, 200),
        cause,
      }),
  },
];

function fullMessage(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 8 && e; i++) {
    const x = e as { message?: string; shortMessage?: string; details?: string; cause?: unknown };
    parts.push(String(x.shortMessage ?? ""), String(x.message ?? ""), String(x.details ?? ""));
    e = x.cause;
  }
  return parts.join("\n");
}

/**
 * Maps an error thrown while talking to the chain to a classified UniswapV3VenueError (returned unchanged if it
 * already is one). Unknown errors become retryable RpcUnavailableError only if they look like transport failures;
 * anything else is rethrown as a non-retryable TransactionRevertedError-free `UniswapV3VenueError` with code
 * "unknown" (non-retryable: the keeper stops instead of guessing).
 */
export function classifyUniswapV3Error(err: unknown, ctx: ClassifyContext): UniswapV3VenueError {
  if (err instanceof UniswapV3VenueError) return err;
  const message = fullMessage(err);
  const lower = message.toLowerCase();
  for (const rule of ERROR_RULES)
    if (rule.broad.some((s) => lower.includes(s))) return rule.make(ctx, message, err);
  return new UniswapV3VenueError(
    `uniswap-v3: ${ctx.action} failed: ${message.split("\n").find(Boolean) ?? "unknown error"}.`,
    {
      errorClass: "nonRetryable",
      code: "unknown",
      cause: err,
      name: "UniswapV3VenueError",
    },
  );
}

/** Replaying recorded minutes onto a chain failed (e.g. the chain's clock is past the first minute). Fatal. */
export class ReplayError extends UniswapV3VenueError {
  constructor({ minute, reason, cause }: { minute: string; reason: string; cause?: unknown }) {
    super(`chain replay at ${minute}: ${reason}.`, {
      errorClass: "fatal",
      code: "replay",
      cause,
      name: "ReplayError",
    });
  }
}
