/** The API on a Postgres store (a real PostgreSQL 15 server the test starts): idempotent starts and series reads. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import YAML from "yaml";
import { parseBacktestConfig } from "../../src/backtest/config.js";
import { runBacktest } from "../../src/backtest/runBacktest.js";
import { type StartedApiServer, startApiServer } from "../../src/server/createServer.js";
import { openStore, type Store } from "../../src/store/index.js";
import { pollUntil } from "../helpers/freePort.js";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

const TOKEN = "pg-token-0123456789abcdef";
let pg: TestPostgres;
let store: Store;
let server: StartedApiServer;
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

beforeAll(async () => {
  pg = await startPostgres();
  store = await openStore(pg.url);
  server = await startApiServer({ store, token: TOKEN, log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  await pg?.stop();
});

describe("API on Postgres", () => {
  test("default: racing POSTs with one key start one run; its series reads back as the engine computed it", async () => {
    const config = YAML.parse(readFileSync(join(REPO_ROOT, "examples/passive-polygon.yaml"), "utf8"));
    config.data.pool = sharedData("uniswap-v3/polygon-weth-usdc-005");
    config.data.to = "2022-07-20";
    const body = JSON.stringify({ kind: "backtest", name: "pg run", config });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${server.url}/api/runs`, {
          method: "POST",
          body,
          headers: { ...headers, "idempotency-key": "pg-key-00000001" },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 202]);
    const ids = new Set(
      await Promise.all(answers.map(async (a) => ((await a.json()) as { run: { id: string } }).run.id)),
    );
    expect(ids.size).toBe(1);
    const id = [...ids][0];
    expect(await store.countRuns()).toBe(1);
    await pollUntil(
      "the run to finish",
      async () => ((await store.getRun(id))?.status === "done" ? true : undefined),
      { timeoutMs: 120_000, everyMs: 250 },
    );
    const res = await fetch(`${server.url}/api/runs/${id}/series?name=value`, {
      headers: { ...headers, accept: "application/vnd.lpguard.float64" },
    });
    const got = new Float64Array(await res.arrayBuffer());
    const direct = runBacktest({ config: parseBacktestConfig(config), baseDir: REPO_ROOT });
    expect(got.length).toBe(2 * 1440);
    expect(
      Buffer.from(got.buffer).equals(
        Buffer.from(
          direct.series.value.buffer,
          direct.series.value.byteOffset,
          direct.series.value.byteLength,
        ),
      ),
    ).toBe(true);
    const list = (await (await fetch(`${server.url}/api/runs`, { headers })).json()) as { total: number };
    expect(list.total).toBe(1);
  });
});
