/**
 * The port methods both pool models delegate to their book and execution: `accrue` (nothing: `step` marks and
 * accrues in one pass), value, delta, position IL, holdings and `settle`.
 */

import { InvalidInputError } from "../../errors/math.js";
import type { AttributionAccumulator } from "../types.js";
import type { PoolBook } from "./book.js";
import { type PoolExecution, settlePoolIntent } from "./settle.js";
import type { MutablePoolPosition, PoolVenueModel } from "./types.js";

export type PortMethods = Pick<
  PoolVenueModel,
  "accrue" | "value" | "delta" | "positionIl" | "holdings" | "settle"
>;

/**
 * Returns the delegating port methods of a pool model; `book()` and `exec()` are read at each call (the model
 * object is built before its book, which updates the model's counters). `fee` and `gasPerSwap` size `swap`.
 */
export function poolPortMethods<P extends MutablePoolPosition>(
  book: () => PoolBook<P>,
  exec: () => PoolExecution,
  fee: number,
  gasPerSwap: number,
): PortMethods {
  return {
    accrue: () => {},
    value: (price) => book().value(price),
    delta: () => book().delta(),
    positionIl: (price) => book().positionIl(price),
    holdings: () => book().holdings(),
    settle: (intent, bar, price, ledger, attr) =>
      settlePoolIntent(intent, bar, price, ledger, attr, exec(), fee, gasPerSwap),
  };
}

/**
 * The port's `mark` of a pool model: a pool is marked at its own close price (`priceAt(bar)`), which `step` reads
 * itself, so the given price must be that one (InvalidInputError otherwise); then `step` marks and accrues.
 */
export function markAtOwnPrice(
  model: Pick<PoolVenueModel, "priceAt" | "step">,
  bar: number,
  price: number,
  attr: AttributionAccumulator,
): void {
  const own = model.priceAt(bar);
  if (price !== own)
    throw new InvalidInputError({
      field: "price",
      value: price,
      expected: `the pool's close price at bar ${bar} (${own})`,
    });
  model.step(bar, attr);
}
