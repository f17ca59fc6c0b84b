/**
 * The port through which the API reads the keeper (agreed in the helpers' interfaces): `src/keeper/readModel.ts`
 * implements it over the keeper's journal database. The server never writes the keeper's tables; `requestStop`
 * asks the keeper (through its control table) to stop, or to pull its kill switch.
 */

export type KeeperState = "ready" | "running" | "degraded" | "stopped" | "faulted";

export type KeeperPositionView = {
  /** ERC-721 token id, decimal string. */
  tokenId: string;
  pool: string;
  tickLower: number;
  tickUpper: number;
  /** Exact v3 liquidity, decimal string. */
  liquidity: string;
  inRange: boolean;
};

export type KeeperHedgeView = { venue: string; symbol: string; quantity: number };

/** Same JSON as `lpguard keeper status --json`. */
export type KeeperStatus = {
  vault: string;
  state: KeeperState;
  reason?: string;
  /** Decimal string. */
  lastBlock: string;
  /** ms since the epoch. */
  updatedAt: number;
  positions: KeeperPositionView[];
  hedges: KeeperHedgeView[];
  /** Net delta per asset, base units. */
  netDelta: Record<string, number>;
  /** Attribution components in quote units (fees, lvr, hedge, funding, costs, …). */
  attribution: Record<string, number>;
  value: number;
  hodlValue: number;
  journalCounts: Record<string, number>;
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
  /** What the leg does (mint, burn, swap, order …), when the keeper says. */
  action?: string;
  state: string;
  txHash?: string;
  clientOrderId?: string;
  createdAt: number;
  updatedAt: number;
  detail: unknown;
};

export type KeeperEventView = {
  id: number;
  /** ms since the epoch. */
  time: number;
  kind: string;
  fields: Record<string, unknown>;
};

export interface KeeperReadModel {
  status(): Promise<KeeperStatus | null>;
  journal(q: { limit: number; afterId?: number }): Promise<JournalEntryView[]>;
  events(q: { afterId: number; limit: number }): Promise<KeeperEventView[]>;
  requestStop(q: { kill: boolean }): Promise<void>;
}
