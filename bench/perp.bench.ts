/**
 * Perp venue round trips: ccxt `binanceusdm` → paper-perp (Fastify + SQLite on 127.0.0.1) → fill → answer.
 * `cases()` first measures the latency of a few hundred market orders, order lookups and position reads through
 * the real stack and prints p50/p90/p99 (latency is a distribution, not a throughput, so it is printed here rather
 * than run through the harness); it then returns the harness cases of the pure parts (matching, HMAC check).
 * Skipped unless the filter (if any) matches "perp".
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCcxtPerpClient } from "../src/venues/ccxt/client.js";
import { signPayload, verifySignedRequest } from "../src/venues/paper-perp/auth.js";
import { applyFill, type NetPosition } from "../src/venues/paper-perp/matching.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET, startPaperPerp } from "../src/venues/paper-perp/server.js";
import type { BenchCase } from "./harness.js";

const GROUP = "perp venue (ccxt → paper-perp)";
const ORDERS = 400;

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

/** Measures the round trips and returns the printed table. */
export async function measureLatency(orders = ORDERS): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-perp-bench-"));
  let price = 1850;
  const server = await startPaperPerp({
    port: 0,
    dbFile: join(dir, "bench.db"),
    priceSource: async () => price,
    takerFee: 0.0005,
    spreadBps: 1,
    initialBalance: 1e9,
  });
  try {
    const perp = createCcxtPerpClient({
      exchange: "binanceusdm",
      credentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
      baseUrl: server.url,
    });
    const S = "ETH/USDT:USDT";
    await perp.loadMarkets();
    for (let i = 0; i < 20; i++)
      await perp.createOrder({
        symbol: S,
        side: i % 2 ? "buy" : "sell",
        amount: 0.1,
        clientOrderId: `warm-${i}`,
      });
    const create = await timeIt(orders, (i) => {
      price = 1850 + (i % 50);
      return perp.createOrder({
        symbol: S,
        side: i % 2 ? "buy" : "sell",
        amount: 0.25,
        clientOrderId: `bench-${i}`,
      });
    });
    const lookup = await timeIt(orders, (i) => perp.fetchOrderByClientId(S, `bench-${i}`));
    const position = await timeIt(Math.min(orders, 200), () => perp.fetchPosition(S));
    const dup = await timeIt(Math.min(orders, 200), (i) =>
      perp
        .createOrder({ symbol: S, side: "buy", amount: 0.25, clientOrderId: `bench-${i}` })
        .catch(() => undefined),
    );
    const rows = [
      ["createOrder (market, filled)", create],
      ["createOrder duplicate id (-4116)", dup],
      ["fetchOrderByClientId", lookup],
      ["fetchPosition (positionRisk)", position],
    ] as const;
    const lines = [
      `${GROUP}: round-trip latency in ms (sequential, one client)`,
      "call                              |   n | p50    | p90    | p99    | max",
      ...rows.map(
        ([name, xs]) =>
          `${name.padEnd(33)} | ${String(xs.length).padStart(3)} | ${quantile(xs, 0.5).toFixed(2).padStart(6)} | ${quantile(xs, 0.9).toFixed(2).padStart(6)} | ${quantile(xs, 0.99).toFixed(2).padStart(6)} | ${xs[xs.length - 1].toFixed(2)}`,
      ),
    ];
    return lines.join("\n");
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function cases(): Promise<BenchCase[]> {
  const filter = process.argv[2];
  if (filter && !GROUP.includes(filter)) return [];
  process.stdout.write(`${await measureLatency()}\n\n`);
  const fills = Int32Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 2001) - 1000 || 1);
  const prices = Float64Array.from({ length: 10_000 }, (_, i) => 1800 + (i % 100));
  const payload =
    "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.250&newClientOrderId=v1-delta-1024-0&recvWindow=10000&timestamp=1700000000000";
  const body = `${payload}&signature=${signPayload(PAPER_TEST_SECRET, payload)}`;
  return [
    {
      group: GROUP,
      name: "applyFill (net position update)",
      ops: fills.length,
      unit: "fills",
      fn: () => {
        let p: NetPosition = { lots: 0, entryPrice: 0 };
        let pnl = 0;
        for (let i = 0; i < fills.length; i++) {
          const r = applyFill(p, fills[i], prices[i], 0.001);
          p = r.position;
          pnl += r.realizedPnl;
        }
        return pnl + p.lots;
      },
    },
    {
      group: GROUP,
      name: "verifySignedRequest (HMAC-SHA256)",
      ops: 1,
      unit: "requests",
      fn: () =>
        verifySignedRequest({
          apiKey: PAPER_TEST_API_KEY,
          secret: PAPER_TEST_SECRET,
          headerApiKey: PAPER_TEST_API_KEY,
          rawQuery: "",
          rawBody: body,
          nowMs: 1700000000100,
        }),
    },
  ];
}
