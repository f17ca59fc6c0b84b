/**
 * What the hedge venue models (perp, lending, options) share: routing an intent to a venue id, checking a number
 * that may come from JSON, the venue's event log and the ledger → venue cash move of a `deposit`.
 */
import { InvalidInputError } from "../errors/math.js";
import type { EngineClock } from "./clock.js";
import type { EngineEvent, Intent, Ledger, VenueIntent } from "./types.js";
import { isVenueIntent } from "./types.js";

/** Returns `intent` when it names the venue `id` (a hedge venue's intent), else undefined. */
export function intentFor(intent: Intent, id: string): VenueIntent | undefined {
  return isVenueIntent(intent) && intent.venue === id ? intent : undefined;
}

/** Returns `v` if it is a finite number, else InvalidInputError naming `field` (intents may come from JSON). */
export function finiteNumber(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new InvalidInputError({ field, value: v, expected: "a finite number" });
  return v;
}

/**
 * Returns a venue's logger: it appends `{ time, bar, kind, venue: id, fields }` to `events` (nothing without a
 * log), the time read from `clock()` (the engine's clock once attached).
 */
export function venueLogger(
  events: EngineEvent[] | undefined,
  id: string,
  clock: () => EngineClock,
): (bar: number, kind: string, fields: EngineEvent["fields"]) => void {
  return (bar, kind, fields) => {
    if (events !== undefined) events.push({ time: clock().time, bar, kind, venue: id, fields });
  };
}

/**
 * Takes the amount of a `deposit` intent out of the ledger's quote cash: min(amount, max(cash, 0)) (checked finite,
 * InvalidInputError on `intent.amount`); returns what was taken (0 or more) for the venue to credit.
 */
export function takeDeposit(amount: unknown, ledger: Ledger): number {
  const taken = Math.min(finiteNumber(amount, "intent.amount"), Math.max(ledger.cashQuote, 0));
  if (!(taken > 0)) return taken;
  ledger.cashQuote -= taken;
  return taken;
}
