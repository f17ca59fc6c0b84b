import type { StrategyContext } from "../../engine/types.js";
import { requireObject } from "../../errors/guards.js";

/**
 * Returns the gamma Γ = ∂delta/∂price (base units per quote-per-base) of every open LP position of the pool at
 * `ctx.price`: Σ −L_h / (2 P^{3/2}) over the positions in range (tickLower ≤ tick < tickUpper, the contract's convention; 0 outside), with the human-unit
 * liquidity L_h = L_raw / 10^{(dec0 + dec1)/2} (so that base = L_h (1/√P − 1/√P_upper) in human units).
 * Negative (an LP is short gamma). Allocation-free.
 *
 * @example
 * import { lpGamma } from "lpguard/strategy";
 * lpGamma(ctx); // e.g. -0.0021 (WETH per USDC/WETH) for a ±10 % 10,000 USDC position at 1,500
 * @see DESIGN.md "Formulas": gamma = −L / (2 P^{3/2}) inside the range
 */
export function lpGamma(ctx: StrategyContext): number {
  requireObject(ctx, "ctx");
  requireObject(ctx.pool, "ctx.pool");
  const positions = ctx.pool.positions;
  const n = positions.length;
  if (n === 0) return 0;
  const meta = ctx.pool.meta;
  const scale = liquidityScale(meta.token0.decimals + meta.token1.decimals);
  const P = ctx.price;
  const tick = ctx.tick;
  let l = 0;
  for (let j = 0; j < n; j++) {
    const p = positions[j];
    // In range as the contract counts it (tickLower ≤ tick < tickUpper): no price conversion per bar.
    if (tick >= p.tickLower && tick < p.tickUpper) l += p.liquidityFloat;
  }
  return l === 0 ? 0 : -l / scale / (2 * P * Math.sqrt(P));
}

// 10^{(dec0 + dec1)/2} of the last decimals sum seen: a `**` with a non-constant exponent per call is slow, and the
// sum is the same on every bar of a run. Memoised in a Float64Array (a module `let` double is boxed on each store).
const lastScale = new Float64Array([Number.NaN, Number.NaN]);

function liquidityScale(decimalsSum: number): number {
  if (decimalsSum !== lastScale[0]) {
    lastScale[1] = 10 ** (decimalsSum / 2);
    lastScale[0] = decimalsSum;
  }
  return lastScale[1];
}
