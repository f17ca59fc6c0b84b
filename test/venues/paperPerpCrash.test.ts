/**
 * The paper exchange under kill -9: `lpguard paper-perp serve` in a child process is killed (SIGKILL, by pid) while
 * ccxt orders are in flight, then restarted on the same SQLite file. Every acknowledged order must be there, no
 * order may be half-written, and the position must equal the sum of the signed fills of the orders on record.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { createCcxtPerpClient } from "../../src/venues/ccxt/client.js";
import type { PerpVenueError } from "../../src/venues/ccxt/errors.js";
import type { PerpOrder } from "../../src/venues/ccxt/types.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET } from "../../src/venues/paper-perp/server.js";
import { spawnCli } from "../helpers/spawnCli.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-paper-crash-"));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) process.kill(c.pid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const SYMBOL = "ETH/USDT:USDT";

async function serve(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnCli(["paper-perp", "serve", "--port", "0", "--db", db, "--price", "1850", "--json"]);
  children.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  const end = Date.now() + 60_000;
  for (;;) {
    const line = out.split("\n").find((l) => l.startsWith("{"));
    if (line) return { child, url: (JSON.parse(line) as { url: string }).url };
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
    if (Date.now() > end) throw new Error("timed out waiting for paper-perp serve");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    process.kill(child.pid as number, "SIGKILL");
  });

describe("paper-perp kill -9", () => {
  test("behavior: acknowledged orders survive, nothing is half-written, position = Σ signed fills", async () => {
    const db = join(dir, "crash.db");
    const acked = new Map<string, PerpOrder>();
    const sent: string[] = [];
    let n = 0;
    for (let round = 0; round < 2; round++) {
      const { child, url } = await serve(db);
      const perp = createCcxtPerpClient({
        exchange: "binanceusdm",
        credentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
        baseUrl: url,
        timeoutMs: 5_000,
      });
      // four concurrent senders; the server is killed after a few acknowledgements
      const target = acked.size + 12 + round * 3;
      const sender = async (k: number) => {
        for (;;) {
          const id = `v1-crash-${round}-${k}-${n++}`;
          sent.push(id);
          try {
            const o = await perp.createOrder({
              symbol: SYMBOL,
              side: n % 3 === 0 ? "buy" : "sell",
              amount: 0.01 * (1 + (n % 7)),
              clientOrderId: id,
            });
            acked.set(id, o);
          } catch (e) {
            // only "the server is gone" may happen here: a network failure, classified retryable
            expect((e as PerpVenueError).kind).toBe("retryable");
            return;
          }
          if (acked.size >= target) {
            await killed(child);
            return;
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(sender));
      await killed(child);
    }
    const { child, url } = await serve(db);
    const perp = createCcxtPerpClient({
      exchange: "binanceusdm",
      credentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
      baseUrl: url,
    });
    let sumLots = 0;
    let onRecord = 0;
    for (const id of sent) {
      const o = await perp.fetchOrderByClientId(SYMBOL, id);
      if (acked.has(id)) expect(o).toMatchObject({ id: acked.get(id)?.id, filled: acked.get(id)?.filled });
      if (o) {
        onRecord++;
        expect(o.status).toBe("closed");
        expect(o.filled).toBe(o.amount);
        sumLots += Math.round(o.filled * 1000) * (o.side === "buy" ? 1 : -1);
      }
    }
    expect(acked.size).toBeGreaterThanOrEqual(12 + 15);
    expect(onRecord).toBeGreaterThanOrEqual(acked.size);
    expect(onRecord).toBeLessThanOrEqual(acked.size + 4 * 2); // at most one in-flight order per sender per kill
    const q = (await perp.fetchPosition(SYMBOL)).quantity;
    expect(Math.round(q * 1000)).toBe(sumLots);
    await killed(child);
  }, 180_000);
});
