import { requireString } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";

const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;
const DURATION_RE = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(ms|s|min|m|h|d|w)\s*$/i;

/** Largest half-life accepted, ms (100 years): beyond it the decay per step rounds to 1. */
const MAX_HALF_LIFE_MS = 100 * 365 * 86_400_000;

/**
 * Returns a duration in milliseconds from a text such as "3d", "12h", "90m", "30s", "1.5w" (units ms, s, m or min,
 * h, d, w), or from a number of milliseconds. The result is > 0 and at most 100 years.
 *
 * @example
 * import { parseDurationMs } from "lpguard/forecast";
 * parseDurationMs("3d", "halfLife"); // 259_200_000
 * @throws {InvalidInputError} naming `field` and the value when it is not such a duration.
 */
export function parseDurationMs(value: string | number, field: string): number {
  requireString(field, "field");
  const ms = typeof value === "number" ? value : durationTextMs(value);
  if (!(ms > 0 && ms <= MAX_HALF_LIFE_MS))
    throw new InvalidInputError({
      field,
      value,
      expected: 'a duration > 0 and at most 100 years, such as "3d", "12h", "90m" (or a number of ms)',
    });
  return ms;
}

/**
 * Returns the milliseconds of a duration text such as "3d", "12h", "90m" (units ms, s, m/min, h, d, w), or NaN when
 * `text` is not one (no throw: config schemas refine with it).
 */
export function durationTextMs(text: unknown): number {
  if (typeof text !== "string") return Number.NaN;
  const m = DURATION_RE.exec(text);
  return m === null ? Number.NaN : Number(m[1]) * UNIT_MS[m[2].toLowerCase() as keyof typeof UNIT_MS];
}

/**
 * Returns the EWMA decay λ per step of `stepMs` for a half-life of `halfLifeMs`: λ = 2^(−stepMs / halfLifeMs), so
 * an observation's weight halves every half-life whatever the bar length (λ = 0.94 per day ⇔ a half-life of
 * ln 2 / −ln 0.94 ≈ 11.2 days).
 *
 * @example
 * import { decayPerStep } from "lpguard/forecast";
 * decayPerStep(86_400_000, 3_600_000); // 2^(−1/24) ≈ 0.97153: hourly bars, a one-day half-life
 * @throws {InvalidInputError} when either is not a finite number > 0.
 */
export function decayPerStep(halfLifeMs: number, stepMs: number): number {
  if (!(halfLifeMs > 0 && Number.isFinite(halfLifeMs)))
    throw new InvalidInputError({ field: "halfLifeMs", value: halfLifeMs, expected: "a finite number > 0" });
  if (!(stepMs > 0 && Number.isFinite(stepMs)))
    throw new InvalidInputError({ field: "stepMs", value: stepMs, expected: "a finite number > 0" });
  return 2 ** (-stepMs / halfLifeMs);
}

/** Returns the half-life (ms) of a decay λ per step of `stepMs`: stepMs · ln 2 / −ln λ. */
export function halfLifeOfDecay(lambda: number, stepMs: number): number {
  if (!(lambda > 0 && lambda < 1))
    throw new InvalidInputError({ field: "lambda", value: lambda, expected: "a number in (0, 1)" });
  return (stepMs * Math.LN2) / -Math.log(lambda);
}
