/**
 * The paper exchange answers in Binance's shapes: for every endpoint it serves that has a recorded real payload in
 * test/fixtures/binanceusdm/, its answer carries every field of the recording with the same JSON type (extra
 * fields are allowed; fields that only exist for other order types are listed).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signPayload } from "../../src/venues/paper-perp/auth.js";
import {
  PAPER_TEST_API_KEY,
  PAPER_TEST_SECRET,
  type PaperPerpServer,
  startPaperPerp,
} from "../../src/venues/paper-perp/server.js";
import { REPO_ROOT } from "../helpers/sharedData.js";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(REPO_ROOT, "test/fixtures/binanceusdm", name), "utf8"));

const dir = mkdtempSync(join(tmpdir(), "lpguard-paper-shapes-"));
let server: PaperPerpServer;
beforeAll(async () => {
  server = await startPaperPerp({
    port: 0,
    dbFile: join(dir, "shapes.db"),
    priceSource: async () => 1850,
    takerFee: 0.0005,
    spreadBps: 1,
    funding: { rate: 0.0001 },
  });
  await call(
    "POST",
    "/fapi/v1/order",
    "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.500&newClientOrderId=shape-1",
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: "GET" | "POST", path: string, params = "", signed = true): Promise<unknown> {
  let q = params;
  if (signed) {
    q = `${params ? `${params}&` : ""}timestamp=${Date.now()}`;
    q += `&signature=${signPayload(PAPER_TEST_SECRET, q)}`;
  }
  const r = await fetch(`${server.url}${path}${method === "GET" && q ? `?${q}` : ""}`, {
    method,
    headers: { "X-MBX-APIKEY": PAPER_TEST_API_KEY, "content-type": "application/x-www-form-urlencoded" },
    body: method === "POST" ? q : undefined,
  });
  expect(r.status).toBe(200);
  return r.json();
}

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Every key of `recorded` is in `served` with the same JSON type (numbers-as-strings stay strings). */
function expectSameShape(served: unknown, recorded: unknown, skip: string[] = []) {
  const s = served as Record<string, unknown>;
  for (const [k, v] of Object.entries(recorded as Record<string, unknown>)) {
    if (skip.includes(k)) continue;
    expect(s, `field ${k}`).toHaveProperty(k);
    if (v !== null) expect(kind(s[k]), `type of ${k}`).toBe(kind(v));
  }
}

describe("paper-perp speaks Binance's shapes", () => {
  test("default: exchangeInfo symbol entry and filters", async () => {
    const info = (await call("GET", "/fapi/v1/exchangeInfo", "", false)) as {
      symbols: { filters: { filterType: string }[] }[];
    };
    const rec = fixture("rest_exchangeInfo_blzusdt.json") as {
      symbols: { filters: { filterType: string }[] }[];
    };
    expectSameShape(info, rec);
    expectSameShape(info.symbols[0], rec.symbols[0]);
    for (const f of rec.symbols[0].filters) {
      const mine = info.symbols[0].filters.find((x) => x.filterType === f.filterType);
      expect(mine, f.filterType).toBeDefined();
      expectSameShape(mine, f);
    }
  });

  test("default: positionRisk v2, balance v2, leverageBracket", async () => {
    const [pos] = (await call("GET", "/fapi/v2/positionRisk", "symbol=ETHUSDT")) as object[];
    expectSameShape(pos, (fixture("rest_positionRisk_hedgeMode.json") as object[])[0]);
    const [bal] = (await call("GET", "/fapi/v2/balance")) as object[];
    expectSameShape(bal, (fixture("rest_balance_v2.json") as object[])[0]);
    const [br] = (await call("GET", "/fapi/v1/leverageBracket")) as { brackets: object[] }[];
    const rec = (fixture("rest_leverageBracket_ethusdt.json") as { brackets: object[] }[])[0];
    expectSameShape(br, rec);
    expectSameShape(br.brackets[0], rec.brackets[0]);
  });

  test("default: order query and order answer", async () => {
    const o = await call("GET", "/fapi/v1/order", "symbol=ETHUSDT&origClientOrderId=shape-1");
    // activatePrice / priceRate exist only for TRAILING_STOP_MARKET orders
    expectSameShape(o, fixture("rest_order_query_trailingStop.json"), ["activatePrice", "priceRate"]);
    expectSameShape(o, fixture("rest_order_swapLimitNew.json"));
  });

  test("default: income and fundingRate", async () => {
    const income = (await call("GET", "/fapi/v1/income")) as object[];
    expect(income.length).toBeGreaterThan(0);
    // the recording (ccxt's parseIncome comment) has time and tranId as strings; Binance documents numbers
    expectSameShape(income[0], (fixture("rest_income_fundingFee.json") as object[])[0], ["time", "tranId"]);
    const [rate] = (await call("GET", "/fapi/v1/fundingRate", "symbol=ETHUSDT&limit=1", false)) as object[];
    expectSameShape(rate, (fixture("rest_fundingRate_history.json") as object[])[0]);
  });

  test("behavior: an error answer has Binance's {code, msg}", async () => {
    const q = `symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.500&newClientOrderId=shape-1&timestamp=${Date.now()}`;
    const r = await fetch(`${server.url}/fapi/v1/order`, {
      method: "POST",
      headers: { "X-MBX-APIKEY": PAPER_TEST_API_KEY, "content-type": "application/x-www-form-urlencoded" },
      body: `${q}&signature=${signPayload(PAPER_TEST_SECRET, q)}`,
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual(fixture("rest_error_duplicateClientOrderId.json"));
  });
});
