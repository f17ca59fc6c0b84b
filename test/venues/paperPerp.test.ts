/**
 * ccxt's real `binanceusdm` code end to end against a real paper exchange (Fastify + SQLite) on a free port of
 * 127.0.0.1: markets, market orders with client ids, lookups, position, balance, funding replayed from the real
 * Binance funding file of ../shared/data, duplicate ids, restarts on the same database, signature checks.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { createCcxtPerpClient } from "../../src/venues/ccxt/client.js";
import { DuplicateClientOrderIdError, type PerpVenueError } from "../../src/venues/ccxt/errors.js";
import {
  PAPER_TEST_API_KEY,
  PAPER_TEST_SECRET,
  type PaperPerpServer,
  type StartPaperPerpParameters,
  startPaperPerp,
} from "../../src/venues/paper-perp/server.js";
import { sharedData } from "../helpers/sharedData.js";

const SYMBOL = "ETH/USDT:USDT";
const CREDS = { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET };
const dir = mkdtempSync(join(tmpdir(), "lpguard-paper-"));
const servers: PaperPerpServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(name: string, over: Partial<StartPaperPerpParameters> = {}) {
  const server = await startPaperPerp({
    port: 0,
    dbFile: join(dir, `${name}.db`),
    priceSource: async () => 1850,
    takerFee: 0.0005,
    spreadBps: 2,
    ...over,
  });
  servers.push(server);
  const client = createCcxtPerpClient({ exchange: "binanceusdm", credentials: CREDS, baseUrl: server.url });
  return { server, client };
}

describe("paper-perp through ccxt binanceusdm", () => {
  let server: PaperPerpServer;
  let client: ReturnType<typeof createCcxtPerpClient>;
  beforeAll(async () => {
    ({ server, client } = await start("main"));
  });

  test("default: loadMarkets, market sell with a client id, lookup, position, balance", async () => {
    expect(await client.loadMarkets()).toEqual([SYMBOL]);
    const o = await client.createOrder({
      symbol: SYMBOL,
      side: "sell",
      amount: 0.5,
      clientOrderId: "v1-delta-100-0",
    });
    const fill = 1850 * (1 - 2 / 10_000);
    expect(o).toMatchObject({
      clientOrderId: "v1-delta-100-0",
      side: "sell",
      amount: 0.5,
      filled: 0.5,
      status: "closed",
    });
    expect(o.average).toBeCloseTo(fill, 9);
    expect(await client.fetchOrderFee(SYMBOL, o.id)).toEqual({ cost: 0.5 * fill * 0.0005, currency: "USDT" });
    const found = await client.fetchOrderByClientId(SYMBOL, "v1-delta-100-0");
    expect(found).toMatchObject({ id: o.id, filled: 0.5, status: "closed" });
    expect(await client.fetchOrderByClientId(SYMBOL, "v1-never-sent")).toBeNull();
    const pos = await client.fetchPosition(SYMBOL);
    expect(pos.quantity).toBe(-0.5);
    expect(pos.entryPrice).toBeCloseTo(fill, 9);
    expect(pos.unrealizedPnl).toBeCloseTo(-0.5 * (1850 - fill), 9);
    // cross liquidation price of a lone short: (WB + Q·EP) / (Q·(1 + MMR))
    const wallet = 100_000 - 0.5 * fill * 0.0005;
    expect(pos.liquidationPrice).toBeCloseTo((wallet + 0.5 * fill) / (0.5 * 1.005), 6);
    const bal = await client.fetchBalance();
    expect(bal.quote.total).toBeCloseTo(wallet + pos.unrealizedPnl, 8);
    expect(bal.quote.free).toBeCloseTo(wallet + pos.unrealizedPnl - (0.5 * 1850) / 20, 8);
  });

  test("behavior: a reused client order id is DuplicateClientOrderIdError (non-retryable), nothing trades", async () => {
    await client.createOrder({ symbol: SYMBOL, side: "buy", amount: 0.1, clientOrderId: "v1-dup-1" });
    const before = (await client.fetchPosition(SYMBOL)).quantity;
    const e = await client
      .createOrder({ symbol: SYMBOL, side: "buy", amount: 0.1, clientOrderId: "v1-dup-1" })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DuplicateClientOrderIdError);
    expect((e as PerpVenueError).kind).toBe("nonRetryable");
    expect((e as PerpVenueError).code).toBe("-4116");
    expect((await client.fetchPosition(SYMBOL)).quantity).toBe(before);
  });

  test("behavior: reduce-only buys close a short and never flip it", async () => {
    const q = (await client.fetchPosition(SYMBOL)).quantity;
    expect(q).toBeLessThan(0);
    const o = await client.createOrder({
      symbol: SYMBOL,
      side: "buy",
      amount: 5,
      clientOrderId: "v1-reduce-1",
      reduceOnly: true,
    });
    expect(o.filled).toBeCloseTo(-q, 12);
    expect((await client.fetchPosition(SYMBOL)).quantity).toBe(0);
    const e = await client
      .createOrder({
        symbol: SYMBOL,
        side: "buy",
        amount: 0.1,
        clientOrderId: "v1-reduce-2",
        reduceOnly: true,
      })
      .catch((x: unknown) => x);
    expect((e as PerpVenueError).code).toBe("-2022");
    expect((e as PerpVenueError).kind).toBe("nonRetryable");
  });

  test("behavior: a wrong secret is -1022 and a wrong key -2015, both fatal", async () => {
    const badSecret = createCcxtPerpClient({
      exchange: "binanceusdm",
      credentials: { apiKey: PAPER_TEST_API_KEY, secret: "not-the-secret" },
      baseUrl: server.url,
    });
    const e1 = await badSecret.fetchBalance().catch((x: unknown) => x);
    expect(e1).toMatchObject({ kind: "fatal", code: "-1022" });
    const badKey = createCcxtPerpClient({
      exchange: "binanceusdm",
      credentials: { apiKey: "someone-else", secret: PAPER_TEST_SECRET },
      baseUrl: server.url,
    });
    const e2 = await badKey
      .createOrder({ symbol: SYMBOL, side: "sell", amount: 0.1, clientOrderId: "v1-k" })
      .catch((x: unknown) => x);
    expect(e2).toMatchObject({ kind: "fatal", code: "-2015" });
    expect(await client.fetchOrderByClientId(SYMBOL, "v1-k")).toBeNull();
  });

  test("behavior: a signed request replayed with a changed parameter is rejected", async () => {
    const ts = Date.now();
    const { signPayload } = await import("../../src/venues/paper-perp/auth.js");
    const payload = `symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.100&newClientOrderId=v1-tamper&timestamp=${ts}`;
    const sig = signPayload(PAPER_TEST_SECRET, payload);
    const tampered = payload.replace("quantity=0.100", "quantity=9.000");
    const r = await fetch(`${server.url}/fapi/v1/order`, {
      method: "POST",
      headers: { "X-MBX-APIKEY": PAPER_TEST_API_KEY, "content-type": "application/x-www-form-urlencoded" },
      body: `${tampered}&signature=${sig}`,
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ code: -1022, msg: "Signature for this request is not valid." });
    const ok = await fetch(`${server.url}/fapi/v1/order`, {
      method: "POST",
      headers: { "X-MBX-APIKEY": PAPER_TEST_API_KEY, "content-type": "application/x-www-form-urlencoded" },
      body: `${payload}&signature=${sig}`,
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { executedQty: string }).executedQty).toBe("0.100");
  });

  test("behavior: more notional than the margin allows is -2019, non-retryable", async () => {
    const e = await client
      .createOrder({ symbol: SYMBOL, side: "sell", amount: 2000, clientOrderId: "v1-huge" })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: "nonRetryable", code: "-2019" });
  });
});

describe("paper-perp restarts", () => {
  test("behavior: state survives a restart on the same database; ids keep being refused", async () => {
    const db = join(dir, "restart.db");
    const a = await startPaperPerp({
      port: 0,
      dbFile: db,
      priceSource: async () => 2000,
      takerFee: 0.0004,
      spreadBps: 0,
    });
    const ca = createCcxtPerpClient({ exchange: "binanceusdm", credentials: CREDS, baseUrl: a.url });
    await ca.createOrder({ symbol: SYMBOL, side: "sell", amount: 1.25, clientOrderId: "v1-r-1" });
    await ca.createOrder({ symbol: SYMBOL, side: "buy", amount: 0.25, clientOrderId: "v1-r-2" });
    const before = { pos: await ca.fetchPosition(SYMBOL), bal: await ca.fetchBalance() };
    await a.close();
    const b = await startPaperPerp({
      port: 0,
      dbFile: db,
      priceSource: async () => 2000,
      takerFee: 0.0004,
      spreadBps: 0,
    });
    servers.push(b);
    const cb = createCcxtPerpClient({ exchange: "binanceusdm", credentials: CREDS, baseUrl: b.url });
    const after = { pos: await cb.fetchPosition(SYMBOL), bal: await cb.fetchBalance() };
    expect(after.pos.quantity).toBe(-1);
    expect(after.pos.quantity).toBe(before.pos.quantity);
    expect(after.pos.entryPrice).toBe(before.pos.entryPrice);
    expect(after.bal.quote.total).toBe(before.bal.quote.total);
    expect(after.bal.quote.total).toBeCloseTo(100_000 - 1.5 * 2000 * 0.0004, 9);
    expect(await cb.fetchOrderByClientId(SYMBOL, "v1-r-2")).toMatchObject({ filled: 0.25, side: "buy" });
    await expect(
      cb.createOrder({ symbol: SYMBOL, side: "sell", amount: 1, clientOrderId: "v1-r-1" }),
    ).rejects.toBeInstanceOf(DuplicateClientOrderIdError);
    const next = await cb.createOrder({ symbol: SYMBOL, side: "buy", amount: 1, clientOrderId: "v1-r-3" });
    expect(Number(next.id)).toBe(3);
    expect((await cb.fetchPosition(SYMBOL)).quantity).toBe(0);
    // `lpguard paper-perp status` reads the same file while the server runs
    const io = memoryIO();
    expect(await main(["paper-perp", "status", "--db", db, "--json"], io)).toBe(0);
    const st = JSON.parse(io.stdout()) as {
      orders: number;
      lastOrderId: number;
      positions: { quantity: number }[];
      wallet: number;
    };
    expect(st).toMatchObject({ orders: 3, lastOrderId: 3, positions: [{ quantity: 0 }] });
    expect(st.wallet).toBeCloseTo((await cb.fetchBalance()).quote.total, 8);
    // a file made for ETHUSDT lots cannot be reopened for another symbol
    await expect(
      startPaperPerp({
        port: 0,
        dbFile: db,
        priceSource: async () => 2000,
        takerFee: 0,
        spreadBps: 0,
        symbol: { symbol: "BTCUSDT", baseAsset: "BTC" },
      }),
    ).rejects.toThrow(/--db .*was created with symbol ETHUSDT, not BTCUSDT/);
    const bad = memoryIO();
    expect(await main(["paper-perp", "status", "--db", join(dir, "missing.db")], bad)).toBe(2);
    expect(bad.stderr()).toMatch(/^error: --db ".*missing\.db": cannot be opened/);
  });

  test("behavior: a failing price source is -1001, retryable, and nothing is written", async () => {
    let price = Number.NaN;
    let now = Date.UTC(2024, 0, 1, 1);
    const { client, server } = await start("noprice", {
      priceSource: async () => price,
      funding: { rate: 0.0001 },
      clock: () => now,
    });
    const e = await client
      .createOrder({ symbol: SYMBOL, side: "sell", amount: 0.1, clientOrderId: "v1-np" })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: "retryable", code: "-1001" });
    // lookups still work while a due settlement cannot run (no price)
    now += 8 * 3_600_000;
    expect(await client.fetchOrderByClientId(SYMBOL, "v1-np")).toBeNull();
    await expect(server.settleFunding()).rejects.toThrow();
    price = 1850;
    expect(
      await client.createOrder({ symbol: SYMBOL, side: "sell", amount: 0.1, clientOrderId: "v1-np" }),
    ).toMatchObject({
      filled: 0.1,
    });
  });

  test("behavior: fundingRate without startTime answers the recent settlements of a constant schedule", async () => {
    const { server } = await start("recent", { funding: { rate: 0.0002 } });
    const r = await fetch(`${server.url}/fapi/v1/fundingRate?symbol=ETHUSDT&limit=3`);
    const rows = (await r.json()) as { fundingRate: string; fundingTime: number }[];
    expect(rows).toHaveLength(3);
    expect(rows.map((x) => x.fundingRate)).toEqual(["0.00020000", "0.00020000", "0.00020000"]);
    expect(rows[2].fundingTime % (8 * 3_600_000)).toBe(0);
    expect(rows[2].fundingTime).toBeLessThanOrEqual(Date.now());
    expect(rows[2].fundingTime - rows[1].fundingTime).toBe(8 * 3_600_000);
  });
});

describe("paper-perp funding replayed from the real Binance file", () => {
  test("default: settlements of 2022-07-20 pay −quantity · mark · rate at the recorded times and rates", async () => {
    const file = sharedData("funding/binance-usdm/binance-usdm-ETHUSDT-funding-2022-2025.csv");
    // independent reading of the CSV (not src/data/funding.ts)
    const rows = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","))
      .map(([t, , , r]) => ({ time: Number(t), rate: Number(r) }));
    const t0 = Date.UTC(2022, 6, 20, 0, 0, 0) - 60_000;
    let now = t0;
    const { server, client } = await start("funding", {
      funding: { file },
      clock: () => now,
      priceSource: async () => 1500,
    });
    await client.createOrder({ symbol: SYMBOL, side: "sell", amount: 2, clientOrderId: "v1-f-1" });
    now = t0 + 24 * 3_600_000; // three settlements: 00:00, 08:00, 16:00
    expect(await server.settleFunding()).toBe(3);
    const expected = rows.filter((r) => r.time > t0 && r.time <= now);
    expect(expected).toHaveLength(3);
    const history = await client.fetchFundingHistory(SYMBOL, t0);
    expect(history.map((h) => h.time)).toEqual(expected.map((r) => r.time));
    expect(history.map((h) => h.rate)).toEqual(expected.map((r) => r.rate));
    for (const [i, h] of history.entries()) expect(h.amount).toBeCloseTo(2 * 1500 * expected[i].rate, 8);
    // the wallet moved by the same amounts, once (a second settle pays nothing)
    expect(await server.settleFunding()).toBe(0);
    const paid = history.reduce((s, h) => s + h.amount, 0);
    const fee = 2 * 1500 * (1 - 2 / 10_000) * 0.0005;
    const bal = await client.fetchBalance();
    const upnl = (await client.fetchPosition(SYMBOL)).unrealizedPnl;
    expect(bal.quote.total - upnl).toBeCloseTo(100_000 - fee + paid, 8);
  });
});

describe("paper-perp position invariant", () => {
  test("property: the venue's position equals the sum of the signed fills it reported", async () => {
    const { client } = await start("property", { initialBalance: 1e9 });
    let seq = 0;
    let sumLots = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            side: fc.constantFrom("buy" as const, "sell" as const),
            lots: fc.integer({ min: 3, max: 5000 }),
            reduceOnly: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (orders) => {
          for (const o of orders) {
            seq++;
            try {
              const r = await client.createOrder({
                symbol: SYMBOL,
                side: o.side,
                amount: o.lots / 1000,
                clientOrderId: `v1-prop-${seq}`,
                reduceOnly: o.reduceOnly,
              });
              sumLots += Math.round(r.filled * 1000) * (r.side === "buy" ? 1 : -1);
            } catch (e) {
              // only the reduce-only refusal may happen (flat, or same direction)
              expect((e as PerpVenueError).code).toBe("-2022");
            }
          }
          const q = (await client.fetchPosition(SYMBOL)).quantity;
          expect(Math.round(q * 1000)).toBe(sumLots);
          expect(q).toBe(Number((sumLots / 1000).toFixed(3)));
        },
      ),
      { numRuns: 12 },
    );
  });
});
