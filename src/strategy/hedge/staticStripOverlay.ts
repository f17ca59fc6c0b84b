import {
  asRecord,
  decodeNumber,
  decodeNumbersInto,
  encodeNumber,
  encodeNumbers,
  type SnapshotNumber,
} from "../../engine/snapshotCodec.js";
import type { EngineEvent, Intent, Strategy, StrategyContext } from "../../engine/types.js";
import { requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/index.js";
import { replicateLpPayoff } from "../../math/replication/replicateLpPayoff.js";
import { stripPayoff } from "../../math/replication/stripPayoff.js";
import type { Strip } from "../../math/replication/types.js";

export type StaticStripOverlayParameters = {
  /** Days to the strip's expiry (expiry at the next 08:00 UTC after now + tenor). */
  tenorDays: number;
  /** Strike spacing of the grid, quote units (Deribit ETH: 25–100 USD near the money). */
  strikeStep: number;
  /** The grid spans P·(1 ± strikeSpanPct/100) (default 50). */
  strikeSpanPct?: number;
  /** Short the strip's forward leg on the perp (static, never rebalanced; default true). */
  hedgeForward?: boolean;
  optionVenue?: string;
  perpVenue?: string;
  /** Quote moved to the option venue at bar 0 as the premium budget, and to the perp as margin. */
  reserveQuote?: number;
  perpReserveQuote?: number;
  /** The run's event log: a `strip` event at the open, a `stripResidual` event at expiry. */
  events?: EngineEvent[];
};

/** The overlay's state in a snapshot (strips rebuilt from their inputs on restore). */
export type StaticStripState = {
  expiry: SnapshotNumber;
  reported: boolean;
  inputs: SnapshotNumber[] | null;
  strikes: SnapshotNumber[] | null;
};

const DAY_MS = 86_400_000;
const EXPIRY_HOUR_MS = 8 * 3_600_000;

/**
 * Returns a static-replication overlay (Carr–Madan): once the LP holds positions, it replicates each position's
 * value at expiry with a strip of options on a strike grid (replicateLpPayoff: f(S) ≈ bond + f′(F)(S − F) +
 * Σ w_K · options, all w_K ≤ 0) and hedges it once: buys −w_K of every option (puts at K ≤ F, calls above) and, with
 * hedgeForward, shorts f′(F) on the perp. Held to expiry, the LP plus hedge is worth the bond plus the replication
 * residual f(S_T) − g(S_T), which is logged at expiry (`stripResidual`: LP value ex fees, strip payoff, residual,
 * and the analytic error bound). Nothing is rebalanced. Allocates only at the open and at expiry.
 *
 * @example
 * import { hedgedStrategy, passiveRange, staticStripOverlay } from "lpguard/strategy";
 * hedgedStrategy(passiveRange({ range: { belowPct: 10, abovePct: 10 } }), [staticStripOverlay({ tenorDays: 30, strikeStep: 25 })]);
 * @see Carr, P. and Madan, D. (1998) "Towards a theory of volatility trading", in Volatility, Risk Books (eq. 1)
 */
export function staticStripOverlay(params: StaticStripOverlayParameters): Strategy {
  requireObject(params, "options");
  const { tenorDays, strikeStep } = params;
  const span = params.strikeSpanPct ?? 50;
  const hedgeForward = params.hedgeForward ?? true;
  const optionVenue = params.optionVenue ?? "options";
  const perpVenue = params.perpVenue ?? "perp";
  const events = params.events;
  if (!(tenorDays > 0 && Number.isFinite(tenorDays)))
    throw new InvalidInputError({ field: "tenorDays", value: tenorDays, expected: "a number of days > 0" });
  if (!(strikeStep > 0 && Number.isFinite(strikeStep)))
    throw new InvalidInputError({ field: "strikeStep", value: strikeStep, expected: "a price step > 0" });
  if (!(span > 0 && span < 100))
    throw new InvalidInputError({ field: "strikeSpanPct", value: span, expected: "a percent in (0, 100)" });
  let strips: Strip[] | undefined;
  let expiry = Number.NaN;
  let reported = false;
  // What each strip was replicated from (liquidity, lower, upper, forward) and the strike grid: the strips are a
  // deterministic function of them, so the snapshot keeps these numbers and restore() rebuilds the strips.
  let built: { inputs: number[]; strikes: number[] } | undefined;
  const replicate = (inputs: readonly number[], strikes: number[]): Strip[] => {
    const out: Strip[] = [];
    for (let j = 0; j + 3 < inputs.length; j += 4)
      out.push(
        replicateLpPayoff({
          liquidity: inputs[j],
          lower: inputs[j + 1],
          upper: inputs[j + 2],
          forward: inputs[j + 3],
          strikes,
        }),
      );
    return out;
  };
  return {
    name: `strip-${tenorDays}d`,
    state(): StaticStripState {
      return {
        expiry: encodeNumber(expiry),
        reported,
        inputs: built === undefined ? null : encodeNumbers(built.inputs),
        strikes: built === undefined ? null : encodeNumbers(built.strikes),
      };
    },
    restore(raw: unknown): void {
      const f = "snapshot.strategy.staticStrip";
      const st = asRecord(raw, f);
      expiry = decodeNumber(st.expiry, `${f}.expiry`);
      reported = st.reported === true;
      if (st.inputs === null || st.inputs === undefined) {
        built = undefined;
        strips = undefined;
        return;
      }
      if (!Array.isArray(st.inputs) || !Array.isArray(st.strikes) || st.inputs.length % 4 !== 0)
        throw new InvalidInputError({
          field: `${f}.inputs`,
          value: st.inputs,
          expected: "4 numbers per strip",
        });
      const inputs = new Array<number>(st.inputs.length);
      const strikes = new Array<number>(st.strikes.length);
      decodeNumbersInto(st.inputs, inputs, `${f}.inputs`);
      decodeNumbersInto(st.strikes, strikes, `${f}.strikes`);
      built = { inputs, strikes };
      strips = replicate(inputs, strikes);
    },
    init(): readonly Intent[] | undefined {
      const out: Intent[] = [];
      if ((params.reserveQuote ?? 0) > 0)
        out.push({ kind: "deposit", venue: optionVenue, amount: params.reserveQuote ?? 0 });
      if (hedgeForward && (params.perpReserveQuote ?? 0) > 0)
        out.push({ kind: "deposit", venue: perpVenue, amount: params.perpReserveQuote ?? 0 });
      return out.length > 0 ? out : undefined;
    },
    onBar(ctx: StrategyContext): readonly Intent[] | undefined {
      if (strips !== undefined) {
        if (!reported && ctx.time >= expiry) {
          reported = true;
          let lp = 0;
          for (const p of ctx.pool.positions) lp += p.base * ctx.price + p.quote;
          let g = 0;
          for (const s of strips) g += stripPayoff(s, ctx.price);
          events?.push({
            time: ctx.time,
            bar: ctx.bar,
            kind: "stripResidual",
            venue: optionVenue,
            fields: {
              price: ctx.price,
              lpValue: lp,
              stripPayoff: g,
              residual: lp - g,
              errorBoundInterior: strips.reduce((a, s) => a + s.errorBound.interior, 0),
            },
          });
        }
        return undefined;
      }
      if (ctx.pendingIntents > 0 || ctx.pool.positions.length === 0) return undefined;
      const P = ctx.price;
      const meta = ctx.pool.meta;
      const scale = 10 ** ((meta.token0.decimals + meta.token1.decimals) / 2);
      const strikes: number[] = [];
      for (
        let k = Math.ceil((P * (1 - span / 100)) / strikeStep);
        k * strikeStep <= P * (1 + span / 100);
        k++
      )
        if (k > 0) strikes.push(k * strikeStep);
      expiry = Math.ceil((ctx.time + tenorDays * DAY_MS - EXPIRY_HOUR_MS) / DAY_MS) * DAY_MS + EXPIRY_HOUR_MS;
      const inputs: number[] = [];
      for (const p of ctx.pool.positions) {
        const a = ctx.priceAtTick(p.tickLower);
        const b = ctx.priceAtTick(p.tickUpper);
        inputs.push(p.liquidityFloat / scale, Math.min(a, b), Math.max(a, b), P);
      }
      built = { inputs, strikes };
      strips = replicate(inputs, strikes);
      const out: Intent[] = [];
      let forwardUnits = 0;
      for (const s of strips) {
        forwardUnits += s.forwardUnits;
        for (const o of s.puts)
          out.push({
            kind: "buy",
            venue: optionVenue,
            option: "put",
            strike: o.strike,
            expiryTime: expiry,
            quantity: -o.weight,
            reason: "strip",
          });
        for (const o of s.calls)
          out.push({
            kind: "buy",
            venue: optionVenue,
            option: "call",
            strike: o.strike,
            expiryTime: expiry,
            quantity: -o.weight,
            reason: "strip",
          });
      }
      if (hedgeForward)
        out.push({ kind: "hedge", venue: perpVenue, targetDelta: -forwardUnits, reason: "strip forward" });
      events?.push({
        time: ctx.time,
        bar: ctx.bar,
        kind: "strip",
        venue: optionVenue,
        fields: {
          forward: P,
          expiryTime: expiry,
          options: out.length - (hedgeForward ? 1 : 0),
          forwardUnits,
          bond: strips.reduce((x, s) => x + s.bond, 0),
          lowestStrike: strikes[0],
          highestStrike: strikes[strikes.length - 1],
          errorBoundInterior: strips.reduce((x, s) => x + s.errorBound.interior, 0),
        },
      });
      return out;
    },
  };
}
