/**
 * The keeper on real parts: the real Uniswap v3 contracts on the in-process EDR chain, the paper exchange over HTTP
 * through the ccxt adapter, the journal in a real SQLite file. Crashes here are in-process (the crash hook throws
 * and the keeper object is abandoned: only the journal, the chain and the exchange survive, as after kill -9); the
 * child-process kill -9 test is test/keeper/crash.test.ts.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LeaseHeldError } from "../../src/errors/keeper.js";
import { parseKeeperConfig } from "../../src/keeper/config.js";
import { CRASH_PHASES, type CrashPhase } from "../../src/keeper/crash.js";
import { netDeltaByAsset } from "../../src/keeper/decide.js";
import { openJournal } from "../../src/keeper/journal.js";
import { deriveLedger } from "../../src/keeper/ledger.js";
import { createKeeperReadModel } from "../../src/keeper/readModel.js";
import { createKeeperFromConfig } from "../../src/keeper/setup.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET } from "../../src/venues/paper-perp/server.js";
import { KEEPER_KEY, type KeeperEnv, keeperEnv, SYMBOL, testKeeperConfig } from "./env.js";

class Crash extends Error {}
let E: KeeperEnv;
beforeAll(async () => {
  E = await keeperEnv();
}, 120_000);
afterAll(async () => {
  await E?.paper.close();
});

const make = (
  db: string,
  owner: string,
  crashAt?: CrashPhase,
  n = 1,
  config = E.config,
  dead?: (h: string) => boolean,
) => {
  let seen = 0;
  const lines: string[] = [];
  const k = createKeeperFromConfig({
    config,
    baseDir: E.dir,
    db,
    privateKey: KEEPER_KEY,
    publicClient: E.env.publicClient,
    deployment: E.env.deployment,
    perpCredentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
    alertSink: (l) => lines.push(l),
    owner,
    isHolderDead: dead ?? ((h) => h !== owner),
    crash: (p) => {
      if (p === crashAt && ++seen === n) throw new Crash(p);
    },
  });
  return { ...k, lines };
};

/** The exchange's orders (its own SQLite state), by client order id. */
const exchangeOrders = (): { client_order_id: string; executed_lots: number; side: string }[] => {
  const db = new Database(join(E.dir, "paper.db"), { readonly: true });
  try {
    return db
      .prepare("SELECT client_order_id, executed_lots, side FROM orders ORDER BY order_id")
      .all() as never;
  } finally {
    db.close();
  }
};

/** Checks R1–R3 and the no-duplicate rules against the chain and the exchange; returns the counts. */
async function checkInvariants(dbFile: string, baselineNonce: number) {
  const j = openJournal(dbFile);
  try {
    const entries = j.entries("test-eth");
    // R1: nothing left in flight.
    expect(j.inFlight("test-eth")).toEqual([]);
    // Every exchange order is one journal perp entry (same client id), and no journal fill lacks its order.
    const orders = exchangeOrders();
    const perpEntries = entries.filter((e) => e.kind === "perp" && e.clientOrderId !== undefined);
    expect(orders.map((o) => o.client_order_id).sort()).toEqual(
      perpEntries
        .filter((e) => e.state === "filled")
        .map((e) => e.clientOrderId)
        .sort(),
    );
    expect(new Set(orders.map((o) => o.client_order_id)).size).toBe(orders.length);
    // Every transaction the wallet sent since the keeper started is one journal entry (hash mined exactly once).
    const sentByJournal = entries.filter(
      (e) => e.kind === "chain" && (e.state === "confirmed" || e.state === "failed"),
    );
    const nonce = await E.env.publicClient.getTransactionCount({ address: E.deployer.account.address });
    expect(nonce - baselineNonce).toBe(sentByJournal.length);
    // R3: exchange quantity == Σ fills; LP token ids == the chain's.
    const ledger = deriveLedger(entries, {
      [E.env.deployment.tokens.USDC.address.toLowerCase()]: 10_000n * 10n ** 6n,
    });
    const pos = await fetch(`${E.paper.url}/fapi/v2/positionRisk`).catch(() => undefined);
    void pos;
    const onChain = await E.deployer.positionsOf(E.deployer.account.address);
    expect(onChain.map(String).sort()).toEqual([...ledger.positions.keys()].sort());
    return {
      entries: entries.length,
      orders: orders.length,
      txs: sentByJournal.length,
      perp: ledger.perp.get(SYMBOL) ?? 0,
    };
  } finally {
    j.close();
  }
}

describe("createKeeper on real parts", () => {
  test("default: mints the range on chain, hedges its exact delta on the paper exchange, nets within the band", async () => {
    const db = join(E.dir, "default.db");
    const baseline = await E.env.publicClient.getTransactionCount({ address: E.deployer.account.address });
    const k = make(db, "k-default");
    expect(await k.keeper.init()).toBe("running");
    const r1 = await k.keeper.step();
    expect(r1.state).toBe("running");
    const minted = await E.deployer.positionsOf(E.deployer.account.address);
    expect(minted).toHaveLength(1);
    // The hedge policy decides again on the view after the mint (same bar): 4 approvals, swap, mint, hedge.
    expect(r1.executed).toBe(7);
    const r2 = await k.keeper.step(); // nothing moved: nothing to do
    expect(r2.executed).toBe(0);
    const s = k.keeper.status();
    const pos = s.positions[0];
    expect(pos).toMatchObject({
      tokenId: minted[0].toString(),
      pool: "polygon-weth-usdc-005",
      inRange: true,
    });
    const onChain = await E.deployer.getPosition(minted[0]);
    expect(pos.liquidity).toBe(onChain.liquidity.toString());
    const q = s.hedges[0].quantity;
    expect(q).toBeLessThan(0);
    // Net delta = exact LP base + idle base + perp: inside the band (plus half a lot).
    expect(Math.abs(s.netDelta.WETH)).toBeLessThanOrEqual(0.05 + 0.0005);
    // The exchange agrees with the journal.
    const perp = await (await import("../../src/venues/ccxt/client.js")).createCcxtPerpClient({
      exchange: "binanceusdm",
      baseUrl: E.paper.url,
      credentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
    });
    expect((await perp.fetchPosition(SYMBOL)).quantity).toBeCloseTo(q, 9);
    await perp.close();
    // Price moves 2 % (inside the re-centring band): the hedge follows, the range stays.
    await E.moveTo(E.startTick - 200);
    await k.keeper.step();
    const s2 = k.keeper.status();
    expect(s2.positions[0].tokenId).toBe(pos.tokenId);
    expect(Math.abs(s2.netDelta.WETH)).toBeLessThanOrEqual(0.05 + 0.0005);
    expect(s2.hedges[0].quantity).not.toBe(q);
    const counts = await checkInvariants(db, baseline);
    expect(counts.txs).toBe(6); // 4 approvals, swap, mint
    await k.keeper.stop();
    await k.close();
  });

  test("behavior: a crash at every phase, then a restart: nothing lost, nothing sent twice, venues == journal", async () => {
    // Continue on the same vault: each round moves the price ±4 % (past the 3 % band: burn + swap + mint + hedge),
    // crashes the keeper at one phase, restarts it and checks the invariants.
    const db = join(E.dir, "default.db");
    const j0 = openJournal(db);
    const before = j0.entries("test-eth").filter((e) => e.kind === "chain" && e.txHash !== undefined).length;
    j0.close();
    const baseline =
      (await E.env.publicClient.getTransactionCount({ address: E.deployer.account.address })) - before;
    let crashed = 0;
    let round = 0;
    const reached: string[] = [];
    for (const phase of CRASH_PHASES) {
      round++;
      const { tick } = await E.trader.slot0("polygon-weth-usdc-005");
      await E.moveTo(round % 2 === 0 ? tick + 400 : tick - 400);
      const k = make(db, `k-${phase}`, phase);
      await k.keeper.init();
      try {
        await k.keeper.step();
      } catch (err) {
        if (!(err instanceof Crash)) throw err;
        crashed++;
        reached.push(phase);
      }
      await k.close();
      const r = make(db, `r-${phase}`);
      expect(await r.keeper.init(), `${phase}: ${r.keeper.reason}`).toBe("running");
      await r.keeper.step();
      expect(r.keeper.state, `${phase}: ${r.keeper.reason}`).not.toBe("faulted");
      const s = r.keeper.status();
      expect(Math.abs(s.netDelta.WETH), phase).toBeLessThanOrEqual(0.05 + 0.0005);
      await checkInvariants(db, baseline);
      await r.close();
    }
    expect(reached).toEqual([...CRASH_PHASES]);
    expect(crashed).toBe(CRASH_PHASES.length);
    // Net delta is the same whether computed from the status or from a fresh view.
    void netDeltaByAsset;
  }, 240_000);

  test("behavior: guards — a second keeper refuses, the TWAP check cancels a rebalance, the kill switch stops, an unknown wallet state faults", async () => {
    const db = join(E.dir, "default.db");
    const a = make(db, "guard-a");
    expect(await a.keeper.init()).toBe("running");
    // One writer: a live holder keeps the vault.
    const b = make(db, "guard-b", undefined, 1, E.config, () => false);
    await expect(b.keeper.init()).rejects.toThrow(LeaseHeldError);
    await b.close();
    await a.keeper.stop("guard test");
    await a.close();

    // TWAP guard: a 4 % move right now leaves the 60 s TWAP far behind; the rebalance's first leg is cancelled and
    // nothing is sent.
    const tight = parseKeeperConfig({
      ...testKeeperConfig({ paperUrl: E.paper.url }),
      limits: { maxOrderNotional: 50_000, maxDailyNotional: 10_000_000, maxTwapDeviationTicks: 5 },
    });
    const g = make(db, "guard-twap", undefined, 1, tight);
    expect(await g.keeper.init()).toBe("running");
    const nonce0 = await E.env.publicClient.getTransactionCount({ address: E.deployer.account.address });
    const { tick } = await E.trader.slot0("polygon-weth-usdc-005");
    await E.moveTo(tick + 450);
    await g.keeper.step();
    expect(g.keeper.state).toBe("degraded");
    expect(g.keeper.reason).toMatch(/cancelled: guard: maxTwapDeviationTicks/);
    expect(g.lines.some((l) => JSON.parse(l).kind === "limit")).toBe(true);
    expect(await E.env.publicClient.getTransactionCount({ address: E.deployer.account.address })).toBe(
      nonce0,
    );
    const j = openJournal(db);
    const cancelled = j.entries("test-eth").filter((e) => e.state === "cancelled");
    expect(cancelled.length).toBeGreaterThanOrEqual(2); // the decrease and the legs after it
    j.close();

    // Kill switch: `keeper stop --kill` (the read model's requestStop) stops the keeper at its next step.
    const rm = createKeeperReadModel({ db });
    await rm.requestStop({ kill: true });
    const r = await g.keeper.step();
    expect(r.state).toBe("stopped");
    expect(r.planned).toBe(0);
    expect((await rm.status())?.state).toBe("stopped");
    rm.close();
    await g.keeper.stop("killed");
    await g.close();

    // A journal that does not know the wallet's positions: reconciliation fails closed.
    const fresh = make(join(E.dir, "fresh.db"), "guard-fresh");
    expect(await fresh.keeper.init()).toBe("faulted");
    expect(fresh.keeper.reason).toMatch(
      /reconciliation of LP positions failed: journal has \[\], chain has \[\d+/,
    );
    expect((await fresh.keeper.step()).planned).toBe(0);
    await fresh.close();
  }, 120_000);
});
