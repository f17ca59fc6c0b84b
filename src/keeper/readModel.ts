import { JournalEntryError } from "../errors/keeper.js";
import { type Journal, type JournalEntry, openJournal } from "./journal.js";
import type { JournalEntryView, KeeperEventView, KeeperReadModel, KeeperStatus } from "./types.js";

export type CreateKeeperReadModelParameters = {
  /** The keeper's journal file, or an open journal (not closed by `close()` then). */
  db: string | Journal;
  /** Vault to read (default: the one vault the file knows, or the newest status row's). */
  vault?: string;
  /** Wall clock for lease expiry and data freshness (default Date.now). */
  clock?: () => number;
};

/** Returns the API's view of a journal entry (raw transactions and the fencing token stay in the journal). */
export function toJournalEntryView(e: JournalEntry): JournalEntryView {
  const v: JournalEntryView = {
    id: e.id,
    seq: e.seq,
    vault: e.vault,
    policy: e.policy,
    bar: e.bar,
    leg: e.leg,
    kind: e.kind,
    action: e.action,
    state: e.state,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    detail: e.reason !== undefined ? { ...e.detail, reason: e.reason } : e.detail,
  };
  if (e.txHash !== undefined) v.txHash = e.txHash;
  if (e.clientOrderId !== undefined) v.clientOrderId = e.clientOrderId;
  return v;
}

/**
 * Returns the keeper read model over a journal file: the status the keeper last wrote (journal counts recounted,
 * and `running`/`degraded` reported as `stopped` once the keeper's lease has expired: nobody is trading), the journal
 * by seq, the events by id, and stop / kill requests (which the running keeper reads every step).
 *
 * @example
 * const rm = createKeeperReadModel({ db: "vault.db" });
 * const s = await rm.status(); // { vault: "polygon-eth", state: "running", lastBlock: "1234", … }
 */
export function createKeeperReadModel(
  params: CreateKeeperReadModelParameters,
): KeeperReadModel & { close(): void } {
  const own = typeof params.db === "string";
  const j = typeof params.db === "string" ? openJournal(params.db) : params.db;
  const clock = params.clock ?? Date.now;
  const vaultOf = (): string | undefined => params.vault ?? j.readStatus()?.vault ?? j.vaults()[0];
  return {
    async status(): Promise<KeeperStatus | null> {
      const row = j.readStatus<KeeperStatus>();
      if (row === undefined || (params.vault !== undefined && row.vault !== params.vault)) return null;
      const s: KeeperStatus = { ...row.status, journalCounts: j.counts() };
      const lease = j.lease(s.vault);
      const now = clock();
      if (
        (s.state === "running" || s.state === "degraded") &&
        (lease === undefined || lease.expiresAt < now)
      ) {
        s.state = "stopped";
        s.reason = `keeper not running (lease expired at ${new Date(lease?.expiresAt ?? row.updatedAt).toISOString()})`;
      }
      return s;
    },
    async journal(q: { limit: number; afterId?: number }): Promise<JournalEntryView[]> {
      return j.list(q.limit, q.afterId).map(toJournalEntryView);
    },
    async events(q: { afterId: number; limit: number }): Promise<KeeperEventView[]> {
      return j
        .events(q.afterId, q.limit)
        .map((e) => ({ id: e.id, time: e.time, kind: e.kind, fields: e.fields }));
    },
    async requestStop(q: { kill: boolean }): Promise<void> {
      const vault = vaultOf();
      if (vault === undefined)
        throw new JournalEntryError({
          id: j.file,
          reason: "no keeper has run on this journal (no vault to stop)",
        });
      j.requestStop(vault, q.kill);
      j.appendEvent(null, vault, q.kill ? "kill-requested" : "stop-requested", {});
    },
    close(): void {
      if (own) j.close();
    },
  };
}
