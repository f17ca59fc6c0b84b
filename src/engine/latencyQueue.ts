import { InvalidInputError } from "../errors/math.js";
import { decodeNumber, encodeNumber, type SnapshotNumber } from "./snapshotCodec.js";
import type { Intent } from "./types.js";

/**
 * The engine's latency queue, keyed by time: an intent pushed with due time d fills at the first bar whose time is
 * ≥ d. Entries are kept sorted by due time (stable in push order); `popDue(t)` returns every entry due by t in
 * decision (push) order — the order the bar-indexed queue of earlier versions settled them in. Never looks at a
 * future bar: the engine asks at each bar what is due by that bar's time.
 */
export class LatencyQueue {
  private due: number[] = [];
  private seq: number[] = [];
  private intents: Intent[] = [];
  private head = 0;
  private nextSeq = 0;
  private readonly batch: Intent[] = [];
  /**
   * Due time of the first waiting intent (+Infinity when empty) and the number waiting, kept as fields for the bar
   * loops, which read them every bar: a getter is a call when V8 does not inline it, and a getter returning a double
   * then boxes it (16 bytes a bar; it happened when the tick cache's window fill took the loop's inlining budget,
   * which varies from process to process: the same build ran at 3.4 or 5.6 M rows/s). Read-only outside the class.
   */
  headTime = Number.POSITIVE_INFINITY;
  waiting = 0;

  /** Number of intents waiting. */
  get size(): number {
    return this.waiting;
  }

  /** Due time of the first waiting intent (+Infinity when empty). */
  get headDue(): number {
    return this.headTime;
  }

  /** Sets the fields the bar loops read after the entries changed. */
  private sync(): void {
    this.waiting = this.due.length - this.head;
    this.headTime = this.head < this.due.length ? this.due[this.head] : Number.POSITIVE_INFINITY;
  }

  /** Queues `intent` to fill at the first bar with time ≥ `dueTime`. */
  push(dueTime: number, intent: Intent): void {
    this.insert(dueTime, this.nextSeq++, intent);
  }

  /**
   * Passes each of a strategy's `intents` decided at time `t` through `gate` (when given) and queues it at t + its
   * own `latencyMs` (hedge intents) or t + `latencyMs`. Returns how many the gate dropped (returned null).
   * InvalidInputError naming `intent.latencyMs` when a due time is NaN.
   */
  pushGated<C>(
    intents: readonly Intent[],
    t: number,
    latencyMs: number,
    gate: ((intent: Intent, ctx: C) => Intent | null) | undefined,
    ctx: C,
  ): number {
    let dropped = 0;
    for (let j = 0; j < intents.length; j++) {
      const it = gate ? gate(intents[j], ctx) : intents[j];
      if (it === null) {
        dropped++;
        continue;
      }
      const lat = it.kind === "hedge" ? it.latencyMs : undefined;
      const due = lat !== undefined ? t + lat : t + latencyMs;
      if (Number.isNaN(due))
        throw new InvalidInputError({
          field: "intent.latencyMs",
          value: lat,
          expected: "a number of ms >= 0",
        });
      this.push(due, it);
    }
    return dropped;
  }

  private insert(dueTime: number, seq: number, intent: Intent): void {
    const due = this.due;
    let at = due.length;
    while (at > this.head && due[at - 1] > dueTime) at--;
    if (at === due.length) {
      due.push(dueTime);
      this.seq.push(seq);
      this.intents.push(intent);
    } else {
      due.splice(at, 0, dueTime);
      this.seq.splice(at, 0, seq);
      this.intents.splice(at, 0, intent);
    }
    this.sync();
  }

  /**
   * Removes and returns the intents due by `time`, in decision order. The returned array is reused by the next
   * call (copy it to keep it).
   */
  popDue(time: number): readonly Intent[] {
    const b = this.batch;
    // Emptied by pops: assigning `length` is a runtime call in V8 11 (a push + pop of one intent took ~4x longer).
    while (b.length > 0) b.pop();
    const start = this.head;
    let end = start;
    const due = this.due;
    while (end < due.length && due[end] <= time) end++;
    let sorted = true;
    for (let j = start + 1; j < end; j++) if (this.seq[j] < this.seq[j - 1]) sorted = false;
    if (sorted) for (let j = start; j < end; j++) b.push(this.intents[j]);
    else {
      const idx: number[] = [];
      for (let j = start; j < end; j++) idx.push(j);
      idx.sort((x, y) => this.seq[x] - this.seq[y]);
      for (const j of idx) b.push(this.intents[j]);
    }
    this.head = end;
    if (this.head === due.length) {
      // Emptied (usually one entry): pops are cheaper than setting `length`.
      while (due.length > 0) {
        due.pop();
        this.seq.pop();
        this.intents.pop();
      }
      this.head = 0;
    }
    this.sync();
    return b;
  }

  /** The waiting intents as plain data (intents are plain data already; numbers encoded for JSON). */
  state(): { nextSeq: number; entries: { due: SnapshotNumber; seq: number; intent: unknown }[] } {
    const entries: { due: SnapshotNumber; seq: number; intent: unknown }[] = [];
    for (let j = this.head; j < this.due.length; j++)
      entries.push({
        due: encodeNumber(this.due[j]),
        seq: this.seq[j],
        intent: encodeIntent(this.intents[j]),
      });
    return { nextSeq: this.nextSeq, entries };
  }

  /** Replaces the queue's content with a `state()`. */
  restore(raw: unknown): void {
    const s = raw as { nextSeq?: unknown; entries?: unknown };
    if (s === null || typeof s !== "object" || !Array.isArray(s.entries))
      throw new InvalidInputError({
        field: "snapshot.pending",
        value: raw,
        expected: "{ nextSeq, entries[] }",
      });
    this.due = [];
    this.seq = [];
    this.intents = [];
    this.head = 0;
    this.sync();
    s.entries.forEach((e: { due: unknown; seq: unknown; intent: unknown }, j: number) => {
      this.insert(
        decodeNumber(e.due, `snapshot.pending.entries[${j}].due`),
        Number(e.seq),
        decodeIntent(e.intent, `snapshot.pending.entries[${j}].intent`),
      );
    });
    this.nextSeq = Number(s.nextSeq);
  }
}

/** Returns an intent with its number fields encoded for JSON (intents are flat records of numbers and strings). */
function encodeIntent(it: Intent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(it)) out[k] = typeof v === "number" ? { n: encodeNumber(v) } : v;
  return out;
}

function decodeIntent(raw: unknown, field: string): Intent {
  if (raw === null || typeof raw !== "object")
    throw new InvalidInputError({ field, value: raw, expected: "an intent object" });
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>))
    out[k] =
      v !== null && typeof v === "object" && "n" in (v as object)
        ? decodeNumber((v as { n: unknown }).n, `${field}.${k}`)
        : v;
  return out as Intent;
}
