/**
 * `lpguard fetch` against a real chain: real Polygon minutes are replayed onto the real Uniswap v3 pool on the
 * in-process EDR chain, then `fetchPoolMinutes` reads the pool's Swap events back over the same RPC. The fetched
 * minutes must equal what the replay did on chain, minute by minute (close tick, input volumes, active liquidity),
 * and a fetch killed in the middle must resume without reading finished chunks again.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEV_PRIVATE_KEYS } from "../../src/chain/index.js";
import { loadPoolSeries } from "../../src/data/poolSeries.js";
import { fetchPoolMinutes } from "../../src/fetch/fetchPoolMinutes.js";
import { findPool } from "../../src/venues/uniswap-v3/deployment.js";
import { type ReplayMinute, replayMinutes } from "../../src/venues/uniswap-v3/replay.js";
import { edrDeployment, POLYGON_FOLDER, venueClient } from "./chain.js";

const POOL = "polygon-weth-usdc-005";
const DAY = "2023-08-14";

let env: Awaited<ReturnType<typeof edrDeployment>>;
const minutes: ReplayMinute[] = [];
let series: ReturnType<typeof loadPoolSeries>;
let head = 0n;
let firstBlock = 0n;
const dirs: string[] = [];

beforeAll(async () => {
  series = loadPoolSeries({ path: POLYGON_FOLDER(), from: DAY, to: DAY });
  env = await edrDeployment({ from: DAY, initialDate: new Date(series.time[0] - 86_400_000) });
  firstBlock = (await env.publicClient.getBlockNumber()) + 1n;
  await replayMinutes({
    client: venueClient(env, DEV_PRIVATE_KEYS[1]), // local dev key
    publicClient: env.publicClient,
    pool: POOL,
    series,
    to: series.time[0] + 90 * 60_000 - 1,
    onMinute: (m) => {
      minutes.push(m);
    },
  });
  head = await env.publicClient.getBlockNumber();
}, 300_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "lpguard-fetch-e2e-"));
  dirs.push(d);
  return d;
}

describe("fetchPoolMinutes", () => {
  test("default: the fetched minutes equal the replayed minutes", async () => {
    const out = tempDir();
    const pool = findPool(env.deployment, POOL);
    const r = await fetchPoolMinutes({
      client: env.publicClient,
      pool: pool.address as `0x${string}`,
      fromBlock: firstBlock,
      toBlock: head,
      outDir: out,
      chunkBlocks: 97,
    });
    expect(r.files).toHaveLength(1);
    expect(existsSync(join(out, ".fetch"))).toBe(false);
    const f = loadPoolSeries({
      path: out,
      meta: {
        chain: "local",
        address: pool.address.toLowerCase(),
        fee: 0.0005,
        feePips: 500,
        tickSpacing: 10,
        token0: { symbol: "USDC", address: "0x0", decimals: 6 },
        token1: { symbol: "WETH", address: "0x1", decimals: 18 },
        baseToken: 1,
      },
    });
    const active = minutes.filter((m) => m.swaps > 0);
    expect(active.length).toBeGreaterThan(40);
    // The fetched file runs from the first to the last replayed minute with a swap.
    const first = active[0]!;
    const last = active[active.length - 1]!;
    expect(f.time[0]).toBe(first.time);
    expect(f.time[f.length - 1]).toBe(last.time);
    let compared = 0;
    for (const m of minutes) {
      if (m.time < first.time || m.time > last.time) continue;
      const i = (m.time - first.time) / 60_000;
      expect(f.closeTick[i], `close tick at ${new Date(m.time).toISOString()}`).toBe(m.closeTick);
      expect(BigInt(f.inAmount0[i]!), "inAmount0").toBe(BigInt(Number(m.in0)));
      expect(BigInt(f.inAmount1[i]!), "inAmount1").toBe(BigInt(Number(m.in1)));
      if (m.swaps > 0) expect(f.liquidity[i]).toBe(Number(m.backgroundLiquidity));
      compared++;
    }
    expect(compared).toBe(f.length);
    // Exact: the CSV holds the on-chain integers, not floats.
    const csv = readFileSync(r.files[0]!, "utf8").split("\n")[1]!.split(",");
    expect(BigInt(csv[7]!)).toBe(first.in0);
    expect(BigInt(csv[8]!)).toBe(first.in1);
  }, 120_000);

  test("behavior: a fetch killed mid-way resumes after its last finished chunk and writes the same files", async () => {
    const pool = findPool(env.deployment, POOL).address as `0x${string}`;
    const whole = tempDir();
    const ref = await fetchPoolMinutes({
      client: env.publicClient,
      pool,
      fromBlock: firstBlock,
      toBlock: head,
      outDir: whole,
      chunkBlocks: 10,
    });
    const out = tempDir();
    let chunks = 0;
    const crash = fetchPoolMinutes({
      client: env.publicClient,
      pool,
      fromBlock: firstBlock,
      toBlock: head,
      outDir: out,
      chunkBlocks: 10,
      beforeChunk: () => {
        if (++chunks === 4) throw new Error("simulated crash");
      },
    });
    await expect(crash).rejects.toThrow("simulated crash");
    expect(readdirSync(out).filter((n) => n.endsWith(".csv"))).toHaveLength(0); // nothing half-written
    const resumed = await fetchPoolMinutes({
      client: env.publicClient,
      pool,
      fromBlock: firstBlock,
      toBlock: head,
      outDir: out,
      chunkBlocks: 10,
    });
    expect(resumed.resumedFromBlock).toBe(firstBlock + 30n);
    expect(resumed.logRequests).toBe(ref.logRequests - 3);
    expect(resumed.swaps).toBe(ref.swaps);
    expect(readFileSync(resumed.files[0]!, "utf8")).toBe(readFileSync(ref.files[0]!, "utf8"));
  }, 120_000);

  test("behavior: an address without code is refused naming --pool", async () => {
    const err = await fetchPoolMinutes({
      client: env.publicClient,
      pool: "0x000000000000000000000000000000000000dEaD",
      fromBlock: 1n,
      toBlock: head,
      outDir: tempDir(),
    }).catch((e) => e);
    expect(err.name).toBe("RpcFetchError");
    expect(err.shortMessage).toMatch(/^--pool .*no contract code/);
  });
});
