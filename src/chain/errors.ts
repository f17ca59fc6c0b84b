import { BaseError } from "../errors/base.js";

/** A local test chain (anvil child process or in-process EDR) could not be started or answered wrongly. */
export class LocalChainError extends BaseError {
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`local chain: ${reason}.`, { name: "LocalChainError", cause });
  }
}
