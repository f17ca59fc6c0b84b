/**
 * A nonce manager that survives restarts: the next nonce of each sender is kept in a caller-provided NonceStore
 * (the keeper persists it in SQLite) and written before the nonce is used to sign.
 *
 * On the first use of an address after a start, the manager reconciles: next = max(stored, chain pending count).
 * - stored < pending: another process (or a lost write) used nonces; the chain is the truth.
 * - stored > pending: transactions were signed (and journaled by the caller) but not yet seen by the node; their
 *   nonces stay reserved until the caller has re-broadcast or resolved them, then calls `resync`.
 */
import type { Address } from "viem";

/** Where next nonces are persisted; the keeper supplies a SQLite-backed one. */
export type NonceStore = {
  get(address: string): bigint | undefined;
  set(address: string, nonce: bigint): void;
};

/** A NonceStore in memory (for tests and one-shot commands). */
export function memoryNonceStore(): NonceStore & { entries: Map<string, bigint> } {
  const entries = new Map<string, bigint>();
  return {
    entries,
    get: (a) => entries.get(a.toLowerCase()),
    set: (a, n) => {
      entries.set(a.toLowerCase(), n);
    },
  };
}

export type NonceManager = {
  /** Returns the nonce to sign with and persists nonce + 1 first. */
  reserve(address: Address): Promise<bigint>;
  /** The next nonce that `reserve` would return, without reserving it. */
  peek(address: Address): Promise<bigint>;
  /** Forgets the in-memory view and sets next = chain pending count (after in-flight transactions are resolved). */
  resync(address: Address): Promise<bigint>;
};

/**
 * Creates a nonce manager over `store`; `pendingCount(address)` is `eth_getTransactionCount(address, "pending")`.
 * Reservations of one address are serialised (no two callers get the same nonce).
 */
export function createNonceManager({
  store,
  pendingCount,
}: {
  store: NonceStore;
  pendingCount: (address: Address) => Promise<bigint>;
}): NonceManager {
  const reconciled = new Set<string>();
  const queue = new Map<string, Promise<unknown>>();
  const serial = <T>(address: string, fn: () => Promise<T>): Promise<T> => {
    const key = address.toLowerCase();
    const prev = queue.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    queue.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  };
  const current = async (address: Address): Promise<bigint> => {
    const key = address.toLowerCase();
    if (!reconciled.has(key)) {
      const pending = await pendingCount(address);
      const stored = store.get(key);
      const next = stored !== undefined && stored > pending ? stored : pending;
      store.set(key, next);
      reconciled.add(key);
      return next;
    }
    const stored = store.get(key);
    if (stored === undefined) {
      reconciled.delete(key);
      return current(address);
    }
    return stored;
  };
  return {
    reserve: (address) =>
      serial(address, async () => {
        const n = await current(address);
        store.set(address.toLowerCase(), n + 1n);
        return n;
      }),
    peek: (address) => serial(address, () => current(address)),
    resync: (address) =>
      serial(address, async () => {
        const pending = await pendingCount(address);
        store.set(address.toLowerCase(), pending);
        reconciled.add(address.toLowerCase());
        return pending;
      }),
  };
}
