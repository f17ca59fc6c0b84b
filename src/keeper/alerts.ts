import { appendFileSync } from "node:fs";
import { toJson } from "./journal.js";

export type AlertLevel = "info" | "warn" | "critical";
export type Alert = {
  time: number;
  level: AlertLevel;
  vault: string;
  kind: string;
  fields: Record<string, unknown>;
};

export type CreateAlerterParameters = {
  vault: string;
  /** JSON lines go here: a file path (appended) or a writer (e.g. stderr). Default: stderr. */
  sink?: string | ((line: string) => void);
  /** POST each alert of level ≥ `webhookLevel` as JSON to this URL. */
  webhookUrl?: string;
  /** Lowest level that is POSTed (default "warn"). */
  webhookLevel?: AlertLevel;
  /** Webhook timeout, ms (default 2000). */
  webhookTimeoutMs?: number;
  clock?: () => number;
};

const RANK: Record<AlertLevel, number> = { info: 0, warn: 1, critical: 2 };

/**
 * Returns an alerter: each alert is one JSON line `{time, level, vault, kind, fields}` on the sink, and alerts at or
 * above `webhookLevel` are POSTed to the webhook. A failing webhook never blocks or breaks the keeper: the failure is
 * written as its own JSON line (`kind: "webhook-failed"`). `flush()` waits for the POSTs in flight.
 */
export function createAlerter(params: CreateAlerterParameters) {
  const clock = params.clock ?? Date.now;
  const sink = params.sink ?? ((line: string) => process.stderr.write(line));
  const write = typeof sink === "string" ? (line: string) => appendFileSync(sink, line) : sink;
  const min = RANK[params.webhookLevel ?? "warn"];
  const timeoutMs = params.webhookTimeoutMs ?? 2_000;
  const inFlight = new Set<Promise<void>>();
  const line = (a: Alert): void => write(`${toJson(a)}\n`);
  return {
    alert(level: AlertLevel, kind: string, fields: Record<string, unknown> = {}): Alert {
      const a: Alert = { time: clock(), level, vault: params.vault, kind, fields };
      line(a);
      const url = params.webhookUrl;
      if (url !== undefined && RANK[level] >= min) {
        const p = fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: toJson(a),
          signal: AbortSignal.timeout(timeoutMs),
        })
          .then(async (res) => {
            await res.arrayBuffer();
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
          })
          .catch((err: unknown) =>
            line({
              time: clock(),
              level: "warn",
              vault: params.vault,
              kind: "webhook-failed",
              fields: { alert: kind, error: err instanceof Error ? err.message : String(err) },
            }),
          )
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      return a;
    },
    async flush(): Promise<void> {
      await Promise.all([...inFlight]);
    },
  };
}
export type Alerter = ReturnType<typeof createAlerter>;
