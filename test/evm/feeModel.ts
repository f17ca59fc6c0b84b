/**
 * The backtest's fee model (src/engine's pool venue model) run on one position over the same minutes the chain
 * replayed, for the exact-fee comparison.
 */
import { createPoolVenueModel, type InRangeMode } from "../../src/engine/poolVenueModel.js";
import type { AttributionAccumulator } from "../../src/engine/types.js";
import type { PoolSeries } from "../../src/types/series.js";

function zeroAttribution(): AttributionAccumulator {
  return {
    fees: 0,
    rebalancing: 0,
    lvr: 0,
    inventory: 0,
    hedge: 0,
    funding: 0,
    premium: 0,
    costs: 0,
    costsGas: 0,
    costsSwapFee: 0,
    costsImpact: 0,
    costsHedge: 0,
    costsLiquidation: 0,
    rounding: 0,
  } as AttributionAccumulator;
}

/**
 * Mints [tickLower, tickUpper) with `depositQuote` at bar `mintBar` in the engine's pool model, steps bars
 * mintBar+1 .. lastBar, and returns the liquidity it minted and the fees it credited (human units: base, quote).
 */
export function modelFees(p: {
  series: PoolSeries;
  mode: InRangeMode;
  tickLower: number;
  tickUpper: number;
  depositQuote: number;
  mintBar: number;
  lastBar: number;
}): { liquidity: bigint; feesBase: number; feesQuote: number } {
  const model = createPoolVenueModel({
    series: p.series,
    inRangeMode: p.mode,
    costs: { priceImpact: false },
  });
  const attr = zeroAttribution();
  const ledger = { cashQuote: p.depositQuote, cashBase: 0 };
  let price = model.priceAt(p.mintBar);
  model.step(p.mintBar, attr);
  model.settle(
    { kind: "mint", tickLower: p.tickLower, tickUpper: p.tickUpper },
    p.mintBar,
    price,
    ledger,
    attr,
  );
  const liquidity = model.positions[0].liquidity;
  for (let bar = p.mintBar + 1; bar <= p.lastBar; bar++) {
    price = model.priceAt(bar);
    model.step(bar, attr);
  }
  return { liquidity, feesBase: model.feesBaseAmount, feesQuote: model.feesQuoteAmount };
}

/** A copy of `series` whose input volumes are replaced (rows not in `volumes` keep the recorded ones). */
export function withVolumes(
  series: PoolSeries,
  volumes: Map<number, { in0: bigint; in1: bigint }>,
): PoolSeries {
  const inAmount0 = Float64Array.from(series.inAmount0);
  const inAmount1 = Float64Array.from(series.inAmount1);
  for (const [i, v] of volumes) {
    inAmount0[i] = Number(v.in0);
    inAmount1[i] = Number(v.in1);
  }
  return { ...series, inAmount0, inAmount1 };
}
