import type { EngineEvent } from "../engine/types.js";
import { requireObjectArray } from "../errors/guards.js";

function cell(v: unknown): string {
  if (v === undefined) return "";
  if (typeof v === "number") return Number.isNaN(v) ? "" : String(v);
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Returns the event log as CSV: `time` (ISO-8601 UTC), `bar`, `kind`, `venue`, then one column per field name
 * that occurs in any event (sorted; empty where an event has no such field, or for NaN).
 */
export function eventsToCsv(events: readonly EngineEvent[]): string {
  requireObjectArray(events, "events");
  const names = new Set<string>();
  for (const e of events) for (const k of Object.keys(e.fields)) names.add(k);
  const cols = [...names].sort();
  const lines = [["time", "bar", "kind", "venue", ...cols].join(",")];
  for (const e of events)
    lines.push(
      [
        new Date(e.time).toISOString(),
        e.bar,
        cell(e.kind),
        cell(e.venue),
        ...cols.map((c) => cell(e.fields[c])),
      ].join(","),
    );
  return `${lines.join("\n")}\n`;
}

/** Returns the event log as JSON: an array of `{ time (ISO-8601), bar, kind, venue, fields }` (NaN as null). */
export function eventsToJson(events: readonly EngineEvent[]): string {
  requireObjectArray(events, "events");
  return `${JSON.stringify(
    events.map((e) => ({ ...e, time: new Date(e.time).toISOString() })),
    null,
    1,
  )}\n`;
}
