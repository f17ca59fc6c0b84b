/**
 * An in-memory implementation of our own KeeperReadModel port (src/server/keeperPort.ts), for API and browser
 * tests until the keeper's SQLite read model is merged. It is a test double of our port, not of a remote system:
 * tests push events and change the status, and see what the API and the dashboard make of them.
 */
import type {
  JournalEntryView,
  KeeperEventView,
  KeeperReadModel,
  KeeperStatus,
} from "../../src/server/keeperPort.js";

export type MemoryKeeper = KeeperReadModel & {
  setStatus(s: KeeperStatus | null): void;
  pushEvent(kind: string, fields: Record<string, unknown>, time?: number): KeeperEventView;
  pushJournal(e: Omit<JournalEntryView, "seq">): void;
  stops: { kill: boolean }[];
};

export function sampleStatus(now: number): KeeperStatus {
  return {
    vault: "vault-1",
    state: "running",
    lastBlock: "12345678",
    updatedAt: now,
    positions: [
      {
        tokenId: "4242",
        pool: "polygon-weth-usdc-005",
        tickLower: 199_980,
        tickUpper: 201_980,
        liquidity: "123456789012345678901",
        inRange: true,
      },
    ],
    hedges: [{ venue: "binanceusdm", symbol: "ETH/USDT:USDT", quantity: -1.25 }],
    netDelta: { ETH: 0.031, USDC: 0 },
    attribution: { fees: 41.5, lvr: -12.25, hedge: 8.75, funding: -1.5, costs: -3.25 },
    value: 10_033.25,
    hodlValue: 10_010.5,
    journalCounts: { confirmed: 7, filled: 3, planned: 0 },
    dataFreshnessMs: 2100,
  };
}

export function createMemoryKeeper(status: KeeperStatus | null): MemoryKeeper {
  let current = status;
  const events: KeeperEventView[] = [];
  const journal: JournalEntryView[] = [];
  const stops: { kill: boolean }[] = [];
  return {
    stops,
    setStatus: (s) => {
      current = s;
    },
    pushEvent(kind, fields, time = Date.now()) {
      const e = { id: events.length + 1, time, kind, fields };
      events.push(e);
      return e;
    },
    pushJournal(e) {
      journal.push({ ...e, seq: journal.length + 1 });
    },
    async status() {
      return current;
    },
    async journal(q) {
      return journal.filter((j) => q.afterId === undefined || j.seq > q.afterId).slice(-q.limit);
    },
    async events(q) {
      return events.filter((e) => e.id > q.afterId).slice(0, q.limit);
    },
    async requestStop(q) {
      stops.push(q);
      if (current !== null)
        current = { ...current, state: "stopped", reason: q.kill ? "kill switch" : "stop requested" };
    },
  };
}
