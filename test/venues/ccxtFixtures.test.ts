/**
 * The perp adapter on recorded real venue payloads (test/fixtures/<venue>/, sources in each README). These are
 * "mocked venue" tests: ccxt's real request building, signing, error mapping and parsing run; only the network
 * is replaced by a router that answers each request with a recorded payload.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createCcxtPerpClient, toHyperliquidCloid } from "../../src/venues/ccxt/client.js";
import { DuplicateClientOrderIdError, PerpVenueError } from "../../src/venues/ccxt/errors.js";
import { REPO_ROOT } from "../helpers/sharedData.js";

const fixture = (venue: string, name: string): unknown =>
  JSON.parse(readFileSync(join(REPO_ROOT, "test/fixtures", venue, name), "utf8"));

type Route = { status?: number; body: unknown };
type Seen = { method: string; path: string; query: URLSearchParams; body: string };

/** A fetch that answers from `routes` (key: "METHOD /path" or, for Hyperliquid, "POST /info type"). */
function recordedVenue(routes: Record<string, Route>) {
  const seen: Seen[] = [];
  const fetchImplementation = async (input: string, init?: unknown) => {
    const url = new URL(input);
    const opts = (init ?? {}) as { method?: string; body?: string };
    const method = (opts.method ?? "GET").toUpperCase();
    const body = typeof opts.body === "string" ? opts.body : "";
    seen.push({ method, path: url.pathname, query: url.searchParams, body });
    let key = `${method} ${url.pathname}`;
    if (url.pathname === "/info") key += ` ${(JSON.parse(body) as { type: string }).type}`;
    const route = routes[key];
    if (!route)
      return new Response(JSON.stringify({ code: -5000, msg: `no fixture for ${key}` }), { status: 404 });
    return new Response(JSON.stringify(route.body), {
      status: route.status ?? 200,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetchImplementation, seen };
}

const BINANCE_CREDS = { apiKey: "recorded-venue-key", secret: "recorded-venue-secret" };
const BLZ = "BLZ/USDT:USDT";
/** Relabels recorded rows of another symbol to the one perpetual of the exchange-info fixture. */
const asBlz = (rows: unknown) => (rows as object[]).map((r) => ({ ...r, symbol: "BLZUSDT" }));

function binance(routes: Record<string, Route>) {
  const venue = recordedVenue({
    "GET /fapi/v1/exchangeInfo": { body: fixture("binanceusdm", "rest_exchangeInfo_blzusdt.json") },
    "GET /fapi/v1/leverageBracket": { body: fixture("binanceusdm", "rest_leverageBracket_ethusdt.json") },
    ...routes,
  });
  const client = createCcxtPerpClient({
    exchange: "binanceusdm",
    credentials: BINANCE_CREDS,
    fetchImplementation: venue.fetchImplementation,
  });
  return { client, seen: venue.seen };
}

describe("binanceusdm parsers (mocked venue, recorded payloads)", () => {
  test("mocked venue: loadMarkets reads the fapi exchangeInfo excerpt", async () => {
    const { client, seen } = binance({});
    expect(await client.loadMarkets()).toEqual([BLZ]);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(["GET /fapi/v1/exchangeInfo"]);
  });

  test("mocked venue: hedge-mode positionRisk nets LONG 0.001 and flat SHORT", async () => {
    const { client } = binance({
      "GET /fapi/v3/positionRisk": {
        body: asBlz(fixture("binanceusdm", "rest_positionRisk_hedgeMode.json")),
      },
    });
    const p = await client.fetchPosition(BLZ);
    expect(p.quantity).toBe(0.001);
    expect(p.entryPrice).toBe(22185.2);
    expect(p.unrealizedPnl).toBeCloseTo(-1.06214947, 12);
    expect(p.liquidationPrice).toBe(19731.45529116);
  });

  test("mocked venue: one-way flat positionRisk is quantity 0, no entry or liquidation price", async () => {
    const { client } = binance({
      "GET /fapi/v3/positionRisk": {
        body: asBlz(fixture("binanceusdm", "rest_positionRisk_oneWayFlat.json")),
      },
    });
    expect(await client.fetchPosition(BLZ)).toMatchObject({
      quantity: 0,
      entryPrice: null,
      liquidationPrice: null,
    });
  });

  test("mocked venue: a recorded swap order answer parses to an open sell of 0.2", async () => {
    const { client, seen } = binance({
      "POST /fapi/v1/order": { body: asBlz([fixture("binanceusdm", "rest_order_swapLimitNew.json")])[0] },
    });
    const o = await client.createOrder({
      symbol: BLZ,
      side: "sell",
      amount: 1,
      clientOrderId: "v1-delta-42-0",
    });
    expect(o).toMatchObject({
      id: "4087922044",
      side: "sell",
      amount: 0.2,
      filled: 0,
      average: null,
      status: "open",
    });
    expect(o.clientOrderId).toBe("x-xcKtGhcu04075babaeb34c55af79ba"); // the venue's id wins over ours
    const sent = new URLSearchParams(seen[seen.length - 1].body);
    expect(sent.get("newClientOrderId")).toBe("v1-delta-42-0");
    expect(sent.get("type")).toBe("MARKET");
    expect(sent.get("quantity")).toBe("1");
    expect(sent.get("signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  test("mocked venue: query order by client id parses the documented answer", async () => {
    const { client, seen } = binance({
      "GET /fapi/v1/order": {
        body: asBlz([fixture("binanceusdm", "rest_order_query_trailingStop.json")])[0],
      },
    });
    const o = await client.fetchOrderByClientId(BLZ, "abc");
    expect(o).toMatchObject({
      id: "1917641",
      clientOrderId: "abc",
      side: "buy",
      amount: 0.4,
      status: "open",
    });
    expect(o?.time).toBe(1579276756075);
    expect(seen[seen.length - 1].query.get("origClientOrderId")).toBe("abc");
  });

  test("mocked venue: funding payments are joined to the rate history by settlement time", async () => {
    // the recorded income (2021-05-21 08:00) and rate history (2019-10-09) are of different days, so the
    // rate row of the income's settlement is the documented one moved to that time: the join is what is tested
    const rates = asBlz(fixture("binanceusdm", "rest_fundingRate_history.json")) as unknown as {
      fundingTime: number;
    }[];
    const { client } = binance({
      "GET /fapi/v1/income": { body: asBlz(fixture("binanceusdm", "rest_income_fundingFee.json")) },
      "GET /fapi/v1/fundingRate": { body: [rates[0], { ...rates[1], fundingTime: 1621584000003 }] },
    });
    const f = await client.fetchFundingHistory(BLZ, 1621500000000);
    expect(f).toEqual([{ time: 1621584000000, rate: 0.0001, amount: 0.00134317 }]);
  });

  test.each([
    ["rest_error_duplicateClientOrderId.json", 400, "nonRetryable", "-4116"],
    ["rest_error_marginInsufficient.json", 400, "nonRetryable", "-2019"],
    ["rest_error_timestamp.json", 400, "retryable", "-1021"],
    ["rest_error_badSignature.json", 400, "fatal", "-1022"],
    ["rest_error_badApiKey.json", 401, "fatal", "-2015"],
  ])("mocked venue: %s (HTTP %i) is %s", async (file, status, kind, code) => {
    const { client } = binance({ "POST /fapi/v1/order": { status, body: fixture("binanceusdm", file) } });
    const e = await client
      .createOrder({ symbol: BLZ, side: "buy", amount: 10, clientOrderId: "v1-x-1" })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PerpVenueError);
    expect((e as PerpVenueError).kind).toBe(kind);
    expect((e as PerpVenueError).code).toBe(code);
    if (code === "-4116") expect(e).toBeInstanceOf(DuplicateClientOrderIdError);
  });

  test.each([
    [429, "retryable"],
    [503, "retryable"],
    [418, "retryable"],
  ])("mocked venue: HTTP %i without a venue code is %s", async (status, kind) => {
    const { client } = binance({ "GET /fapi/v3/account": { status, body: "" } });
    const e = await client.fetchBalance().catch((x: unknown) => x);
    expect((e as PerpVenueError).kind).toBe(kind);
  });
});

const HL_USER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"; // anvil/hardhat local dev account #0 (address only)

/** The recorded ETH clearinghouseState, its coin relabelled to SOL (the one asset of the meta fixture). */
function solState() {
  const s = fixture("hyperliquid", "info_clearinghouseState_isolatedLong.json") as {
    assetPositions: { position: { coin: string } }[];
  };
  for (const a of s.assetPositions) a.position.coin = "SOL";
  return s;
}

function hyperliquid(routes: Record<string, Route>) {
  const venue = recordedVenue({
    "POST /info metaAndAssetCtxs": { body: fixture("hyperliquid", "info_metaAndAssetCtxs_sol.json") },
    "POST /info spotMeta": { body: fixture("hyperliquid", "info_spotMeta_empty.json") },
    ...routes,
  });
  const client = createCcxtPerpClient({
    exchange: "hyperliquid",
    credentials: { walletAddress: HL_USER },
    fetchImplementation: venue.fetchImplementation,
  });
  return { client, seen: venue.seen };
}

describe("hyperliquid parsers (mocked venue, recorded payloads)", () => {
  test("mocked venue: loadMarkets reads metaAndAssetCtxs", async () => {
    const { client } = hyperliquid({});
    expect(await client.loadMarkets()).toContain("SOL/USDC:USDC");
  });

  test("mocked venue: clearinghouseState gives the signed size, entry and liquidation price", async () => {
    const { client, seen } = hyperliquid({
      "POST /info clearinghouseState": { body: solState() },
    });
    const p = await client.fetchPosition("SOL/USDC:USDC");
    expect(p).toMatchObject({
      quantity: 0.2259,
      entryPrice: 2213.9,
      unrealizedPnl: 0,
      liquidationPrice: 2125.00856238,
    });
    const body = JSON.parse(seen[seen.length - 1].body) as { user: string };
    expect(body.user.toLowerCase()).toBe(HL_USER);
  });

  test("mocked venue: clearinghouseState margin summary is the USDC balance", async () => {
    const { client } = hyperliquid({
      "POST /info clearinghouseState": { body: solState() },
    });
    expect((await client.fetchBalance()).quote).toEqual({ total: 100, free: 100 });
  });

  test("mocked venue: userFunding carries its own rate", async () => {
    const { client } = hyperliquid({
      "POST /info userFunding": { body: fixture("hyperliquid", "info_userFunding_solShort.json") },
    });
    expect(await client.fetchFundingHistory("SOL/USDC:USDC", 1734000000000)).toEqual([
      { time: 1734026400057, rate: 0.00004381, amount: 75.635093 },
    ]);
  });

  test("mocked venue: a filled market order answer parses, sent with a 128-bit cloid", async () => {
    const venue = recordedVenue({
      "POST /info metaAndAssetCtxs": { body: fixture("hyperliquid", "info_metaAndAssetCtxs_sol.json") },
      "POST /info spotMeta": { body: fixture("hyperliquid", "info_spotMeta_empty.json") },
      "POST /exchange": { body: fixture("hyperliquid", "exchange_order_marketFilled.json") },
    });
    const client = createCcxtPerpClient({
      exchange: "hyperliquid",
      // anvil/hardhat local dev key #0 — a public test key, never a real account
      credentials: {
        walletAddress: HL_USER,
        privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      },
      fetchImplementation: venue.fetchImplementation,
    });
    const o = await client.createOrder({
      symbol: "SOL/USDC:USDC",
      side: "sell",
      amount: 1,
      clientOrderId: "v1-delta-42-0",
      referencePrice: 108,
    });
    expect(o).toMatchObject({
      id: "296683658818",
      filled: 1,
      average: 25.585,
      status: "closed",
      side: "sell",
    });
    const sent = JSON.parse(venue.seen[venue.seen.length - 1].body) as {
      action: { orders: { c?: string }[] };
    };
    expect(sent.action.orders[0].c).toBe(toHyperliquidCloid("v1-delta-42-0"));
    expect(toHyperliquidCloid("v1-delta-42-0")).toMatch(/^0x[0-9a-f]{32}$/);
  });

  test("mocked venue: orderStatus by cloid parses an open order; unknownOid is null", async () => {
    const order = fixture("hyperliquid", "info_orderStatus_openLimit.json") as {
      order: { order: { coin: string } };
    };
    order.order.order.coin = "SOL";
    const { client, seen } = hyperliquid({ "POST /info orderStatus": { body: order } });
    const o = await client.fetchOrderByClientId("SOL/USDC:USDC", "v1-delta-7-0");
    expect(o).toMatchObject({ id: "3991946565", side: "buy", amount: 0.1, filled: 0, status: "open" });
    expect(o?.time).toBe(1704346468838);
    const sent = JSON.parse(seen[seen.length - 1].body) as { oid: string };
    expect(sent.oid).toBe(toHyperliquidCloid("v1-delta-7-0"));
    const none = hyperliquid({
      "POST /info orderStatus": { body: fixture("hyperliquid", "info_orderStatus_unknownOid.json") },
    });
    expect(await none.client.fetchOrderByClientId("SOL/USDC:USDC", "v1-delta-7-1")).toBeNull();
  });

  test("mocked venue: userFills of an order give its fee", async () => {
    const fills = (fixture("hyperliquid", "info_userFills_ethCloseLong.json") as { coin: string }[]).map(
      (f) => ({
        ...f,
        coin: "SOL",
      }),
    );
    const { client } = hyperliquid({ "POST /info userFills": { body: fills } });
    expect(await client.fetchOrderFee("SOL/USDC:USDC", "3929354691")).toEqual({
      cost: 0.050062,
      currency: "USDC",
    });
    expect(await client.fetchOrderFee("SOL/USDC:USDC", "1")).toEqual({ cost: 0, currency: null });
  });
});
