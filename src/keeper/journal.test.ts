import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import {
  FencingTokenError,
  JournalEntryError,
  JournalSchemaError,
  JournalTransitionError,
  LeaseHeldError,
} from "../errors/keeper.js";
import { clientOrderIdFor, intentId, isTerminal, type Journal, openJournal } from "./journal.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (clock?: () => number): Journal => openJournal(join(dir, `j${n++}.db`), { clock });

const hedge = (bar: number) => ({
  vault: "v1",
  policy: "delta-absolute",
  bar,
  leg: "hedge:ETH",
  kind: "perp" as const,
  action: "hedge",
  detail: { symbol: "ETH/USDC:USDC", side: "sell", amount: 0.25 },
});
const mint = (bar: number) => ({
  vault: "v1",
  policy: "recenter",
  bar,
  leg: "mint",
  kind: "chain" as const,
  action: "mint",
  detail: { tickLower: -200_000, tickUpper: -199_000, amount0Desired: 10n ** 30n },
});

describe("intentId", () => {
  test("default: deterministic, 32 hex digits, differs per field", () => {
    const a = intentId({ vault: "v", policy: "p", bar: 1, leg: "l" });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(intentId({ vault: "v", policy: "p", bar: 1, leg: "l" })).toBe(a);
    expect(intentId({ vault: "v", policy: "p", bar: 2, leg: "l" })).not.toBe(a);
    expect(intentId({ vault: "v", policy: "p2", bar: 1, leg: "l" })).not.toBe(a);
    // No ambiguity from concatenation: ("ab","c") and ("a","bc") differ.
    expect(intentId({ vault: "ab", policy: "c", bar: 1, leg: "l" })).not.toBe(
      intentId({ vault: "a", policy: "bc", bar: 1, leg: "l" }),
    );
    const cid = clientOrderIdFor(a);
    expect(cid.length).toBeLessThanOrEqual(36);
    expect(cid).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
  });
});

describe("openJournal", () => {
  test("default: WAL, synchronous=FULL, migrations recorded, reopen keeps entries", () => {
    const file = join(dir, "reopen.db");
    const j = openJournal(file);
    expect(j.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(j.db.pragma("synchronous", { simple: true })).toBe(2);
    expect(j.db.pragma("user_version", { simple: true })).toBe(1);
    const t = j.acquireLease("v1", "a", 60_000);
    const { entry } = j.plan(t, mint(7));
    j.close();
    const k = openJournal(file);
    expect(k.get(entry.id)?.detail).toEqual({
      tickLower: -200_000,
      tickUpper: -199_000,
      amount0Desired: `${10n ** 30n}`,
    });
    k.close();
  });

  test("behavior: a newer schema is refused, naming the file and version", () => {
    const file = join(dir, "newer.db");
    const j = openJournal(file);
    j.db.pragma("user_version = 9");
    j.close();
    expect(() => openJournal(file)).toThrow(JournalSchemaError);
    expect(() => openJournal(file)).toThrow(/newer.db: journal schema version 9/);
  });
});

describe("journal chain legs", () => {
  test("default: planned → signed → broadcast → confirmed with hash, raw tx, sender and nonce", () => {
    const j = fresh();
    const t = j.acquireLease("v1", "a", 60_000);
    const { entry, created } = j.plan(t, mint(1));
    expect(created).toBe(true);
    expect(entry.state).toBe("planned");
    expect(entry.seq).toBe(1);
    const s = j.markSigned(t, entry.id, { txHash: "0xaa", rawTx: "0x02f8", from: "0xF00", nonce: 5n });
    expect(s).toMatchObject({ state: "signed", txHash: "0xaa", rawTx: "0x02f8", from: "0xF00", nonce: "5" });
    expect(j.markBroadcast(t, entry.id).state).toBe("broadcast");
    const c = j.markConfirmed(t, entry.id, { tokenId: 12n, liquidity: 345n });
    expect(c.state).toBe("confirmed");
    expect(c.detail.result).toEqual({ tokenId: "12", liquidity: "345" });
    expect(c.detail.tickLower).toBe(-200_000);
    expect(j.inFlight("v1")).toEqual([]);
    expect(j.counts()).toEqual({ confirmed: 1 });
    j.close();
  });

  test("behavior: planning the same intent twice returns the first entry (J1); other content under its id throws", () => {
    const j = fresh();
    const t = j.acquireLease("v1", "a", 60_000);
    const a = j.plan(t, mint(3));
    const b = j.plan(t, mint(3));
    expect(b.created).toBe(false);
    expect(b.entry.id).toBe(a.entry.id);
    expect(j.list(10)).toHaveLength(1);
    expect(() => j.plan(t, { ...mint(3), kind: "perp", action: "hedge" })).toThrow(JournalEntryError);
    j.close();
  });

  test("behavior: transitions off the state machine throw and change nothing (J2)", () => {
    const j = fresh();
    const t = j.acquireLease("v1", "a", 60_000);
    const { entry } = j.plan(t, mint(1));
    expect(() => j.markBroadcast(t, entry.id)).toThrow(JournalTransitionError);
    expect(() => j.markSubmitted(t, entry.id, "x")).toThrow(JournalTransitionError);
    expect(j.get(entry.id)?.state).toBe("planned");
    j.markSigned(t, entry.id, { txHash: "0x1", rawTx: "0x2", from: "0x3", nonce: 0 });
    j.markFailed(t, entry.id, "reverted: STF");
    expect(isTerminal("chain", "failed")).toBe(true);
    expect(() => j.markConfirmed(t, entry.id, {})).toThrow(/failed" -> "confirmed/);
    expect(j.get(entry.id)).toMatchObject({ state: "failed", reason: "reverted: STF" });
    expect(() => j.markSigned(t, "nope", { txHash: "0x1", rawTx: "0x2", from: "0x3", nonce: 0 })).toThrow(
      /"nope": no such entry/,
    );
    j.close();
  });
});

describe("journal perp legs", () => {
  test("default: planned → submitted (client id) → filled with one fill row in the same transaction (J3, J4)", () => {
    const j = fresh();
    const t = j.acquireLease("v1", "a", 60_000);
    const { entry } = j.plan(t, hedge(10));
    const cid = clientOrderIdFor(entry.id);
    expect(j.markSubmitted(t, entry.id, cid).clientOrderId).toBe(cid);
    expect(j.inFlight("v1").map((e) => e.id)).toEqual([entry.id]);
    const fill = {
      venue: "paper",
      symbol: "ETH/USDC:USDC",
      side: "sell" as const,
      amount: 0.25,
      price: 3000,
      fee: 0.3,
      time: 1,
    };
    j.markFilled(t, entry.id, fill, { orderId: "77" });
    expect(j.fills()).toEqual([{ ...fill, intentId: entry.id }]);
    // A second fill for the same intent is refused by the state machine, so no second row appears.
    expect(() => j.markFilled(t, entry.id, fill)).toThrow(JournalTransitionError);
    expect(j.fills()).toHaveLength(1);
    j.close();
  });

  test("behavior: a reused client order id on another intent is refused by the database", () => {
    const j = fresh();
    const t = j.acquireLease("v1", "a", 60_000);
    const a = j.plan(t, hedge(1)).entry;
    const b = j.plan(t, hedge(2)).entry;
    j.markSubmitted(t, a.id, "same");
    expect(() => j.markSubmitted(t, b.id, "same")).toThrow(/UNIQUE/);
    expect(j.get(b.id)?.state).toBe("planned");
    j.close();
  });
});

describe("acquireLease", () => {
  test("default: one writer; a second keeper is refused; the same owner renews with its token", () => {
    let now = 1_000;
    const j = fresh(() => now);
    const t1 = j.acquireLease("v1", "host:1", 5_000, now);
    expect(t1).toBe(1);
    expect(() => j.acquireLease("v1", "host:2", 5_000, now)).toThrow(LeaseHeldError);
    expect(() => j.acquireLease("v1", "host:2", 5_000, now)).toThrow(/leased by "host:1"/);
    expect(j.acquireLease("v1", "host:1", 5_000, now + 100)).toBe(1);
    // Another vault has its own lease.
    expect(j.acquireLease("v2", "host:2", 5_000, now)).toBe(1);
    now += 2_000;
    j.renewLease("v1", t1, 5_000, now);
    expect(j.lease("v1")?.expiresAt).toBe(now + 5_000);
    j.close();
  });

  test("behavior: after expiry a new owner gets token + 1 and the stale keeper's writes are refused", () => {
    let now = 0;
    const j = fresh(() => now);
    const t1 = j.acquireLease("v1", "old", 1_000, now);
    const { entry } = j.plan(t1, hedge(1));
    now = 1_500;
    expect(() => j.plan(t1, hedge(2))).toThrow(FencingTokenError);
    const t2 = j.acquireLease("v1", "new", 1_000, now);
    expect(t2).toBe(t1 + 1);
    expect(() => j.markSubmitted(t1, entry.id, "c1")).toThrow(FencingTokenError);
    expect(() => j.saveSnapshot(t1, "v1", {})).toThrow(FencingTokenError);
    expect(() => j.writeStatus(t1, "v1", {})).toThrow(FencingTokenError);
    expect(() => j.nonceStore("v1", t1).set("0xabc", 1n)).toThrow(FencingTokenError);
    expect(j.get(entry.id)?.state).toBe("planned");
    j.markSubmitted(t2, entry.id, "c1");
    expect(j.get(entry.id)?.state).toBe("submitted");
    j.close();
  });

  test("behavior: a holder known dead is replaced at once; a live one is not", () => {
    const j = fresh(() => 0);
    j.acquireLease("v1", "h:1", 60_000, 0);
    expect(() => j.acquireLease("v1", "h:2", 60_000, 0, () => false)).toThrow(LeaseHeldError);
    expect(j.acquireLease("v1", "h:2", 60_000, 0, (h) => h === "h:1")).toBe(2);
    j.close();
  });

  test("behavior: two processes on one file, one lease holder (real concurrent SQLite writers)", () => {
    const file = join(dir, "race.db");
    openJournal(file).close();
    const script = `
      import { openJournal } from "./src/keeper/journal.ts";
      const j = openJournal(${JSON.stringify(file)});
      try { const t = j.acquireLease("v1", "p" + process.pid, 60000); console.log("token", t); }
      catch (e) { console.log("refused", e.name); }`;
    const runs = [0, 1, 2].map(() =>
      spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        encoding: "utf8",
      }),
    );
    const outs = runs.map((r) => r.stdout.trim());
    expect(outs.filter((o) => o.startsWith("token"))).toEqual(["token 1"]);
    expect(outs.filter((o) => o === "refused LeaseHeldError")).toHaveLength(2);
  });
});

describe("journal state, events, nonces, control", () => {
  test("default: snapshot, status, events, nonce store and stop/kill requests round-trip", () => {
    const j = fresh();
    const t = j.acquireLease("v1", "a", 60_000);
    for (let i = 0; i < 12; i++) j.saveSnapshot(t, "v1", { i, l: 10n ** 20n });
    expect(j.loadSnapshot("v1")?.state).toEqual({ i: 11, l: "100000000000000000000" });
    expect(j.db.prepare("SELECT COUNT(*) AS c FROM snapshots").get()).toEqual({ c: 10 });
    j.writeStatus(t, "v1", { state: "running" });
    expect(j.readStatus()).toMatchObject({ vault: "v1", status: { state: "running" } });
    const e1 = j.appendEvent(t, "v1", "hedge", { qty: -1 });
    const e2 = j.appendEvent(null, "v1", "lease-refused", { holder: "x" });
    expect(j.events(0, 10).map((e) => e.id)).toEqual([e1, e2]);
    expect(j.events(e1, 10).map((e) => e.kind)).toEqual(["lease-refused"]);
    const ns = j.nonceStore("v1", t);
    expect(ns.get("0xAbC")).toBeUndefined();
    ns.set("0xAbC", 41n);
    expect(ns.get("0xabc")).toBe(41n);
    expect(j.control("v1")).toEqual({ stop: false, kill: false, requestedAt: null });
    j.requestStop("v1", false);
    expect(j.control("v1")).toMatchObject({ stop: true, kill: false });
    j.requestStop("v1", true);
    j.requestStop("v1", false); // a later plain stop does not withdraw the kill
    expect(j.control("v1")).toMatchObject({ stop: true, kill: true });
    j.clearControl(t, "v1");
    expect(j.control("v1").stop).toBe(false);
    j.close();
  });

  test("behavior: any sequence of transitions is accepted exactly when the state machine allows it (property)", () => {
    const ops = [
      "signed",
      "broadcast",
      "confirmed",
      "failed",
      "submitted",
      "filled",
      "rejected",
      "cancelled",
    ] as const;
    const allowed: Record<string, Record<string, string[]>> = {
      chain: {
        planned: ["signed", "cancelled"],
        signed: ["broadcast", "confirmed", "failed"],
        broadcast: ["confirmed", "failed"],
      },
      perp: { planned: ["submitted", "cancelled"], submitted: ["filled", "rejected"] },
    };
    const j = fresh();
    const t = j.acquireLease("v1", "a", 3_600_000);
    let bar = 0;
    fc.assert(
      fc.property(
        fc.constantFrom("chain", "perp"),
        fc.array(fc.constantFrom(...ops), { maxLength: 6 }),
        (kind, seq) => {
          const { entry } = j.plan(t, kind === "chain" ? mint(bar++) : hedge(bar++));
          let state = "planned";
          for (const op of seq) {
            const ok = (allowed[kind][state] ?? []).includes(op);
            const run = (): unknown => {
              switch (op) {
                case "signed":
                  return j.markSigned(t, entry.id, {
                    txHash: `0x${bar}`,
                    rawTx: "0x1",
                    from: "0x2",
                    nonce: bar,
                  });
                case "broadcast":
                  return j.markBroadcast(t, entry.id);
                case "confirmed":
                  return j.markConfirmed(t, entry.id, {});
                case "failed":
                  return j.markFailed(t, entry.id, "r");
                case "submitted":
                  return j.markSubmitted(t, entry.id, `c${bar}`);
                case "filled":
                  return j.markFilled(t, entry.id, {
                    venue: "p",
                    symbol: "s",
                    side: "buy",
                    amount: 1,
                    price: 1,
                    fee: 0,
                    time: 0,
                  });
                case "rejected":
                  return j.markRejected(t, entry.id, "r");
                default:
                  return j.markCancelled(t, entry.id, "r");
              }
            };
            if (ok) {
              run();
              state = op;
            } else expect(run).toThrow(JournalTransitionError);
            expect(j.get(entry.id)?.state).toBe(state);
          }
        },
      ),
      { numRuns: 200 },
    );
    j.close();
  });
});
