/**
 * The root of every error lpguard throws on purpose. Modelled on viem's BaseError:
 * a one-line `shortMessage` (what the CLI prints), optional `details` and `metaMessages`,
 * and `walk()` to search the `cause` chain.
 */
export type BaseErrorParameters = {
  name?: string;
  details?: string;
  metaMessages?: string[];
  cause?: unknown;
};

export class BaseError extends Error {
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[];
  override name = "BaseError";

  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    const meta = args.metaMessages ?? [];
    const message = [
      shortMessage,
      ...meta.map((m) => `  ${m}`),
      args.details ? `Details: ${args.details}` : "",
    ]
      .filter(Boolean)
      .join("\n");
    super(message, args.cause !== undefined ? { cause: args.cause } : undefined);
    this.shortMessage = shortMessage;
    this.details = args.details;
    this.metaMessages = meta;
    if (args.name) this.name = args.name;
  }

  /** Returns the first error in the cause chain (this one included) for which `fn` is true, or the last one. */
  walk(fn?: (err: unknown) => boolean): unknown {
    let err: unknown = this;
    for (;;) {
      if (fn ? fn(err) : false) return err;
      const next = (err as { cause?: unknown })?.cause;
      if (next === undefined || next === null) return fn ? null : err;
      err = next;
    }
  }
}

/** Longest rendering of a bad value in an error line; longer ones are cut in the middle with their length. */
export const MAX_VALUE_CHARS = 80;

/**
 * Cuts `text` to at most MAX_VALUE_CHARS characters, keeping its start and end and saying how long it was.
 * A formatter of error lines, so it takes anything: a non-string is shown with `String()`, a bad `max` is the default.
 */
export function truncateText(text: string, max = MAX_VALUE_CHARS): string {
  if (typeof text !== "string") text = String(text);
  if (!(Number.isSafeInteger(max) && max >= 0)) max = MAX_VALUE_CHARS;
  if (text.length <= max) return text;
  const note = `…(${text.length} chars)…`;
  const keep = Math.max(0, max - note.length);
  const head = Math.ceil(keep * 0.7);
  return `${text.slice(0, head)}${note}${text.slice(text.length - (keep - head))}`;
}

/**
 * Formats a bad value for an error message: strings quoted, bigint with `n`, everything else as JSON-ish text;
 * long values are truncated (`truncateText`), so an error line stays short.
 */
export function formatValue(value: unknown): string {
  return truncateText(formatValueFull(value));
}

function formatValueFull(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
