/**
 * Fan-out of live events to the SSE clients: run progress (pushed by the run queue) and keeper events (polled
 * from the KeeperReadModel every `pollMs` while someone listens). Keeper events carry their id as the SSE `id:`
 * so a client that reconnects with `Last-Event-ID` gets what it missed, without duplicates.
 */
import type { KeeperEventView, KeeperReadModel } from "./keeperPort.js";
import type { RunUpdate } from "./runQueue.js";

export type HubClient = {
  /** Id of the last keeper event this client has; events at or below it are skipped. */
  lastKeeperId: number;
  write: (frame: string) => void;
};

export type EventHub = {
  publishRun(u: RunUpdate): void;
  /** Adds a client; returns a function that removes it. Sends keeper events after `lastKeeperId` first. */
  subscribe(client: HubClient): Promise<() => void>;
  clients(): number;
  close(): void;
};

export function sseFrame(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createEventHub({
  keeper,
  pollMs = 500,
  log,
}: {
  keeper?: KeeperReadModel;
  pollMs?: number;
  log: (msg: string, err?: unknown) => void;
}): EventHub {
  const clients = new Set<HubClient>();
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let head: number | undefined; // highest keeper event id seen by the poller
  let closed = false;

  const sendKeeper = (c: HubClient, e: KeeperEventView) => {
    if (e.id <= c.lastKeeperId) return;
    c.lastKeeperId = e.id;
    c.write(sseFrame("keeper", e, e.id));
  };

  const fetchAfter = async (afterId: number): Promise<KeeperEventView[]> => {
    const out: KeeperEventView[] = [];
    let after = afterId;
    for (;;) {
      const page = await keeper!.events({ afterId: after, limit: 500 });
      out.push(...page);
      if (page.length < 500) return out;
      after = page[page.length - 1].id;
    }
  };

  const initHead = async () => {
    if (head !== undefined) return head;
    const all = await fetchAfter(0);
    head ??= all.length > 0 ? all[all.length - 1].id : 0;
    return head;
  };

  const poll = async () => {
    if (polling || keeper === undefined || clients.size === 0) return;
    polling = true;
    try {
      const from = await initHead();
      const events = await fetchAfter(from);
      if (events.length > 0) head = events[events.length - 1].id;
      for (const e of events) for (const c of clients) sendKeeper(c, e);
    } catch (e) {
      log("keeper events poll failed", e);
    } finally {
      polling = false;
    }
  };

  return {
    publishRun(u) {
      const frame = sseFrame("run", u);
      for (const c of clients) c.write(frame);
    },
    async subscribe(client) {
      if (keeper !== undefined) {
        const h = await initHead();
        if (client.lastKeeperId < 0) client.lastKeeperId = h;
        else for (const e of await fetchAfter(client.lastKeeperId)) sendKeeper(client, e);
      }
      clients.add(client);
      if (keeper !== undefined && timer === undefined && !closed) {
        timer = setInterval(() => void poll(), pollMs);
        timer.unref();
      }
      return () => {
        clients.delete(client);
        if (clients.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    clients: () => clients.size,
    close() {
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      clients.clear();
    },
  };
}
