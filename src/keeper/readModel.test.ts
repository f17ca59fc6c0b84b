import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { clientOrderIdFor, openJournal } from "./journal.js";
import { createKeeperReadModel } from "./readModel.js";
import type { KeeperStatus } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-readmodel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const status = (now: number): KeeperStatus => ({
  vault: "v1",
  state: "running",
  lastBlock: "120",
  updatedAt: now,
  positions: [
    {
      tokenId: "7",
      pool: "p",
      tickLower: -10,
      tickUpper: 10,
      liquidity: "123456789012345678901",
      inRange: true,
    },
  ],
  hedges: [{ venue: "paper", symbol: "ETH/USDC:USDC", quantity: -1.5 }],
  netDelta: { WETH: 0.01 },
  attribution: { fees: 1, hedge: -0.5 },
  value: 10_000,
  hodlValue: 10_010,
  journalCounts: {},
  dataFreshnessMs: 12,
});

describe("createKeeperReadModel", () => {
  test("default: status with live journal counts, journal by seq, events by id, stop and kill requests", async () => {
    let now = 1_000;
    const file = join(dir, "a.db");
    const j = openJournal(file, { clock: () => now });
    const t = j.acquireLease("v1", "k", 10_000, now);
    const a = j.plan(t, {
      vault: "v1",
      policy: "p",
      bar: 1,
      leg: "hedge",
      kind: "perp",
      action: "hedge",
      detail: { amount: 1 },
    }).entry;
    j.markSubmitted(t, a.id, clientOrderIdFor(a.id));
    const b = j.plan(t, {
      vault: "v1",
      policy: "p",
      bar: 2,
      leg: "mint",
      kind: "chain",
      action: "mint",
      detail: {},
    }).entry;
    j.markSigned(t, b.id, { txHash: "0xh", rawTx: "0xraw", from: "0xf", nonce: 3 });
    j.writeStatus(t, "v1", status(now));
    const ev = j.appendEvent(t, "v1", "hedge", { quantity: -1.5 });

    const rm = createKeeperReadModel({ db: file, clock: () => now });
    const s = await rm.status();
    expect(s).toMatchObject({ vault: "v1", state: "running", journalCounts: { submitted: 1, signed: 1 } });
    expect(s?.positions[0].liquidity).toBe("123456789012345678901");
    const newest = await rm.journal({ limit: 10 });
    expect(newest.map((e) => e.seq)).toEqual([2, 1]);
    expect(newest[0]).toMatchObject({
      id: b.id,
      kind: "chain",
      action: "mint",
      state: "signed",
      txHash: "0xh",
    });
    expect("rawTx" in newest[0]).toBe(false);
    expect((await rm.journal({ limit: 10, afterId: 1 })).map((e) => e.id)).toEqual([b.id]);
    expect(await rm.events({ afterId: 0, limit: 10 })).toEqual([
      { id: ev, time: 1_000, kind: "hedge", fields: { quantity: -1.5 } },
    ]);
    await rm.requestStop({ kill: false });
    expect(j.control("v1")).toMatchObject({ stop: true, kill: false });
    await rm.requestStop({ kill: true });
    expect(j.control("v1")).toMatchObject({ stop: true, kill: true });
    expect((await rm.events({ afterId: ev, limit: 10 })).map((e) => e.kind)).toEqual([
      "stop-requested",
      "kill-requested",
    ]);
    // The keeper dies: once its lease expires the status says stopped, not running.
    now = 20_000;
    expect(await rm.status()).toMatchObject({
      state: "stopped",
      reason: expect.stringMatching(/lease expired/),
    });
    rm.close();
    j.close();
  });

  test("behavior: an empty journal has no status, and stop names the file", async () => {
    const file = join(dir, "empty.db");
    const rm = createKeeperReadModel({ db: file });
    expect(await rm.status()).toBeNull();
    expect(await rm.journal({ limit: 5 })).toEqual([]);
    await expect(rm.requestStop({ kill: false })).rejects.toThrow(/empty.db.*no vault to stop/);
    rm.close();
  });
});
