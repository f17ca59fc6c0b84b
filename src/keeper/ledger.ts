import type { JournalEntry } from "./journal.js";

/**
 * The vault ledger, derived from the journal alone (event sourcing): the cash the vault holds per token (raw units,
 * exact), its open LP positions (token ids minted and not burnt) and its perp quantity per symbol (Σ signed fills).
 * Nothing else is a source of truth for what the vault did, so a crash can never make the ledger and the journal
 * disagree; recovery compares this ledger with the chain and the venue (reconcile).
 *
 * Effects of confirmed chain legs (results decoded from their receipts, stored in `detail.result`):
 * mint −amount0/−amount1 and +tokenId; collect +amount0/+amount1; burn −tokenId; swap −amountIn of tokenIn,
 * +amountOut of tokenOut; decrease moves liquidity into tokensOwed (cash only at collect); approve nothing.
 * Filled perp legs add ±filled to the symbol's quantity.
 */
export type VaultLedger = {
  /** Token address (lower case) → raw amount. */
  cash: Map<string, bigint>;
  /** Token id (decimal) → pool name and ticks. */
  positions: Map<string, { pool: string; tickLower: number; tickUpper: number }>;
  /** Perp symbol → signed quantity (base units). */
  perp: Map<string, number>;
  /** Perp fees paid, quote units. */
  perpFees: number;
  /** Σ fees collected beyond principal is not separable here; collected amounts are in cash. */
  confirmedLegs: number;
};

const big = (v: unknown): bigint =>
  typeof v === "string" || typeof v === "number" || typeof v === "bigint" ? BigInt(v) : 0n;

/** Returns the ledger of `entries` (one vault's, in seq order) starting from `initialCash` (token → raw). */
export function deriveLedger(
  entries: readonly JournalEntry[],
  initialCash: Record<string, bigint>,
): VaultLedger {
  const cash = new Map<string, bigint>();
  for (const [t, a] of Object.entries(initialCash)) cash.set(t.toLowerCase(), a);
  const add = (token: unknown, delta: bigint): void => {
    const t = String(token).toLowerCase();
    cash.set(t, (cash.get(t) ?? 0n) + delta);
  };
  const positions = new Map<string, { pool: string; tickLower: number; tickUpper: number }>();
  const perp = new Map<string, number>();
  let perpFees = 0;
  let confirmedLegs = 0;
  for (const e of entries) {
    if (e.kind === "perp") {
      if (e.state !== "filled") continue;
      const r = (e.detail.result ?? {}) as { filled?: number; fee?: number };
      const symbol = String(e.detail.symbol);
      const signed = (e.detail.side === "buy" ? 1 : -1) * Number(r.filled ?? 0);
      perp.set(symbol, (perp.get(symbol) ?? 0) + signed);
      perpFees += Number(r.fee ?? 0);
      continue;
    }
    if (e.state !== "confirmed") continue;
    confirmedLegs++;
    const p = (e.detail.params ?? {}) as Record<string, unknown>;
    const r = (e.detail.result ?? {}) as Record<string, unknown>;
    switch (e.action) {
      case "mint":
        add(p.token0, -big(r.amount0));
        add(p.token1, -big(r.amount1));
        positions.set(String(r.tokenId), {
          pool: String(e.detail.pool),
          tickLower: Number(p.tickLower),
          tickUpper: Number(p.tickUpper),
        });
        break;
      case "collect":
        add(e.detail.token0, big(r.amount0));
        add(e.detail.token1, big(r.amount1));
        break;
      case "burn":
        positions.delete(String(p.tokenId));
        break;
      case "swap":
        add(p.tokenIn, -big(r.amountIn));
        add(p.tokenOut, big(r.amountOut));
        break;
      default:
        break;
    }
  }
  return { cash, positions, perp, perpFees, confirmedLegs };
}
