/**
 * Shapes the keeper publishes (status, journal and event views) — the contract with the HTTP API
 * (`src/server/keeperPort.ts`) and `lpguard keeper status --json`. Exact on-chain amounts are decimal strings.
 */

/** The keeper's lifecycle states (ready → running → degraded → stopped | faulted). */
export const KeeperState = {
  ready: "ready",
  running: "running",
  degraded: "degraded",
  stopped: "stopped",
  faulted: "faulted",
} as const;
export type KeeperState = (typeof KeeperState)[keyof typeof KeeperState];

export type KeeperPositionView = {
  tokenId: string;
  pool: string;
  tickLower: number;
  tickUpper: number;
  /** Exact liquidity, decimal string. */
  liquidity: string;
  inRange: boolean;
};

export type KeeperHedgeView = { venue: string; symbol: string; quantity: number };

export type KeeperStatus = {
  vault: string;
  state: KeeperState;
  reason?: string;
  /** Last block the keeper decided on, decimal string. */
  lastBlock: string;
  /** When the keeper wrote this status (ms). */
  updatedAt: number;
  positions: KeeperPositionView[];
  hedges: KeeperHedgeView[];
  /** Net delta per asset in base units (LP + idle + hedges). */
  netDelta: Record<string, number>;
  /** PnL attribution in quote units since the keeper started (fees, hedge, funding, costs, …). */
  attribution: Record<string, number>;
  /** Vault value and the value of holding the entry amounts, quote units. */
  value: number;
  hodlValue: number;
  /** Journal entries by state. */
  journalCounts: Record<string, number>;
  /** Age of the newest block data the keeper decided on (ms). */
  dataFreshnessMs: number;
};

export type JournalEntryView = {
  /** Deterministic intent id. */
  id: string;
  seq: number;
  vault: string;
  policy: string;
  bar: number;
  leg: string;
  /** "chain" (a transaction) or "perp" (an order). */
  kind: string;
  /** What the leg does (hedge, mint, decrease, collect, burn, swap, approve). */
  action: string;
  state: string;
  txHash?: string;
  clientOrderId?: string;
  createdAt: number;
  updatedAt: number;
  detail: Record<string, unknown>;
};

export type KeeperEventView = { id: number; time: number; kind: string; fields: Record<string, unknown> };

/** What the HTTP API reads (src/server/keeperPort.ts re-exports these shapes as its port). */
export interface KeeperReadModel {
  status(): Promise<KeeperStatus | null>;
  journal(q: { limit: number; afterId?: number }): Promise<JournalEntryView[]>;
  events(q: { afterId: number; limit: number }): Promise<KeeperEventView[]>;
  requestStop(q: { kill: boolean }): Promise<void>;
}
