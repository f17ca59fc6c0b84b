/**
 * Settlement of the pool's intents, shared by the v3 and the v2 / weighted models: the intent switch, the
 * `swap {baseFraction}` sizing, a partial mint's cash set aside, and the fee-aware swap to a mint's token ratio.
 * Each model brings its own execution (`PoolExecution`).
 */
import { InvalidInputError } from "../../errors/math.js";
import type { AttributionAccumulator, Intent, Ledger } from "../types.js";
import { chargeGas } from "./book.js";

/** A pool model's execution of the intents (human units; `bar` is the row, `price` its price). */
export type PoolExecution = {
  /** Mints [tickLower, tickUpper) with `value` quote units of cash (all if undefined). */
  mint(
    tickLower: number,
    tickUpper: number,
    value: number | undefined,
    swapFirst: boolean,
    fixedLiquidity: string | undefined,
    bar: number,
    price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ): void;
  /** Burns position `id` (every position if undefined) and collects its fees into cash. */
  burn(
    id: number | undefined,
    bar: number,
    price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ): void;
  /** Moves the uncollected fees of position `id` (every position if undefined) into cash. */
  collect(id: number | undefined, ledger: Ledger): void;
  /** Swaps `amountIn` of base (`sellBase`) or quote from the ledger's cash. */
  swap(
    sellBase: boolean,
    amountIn: number,
    bar: number,
    price: number,
    ledger: Ledger,
    attr: AttributionAccumulator,
  ): void;
};

/**
 * Settles a pool intent (`venue` omitted or "pool") with `exec`; returns false for an intent that is not the
 * pool's. `fee` is the swap fee the `swap` sizing grosses up by, `gasPerSwap` the gas of a stand-alone swap.
 */
export function settlePoolIntent(
  intent: Intent,
  bar: number,
  price: number,
  ledger: Ledger,
  attr: AttributionAccumulator,
  exec: PoolExecution,
  fee: number,
  gasPerSwap: number,
): boolean {
  if (intent.venue !== undefined && intent.venue !== "pool") return false;
  switch (intent.kind) {
    case "mint":
      exec.mint(
        intent.tickLower,
        intent.tickUpper,
        intent.value,
        intent.swap !== false && intent.liquidity === undefined,
        intent.liquidity,
        bar,
        price,
        ledger,
        attr,
      );
      return true;
    case "burn":
      exec.burn(intent.positionId, bar, price, ledger, attr);
      return true;
    case "collect":
      exec.collect(intent.positionId, ledger);
      return true;
    case "rebalance":
      exec.burn(undefined, bar, price, ledger, attr);
      exec.mint(intent.tickLower, intent.tickUpper, undefined, true, undefined, bar, price, ledger, attr);
      return true;
    case "swap": {
      const w = intent.baseFraction;
      if (!(w >= 0 && w <= 1))
        throw new InvalidInputError({
          field: "intent.baseFraction",
          value: w,
          expected: "a number in [0, 1]",
        });
      const cashValue = ledger.cashBase * price + ledger.cashQuote;
      const targetBase = (cashValue * w) / price;
      const excess = ledger.cashBase - targetBase;
      if (excess > 0) exec.swap(true, excess, bar, price, ledger, attr);
      else if (excess < 0) exec.swap(false, (-excess * price) / (1 - fee), bar, price, ledger, attr);
      if (excess !== 0) chargeGas(gasPerSwap, ledger, attr);
      return true;
    }
    default:
      return false;
  }
}

/**
 * Takes out of the ledger the cash a mint of `value` quote units leaves aside (all cash minted if undefined) and
 * returns it, to be put back with `returnAside` after the mint; undefined when there is nothing to mint.
 */
export function setAsideForMint(
  value: number | undefined,
  price: number,
  ledger: Ledger,
): { base: number; quote: number } | undefined {
  const cashValue = ledger.cashBase * price + ledger.cashQuote;
  if (!(cashValue > 0)) return undefined;
  const phi = value === undefined ? 1 : Math.min(1, Math.max(0, value / cashValue));
  if (phi === 0) return undefined;
  const aside = { base: ledger.cashBase * (1 - phi), quote: ledger.cashQuote * (1 - phi) };
  ledger.cashBase -= aside.base;
  ledger.cashQuote -= aside.quote;
  return aside;
}

/** Puts the cash `setAsideForMint` took back into the ledger. */
export function returnAside(aside: { base: number; quote: number }, ledger: Ledger): void {
  ledger.cashBase += aside.base;
  ledger.cashQuote += aside.quote;
}

/**
 * Swaps the ledger's cash towards `r` quote per base with the fee-aware closed form (impact ignored in the sizing;
 * the leftover stays as cash): sells quote when q > r·b, base when q < r·b.
 */
export function swapToRatio(
  r: number,
  fee: number,
  exec: PoolExecution,
  bar: number,
  price: number,
  ledger: Ledger,
  attr: AttributionAccumulator,
): void {
  const b = ledger.cashBase;
  const q = ledger.cashQuote;
  if (q > r * b) exec.swap(false, (q - r * b) / (1 + (r * (1 - fee)) / price), bar, price, ledger, attr);
  else if (q < r * b) exec.swap(true, (r * b - q) / (r + price * (1 - fee)), bar, price, ledger, attr);
}
