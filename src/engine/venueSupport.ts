/**
 * What the hedge venue models (perp, lending, options) share: routing an intent to a venue id, checking a number
 * that may come from JSON and the ledger → venue cash move of a `deposit`. (Each model logs its events through its own
 * `log` method on its class: no closure per venue.)
 */
import { InvalidInputError } from "../errors/math.js";
import type { Intent, Ledger, VenueIntent } from "./types.js";
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
 * Takes the amount of a `deposit` intent out of the ledger's quote cash: min(amount, max(cash, 0)) (checked finite,
 * InvalidInputError on `intent.amount`); returns what was taken (0 or more) for the venue to credit.
 */
export function takeDeposit(amount: unknown, ledger: Ledger): number {
  const taken = Math.min(finiteNumber(amount, "intent.amount"), Math.max(ledger.cashQuote, 0));
  if (!(taken > 0)) return taken;
  ledger.cashQuote -= taken;
  return taken;
}
