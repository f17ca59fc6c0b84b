import { requireNumber, requireObject } from "../../errors/guards.js";
import { InvalidInputError } from "../../errors/math.js";
import type { Strip } from "./types.js";

/**
 * Returns the payoff at expiry, in quote units, of a static-replication strip when the underlying settles at `price`.
 *
 * Formula: bond + forwardUnits·(S − F) + Σ_puts w·max(K − S, 0) + Σ_calls w·max(S − K, 0).
 *
 * @example
 * import { stripPayoff } from "./stripPayoff.js";
 * stripPayoff({ forward: 100, bond: 10, forwardUnits: 0.5, puts: [{ strike: 90, weight: -1 }], calls: [],
 *   lowestStrike: 90, highestStrike: 90, errorBound: { interior: 0, belowLowestStrike: 0, aboveHighestStrike: 0 } }, 80); // -5
 * @see Carr, P. and Madan, D. (1998) "Towards a theory of volatility trading", in Volatility, Risk Books
 */
export function stripPayoff(strip: Strip, price: number): number {
  requireObject(strip, "strip");
  requireNumber(price, "price");
  if (!(Number.isFinite(price) && price >= 0))
    throw new InvalidInputError({ field: "price", value: price, expected: "a finite number >= 0" });
  let v = strip.bond + strip.forwardUnits * (price - strip.forward);
  for (const p of strip.puts) if (p.strike > price) v += p.weight * (p.strike - price);
  for (const c of strip.calls) if (price > c.strike) v += c.weight * (price - c.strike);
  return v;
}
