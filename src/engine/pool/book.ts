/**
 * The bookkeeping both pool venue models share: the open positions, the mint counters, the read-outs over the
 * positions (value, delta, position IL, holdings), fee collection, gas, and the snapshot state (`state()` /
 * `restore()`). The models keep their per-bar `step` (the hot path) and their execution (v3 exact, v2 / weighted
 * closed forms) to themselves.
 */
import { InvalidInputError } from "../../errors/math.js";
import { asRecord, decodeNumber, encodeNumber, type SnapshotNumber } from "../snapshotCodec.js";
import type { AttributionAccumulator, Ledger } from "../types.js";
import type { MutablePoolPosition, PoolVenueState } from "./types.js";

/** The engine-facing counters of a pool model the book updates (fields of the model object itself). */
export type PoolCounters = {
  rebalances: number;
  version: number;
  feesBaseAmount: number;
  feesQuoteAmount: number;
  inRangeFraction: number;
};

/** A snapshot position's fields the book decodes for every model (the model adds liquidity / invariant). */
export type DecodedPosition = {
  id: number;
  tickLower: number;
  tickUpper: number;
  openedBar: number;
  entryBase: number;
  entryQuote: number;
  base: number;
  quote: number;
  owedBase: number;
  owedQuote: number;
};

/** One snapshot position's model-specific part: exact liquidity (v3) or the float invariant (v2 / weighted). */
type EncodedLiquidity = { liquidity: string; invariant?: SnapshotNumber };

/** Moves `gas` quote units from the ledger's cash to `costs`/`costsGas` (nothing for 0). */
export function chargeGas(gas: number, ledger: Ledger, attr: AttributionAccumulator): void {
  if (gas === 0) return;
  ledger.cashQuote -= gas;
  attr.costs += gas;
  attr.costsGas += gas;
}

/**
 * Returns the positions and counters of a pool model. `counters` is the model object (its port fields are
 * updated in place); `lastPrice` is the model's hot Float64Array whose slot 0 holds the last marked price.
 */
export function createPoolBook<P extends MutablePoolPosition>(
  counters: PoolCounters,
  lastPrice: Float64Array,
) {
  const positions: P[] = [];
  let nextId = 1;
  let mints = 0;

  return {
    positions,

    /** The id the next minted position gets (and consumes). */
    takeId(): number {
      return nextId++;
    },

    /** Adds a minted position: bumps `version`, counts the mint (a re-centring after the first). */
    open(p: P): void {
      positions.push(p);
      counters.version++;
      if (mints > 0) counters.rebalances++;
      mints++;
    },

    /** Removes the position at index `j` (burnt). */
    close(j: number): void {
      positions.splice(j, 1);
      counters.version++;
    },

    /** Moves the uncollected fees of position `id` (every position if omitted) into the ledger's cash. */
    collect(id: number | undefined, ledger: Ledger): void {
      for (const p of positions) {
        if (id !== undefined && p.id !== id) continue;
        ledger.cashBase += p.owedBase;
        ledger.cashQuote += p.owedQuote;
        p.owedBase = 0;
        p.owedQuote = 0;
      }
    },

    /** Σ (base + owed base)·P + quote + owed quote at the last mark's amounts. */
    value(price: number): number {
      let v = 0;
      for (let j = 0; j < positions.length; j++) {
        const p = positions[j];
        v += (p.base + p.owedBase) * price + p.quote + p.owedQuote;
      }
      return v;
    },

    /** Σ base + owed base. */
    delta(): number {
      let d = 0;
      for (let j = 0; j < positions.length; j++) d += positions[j].base + positions[j].owedBase;
      return d;
    },

    /** Σ LP value / Σ entry-amount hodl value − 1 over the open positions (0 with none). */
    positionIl(price: number): number {
      let v = 0;
      let h = 0;
      for (let j = 0; j < positions.length; j++) {
        const p = positions[j];
        v += p.base * price + p.quote;
        h += p.entryBase * price + p.entryQuote;
      }
      return h > 0 ? v / h - 1 : 0;
    },

    /** Σ base and quote held in open positions plus uncollected fees. */
    holdings(): { base: number; quote: number } {
      let base = 0;
      let quote = 0;
      for (const p of positions) {
        base += p.base + p.owedBase;
        quote += p.quote + p.owedQuote;
      }
      return { base, quote };
    },

    /** The state as plain JSON data; `liquidityOf` gives each position's exact liquidity or invariant. */
    state(liquidityOf: (p: P) => EncodedLiquidity): PoolVenueState {
      return {
        positions: positions.map((p) => ({
          id: p.id,
          tickLower: p.tickLower,
          tickUpper: p.tickUpper,
          ...liquidityOf(p),
          openedBar: p.openedBar,
          entryBase: encodeNumber(p.entryBase),
          entryQuote: encodeNumber(p.entryQuote),
          base: encodeNumber(p.base),
          quote: encodeNumber(p.quote),
          owedBase: encodeNumber(p.owedBase),
          owedQuote: encodeNumber(p.owedQuote),
        })),
        nextId,
        mints,
        rebalances: counters.rebalances,
        version: counters.version,
        feesBaseAmount: encodeNumber(counters.feesBaseAmount),
        feesQuoteAmount: encodeNumber(counters.feesQuoteAmount),
        inRangeFraction: encodeNumber(counters.inRangeFraction),
        lastPrice: encodeNumber(lastPrice[0]),
      };
    },

    /**
     * Restores a state from `state()` (after a JSON round trip); `build` makes a position from its snapshot record
     * `r` (field path `f`) and the fields decoded for every model. Errors name the snapshot field.
     */
    restore(
      raw: unknown,
      build: (r: Record<string, unknown>, f: string, common: DecodedPosition) => P,
    ): void {
      const s = asRecord(raw, "snapshot.pool");
      if (!Array.isArray(s.positions))
        throw new InvalidInputError({
          field: "snapshot.pool.positions",
          value: s.positions,
          expected: "an array",
        });
      positions.length = 0;
      s.positions.forEach((v, j) => {
        const f = `snapshot.pool.positions[${j}]`;
        const r = asRecord(v, f);
        positions.push(
          build(r, f, {
            id: Number(r.id),
            tickLower: Number(r.tickLower),
            tickUpper: Number(r.tickUpper),
            openedBar: Number(r.openedBar),
            entryBase: decodeNumber(r.entryBase, `${f}.entryBase`),
            entryQuote: decodeNumber(r.entryQuote, `${f}.entryQuote`),
            base: decodeNumber(r.base, `${f}.base`),
            quote: decodeNumber(r.quote, `${f}.quote`),
            owedBase: decodeNumber(r.owedBase, `${f}.owedBase`),
            owedQuote: decodeNumber(r.owedQuote, `${f}.owedQuote`),
          }),
        );
      });
      nextId = Number(s.nextId);
      mints = Number(s.mints);
      counters.rebalances = Number(s.rebalances);
      counters.version = Number(s.version);
      counters.feesBaseAmount = decodeNumber(s.feesBaseAmount, "snapshot.pool.feesBaseAmount");
      counters.feesQuoteAmount = decodeNumber(s.feesQuoteAmount, "snapshot.pool.feesQuoteAmount");
      counters.inRangeFraction = decodeNumber(s.inRangeFraction, "snapshot.pool.inRangeFraction");
      lastPrice[0] = decodeNumber(s.lastPrice, "snapshot.pool.lastPrice");
    },
  };
}

/** The book of a pool model (see `createPoolBook`). */
export type PoolBook<P extends MutablePoolPosition> = ReturnType<typeof createPoolBook<P>>;
