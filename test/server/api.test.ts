/**
 * The HTTP API against a real Fastify server on 127.0.0.1 (free port), a real SQLite store holding a real
 * backtest of the Polygon WETH/USDC pool (50,400 minutes), and our in-memory KeeperReadModel port.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import YAML from "yaml";
import { type RunBacktestReturnType, runBacktest, runBacktestFile } from "../../src/backtest/runBacktest.js";
import { summarizeBacktest } from "../../src/backtest/summary.js";
import { type StartedApiServer, startApiServer } from "../../src/server/createServer.js";
import { openStore, type Store, saveRun } from "../../src/store/index.js";
import { pollUntil } from "../helpers/freePort.js";
import { createMemoryKeeper, type MemoryKeeper, sampleStatus } from "../helpers/memoryKeeper.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

const TOKEN = "test-token-0123456789abcdef";
const tmp = mkdtempSync(join(tmpdir(), "lpguard-api-"));
let store: Store;
let server: StartedApiServer;
let keeper: MemoryKeeper;
let direct: RunBacktestReturnType;
let storedId: string;
const logged: string[] = [];

const auth = { authorization: `Bearer ${TOKEN}` };
// biome-ignore lint/suspicious/noExplicitAny: answers are JSON checked field by field below
type Json = any;
type JsonResponse = Omit<Response, "json"> & { json(): Promise<Json> };
const http = (url: string, init?: RequestInit) => fetch(url, init) as Promise<JsonResponse>;
const api = (path: string, init: RequestInit = {}) =>
  http(`${server.url}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  api(path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

/** A short real backtest config (two days of the Polygon pool), data path absolute. */
function backtestConfig(to = "2022-07-20") {
  const c = YAML.parse(readFileSync(join(REPO_ROOT, "examples/passive-polygon.yaml"), "utf8"));
  c.data.pool = sharedData("uniswap-v3/polygon-weth-usdc-005");
  c.data.to = to;
  return c;
}

beforeAll(async () => {
  store = await openStore(join(tmp, "api.sqlite"));
  direct = runBacktestFile(join(REPO_ROOT, "examples/passive-polygon.yaml"));
  storedId = (
    await saveRun(store, {
      kind: "backtest",
      name: "passive ±10 %",
      result: direct,
      summary: summarizeBacktest(direct),
    })
  ).id;
  keeper = createMemoryKeeper(sampleStatus(Date.now()));
  server = await startApiServer({
    store,
    token: TOKEN,
    keeper,
    keeperPollMs: 100,
    log: (msg, err) =>
      logged.push(`${msg} ${err instanceof Error ? `${err.message} ${String(err.cause)}` : ""}`),
  });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("auth", () => {
  test("default: every route of /openapi.json answers 401 without the token, with a bad one and with a token in the URL", async () => {
    expect(server.host).toBe("127.0.0.1");
    expect((await http(`${server.url}/openapi.json`)).status).toBe(401);
    const doc = await (await api("/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    const ops: [string, string][] = [];
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, unknown>>))
      for (const m of Object.keys(methods)) ops.push([m.toUpperCase(), path.replace("{id}", storedId)]);
    expect(ops.length).toBeGreaterThanOrEqual(11);
    expect(ops.map(([m, p]) => `${m} ${p}`)).toContain("GET /api/events");
    for (const [method, path] of ops) {
      const init = {
        method,
        ...(method === "POST" ? { body: "{}", headers: { "content-type": "application/json" } } : {}),
      };
      const none = await http(`${server.url}${path}`, init);
      expect(none.status, `${method} ${path}`).toBe(401);
      const body = await none.json();
      expect(body).toMatchObject({ error: "Unauthorized", details: { field: "headers.authorization" } });
      expect(body.message).toMatch(/^Authorization: missing/);
      const bad = await http(`${server.url}${path}`, {
        ...init,
        headers: { ...(init.headers ?? {}), authorization: "Bearer wrong-token-0123456789" },
      });
      expect(bad.status, `${method} ${path} bad token`).toBe(401);
      const inUrl = await http(`${server.url}${path}?access_token=${TOKEN}`, init);
      expect(inUrl.status, `${method} ${path} token in url`).toBe(401);
      expect((await inUrl.json()).message).toMatch(/never accepted/);
    }
    // the dashboard's static files are public (the login page), the API is not
    expect((await http(`${server.url}/`)).status).toBe(200);
    expect((await http(`${server.url}/vendor/uplot.js`)).status).toBe(200);
  });

  test("behavior: every operation in the document declares bearer security and its error responses", async () => {
    const doc = await (await api("/openapi.json")).json();
    expect(doc.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer" });
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>))
      for (const [m, op] of Object.entries(methods)) {
        expect(op.security, `${m} ${path}`).toEqual([{ bearer: [] }]);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["400", "401", "500"]));
      }
    const start = doc.paths["/api/runs"].post;
    expect(start.parameters.find((p: { name: string }) => p.name === "idempotency-key")).toMatchObject({
      in: "header",
      required: true,
    });
    const bodySchema = start.requestBody.content["application/json"].schema;
    expect(bodySchema.discriminator).toEqual({ propertyName: "kind" });
    // the config of each kind is documented with the same zod schema that validates config files
    const backtest = bodySchema.oneOf.find((o: Json) => o.properties.kind.const === "backtest");
    expect(backtest.properties.config.properties.position.properties.deposit.type).toBe("number");
    expect(backtest.properties.config.required).toEqual(expect.arrayContaining(["data", "position"]));
    const series = doc.paths["/api/runs/{id}/series"].get;
    expect(series.parameters.map((p: { name: string }) => p.name)).toEqual([
      "id",
      "names",
      "name",
      "maxPoints",
    ]);
  });
});

describe("runs", () => {
  test("default: list and read a stored backtest; its 50,400-row series equals the engine's", async () => {
    const list = await (await api("/api/runs")).json();
    expect(list.total).toBe(1);
    expect(list.runs[0]).toMatchObject({
      id: storedId,
      kind: "backtest",
      status: "done",
      name: "passive ±10 %",
    });
    const run = await (await api(`/api/runs/${storedId}`)).json();
    expect(run.summary).toEqual(JSON.parse(JSON.stringify(summarizeBacktest(direct))));
    expect(run.series.find((s: { name: string }) => s.name === "value")).toEqual({
      name: "value",
      length: 50_400,
    });
    const res = await api(`/api/runs/${storedId}/series?names=time,value,rangeLowerPrice`);
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s.length).toBe(50_400);
    expect(s.stride).toBe(1);
    expect(Object.keys(s.series)).toEqual(["time", "value", "rangeLowerPrice"]);
    expect(s.series.value).toEqual(Array.from(direct.series.value));
    expect(s.series.time[0]).toBe(Date.UTC(2022, 6, 19));
    const lower = direct.series.rangeLowerPrice;
    expect(s.series.rangeLowerPrice).toEqual(Array.from(lower, (x) => (Number.isNaN(x) ? null : x)));
  });

  test("behavior: series names can be repeated `name` parameters (names with commas) in the order asked", async () => {
    const s = await (await api(`/api/runs/${storedId}/series?name=price&name=value`)).json();
    expect(Object.keys(s.series)).toEqual(["price", "value"]);
    expect(s.series.price[123]).toBe(direct.series.price[123]);
    const bad = await (await api(`/api/runs/${storedId}/series?name=a,b`)).json();
    expect(bad).toMatchObject({
      message: 'query.name "a,b": names no series of this run.',
      details: { field: "query.name" },
    });
  });

  test("behavior: Accept: application/vnd.lpguard.float64 returns the stored float64 bytes, NaN included", async () => {
    const r = await api(`/api/runs/${storedId}/series?name=value&name=rangeLowerPrice`, {
      headers: { accept: "application/vnd.lpguard.float64" },
    });
    expect(r.headers.get("content-type")).toBe("application/vnd.lpguard.float64");
    expect(JSON.parse(r.headers.get("x-lpguard-columns")!)).toEqual([
      { name: "value", length: 50_400 },
      { name: "rangeLowerPrice", length: 50_400 },
    ]);
    const bytes = Buffer.from(await r.arrayBuffer());
    const f = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes.equals(Buffer.concat([f(direct.series.value), f(direct.series.rangeLowerPrice)]))).toBe(
      true,
    );
    const doc = await (await api("/openapi.json")).json();
    expect(Object.keys(doc.paths["/api/runs/{id}/series"].get.responses["200"].content)).toEqual([
      "application/json",
      "application/vnd.lpguard.float64",
    ]);
  });

  test("behavior: maxPoints downsamples by a stride and keeps the first and last rows", async () => {
    const s = await (await api(`/api/runs/${storedId}/series?names=value&maxPoints=1000`)).json();
    expect(s.stride).toBe(Math.ceil(50_399 / 999));
    expect(s.series.value.length).toBeLessThanOrEqual(1000);
    expect(s.series.value[0]).toBe(direct.series.value[0]);
    expect(s.series.value[1]).toBe(direct.series.value[s.stride]);
    expect(s.series.value.at(-1)).toBe(direct.series.value[50_399]);
  });

  test("behavior: events page by seq; filters and bad queries name the field", async () => {
    const ev = await (await api(`/api/runs/${storedId}/events?limit=5`)).json();
    expect(ev.events.map((e: { seq: number }) => e.seq)).toEqual(
      [0, 1, 2, 3, 4].slice(0, direct.events.length),
    );
    expect(ev.events[0].kind).toBe(direct.events[0].kind);
    const bad = await api("/api/runs?limit=abc");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "ValidationError", details: { field: "query.limit" } });
    const kind = await api("/api/runs?kind=nope");
    expect((await kind.json()).message).toMatch(/^query\.kind: /);
    const unknown = await api("/api/runs?colour=red");
    expect((await unknown.json()).message).toBe('query: unknown key "colour".');
    const missing = await api("/api/runs/no-such-run");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: "NotFoundError",
      message: 'run "no-such-run": not found.',
      details: { field: "run" },
    });
    const noSeries = await api(`/api/runs/${storedId}/series?names=value,nope`);
    expect(noSeries.status).toBe(400);
    expect((await noSeries.json()).message).toBe('query.names "nope": names no series of this run.');
  });

  test("behavior: bad bodies give 400 naming the field", async () => {
    const key = { "idempotency-key": "bad-body-0001" };
    const cases: [unknown, string, RegExp][] = [
      [{ kind: "fly", config: {} }, "body.kind", /^body\.kind: /],
      [{ kind: "backtest" }, "body.config", /^body\.config: is required/],
      [
        { kind: "backtest", config: { ...backtestConfig(), position: { deposit: "lots" } } },
        "body.config.position.deposit",
        /^body\.config\.position\.deposit: expected a number, got "lots"/,
      ],
      [
        { kind: "simulate", config: {}, paths: 0 },
        "body.paths",
        /^body\.paths: must be greater than or equal to 1/,
      ],
      [{ kind: "backtest", config: backtestConfig(), extra: 1 }, "body", /^body: unknown key "extra"/],
    ];
    for (const [body, field, message] of cases) {
      const r = await post("/api/runs", body, key);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const j = await r.json();
      expect(j.details.field).toBe(field);
      expect(j.message).toMatch(message);
    }
    const notJson = await api("/api/runs", {
      method: "POST",
      body: "{nope",
      headers: { "content-type": "application/json", ...key },
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).details.field).toBe("body");
    const noKey = await post("/api/runs", { kind: "backtest", config: backtestConfig() });
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toMatchObject({
      message: "headers.idempotency-key: is required.",
      details: { field: "headers.idempotency-key" },
    });
    expect(await store.countRuns()).toBe(1); // nothing was started
  });

  test("behavior: one Idempotency-Key never starts two runs; the run executes and reports progress on /api/events", async () => {
    const frames: string[] = [];
    const ac = new AbortController();
    const sse = await api("/api/events", { signal: ac.signal });
    expect(sse.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = sse.body!.getReader();
    const dec = new TextDecoder();
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          frames.push(dec.decode(value));
        }
      } catch {
        /* aborted */
      }
    })();
    await pollUntil("the hello frame", () => frames.join("").includes("event: hello"));

    const body = { kind: "backtest", name: "api run", config: backtestConfig() };
    const key = { "idempotency-key": "same-key-000001" };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post("/api/runs", body, key)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 202]);
    const jsons = await Promise.all(answers.map((a) => a.json()));
    const ids = new Set(jsons.map((j) => j.run.id));
    expect(ids.size).toBe(1);
    expect(jsons.filter((j) => j.replayed).length).toBe(5);
    const id = [...ids][0];
    expect(await store.countRuns()).toBe(2);

    const conflict = await post("/api/runs", { ...body, name: "other" }, key);
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).details).toEqual({ field: "headers.idempotency-key", runId: id });

    const done = await pollUntil(
      "the run to finish",
      async () => {
        const r = await (await api(`/api/runs/${id}`)).json();
        return r.status === "done" || r.status === "failed" ? r : undefined;
      },
      { timeoutMs: 120_000, everyMs: 250 },
    );
    expect(done.error).toBeNull();
    expect(done.status).toBe("done");
    // the same config run here, in this thread, gives the same summary
    const expected = summarizeBacktest(runBacktest({ config: done.spec.config, baseDir: REPO_ROOT }));
    expect(done.summary).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(done.summary.rows).toBe(2 * 1440);

    await pollUntil("the run's done frame", () => frames.join("").includes(`"id":"${id}","status":"done"`));
    const text = frames.join("");
    expect(text).toContain(`event: run\ndata: {"id":"${id}","status":"queued"`);
    expect(text).toContain(`event: run\ndata: {"id":"${id}","status":"running"`);

    // a keeper event arrives live with its id
    keeper.pushEvent("hedge.filled", { symbol: "ETH/USDT:USDT", quantity: -0.5 });
    const e = keeper.pushEvent("rebalance", { tickLower: 200_000 });
    await pollUntil("the keeper events", () => frames.join("").includes(`id: ${e.id}\nevent: keeper\n`));
    expect(frames.join("")).toContain('"kind":"hedge.filled"');
    ac.abort();
    await pump;
    // a client that reconnects with Last-Event-ID gets what it missed, and nothing twice
    const missed = keeper.pushEvent("funding", { rate: 0.0001 });
    const ac2 = new AbortController();
    const again2 = await api("/api/events", {
      signal: ac2.signal,
      headers: { "last-event-id": String(e.id) },
    });
    const r2 = again2.body!.getReader();
    let text2 = "";
    while (!text2.includes("event: hello")) text2 += dec.decode((await r2.read()).value);
    expect(text2).toContain(`id: ${missed.id}\nevent: keeper\n`);
    expect(text2).not.toContain(`id: ${e.id}\n`);
    ac2.abort();
    // replaying the same key after completion still returns the same run
    const again = await post("/api/runs", body, key);
    expect(again.status).toBe(200);
    expect((await again.json()).run).toMatchObject({ id, status: "done" });
  });
});

describe("runs that fail", () => {
  test("behavior: a run whose data is missing ends failed with the error naming the file; no series is stored", async () => {
    const config = {
      ...backtestConfig(),
      data: { pool: join(tmp, "no-such-pool"), from: "2022-07-19", to: "2022-07-20" },
    };
    const r = await post("/api/runs", { kind: "backtest", config }, { "idempotency-key": "fails-0000001" });
    expect(r.status).toBe(202);
    const id = (await r.json()).run.id;
    const done = await pollUntil(
      "the run to fail",
      async () => {
        const x = await (await api(`/api/runs/${id}`)).json();
        return x.status === "failed" ? x : undefined;
      },
      { timeoutMs: 60_000, everyMs: 200 },
    );
    expect(done.error).toContain("no-such-pool");
    expect(done.series).toEqual([]);
  });
});

describe("vault", () => {
  test("default: state, journal and events come from the keeper port; exact amounts are decimal strings", async () => {
    const v = await (await api("/api/vault")).json();
    expect(v.status.positions[0].liquidity).toBe("123456789012345678901");
    expect(v.status.netDelta).toEqual({ ETH: 0.031, USDC: 0 });
    keeper.pushJournal({
      id: "intent-abc",
      vault: "vault-1",
      policy: "delta",
      bar: 7,
      leg: "perp",
      kind: "perp",
      action: "hedge",
      state: "filled",
      clientOrderId: "lpg-abc",
      createdAt: 1,
      updatedAt: 2,
      detail: { qty: "-0.5" },
    });
    const j = await (await api("/api/vault/journal?limit=10")).json();
    expect(j.entries).toEqual([
      expect.objectContaining({ id: "intent-abc", seq: 1, clientOrderId: "lpg-abc" }),
    ]);
    const ev = await (await api("/api/vault/events?afterId=0")).json();
    expect(ev.events.length).toBeGreaterThanOrEqual(2);
  });

  test("behavior: stop and kill go to the keeper; a bad body names the field", async () => {
    const bad = await post("/api/vault/stop", { kill: "yes" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).details.field).toBe("body.kill");
    const r = await post("/api/vault/stop", { kill: true });
    expect(r.status).toBe(202);
    expect(await r.json()).toEqual({ requested: "kill" });
    expect(keeper.stops).toEqual([{ kill: true }]);
    expect((await (await api("/api/vault")).json()).status.state).toBe("stopped");
  });

  test("behavior: without a keeper the vault routes answer 503; a failing keeper is a 500 logged with its cause", async () => {
    const s2 = await startApiServer({ store, token: TOKEN, log: (m) => logged.push(m) });
    try {
      const r = await http(`${s2.url}/api/vault`, { headers: auth });
      expect(r.status).toBe(503);
      expect((await r.json()).error).toBe("KeeperUnavailable");
    } finally {
      await s2.close();
    }
    const failing = {
      ...createMemoryKeeper(null),
      status: async () => {
        throw new Error("journal unreadable", { cause: new Error("SQLITE_CORRUPT") });
      },
    };
    const s3 = await startApiServer({
      store,
      token: TOKEN,
      keeper: failing,
      log: (m, e) => logged.push(`${m} ${e instanceof Error ? `${e.message} / ${String(e.cause)}` : ""}`),
    });
    try {
      const r = await http(`${s3.url}/api/vault`, { headers: auth });
      expect(r.status).toBe(500);
      expect(await r.json()).toEqual({
        error: "InternalError",
        message: "internal error (logged on the server)",
        details: {},
      });
      expect(
        logged.some((l) => l.includes("GET /api/vault failed journal unreadable / Error: SQLITE_CORRUPT")),
      ).toBe(true);
    } finally {
      await s3.close();
    }
  });
});
