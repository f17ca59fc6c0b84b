import { type BaseToken, tickToPrice } from "../units.js";

export type RawPositionToHumanParameters = {
  tickLower?: number;
  tickUpper?: number;
  /** Raw v3 (or v2) liquidity, contract units. */
  rawLiquidity?: bigint;
  decimals0: number;
  decimals1: number;
  baseToken: BaseToken;
};

export type RawPositionToHumanReturnType = {
  /** Lower / upper end of the range in human prices (quote per base); with base token1 the ticks swap ends. */
  lower?: number;
  upper?: number;
  /** Liquidity in human units: raw L / 10^((decimals0 + decimals1) / 2). */
  liquidity?: number;
};

/**
 * Returns a position given in pool units (raw ticks, raw L) in the human units `analyzePosition` takes: prices
 * quote per base and L such that the human amounts are L·(1/√P − 1/√B) base and L·(√P − √A) quote. The human L is
 * the raw L over 10^((decimals0 + decimals1)/2) for either base token (raw amounts scale by 10^decimals each).
 *
 * @example
 * rawPositionToHuman({ tickLower: 200000, tickUpper: 203000, rawLiquidity: 10n ** 15n, decimals0: 6, decimals1: 18, baseToken: 1 });
 * @throws {TickOutOfRangeError | InvalidInputError} from `tickToPrice` for a tick outside the pool's range.
 */
export function rawPositionToHuman(p: RawPositionToHumanParameters): RawPositionToHumanReturnType {
  const o = { decimals0: p.decimals0, decimals1: p.decimals1, baseToken: p.baseToken };
  const r: RawPositionToHumanReturnType = {};
  if (p.tickLower !== undefined && p.tickUpper !== undefined) {
    const a = tickToPrice({ ...o, tick: p.tickLower });
    const b = tickToPrice({ ...o, tick: p.tickUpper });
    r.lower = a < b ? a : b;
    r.upper = a < b ? b : a;
  }
  if (p.rawLiquidity !== undefined)
    r.liquidity = Number(p.rawLiquidity) / 10 ** ((p.decimals0 + p.decimals1) / 2);
  return r;
}
