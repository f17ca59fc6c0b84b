import type { StrategyContext } from "../../engine/types.js";
import { requireNumber, requireObject } from "../../errors/guards.js";

/**
 * Returns the base amount (human units) the open LP positions would hold at `price`:
 * Σ L_h (1/√clamp(P, A, B) − 1/√B), with L_h = L_raw / 10^{(dec0 + dec1)/2} and [A, B] each position's price range
 * (all base below A, none above B). Its value at a put strike is the LP's downside delta. Allocation-free.
 *
 * @example
 * import { lpBaseAt } from "lpguard/strategy";
 * lpBaseAt(ctx, 0.9 * ctx.price); // base the LP holds if the price falls 10 %
 * @see DESIGN.md "Formulas": base = L(1/√P − 1/√B) inside the range
 */
export function lpBaseAt(ctx: StrategyContext, price: number): number {
  requireObject(ctx, "ctx");
  requireObject(ctx.pool, "ctx.pool");
  requireNumber(price, "price");
  const positions = ctx.pool.positions;
  const meta = ctx.pool.meta;
  const scale = 10 ** ((meta.token0.decimals + meta.token1.decimals) / 2);
  let base = 0;
  for (let j = 0; j < positions.length; j++) {
    const p = positions[j];
    const a = ctx.priceAtTick(p.tickLower);
    const b = ctx.priceAtTick(p.tickUpper);
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const c = price < lo ? lo : price > hi ? hi : price;
    base += (p.liquidityFloat / scale) * (1 / Math.sqrt(c) - 1 / Math.sqrt(hi));
  }
  return base;
}
