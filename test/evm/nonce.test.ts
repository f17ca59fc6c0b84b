/**
 * Nonce manager across restarts (persisted in a real SQLite file, as the keeper does), stuck-transaction
 * replacement, recovery by sender and nonce, and error classification, on the in-process EDR chain.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEV_PRIVATE_KEYS, mineBlock, setAutomine } from "../../src/chain/index.js";
import type { UniswapV3Client } from "../../src/venues/uniswap-v3/client.js";
import type { NonceStore } from "../../src/venues/uniswap-v3/nonceManager.js";
import { edrDeployment, venueClient } from "./chain.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-nonce-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A NonceStore in SQLite; each `open` is a new process's view of the same file. */
function sqliteStore(file: string): NonceStore & { close: () => void } {
  const db = new Database(file);
  db.exec("CREATE TABLE IF NOT EXISTS nonces (address TEXT PRIMARY KEY, next TEXT NOT NULL)");
  const get = db.prepare("SELECT next FROM nonces WHERE address = ?");
  const put = db.prepare(
    "INSERT INTO nonces (address, next) VALUES (?, ?) ON CONFLICT(address) DO UPDATE SET next = excluded.next",
  );
  return {
    get: (a) => {
      const row = get.get(a.toLowerCase()) as { next: string } | undefined;
      return row ? BigInt(row.next) : undefined;
    },
    set: (a, n) => {
      put.run(a.toLowerCase(), n.toString());
    },
    close: () => db.close(),
  };
}

type Env = Awaited<ReturnType<typeof edrDeployment>>;
let env: Env;
const KEY = DEV_PRIVATE_KEYS[2]; // local dev key

beforeAll(async () => {
  env = await edrDeployment();
});

describe("createNonceManager", () => {
  test("default: a signed but unsent transaction keeps its nonce reserved across a restart", async () => {
    const file = join(dir, "keeper.sqlite");
    const store1 = sqliteStore(file);
    const c1: UniswapV3Client = venueClient(env, KEY, store1);
    const start = await env.publicClient.getTransactionCount({
      address: c1.account.address,
      blockTag: "pending",
    });
    const a = await c1.signTx(c1.buildApprove({ token: "USDC", spender: "positionManager" }));
    expect(a.nonce).toBe(start);
    store1.close(); // crash after signing, before broadcast

    const store2 = sqliteStore(file);
    const c2 = venueClient(env, KEY, store2);
    const b = await c2.signTx(c2.buildApprove({ token: "WETH", spender: "positionManager" }));
    expect(b.nonce).toBe(start + 1); // not reused
    // recovery broadcasts the journaled one first, then the new one; both are mined in nonce order
    await c2.broadcast(a.serialized);
    await c2.broadcast(b.serialized);
    const ra = await c2.waitReceipt(a.hash, { timeoutMs: 30_000 });
    const rb = await c2.waitReceipt(b.hash, { timeoutMs: 30_000 });
    expect(ra.status).toBe("success");
    expect(rb.blockNumber).toBeGreaterThan(ra.blockNumber);
    expect(await c2.findTxByNonce(c2.account.address, a.nonce)).toEqual({
      hash: a.hash,
      blockNumber: ra.blockNumber,
    });
    store2.close();
  });

  test("behavior: a store behind the chain (another sender used the key) reconciles to the pending count", async () => {
    const file = join(dir, "stale.sqlite");
    const store = sqliteStore(file);
    const other = venueClient(env, KEY); // same key, its own memory store
    await other.send(other.buildApprove({ token: "USDC", spender: "swapRouter" }));
    store.set(other.account.address, 0n);
    const c = venueClient(env, KEY, store);
    const pending = await env.publicClient.getTransactionCount({
      address: c.account.address,
      blockTag: "pending",
    });
    const s = await c.signTx(c.buildApprove({ token: "WETH", spender: "swapRouter" }));
    expect(s.nonce).toBe(pending);
    expect(store.get(c.account.address)).toBe(BigInt(pending + 1));
    await c.broadcast(s.serialized);
    await c.waitReceipt(s.hash, { timeoutMs: 30_000 });
    store.close();
  });
});

describe("replaceStuck", () => {
  test("default: same nonce, fees +20 %: the replacement is mined and the original never is", async () => {
    const c = venueClient(env, DEV_PRIVATE_KEYS[3]); // local dev key
    await setAutomine(env.publicClient, false);
    try {
      const stuck = await c.signTx(c.buildApprove({ token: "USDC", spender: "positionManager" }), {
        gas: 100_000n,
      });
      await c.broadcast(stuck.serialized);
      await expect(c.waitReceipt(stuck.hash, { timeoutMs: 300 })).rejects.toMatchObject({
        name: "ReceiptTimeoutError",
        errorClass: "retryable",
      });
      // a different transaction with the same nonce and fees is underpriced (retryable)
      const same = await c.signTx(c.buildApprove({ token: "WETH", spender: "positionManager" }), {
        nonce: stuck.nonce,
        fees: stuck.fees,
        gas: 100_000n,
      });
      await expect(c.broadcast(same.serialized)).rejects.toMatchObject({
        name: "ReplacementUnderpricedError",
        errorClass: "retryable",
      });
      await expect(c.signReplacement(stuck, 5)).rejects.toMatchObject({ name: "InvalidInputError" });
      const repl = await c.replaceStuck(stuck, 20);
      expect(repl.nonce).toBe(stuck.nonce);
      expect(repl.hash).not.toBe(stuck.hash);
      expect(repl.fees.maxFeePerGas).toBe((stuck.fees.maxFeePerGas * 12n + 9n) / 10n);
      await mineBlock(env.publicClient);
      const r = await c.waitReceipt(repl.hash, { timeoutMs: 30_000 });
      expect(r.status).toBe("success");
      expect(await c.getReceipt(stuck.hash)).toBeNull();
      expect((await c.findTxByNonce(c.account.address, stuck.nonce))?.hash).toBe(repl.hash);
      // the original, broadcast again after its nonce went to the replacement: nonce too low, retryable
      await expect(c.broadcast(stuck.serialized)).rejects.toMatchObject({
        name: "NonceTooLowError",
        errorClass: "retryable",
      });
      // and the replacement itself again: idempotent (its receipt exists)
      expect(await c.broadcast(repl.serialized)).toBe(repl.hash);
      expect(await c.findTxByNonce(c.account.address, stuck.nonce + 1)).toBeNull();
    } finally {
      await setAutomine(env.publicClient, true);
    }
  });
});

describe("checkDeployment", () => {
  test("behavior: wrong chain id and missing contract code are fatal", async () => {
    const wrongChain = venueClient({ ...env, deployment: { ...env.deployment, chainId: 1 } });
    await expect(wrongChain.checkDeployment()).rejects.toMatchObject({
      name: "WrongChainError",
      errorClass: "fatal",
    });
    const missing = venueClient({
      ...env,
      deployment: {
        ...env.deployment,
        contracts: { ...env.deployment.contracts, swapRouter: "0x000000000000000000000000000000000000dEaD" },
      },
    });
    const err = await missing.checkDeployment().catch((e) => e);
    expect(err).toMatchObject({ name: "MissingContractError", errorClass: "fatal" });
    expect(err.shortMessage).toContain("contracts.swapRouter");
  });
});
