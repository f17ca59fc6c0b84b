import { BaseError, formatValue } from "./base.js";

/** Another keeper holds the vault's lease: this one must not trade. */
export class LeaseHeldError extends BaseError {
  readonly vault: string;
  readonly holder: string;
  constructor({ vault, holder, expiresAt }: { vault: string; holder: string; expiresAt: number }) {
    super(
      `vault ${formatValue(vault)} is leased by ${formatValue(holder)} until ${new Date(expiresAt).toISOString()}: a second keeper refuses to trade.`,
      { name: "LeaseHeldError" },
    );
    this.vault = vault;
    this.holder = holder;
  }
}

/** A journal write carried a fencing token that is no longer the vault's current lease (a stale keeper). */
export class FencingTokenError extends BaseError {
  constructor({ vault, token, current }: { vault: string; token: number; current: number | null }) {
    super(
      `fencing token ${token} for vault ${formatValue(vault)} is stale (current ${current ?? "none"}, or the lease expired): write refused.`,
      { name: "FencingTokenError" },
    );
  }
}

/** A journal entry was asked to move between states that the state machine does not allow. */
export class JournalTransitionError extends BaseError {
  constructor({ id, from, to }: { id: string; from: string; to: string }) {
    super(`journal entry ${id}: transition ${formatValue(from)} -> ${formatValue(to)} is not allowed.`, {
      name: "JournalTransitionError",
    });
  }
}

/** A journal entry is missing, or an intent id was reused with different content. */
export class JournalEntryError extends BaseError {
  constructor({ id, reason }: { id: string; reason: string }) {
    super(`journal entry ${formatValue(id)}: ${reason}.`, { name: "JournalEntryError" });
  }
}

/** The journal file is not a keeper journal (or has a newer schema than this program knows). */
export class JournalSchemaError extends BaseError {
  constructor({ file, version, known }: { file: string; version: number; known: number }) {
    super(`${file}: journal schema version ${version} is newer than the ${known} this lpguard knows.`, {
      name: "JournalSchemaError",
    });
  }
}

/** A limit or guard denied an intent (max notional, slippage, TWAP deviation, kill switch). */
export class LimitExceededError extends BaseError {
  readonly limit: string;
  readonly value: unknown;
  constructor({
    limit,
    value,
    bound,
    intent,
  }: { limit: string; value: unknown; bound: unknown; intent: string }) {
    super(
      `${intent}: ${limit} ${formatValue(value)} exceeds the limit ${formatValue(bound)}; intent denied.`,
      { name: "LimitExceededError" },
    );
    this.limit = limit;
    this.value = value;
  }
}

/**
 * Recovery could not decide what happened to an in-flight entry, or the venues disagree with the journal: the
 * keeper fails closed (state `faulted`) instead of guessing.
 */
export class ReconciliationError extends BaseError {
  readonly reason: string;
  constructor({ subject, reason }: { subject: string; reason: string }) {
    super(`reconciliation of ${subject} failed: ${reason}; trading stopped (faulted).`, {
      name: "ReconciliationError",
    });
    this.reason = reason;
  }
}
