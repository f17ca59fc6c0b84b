/**
 * `lpguard paper-perp serve --deployment FILE`: the paper exchange priced by a real Uniswap v3 pool (the npm
 * @uniswap/v3-core 1.0.1 factory bytecode, deployed on a real anvil child process), served by the real CLI in a
 * child process and traded through ccxt's binanceusdm. Both children are stopped by pid in afterAll.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, getAddress, http, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { createCcxtPerpClient } from "../../src/venues/ccxt/client.js";
import { poolPriceSource } from "../../src/venues/paper-perp/priceSource.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET } from "../../src/venues/paper-perp/server.js";
import { REPO_ROOT } from "../helpers/sharedData.js";
import { spawnCli } from "../helpers/spawnCli.js";

const ANVIL = join(REPO_ROOT, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
// anvil/hardhat local dev key #0 — a public test key, never a real account
const DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const USDC = getAddress("0x1000000000000000000000000000000000000001");
const WETH = getAddress("0x2000000000000000000000000000000000000002");
const PRICE = 1850; // USDC per WETH

const dir = mkdtempSync(join(tmpdir(), "lpguard-paper-chain-"));
const children: ChildProcess[] = [];
let deploymentFile = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      // not ready yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    process.kill(child.pid, "SIGTERM");
  });
}

/** ⌊√n⌋ for bigint (Newton). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

beforeAll(async () => {
  const port = await freePort();
  const anvil = spawn(ANVIL, ["--host", "127.0.0.1", "--port", String(port), "--silent"], {
    stdio: "ignore",
  });
  children.push(anvil);
  const rpcUrl = `http://127.0.0.1:${port}`;
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain: foundry, transport });
  await poll(async () => publicClient.getChainId(), 30_000, "anvil");
  const wallet = createWalletClient({ chain: foundry, transport, account: privateKeyToAccount(DEV_KEY) });
  const factoryArtifact = JSON.parse(
    readFileSync(
      join(
        REPO_ROOT,
        "node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json",
      ),
      "utf8",
    ),
  ) as { abi: readonly unknown[]; bytecode: `0x${string}` };
  const poolArtifact = JSON.parse(
    readFileSync(
      join(
        REPO_ROOT,
        "node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json",
      ),
      "utf8",
    ),
  ) as { abi: readonly unknown[] };
  const deployHash = await wallet.deployContract({
    abi: factoryArtifact.abi,
    bytecode: factoryArtifact.bytecode,
  });
  const factory = (
    await poll(async () => publicClient.getTransactionReceipt({ hash: deployHash }), 30_000, "deploy")
  ).contractAddress as `0x${string}`;
  const createHash = await wallet.writeContract({
    address: factory,
    abi: factoryArtifact.abi,
    functionName: "createPool",
    args: [USDC, WETH, 500],
  });
  const receipt = await poll(
    async () => publicClient.getTransactionReceipt({ hash: createHash }),
    30_000,
    "createPool",
  );
  const [created] = parseEventLogs({
    abi: factoryArtifact.abi as never,
    logs: receipt.logs,
    eventName: "PoolCreated" as never,
  }) as unknown as {
    args: { pool: `0x${string}` };
  }[];
  const pool = created.args.pool;
  // raw price token1/token0 = WETH wei per USDC unit = 1e18 / (PRICE · 1e6); sqrtPriceX96 = √(raw · 2^192)
  const sqrtPriceX96 = isqrt(((10n ** 18n) << 192n) / (BigInt(PRICE) * 10n ** 6n));
  const initHash = await wallet.writeContract({
    address: pool,
    abi: poolArtifact.abi,
    functionName: "initialize",
    args: [sqrtPriceX96],
  });
  await poll(async () => publicClient.getTransactionReceipt({ hash: initHash }), 30_000, "initialize");
  deploymentFile = join(dir, "deployment.json");
  writeFileSync(
    deploymentFile,
    JSON.stringify({
      chainId: 31337,
      rpcUrl,
      contracts: { factory },
      tokens: { USDC: { address: USDC, decimals: 6 }, WETH: { address: WETH, decimals: 18 } },
      pools: [
        {
          name: "polygon-weth-usdc-005",
          address: pool,
          token0: "USDC",
          token1: "WETH",
          fee: 500,
          tickSpacing: 10,
          base: "WETH",
          quote: "USDC",
        },
      ],
    }),
  );
}, 120_000);

afterAll(async () => {
  for (const c of children.reverse()) await stop(c);
  rmSync(dir, { recursive: true, force: true });
});

describe("paper-perp priced by a real Uniswap v3 pool", () => {
  test("default: slot0 through viem gives the pool's USDC per WETH", async () => {
    const s = poolPriceSource({ deploymentFile });
    expect(Math.abs((await s.priceSource()) / PRICE - 1)).toBeLessThan(1e-9);
  });

  test("default: `lpguard paper-perp serve` in a child process fills ccxt orders at the pool price ± spread", async () => {
    const child = spawnCli([
      "paper-perp",
      "serve",
      "--port",
      "0",
      "--db",
      join(dir, "cli.db"),
      "--deployment",
      deploymentFile,
      "--spread-bps",
      "3",
      "--json",
    ]);
    children.push(child);
    let out = "";
    let err = "";
    child.stdout?.on("data", (d) => {
      out += String(d);
    });
    child.stderr?.on("data", (d) => {
      err += String(d);
    });
    const info = await poll(
      async () => {
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
        return line
          ? (JSON.parse(line) as { url: string; symbol: string; ccxtSymbol: string; credentials: string })
          : undefined;
      },
      60_000,
      "paper-perp serve",
    );
    expect(info).toMatchObject({
      symbol: "ETHUSDT",
      ccxtSymbol: "ETH/USDT:USDT",
      credentials: "local test key",
    });
    expect(out).not.toContain(PAPER_TEST_SECRET);
    const perp = createCcxtPerpClient({
      exchange: "binanceusdm",
      credentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
      baseUrl: info.url,
    });
    const o = await perp.createOrder({
      symbol: info.ccxtSymbol,
      side: "sell",
      amount: 0.1,
      clientOrderId: "v1-chain-1",
    });
    expect(Math.abs((o.average ?? 0) / (PRICE * (1 - 3 / 10_000)) - 1)).toBeLessThan(1e-9);
    expect((await perp.fetchPosition(info.ccxtSymbol)).quantity).toBe(-0.1);
    expect(await stop(child)).toBe(0);
  });
});

describe("lpguard paper-perp serve: bad input exits 2 with one line", () => {
  test.each([
    [["--price", "1850"], "--db"],
    [["--db", "x.db"], "exactly one of --deployment, --price, --price-file"],
    [["--db", "x.db", "--price", "1850", "--price-file", "p.txt"], "exactly one of"],
    [["--db", "x.db", "--price", "-3"], '--price "-3": must be > 0.'],
    [
      ["--db", "x.db", "--price", "1850", "--funding", "no-such.csv"],
      '--funding "no-such.csv": no such file.',
    ],
    [["--db", "x.db", "--price", "1850", "--taker-fee", "0.5"], '--taker-fee "0.5": must be <= 0.01.'],
  ])("behavior: %j", async (args, text) => {
    const io = memoryIO();
    expect(await main(["paper-perp", "serve", ...args], io)).toBe(2);
    expect(io.stderr()).toContain(text);
    expect(io.stderr().trim().split("\n")).toHaveLength(1);
  });

  test("behavior: a port in use is named", async () => {
    const { createServer: createTcp } = await import("node:net");
    const blocker = createTcp();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as { port: number }).port;
    const io = memoryIO();
    expect(
      await main(
        ["paper-perp", "serve", "--db", join(dir, "port.db"), "--price", "1850", "--port", String(port)],
        io,
      ),
    ).toBe(2);
    expect(io.stderr()).toBe(`error: --port "${port}": cannot listen on 127.0.0.1 (EADDRINUSE).\n`);
    await new Promise<void>((r) => blocker.close(() => r()));
  });

  test("behavior: an unknown pool and a bad field of the deployment file are named", async () => {
    let io = memoryIO();
    expect(
      await main(
        ["paper-perp", "serve", "--db", join(dir, "y.db"), "--deployment", deploymentFile, "--pool", "nope"],
        io,
      ),
    ).toBe(2);
    expect(io.stderr()).toContain('--pool "nope": is not in');
    const bad = join(dir, "bad-deployment.json");
    const d = JSON.parse(readFileSync(deploymentFile, "utf8")) as { pools: { address: string }[] };
    d.pools[0].address = "0x123";
    writeFileSync(bad, JSON.stringify(d));
    io = memoryIO();
    expect(await main(["paper-perp", "serve", "--db", join(dir, "y.db"), "--deployment", bad], io)).toBe(2);
    expect(io.stderr()).toBe(
      `error: ${bad}: pools.0.address "0x123": must be a 0x-prefixed 20-byte address.\n`,
    );
  });
});
