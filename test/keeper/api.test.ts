/**
 * The HTTP API over a real keeper: the keeper mints and hedges on the real v3 pool (in-process EDR chain) and the
 * paper exchange, and `lpguard serve`'s API reads its journal database through the KeeperReadModel port. What the
 * API says must be what the chain and the exchange hold, and its stop/kill must reach the keeper.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createKeeperFromConfig } from "../../src/keeper/setup.js";
import { type StartedApiServer, startApiServer } from "../../src/server/createServer.js";
import { openKeeperDb } from "../../src/server/keeperDb.js";
import { openStore } from "../../src/store/openStore.js";
import type { Store } from "../../src/store/types.js";
import { createCcxtPerpClient } from "../../src/venues/ccxt/client.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET } from "../../src/venues/paper-perp/server.js";
import { KEEPER_KEY, type KeeperEnv, keeperEnv, SYMBOL } from "./env.js";

const TOKEN = "keeper-api-test-token-0123456789";
let E: KeeperEnv;
let server: StartedApiServer;
let store: Store;
let keeperDb: string;
const tmp = mkdtempSync(join(tmpdir(), "lpguard-keeper-api-"));
let k: ReturnType<typeof createKeeperFromConfig>;

beforeAll(async () => {
  E = await keeperEnv();
  keeperDb = join(tmp, "keeper.db");
  k = createKeeperFromConfig({
    config: E.config,
    baseDir: E.dir,
    db: keeperDb,
    privateKey: KEEPER_KEY, // local dev key
    publicClient: E.env.publicClient,
    deployment: E.env.deployment,
    perpCredentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
    alertSink: () => {},
    owner: "k-api",
    isHolderDead: (h) => h !== "k-api",
  });
  expect(await k.keeper.init()).toBe("running");
  await k.keeper.step();
  store = await openStore(join(tmp, "api.sqlite"));
  server = await startApiServer({
    store,
    token: TOKEN,
    keeper: await openKeeperDb(keeperDb),
    keeperPollMs: 50,
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await store?.close();
  await k?.close();
  await E?.paper.close();
  rmSync(tmp, { recursive: true, force: true });
});

const get = (path: string, token: string | null = TOKEN) =>
  fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("API over a real keeper journal", () => {
  test("default: /api/vault shows the position on chain and the hedge on the exchange", async () => {
    expect((await get("/api/vault", null)).status).toBe(401);
    const res = await get("/api/vault");
    expect(res.status).toBe(200);
    const { status } = (await res.json()) as { status: Record<string, never> };
    expect(status).not.toBeNull();
    // positions: the token ids the wallet holds on chain, exact liquidity as a decimal string
    const onChain = await E.deployer.positionsOf(E.deployer.account.address);
    const positions = status.positions as { tokenId: string; liquidity: string; tickLower: number }[];
    expect(positions.map((p) => p.tokenId).sort()).toEqual(onChain.map(String).sort());
    const pos = await E.deployer.getPosition(BigInt(positions[0]!.tokenId));
    expect(positions[0]!.liquidity).toBe(pos.liquidity.toString());
    expect(positions[0]!.tickLower).toBe(pos.tickLower);
    // hedges: the quantity the paper exchange holds
    const perp = createCcxtPerpClient({
      exchange: "binanceusdm",
      credentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
      baseUrl: E.paper.url,
    });
    try {
      const venue = await perp.fetchPosition(SYMBOL);
      const hedges = status.hedges as { symbol: string; quantity: number }[];
      expect(hedges.find((h) => h.symbol === SYMBOL)?.quantity).toBeCloseTo(venue.quantity, 9);
      expect(venue.quantity).toBeLessThan(0); // short against the LP's WETH
    } finally {
      await perp.close();
    }
    // journal counts agree with the journal route
    const j = (await (await get("/api/vault/journal?limit=500")).json()) as { entries: { state: string }[] };
    const counts = status.journalCounts as Record<string, number>;
    expect(j.entries.length).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(j.entries.every((e) => ["confirmed", "filled", "cancelled"].includes(e.state))).toBe(true);
  });

  test("behavior: POST /api/vault/stop with kill reaches the keeper, which stops trading", async () => {
    const res = await fetch(`${server.url}/api/vault/stop`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ kill: true }),
    });
    expect(res.status).toBe(202);
    const r = await k.keeper.step();
    expect(["stopped", "faulted"]).toContain(r.state);
    const { status } = (await (await get("/api/vault")).json()) as { status: { state: string } };
    expect(["stopped", "faulted"]).toContain(status.state);
  });
});
