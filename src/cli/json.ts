import { NonFiniteOutputError } from "../errors/io.js";

/**
 * Returns `JSON.stringify(value, null, indent)` (default 2; 0 for one line) plus a newline, but throws NonFiniteOutputError naming the JSON path
 * (`strategies[2].fees.mean`) of the first NaN or ±Infinity instead of writing it as `null`. Bigints are written as
 * decimal strings (exact amounts cross JSON as strings).
 */
export function toJsonText(value: unknown, indent = 2): string {
  assertFiniteJson(value);
  return `${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), indent || undefined)}\n`;
}

/** Throws NonFiniteOutputError at the first non-finite number inside `value` (a JSON-like tree). */
export function assertFiniteJson(value: unknown, path = ""): void {
  const stack: [unknown, string][] = [[value, path]];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const [v, p] = stack.pop() as [unknown, string];
    if (typeof v === "number") {
      if (!Number.isFinite(v))
        throw new NonFiniteOutputError({ field: p || "(root)", value: v, where: "JSON" });
    } else if (v !== null && typeof v === "object") {
      if (seen.has(v)) continue;
      seen.add(v);
      if (typeof (v as { toJSON?: unknown }).toJSON === "function") continue;
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`]);
      else
        for (const [k, x] of Object.entries(v as Record<string, unknown>).reverse())
          stack.push([x, p ? `${p}.${k}` : k]);
    }
  }
}
