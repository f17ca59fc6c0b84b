import { createHash } from "node:crypto";
import Database from "better-sqlite3";

/**
 * What the journal exposes of its SQLite connection (pragmas and ad-hoc reads, for the read model and tests). A
 * named interface: the declaration build cannot name better-sqlite3's own connection type.
 */
export interface JournalConnection {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  prepare(sql: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
}

import {
  FencingTokenError,
  JournalEntryError,
  JournalSchemaError,
  JournalTransitionError,
  LeaseHeldError,
} from "../errors/keeper.js";

/**
 * The keeper's write-ahead journal in SQLite (WAL, synchronous=FULL, every write one transaction).
 *
 * Every intent gets a deterministic id `intentId(vault, policy, bar, leg)` and is written (`planned`) before anything
 * is sent. Chain legs then go `planned → signed` (hash, raw transaction, sender and nonce persisted BEFORE the
 * broadcast) `→ broadcast → confirmed | failed`; perp legs go `planned → submitted` (client order id persisted BEFORE
 * the submit) `→ filled | rejected`. A planned entry that recovery decides never to send goes to `cancelled`.
 *
 * One writer: `acquireLease` hands out a fencing token (a counter that grows with every new holder); every trading
 * write takes the token and checks, in the same transaction, that it is still the vault's current, unexpired lease.
 * A second keeper on the same vault gets `LeaseHeldError`; a stale one gets `FencingTokenError` on its next write.
 *
 * Invariants (asserted in test/keeper/journal.test.ts):
 * - J1 an id is planned at most once; planning it again with the same content returns the existing entry, with
 *   different content throws (no two intents share an id);
 * - J2 entries only move along the state machine above; terminal states never change;
 * - J3 a `signed` entry always has txHash, rawTx, from and nonce; a `submitted` one always has clientOrderId;
 * - J4 a `filled` entry has exactly one fill row, written in the same transaction as the state change.
 */

/** States of a chain leg (a transaction). */
export const ChainLegState = {
  planned: "planned",
  signed: "signed",
  broadcast: "broadcast",
  confirmed: "confirmed",
  failed: "failed",
  cancelled: "cancelled",
} as const;
/** States of a perp leg (an order). */
export const PerpLegState = {
  planned: "planned",
  submitted: "submitted",
  filled: "filled",
  rejected: "rejected",
  cancelled: "cancelled",
} as const;
export type ChainLegState = (typeof ChainLegState)[keyof typeof ChainLegState];
export type PerpLegState = (typeof PerpLegState)[keyof typeof PerpLegState];
export type JournalState = ChainLegState | PerpLegState;
export type LegKind = "chain" | "perp";

const NEXT: Record<LegKind, Record<string, readonly string[]>> = {
  chain: {
    planned: ["signed", "cancelled"],
    // A signed transaction may be found mined by recovery without a recorded broadcast (crash in between).
    signed: ["broadcast", "confirmed", "failed"],
    broadcast: ["confirmed", "failed"],
    confirmed: [],
    failed: [],
    cancelled: [],
  },
  perp: {
    planned: ["submitted", "cancelled"],
    submitted: ["filled", "rejected"],
    filled: [],
    rejected: [],
    cancelled: [],
  },
};

/** Returns true when `state` is terminal for its leg kind. */
export function isTerminal(kind: LegKind, state: string): boolean {
  return (NEXT[kind][state] ?? []).length === 0;
}

export type JournalEntry = {
  /** Deterministic intent id (see intentId). */
  id: string;
  /** Insertion order (1, 2, …), the journal's cursor. */
  seq: number;
  vault: string;
  policy: string;
  bar: number;
  leg: string;
  kind: LegKind;
  /** What the leg does: "hedge", "mint", "decrease", "collect", "burn", "swap", "approve", … */
  action: string;
  state: JournalState;
  txHash?: string;
  rawTx?: string;
  from?: string;
  /** Nonce as a decimal string. */
  nonce?: string;
  clientOrderId?: string;
  /** The intent's parameters and results (exact amounts as decimal strings). */
  detail: Record<string, unknown>;
  /** Reason of a failed / rejected / cancelled entry. */
  reason?: string;
  createdAt: number;
  updatedAt: number;
};

export type Fill = {
  intentId: string;
  venue: string;
  symbol: string;
  side: "buy" | "sell";
  /** Base units. */
  amount: number;
  price: number;
  fee: number;
  time: number;
  raw?: unknown;
};

export type JournalEvent = {
  id: number;
  vault: string;
  time: number;
  kind: string;
  fields: Record<string, unknown>;
};

export type ControlState = { stop: boolean; kill: boolean; requestedAt: number | null };

export type Lease = { vault: string; owner: string; token: number; expiresAt: number };

/** Returns the deterministic intent id: the first 32 hex digits of sha256 of [vault, policy, bar, leg]. */
export function intentId(p: { vault: string; policy: string; bar: number; leg: string }): string {
  return createHash("sha256")
    .update(JSON.stringify([p.vault, p.policy, p.bar, p.leg]))
    .digest("hex")
    .slice(0, 32);
}

/** Returns the deterministic client order id of a perp intent (35 chars, within Binance's 36 and its alphabet). */
export function clientOrderIdFor(id: string): string {
  return `lpg${id}`;
}

/** The numbered migrations; `PRAGMA user_version` records how many have run. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE intents (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     vault TEXT NOT NULL, policy TEXT NOT NULL, bar INTEGER NOT NULL, leg TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('chain','perp')), action TEXT NOT NULL, state TEXT NOT NULL,
     tx_hash TEXT, raw_tx TEXT, from_addr TEXT, nonce TEXT, client_order_id TEXT UNIQUE,
     detail TEXT NOT NULL, reason TEXT, fence INTEGER NOT NULL,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
   CREATE INDEX intents_vault_state ON intents (vault, state);
   CREATE TABLE fills (
     id INTEGER PRIMARY KEY AUTOINCREMENT, intent_id TEXT NOT NULL UNIQUE REFERENCES intents(id),
     venue TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, amount REAL NOT NULL, price REAL NOT NULL,
     fee REAL NOT NULL, time INTEGER NOT NULL, raw TEXT);
   CREATE TABLE snapshots (
     id INTEGER PRIMARY KEY AUTOINCREMENT, vault TEXT NOT NULL, time INTEGER NOT NULL, state TEXT NOT NULL);
   CREATE INDEX snapshots_vault ON snapshots (vault, id);
   CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT, vault TEXT NOT NULL, time INTEGER NOT NULL, kind TEXT NOT NULL,
     fields TEXT NOT NULL);
   CREATE TABLE nonces (address TEXT PRIMARY KEY, nonce TEXT NOT NULL);
   CREATE TABLE control (
     vault TEXT PRIMARY KEY, stop INTEGER NOT NULL, kill INTEGER NOT NULL, requested_at INTEGER);
   CREATE TABLE status (vault TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE leases (
     vault TEXT PRIMARY KEY, owner TEXT NOT NULL, token INTEGER NOT NULL, expires_at INTEGER NOT NULL);`,
];

type Row = {
  seq: number;
  id: string;
  vault: string;
  policy: string;
  bar: number;
  leg: string;
  kind: LegKind;
  action: string;
  state: JournalState;
  tx_hash: string | null;
  raw_tx: string | null;
  from_addr: string | null;
  nonce: string | null;
  client_order_id: string | null;
  detail: string;
  reason: string | null;
  created_at: number;
  updated_at: number;
};

function toEntry(r: Row): JournalEntry {
  const e: JournalEntry = {
    id: r.id,
    seq: r.seq,
    vault: r.vault,
    policy: r.policy,
    bar: r.bar,
    leg: r.leg,
    kind: r.kind,
    action: r.action,
    state: r.state,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.tx_hash !== null) e.txHash = r.tx_hash;
  if (r.raw_tx !== null) e.rawTx = r.raw_tx;
  if (r.from_addr !== null) e.from = r.from_addr;
  if (r.nonce !== null) e.nonce = r.nonce;
  if (r.client_order_id !== null) e.clientOrderId = r.client_order_id;
  if (r.reason !== null) e.reason = r.reason;
  return e;
}

/** JSON with bigint as decimal strings (exact amounts cross the journal as strings). */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
}

export type PlanParameters = {
  vault: string;
  policy: string;
  bar: number;
  leg: string;
  kind: LegKind;
  action: string;
  detail: Record<string, unknown>;
};

export type OpenJournalParameters = {
  /** Wall clock for timestamps and lease expiry (ms); default Date.now. */
  clock?: () => number;
  /** Open read-only (status, read model): no migrations, no writes. */
  readonly?: boolean;
};

export type Journal = ReturnType<typeof openJournal>;

/**
 * Opens (creating and migrating if needed) the keeper journal at `file`.
 *
 * @example
 * const j = openJournal("vault.db");
 * const token = j.acquireLease("v1", "host:123", 10_000);
 * const { entry } = j.plan(token, { vault: "v1", policy: "delta", bar: 42, leg: "hedge:ETH", kind: "perp",
 *   action: "hedge", detail: { symbol: "ETH/USDC:USDC", side: "sell", amount: 0.5 } });
 */
export function openJournal(file: string, opts: OpenJournalParameters = {}) {
  const clock = opts.clock ?? Date.now;
  const db = new Database(file, opts.readonly ? { readonly: true, fileMustExist: true } : {});
  db.pragma("busy_timeout = 5000");
  if (!opts.readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      db.close();
      throw new JournalSchemaError({ file, version, known: MIGRATIONS.length });
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v]);
        db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  }

  const q = {
    lease: db.prepare<[string], Lease & { expires_at: number }>(
      "SELECT vault, owner, token, expires_at FROM leases WHERE vault = ?",
    ),
    maxToken: db.prepare<[string], { t: number | null }>(
      "SELECT MAX(token) AS t FROM leases WHERE vault = ?",
    ),
    putLease: db.prepare(
      "INSERT INTO leases (vault, owner, token, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(vault) DO UPDATE SET owner = excluded.owner, token = excluded.token, expires_at = excluded.expires_at",
    ),
    get: db.prepare<[string], Row>("SELECT * FROM intents WHERE id = ?"),
    insert: db.prepare(
      `INSERT INTO intents (id, vault, policy, bar, leg, kind, action, state, detail, fence, created_at, updated_at)
       VALUES (@id, @vault, @policy, @bar, @leg, @kind, @action, 'planned', @detail, @fence, @now, @now)`,
    ),
    update: db.prepare(
      `UPDATE intents SET state = @state, tx_hash = COALESCE(@txHash, tx_hash), raw_tx = COALESCE(@rawTx, raw_tx),
         from_addr = COALESCE(@from, from_addr), nonce = COALESCE(@nonce, nonce),
         client_order_id = COALESCE(@clientOrderId, client_order_id), detail = COALESCE(@detail, detail),
         reason = COALESCE(@reason, reason), fence = @fence, updated_at = @now WHERE id = @id`,
    ),
    inFlight: db.prepare<[string], Row>(
      "SELECT * FROM intents WHERE vault = ? AND state IN ('planned','signed','broadcast','submitted') ORDER BY seq",
    ),
    ofVault: db.prepare<[string], Row>("SELECT * FROM intents WHERE vault = ? ORDER BY seq"),
    notionalSince: db.prepare<[string, number], { n: number | null }>(
      "SELECT SUM(ABS(json_extract(detail, '$.notional'))) AS n FROM intents WHERE vault = ? AND created_at >= ? AND state NOT IN ('cancelled','failed','rejected')",
    ),
    list: db.prepare<[number, number], Row>("SELECT * FROM intents WHERE seq > ? ORDER BY seq LIMIT ?"),
    listDesc: db.prepare<[number], Row>("SELECT * FROM intents ORDER BY seq DESC LIMIT ?"),
    counts: db.prepare<[], { state: string; n: number }>(
      "SELECT state, COUNT(*) AS n FROM intents GROUP BY state ORDER BY state",
    ),
    insertFill: db.prepare(
      `INSERT INTO fills (intent_id, venue, symbol, side, amount, price, fee, time, raw)
       VALUES (@intentId, @venue, @symbol, @side, @amount, @price, @fee, @time, @raw)`,
    ),
    fills: db.prepare<[string], Fill & { intent_id: string; raw: string | null }>(
      "SELECT intent_id, venue, symbol, side, amount, price, fee, time, raw FROM fills WHERE symbol = ? ORDER BY id",
    ),
    allFills: db.prepare<[], Fill & { intent_id: string; raw: string | null }>(
      "SELECT intent_id, venue, symbol, side, amount, price, fee, time, raw FROM fills ORDER BY id",
    ),
    putSnapshot: db.prepare("INSERT INTO snapshots (vault, time, state) VALUES (?, ?, ?)"),
    pruneSnapshots: db.prepare("DELETE FROM snapshots WHERE vault = ? AND id < ?"),
    snapshot: db.prepare<[string], { time: number; state: string }>(
      "SELECT time, state FROM snapshots WHERE vault = ? ORDER BY id DESC LIMIT 1",
    ),
    putEvent: db.prepare("INSERT INTO events (vault, time, kind, fields) VALUES (?, ?, ?, ?)"),
    events: db.prepare<
      [number, number],
      { id: number; vault: string; time: number; kind: string; fields: string }
    >("SELECT id, vault, time, kind, fields FROM events WHERE id > ? ORDER BY id LIMIT ?"),
    getNonce: db.prepare<[string], { nonce: string }>("SELECT nonce FROM nonces WHERE address = ?"),
    putNonce: db.prepare(
      "INSERT INTO nonces (address, nonce) VALUES (?, ?) ON CONFLICT(address) DO UPDATE SET nonce = excluded.nonce",
    ),
    control: db.prepare<[string], { stop: number; kill: number; requested_at: number | null }>(
      "SELECT stop, kill, requested_at FROM control WHERE vault = ?",
    ),
    putControl: db.prepare(
      "INSERT INTO control (vault, stop, kill, requested_at) VALUES (?, ?, ?, ?) ON CONFLICT(vault) DO UPDATE SET stop = MAX(stop, excluded.stop), kill = MAX(kill, excluded.kill), requested_at = excluded.requested_at",
    ),
    clearControl: db.prepare("DELETE FROM control WHERE vault = ?"),
    putStatus: db.prepare(
      "INSERT INTO status (vault, json, updated_at) VALUES (?, ?, ?) ON CONFLICT(vault) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
    ),
    status: db.prepare<[], { vault: string; json: string; updated_at: number }>(
      "SELECT vault, json, updated_at FROM status ORDER BY updated_at DESC LIMIT 1",
    ),
    vaults: db.prepare<[], { vault: string }>(
      "SELECT vault FROM status UNION SELECT vault FROM leases UNION SELECT vault FROM control",
    ),
  };

  /** Throws unless `token` is the current, unexpired lease of `vault`. Called inside each write transaction. */
  const checkFence = (vault: string, token: number, now: number): void => {
    const l = q.lease.get(vault);
    if (l === undefined || l.token !== token || l.expires_at < now)
      throw new FencingTokenError({ vault, token, current: l?.token ?? null });
  };

  const mustGet = (id: string): Row => {
    const r = q.get.get(id);
    if (r === undefined) throw new JournalEntryError({ id, reason: "no such entry" });
    return r;
  };

  type Patch = {
    txHash?: string;
    rawTx?: string;
    from?: string;
    nonce?: string;
    clientOrderId?: string;
    detail?: Record<string, unknown>;
    reason?: string;
  };

  const transition = (token: number, id: string, to: JournalState, patch: Patch, fill?: Fill): JournalEntry =>
    db
      .transaction((): JournalEntry => {
        const now = clock();
        const r = mustGet(id);
        checkFence(r.vault, token, now);
        if (!(NEXT[r.kind][r.state] ?? []).includes(to))
          throw new JournalTransitionError({ id, from: r.state, to });
        const detail = patch.detail ? toJson({ ...JSON.parse(r.detail), ...patch.detail }) : null;
        q.update.run({
          id,
          state: to,
          txHash: patch.txHash ?? null,
          rawTx: patch.rawTx ?? null,
          from: patch.from ?? null,
          nonce: patch.nonce ?? null,
          clientOrderId: patch.clientOrderId ?? null,
          detail,
          reason: patch.reason ?? null,
          fence: token,
          now,
        });
        if (fill) q.insertFill.run({ ...fill, raw: fill.raw === undefined ? null : toJson(fill.raw) });
        const after = toEntry(mustGet(id));
        // J3: the fields each state needs are present.
        if (
          after.state === "signed" &&
          !(after.txHash && after.rawTx && after.from && after.nonce !== undefined)
        )
          throw new JournalEntryError({ id, reason: "signed without txHash, rawTx, from and nonce" });
        if (after.state === "submitted" && !after.clientOrderId)
          throw new JournalEntryError({ id, reason: "submitted without clientOrderId" });
        return after;
      })
      .immediate();

  return {
    file,
    /** The underlying connection (read-only use by the read model and tests). */
    db: db as JournalConnection,
    close(): void {
      db.close();
    },

    /**
     * Acquires the vault's lease for `owner` for `ttlMs` and returns its fencing token. The same owner renews and
     * keeps its token; a new owner gets the previous token + 1, but only when the lease is free, expired, or its
     * holder is known dead (`isHolderDead(owner)`, e.g. a pid on this host that no longer exists). Otherwise throws
     * LeaseHeldError.
     */
    acquireLease(
      vault: string,
      owner: string,
      ttlMs: number,
      now: number = clock(),
      isHolderDead?: (holder: string) => boolean,
    ): number {
      return db
        .transaction((): number => {
          const l = q.lease.get(vault);
          if (l !== undefined && l.owner === owner && l.expires_at >= now) {
            q.putLease.run(vault, owner, l.token, now + ttlMs);
            return l.token;
          }
          if (l !== undefined && l.expires_at >= now && !(isHolderDead?.(l.owner) ?? false))
            throw new LeaseHeldError({ vault, holder: l.owner, expiresAt: l.expires_at });
          const token = (q.maxToken.get(vault)?.t ?? 0) + 1;
          q.putLease.run(vault, owner, token, now + ttlMs);
          return token;
        })
        .immediate();
    },
    /** Extends the lease held with `token` (FencingTokenError if it is no longer ours). */
    renewLease(vault: string, token: number, ttlMs: number, now: number = clock()): void {
      db.transaction(() => {
        checkFence(vault, token, now);
        const l = q.lease.get(vault) as Lease;
        q.putLease.run(vault, l.owner, token, now + ttlMs);
      }).immediate();
    },
    /** Releases the lease (expires it now) if `token` still holds it. */
    releaseLease(vault: string, token: number, now: number = clock()): void {
      db.transaction(() => {
        const l = q.lease.get(vault);
        if (l !== undefined && l.token === token) q.putLease.run(vault, l.owner, token, now - 1);
      }).immediate();
    },
    lease(vault: string): Lease | undefined {
      const l = q.lease.get(vault);
      return l === undefined
        ? undefined
        : { vault: l.vault, owner: l.owner, token: l.token, expiresAt: l.expires_at };
    },

    /**
     * Writes a `planned` entry (J1: idempotent for the same content). Returns the entry and whether it was created.
     */
    plan(token: number, p: PlanParameters): { entry: JournalEntry; created: boolean } {
      return db
        .transaction(() => {
          const now = clock();
          checkFence(p.vault, token, now);
          const id = intentId(p);
          const detail = toJson(p.detail);
          const old = q.get.get(id);
          if (old !== undefined) {
            if (old.kind !== p.kind || old.action !== p.action)
              throw new JournalEntryError({
                id,
                reason: `id reused for ${p.kind}/${p.action} (was ${old.kind}/${old.action})`,
              });
            return { entry: toEntry(old), created: false };
          }
          q.insert.run({ id, ...p, detail, fence: token, now });
          return { entry: toEntry(mustGet(id)), created: true };
        })
        .immediate();
    },
    /**
     * planned → signed: persists hash, raw transaction, sender and nonce (and `detail` merged in, e.g. the params the
     * transaction was built from) in one transaction, before the broadcast.
     */
    markSigned(
      token: number,
      id: string,
      s: { txHash: string; rawTx: string; from: string; nonce: bigint | number },
      detail?: Record<string, unknown>,
    ): JournalEntry {
      return transition(token, id, "signed", { ...s, nonce: String(s.nonce), detail });
    },
    markBroadcast(token: number, id: string): JournalEntry {
      return transition(token, id, "broadcast", {});
    },
    /** signed | broadcast → confirmed, merging the decoded receipt into detail. */
    markConfirmed(token: number, id: string, result: Record<string, unknown>, txHash?: string): JournalEntry {
      return transition(token, id, "confirmed", { detail: { result }, txHash });
    },
    markFailed(token: number, id: string, reason: string): JournalEntry {
      return transition(token, id, "failed", { reason });
    },
    /** planned → submitted: persists the client order id before the order is sent. */
    markSubmitted(token: number, id: string, clientOrderId: string): JournalEntry {
      return transition(token, id, "submitted", { clientOrderId });
    },
    /** submitted → filled with its fill row in the same transaction (J4). */
    markFilled(
      token: number,
      id: string,
      fill: Omit<Fill, "intentId">,
      result?: Record<string, unknown>,
    ): JournalEntry {
      return transition(token, id, "filled", result ? { detail: { result } } : {}, { ...fill, intentId: id });
    },
    markRejected(token: number, id: string, reason: string): JournalEntry {
      return transition(token, id, "rejected", { reason });
    },
    /** planned → cancelled: nothing was sent and recovery decided not to send it. */
    markCancelled(token: number, id: string, reason: string): JournalEntry {
      return transition(token, id, "cancelled", { reason });
    },

    get(id: string): JournalEntry | undefined {
      const r = q.get.get(id);
      return r === undefined ? undefined : toEntry(r);
    },
    /** Entries of `vault` not in a terminal state, in seq order. */
    inFlight(vault: string): JournalEntry[] {
      return q.inFlight.all(vault).map(toEntry);
    },
    /** Every entry of `vault` in seq order (the vault ledger is derived from them). */
    entries(vault: string): JournalEntry[] {
      return q.ofVault.all(vault).map(toEntry);
    },
    /** Σ |detail.notional| of the vault's entries created since `since` (ms), failed and cancelled ones excluded. */
    notionalSince(vault: string, since: number): number {
      return q.notionalSince.get(vault, since)?.n ?? 0;
    },
    /** Entries after `afterSeq` in seq order, or the newest `limit` (newest first) when afterSeq is undefined. */
    list(limit: number, afterSeq?: number): JournalEntry[] {
      return (afterSeq === undefined ? q.listDesc.all(limit) : q.list.all(afterSeq, limit)).map(toEntry);
    },
    counts(): Record<string, number> {
      const out: Record<string, number> = {};
      for (const r of q.counts.all()) out[r.state] = r.n;
      return out;
    },
    fills(symbol?: string): Fill[] {
      return (symbol === undefined ? q.allFills.all() : q.fills.all(symbol)).map((r) => {
        const f: Fill = {
          intentId: r.intent_id,
          venue: r.venue,
          symbol: r.symbol,
          side: r.side,
          amount: r.amount,
          price: r.price,
          fee: r.fee,
          time: r.time,
        };
        if (r.raw !== null) f.raw = JSON.parse(r.raw);
        return f;
      });
    },

    /** Stores the vault/policy state (plain JSON) and keeps the last 10 snapshots. */
    saveSnapshot(token: number, vault: string, state: unknown): void {
      db.transaction(() => {
        const now = clock();
        checkFence(vault, token, now);
        const info = q.putSnapshot.run(vault, now, toJson(state));
        q.pruneSnapshots.run(vault, Number(info.lastInsertRowid) - 9);
      }).immediate();
    },
    loadSnapshot<T = unknown>(vault: string): { time: number; state: T } | undefined {
      const r = q.snapshot.get(vault);
      return r === undefined ? undefined : { time: r.time, state: JSON.parse(r.state) as T };
    },

    /**
     * Appends an event. `token` null is for informational events written by a keeper that does not hold the lease
     * (e.g. "lease refused"); they change nothing the trading path reads.
     */
    appendEvent(token: number | null, vault: string, kind: string, fields: Record<string, unknown>): number {
      return db
        .transaction((): number => {
          const now = clock();
          if (token !== null) checkFence(vault, token, now);
          return Number(q.putEvent.run(vault, now, kind, toJson(fields)).lastInsertRowid);
        })
        .immediate();
    },
    events(afterId: number, limit: number): JournalEvent[] {
      return q.events.all(afterId, limit).map((r) => ({
        id: r.id,
        vault: r.vault,
        time: r.time,
        kind: r.kind,
        fields: JSON.parse(r.fields) as Record<string, unknown>,
      }));
    },

    /** A NonceStore for the chain adapter, persisted in the journal (writes fenced by `token`). */
    nonceStore(
      vault: string,
      token: number,
    ): { get(address: string): bigint | undefined; set(address: string, nonce: bigint): void } {
      return {
        get(address: string): bigint | undefined {
          const r = q.getNonce.get(address.toLowerCase());
          return r === undefined ? undefined : BigInt(r.nonce);
        },
        set(address: string, nonce: bigint): void {
          db.transaction(() => {
            checkFence(vault, token, clock());
            q.putNonce.run(address.toLowerCase(), nonce.toString());
          }).immediate();
        },
      };
    },

    /** Asks the keeper of `vault` to stop (kill: stop at once, leaving in-flight entries to recovery). Unfenced. */
    requestStop(vault: string, kill: boolean): void {
      db.transaction(() => {
        q.putControl.run(vault, 1, kill ? 1 : 0, clock());
      }).immediate();
    },
    control(vault: string): ControlState {
      const r = q.control.get(vault);
      return r === undefined
        ? { stop: false, kill: false, requestedAt: null }
        : { stop: r.stop === 1, kill: r.kill === 1, requestedAt: r.requested_at };
    },
    /** Clears a stop request (a new `keeper run` after a stop). */
    clearControl(token: number, vault: string): void {
      db.transaction(() => {
        checkFence(vault, token, clock());
        q.clearControl.run(vault);
      }).immediate();
    },

    writeStatus(token: number, vault: string, status: unknown): void {
      db.transaction(() => {
        const now = clock();
        checkFence(vault, token, now);
        q.putStatus.run(vault, toJson(status), now);
      }).immediate();
    },
    /** The latest status row (any vault), or undefined. */
    readStatus<T = unknown>(): { vault: string; status: T; updatedAt: number } | undefined {
      const r = q.status.get();
      return r === undefined
        ? undefined
        : { vault: r.vault, status: JSON.parse(r.json) as T, updatedAt: r.updated_at };
    },
    /** Vaults this file knows (from status, lease and control rows). */
    vaults(): string[] {
      return q.vaults.all().map((r) => r.vault);
    },
  };
}
