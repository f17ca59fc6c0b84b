import { ATTRIBUTION_COLUMNS } from "../engine/columns.js";
import type { VaultPoolAttribution } from "../engine/vault.js";
import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";
import type { AssembleVaultReturnType } from "../run/assembleVault.js";

/**
 * The attribution columns of one part of a vault (a pool or a hedge venue), in the numeraire: the engine's
 * components, the pool's quote revaluation (0 for a venue) and their signed sum (fees + rebalancing − lvr + inventory
 * + hedge + funding + premium − costs + rounding + quoteRevaluation). The one column table of the vault's part
 * tables (CLI and report) and of the part columns of its series.csv.
 */
export const VAULT_PART_COLUMNS = [...ATTRIBUTION_COLUMNS, "quoteRevaluation", "total"] as const;
export type VaultPartColumn = (typeof VAULT_PART_COLUMNS)[number];

/**
 * The per-bar series of a vault run, one row per vault bar (the first pool's bars). `value` is the vault's own
 * record (`Vault.series()`); every other column is read from the vault's and its pools' totals after each bar.
 */
export type VaultDetailSeries = {
  time: Float64Array;
  /** The vault's value (numeraire). */
  value: Float64Array;
  /**
   * The hold benchmark (numeraire): the vault's cash at the start plus, per pool, its hodl benchmark (the holdings
   * right after its first fill; the deposit until then) valued at the bar's prices.
   */
  hold: Float64Array;
  /** Per non-numeraire asset: its numeraire price, the pools' delta and the net delta (hedges included). */
  assets: { asset: string; price: Float64Array; poolDelta: Float64Array; netDelta: Float64Array }[];
  /** Per pool: value, attribution and its in-range fraction at the bar (`PoolVenueModel.inRangeFraction`). */
  pools: (VaultPartSeries & { inRange: Float64Array })[];
  /** Per hedge venue: value, attribution, delta (units of its asset) and the basis part of its hedge PnL. */
  venues: (VaultPartSeries & { delta: Float64Array; basis: Float64Array })[];
};

/** One part of a vault per bar: its value in the numeraire and its cumulative attribution columns. */
export type VaultPartSeries = {
  /** The pool's name in the config, or the venue's id ("perp"). */
  id: string;
  /** Per column of VAULT_PART_COLUMNS, its cumulative value at each bar. */
  attribution: Record<VaultPartColumn, Float64Array>;
  value: Float64Array;
};

function newPart(id: string, n: number): VaultPartSeries {
  const attribution = {} as Record<VaultPartColumn, Float64Array>;
  for (const c of VAULT_PART_COLUMNS) attribution[c] = new Float64Array(n);
  return { id, value: new Float64Array(n), attribution };
}

/**
 * Steps an assembled vault to the end one bar at a time and returns its per-bar series (see VaultDetailSeries).
 * Stepping bar by bar gives the same numbers as one `advance()` (the vault's block passes compute each bar as a
 * per-bar loop would; a test checks the totals match exactly); reading the totals after each bar costs about as
 * much again as the run, so it is done for reports only. The vault must be fresh and built with `record`.
 */
export function recordVaultDetail(assembled: AssembleVaultReturnType): VaultDetailSeries {
  requireObject(assembled, "assembled");
  const { vault, pools } = assembled;
  if (vault.bar !== 0)
    throw new InvalidInputError({
      field: "assembled.vault.bar",
      value: vault.bar,
      expected: "a fresh vault (bar 0)",
    });
  const n = pools[0].engine.market.length;
  const detail: VaultDetailSeries = {
    time: new Float64Array(0),
    value: new Float64Array(0),
    hold: new Float64Array(n),
    assets: [],
    pools: pools.map((p) => ({ ...newPart(p.id, n), inRange: new Float64Array(n) })),
    venues: [],
  };
  let cashAtStart = Number.NaN;
  let i = 0;
  while (i < n && vault.advance(1) === 1) {
    const t = vault.totals();
    if (i === 0) {
      detail.assets = Object.keys(t.prices).map((asset) => ({
        asset,
        price: new Float64Array(n),
        poolDelta: new Float64Array(n),
        netDelta: new Float64Array(n),
      }));
      detail.venues = t.venues.map((v) => ({
        ...newPart(v.id, n),
        delta: new Float64Array(n),
        basis: new Float64Array(n),
      }));
      // The start value less the pools' deposits (each its quote amount at the start price): the vault's cash.
      cashAtStart = t.initialValue;
      for (let k = 0; k < pools.length; k++)
        cashAtStart -= assembled.depositsQuote[k] * priceOf(t.prices, pools[k].quoteAsset, t.numeraire);
    }
    for (const a of detail.assets) {
      a.price[i] = t.prices[a.asset];
      a.poolDelta[i] = t.poolDelta[a.asset];
      a.netDelta[i] = t.netDelta[a.asset];
    }
    let hold = cashAtStart;
    for (let k = 0; k < pools.length; k++) {
      const e = pools[k].engine;
      const row = t.pools[k];
      const part = detail.pools[k];
      part.value[i] = row.value;
      part.inRange[i] = e.pool.inRangeFraction;
      writeAttribution(part, row.attribution, i);
      // Before its first row a pool holds its deposit (the engine's hodl is then NaN, its value the deposit).
      const hodl = e.totals().hodlValue;
      hold += (Number.isNaN(hodl) ? e.value : hodl) * priceOf(t.prices, row.quoteAsset, t.numeraire);
    }
    detail.hold[i] = hold;
    for (let v = 0; v < t.venues.length; v++) {
      const row = t.venues[v];
      const part = detail.venues[v];
      part.value[i] = row.value;
      part.delta[i] = row.delta;
      part.basis[i] = row.attribution.basis;
      writeAttribution(part, { ...row.attribution, quoteRevaluation: 0 }, i);
    }
    i++;
  }
  const s = vault.series();
  if (s === undefined)
    throw new InvalidInputError({
      field: "assembled.vault",
      value: "record: false",
      expected: "a recording vault",
    });
  detail.time = s.time;
  detail.value = s.value;
  detail.hold = detail.hold.subarray(0, i);
  for (const a of detail.assets) {
    a.price = a.price.subarray(0, i);
    a.poolDelta = a.poolDelta.subarray(0, i);
    a.netDelta = a.netDelta.subarray(0, i);
  }
  for (const p of detail.pools) {
    trimPart(p, i);
    p.inRange = p.inRange.subarray(0, i);
  }
  for (const v of detail.venues) {
    trimPart(v, i);
    v.delta = v.delta.subarray(0, i);
    v.basis = v.basis.subarray(0, i);
  }
  return detail;
}

function priceOf(prices: Record<string, number>, asset: string, numeraire: string): number {
  return asset === numeraire ? 1 : prices[asset];
}

function writeAttribution(part: VaultPartSeries, a: VaultPoolAttribution, i: number): void {
  for (const c of VAULT_PART_COLUMNS) part.attribution[c][i] = a[c];
}

function trimPart(part: VaultPartSeries, n: number): void {
  part.value = part.value.subarray(0, n);
  for (const c of VAULT_PART_COLUMNS) part.attribution[c] = part.attribution[c].subarray(0, n);
}
