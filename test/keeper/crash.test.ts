/**
 * kill -9 test: `lpguard keeper run` in a child process against anvil (child process, real Uniswap v3 bytecode) and
 * `lpguard paper-perp serve` (child process, priced by the pool's slot0), killed with SIGKILL at ≥ 50 moments — at
 * every crash point (LPGUARD_CRASH_AT=<phase>:<n>, the keeper kills itself there) and at random times — while the
 * price moves past the re-centring band (burn, swap, mint and hedge in one step). After each kill a new keeper
 * recovers from the journal and trades; then: 0 duplicate trades on the chain or the exchange, 0 lost intents, the
 * exchange's perp quantity equal to the journal's, net delta inside the band.
 *
 * The CLI is bundled once with esbuild (packages external) so each child starts in about a second instead of
 * compiling the sources through tsx each time.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createPublicClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AnvilProcess, startAnvil } from "../../src/chain/index.js";
import { parseKeeperConfig } from "../../src/keeper/config.js";
import { CRASH_PHASES } from "../../src/keeper/crash.js";
import { openJournal } from "../../src/keeper/journal.js";
import { deriveLedger } from "../../src/keeper/ledger.js";
import { createKeeperFromConfig } from "../../src/keeper/setup.js";
import { createRng } from "../../src/sim/rng.js";
import { createCcxtPerpClient } from "../../src/venues/ccxt/client.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET } from "../../src/venues/paper-perp/server.js";
import { localChain } from "../../src/venues/uniswap-v3/client.js";
import { deployUniswapV3, poolSpecFromSharedFolder } from "../../src/venues/uniswap-v3/deploy.js";
import { type Deployment, writeDeployment } from "../../src/venues/uniswap-v3/deployment.js";
import { POLYGON_FOLDER, STANDARD_TOKENS } from "../evm/chain.js";
import { KEEPER_KEY, POOL, SYMBOL, setupMarket, testKeeperConfig } from "./env.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");
// Three levels below the repo root, as src/venues/uniswap-v3/abis.ts expects of its own file (artifact paths).
const BUNDLE = join(REPO, ".lpguard", "test-build", `keeper-${process.pid}`, "cli.mjs");
/** SIGKILLs per run (issue 10 asks for ≥ 50); LPGUARD_CRASH_KILLS lowers it for a quick local run. */
const KILLS = Number(process.env.LPGUARD_CRASH_KILLS ?? 50);
const BAND = 0.05;

const children: ChildProcess[] = [];
let dir: string;
let anvil: AnvilProcess;
let publicClient: PublicClient;
let deployment: Deployment;
let market: Awaited<ReturnType<typeof setupMarket>>;
let paperUrl: string;
let configFile: string;
const dbFile = () => join(dir, "keeper.db");

/** Id of the newest journal event of `kind` (0 if none): the test waits for a child's "start" before a random kill. */
function lastEventId(kind: string): number {
  try {
    const db = new Database(dbFile(), { readonly: true, fileMustExist: true });
    try {
      return (
        (db.prepare("SELECT MAX(id) AS id FROM events WHERE kind = ?").get(kind) as { id: number | null })
          .id ?? 0
      );
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

function run(args: string[], env: Record<string, string>, kill?: { afterStartMs: number }) {
  const child = spawn(process.execPath, [BUNDLE, ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (err += d));
  // A random-time kill lands a random delay after the child has recovered and started trading (its "start" event).
  let timer: NodeJS.Timeout | undefined;
  if (kill !== undefined) {
    const before = lastEventId("start");
    const poll = setInterval(() => {
      if (lastEventId("start") > before) {
        clearInterval(poll);
        timer = setTimeout(() => child.kill("SIGKILL"), kill.afterStartMs);
      }
    }, 20);
    child.once("exit", () => clearInterval(poll));
  }
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>(
    (resolve) => {
      child.once("exit", (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({ code, signal, out, err });
      });
    },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lpguard-crash-"));
  mkdirSync(dirname(BUNDLE), { recursive: true });
  writeFileSync(
    join(dirname(BUNDLE), "entry.mjs"),
    `import { main } from ${JSON.stringify(join(REPO, "src/cli/main.ts"))};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(dirname(BUNDLE), "entry.mjs")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: BUNDLE,
    target: "node20",
    logLevel: "error",
  });
  anvil = await startAnvil({ port: 0 });
  publicClient = createPublicClient({
    chain: localChain({ chainId: 31337, rpcUrl: anvil.rpcUrl }),
    transport: http(anvil.rpcUrl),
    pollingInterval: 50,
  }) as PublicClient;
  deployment = await deployUniswapV3({
    publicClient,
    account: privateKeyToAccount(KEEPER_KEY), // local dev key
    rpcUrl: anvil.rpcUrl,
    pools: [poolSpecFromSharedFolder(POLYGON_FOLDER(), "2023-08-14")],
    tokens: STANDARD_TOKENS,
  });
  writeDeployment(join(dir, "deployment.json"), deployment);
  market = await setupMarket({ publicClient, deployment });
  const paper = spawn(
    process.execPath,
    [
      BUNDLE,
      "paper-perp",
      "serve",
      "--port",
      "0",
      "--db",
      join(dir, "paper.db"),
      "--deployment",
      join(dir, "deployment.json"),
      "--json",
    ],
    { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(paper);
  paperUrl = await new Promise<string>((resolve, reject) => {
    let buf = "";
    paper.stdout?.on("data", (d) => {
      buf += d;
      const line = buf.split("\n")[0];
      if (buf.includes("\n")) resolve((JSON.parse(line) as { url: string }).url);
    });
    paper.once("exit", (c) => reject(new Error(`paper-perp exited ${c}`)));
  });
  configFile = join(dir, "keeper.json");
  writeFileSync(
    configFile,
    JSON.stringify(testKeeperConfig({ paperUrl, deployment: "deployment.json", band: BAND })),
  );
}, 180_000);

afterAll(async () => {
  for (const c of children) if (c.pid !== undefined && c.exitCode === null) process.kill(c.pid, "SIGTERM");
  await anvil?.stop();
  rmSync(dirname(BUNDLE), { recursive: true, force: true });
});

/** Restarts the keeper in this process (recovery from the journal written by the killed one) and steps once. */
async function restartAndCheck(label: string) {
  const config = parseKeeperConfig(testKeeperConfig({ paperUrl, deployment: "deployment.json", band: BAND }));
  const k = createKeeperFromConfig({
    config,
    baseDir: dir,
    db: dbFile(),
    privateKey: KEEPER_KEY,
    publicClient,
    perpCredentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
    alertSink: () => {},
    owner: `test:${label}`,
  });
  const t0 = performance.now();
  const state = await k.keeper.init();
  const recoveryMs = performance.now() - t0;
  expect(state, `${label}: ${k.keeper.reason}`).toBe("running");
  await k.keeper.step();
  expect(k.keeper.state, `${label}: ${k.keeper.reason}`).toBe("running");
  const status = k.keeper.status();
  await k.keeper.stop("check");
  await k.close();
  // Net delta inside the band (plus half a lot of rounding).
  expect(Math.abs(status.netDelta.WETH ?? 0), label).toBeLessThanOrEqual(BAND + 0.0005);
  return recoveryMs;
}

function exchangeOrders(): { client_order_id: string }[] {
  const db = new Database(join(dir, "paper.db"), { readonly: true });
  try {
    return db.prepare("SELECT client_order_id FROM orders ORDER BY order_id").all() as {
      client_order_id: string;
    }[];
  } finally {
    db.close();
  }
}

describe("lpguard keeper run (child process)", () => {
  test("default: --dry-run --once prints the mint legs and sends nothing", async () => {
    const nonce = await publicClient.getTransactionCount({ address: market.deployer.account.address });
    const r = await run(
      ["keeper", "run", "--config", configFile, "--db", join(dir, "dry.db"), "--dry-run", "--once", "--json"],
      { LPGUARD_KEEPER_KEY: KEEPER_KEY },
    );
    expect(r.code, r.err).toBe(0);
    const step = JSON.parse(r.out.trim().split("\n")[0]) as { intents: { action: string; kind: string }[] };
    expect(step.intents.map((i) => i.action)).toEqual([
      "approve",
      "approve",
      "approve",
      "approve",
      "swap",
      "mint",
    ]);
    expect(await publicClient.getTransactionCount({ address: market.deployer.account.address })).toBe(nonce);
    const j = openJournal(join(dir, "dry.db"));
    expect(j.entries("test-eth")).toEqual([]);
    expect(r.err).not.toContain(KEEPER_KEY.slice(2));
    j.close();
  });
});

describe("keeper kill -9", () => {
  test("behavior: ≥ 50 SIGKILLs across every phase and at random times: no duplicate trade, no lost intent", async () => {
    const baselineNonce = await publicClient.getTransactionCount({
      address: market.deployer.account.address,
    });
    const rng = createRng(20260101);
    let kills = 0;
    let cycle = 0;
    const phaseKills = new Map<string, number>();
    const recovery: number[] = [];
    const t0 = performance.now();
    while (kills < KILLS && cycle < 90) {
      cycle++;
      const { tick } = await market.trader.slot0(POOL);
      const random = cycle % 4 === 0;
      const phase = CRASH_PHASES[cycle % CRASH_PHASES.length];
      // Crash-point cycles move the price past the re-centring band (burn, collect, swap, mint and a hedge in one
      // step: every phase is reached); random-time cycles alternate big and small (hedge-only) moves.
      const move = random && cycle % 8 === 0 ? 150 : 420;
      await market.moveTo(cycle % 2 === 0 ? tick + move : tick - move);
      const env: Record<string, string> = { LPGUARD_KEEPER_KEY: KEEPER_KEY };
      if (!random) env.LPGUARD_CRASH_AT = `${phase}:1`;
      const r = await run(
        ["keeper", "run", "--config", configFile, "--db", dbFile(), "--max-steps", "2", "--json"],
        env,
        random ? { afterStartMs: rng.nextInt(400) } : undefined,
      );
      if (r.signal === "SIGKILL") {
        kills++;
        const key = random ? "random" : phase;
        phaseKills.set(key, (phaseKills.get(key) ?? 0) + 1);
      } else expect(r.code, `cycle ${cycle} (${random ? "random" : phase}): ${r.err}`).toBe(0);
      recovery.push(await restartAndCheck(`cycle ${cycle}`));
    }
    const elapsed = performance.now() - t0;
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    for (const p of CRASH_PHASES) expect(phaseKills.get(p) ?? 0, `kills at ${p}`).toBeGreaterThan(0);
    expect(phaseKills.get("random") ?? 0).toBeGreaterThan(0);

    // The final books: journal vs chain vs exchange.
    const j = openJournal(dbFile());
    const entries = j.entries("test-eth");
    expect(j.inFlight("test-eth")).toEqual([]); // 0 lost intents: every one reached a terminal state
    j.close();
    const orders = exchangeOrders().map((o) => o.client_order_id);
    const filled = entries
      .filter((e) => e.kind === "perp" && e.state === "filled")
      .map((e) => e.clientOrderId);
    expect(new Set(orders).size).toBe(orders.length);
    expect([...orders].sort()).toEqual([...filled].sort()); // 0 duplicate orders
    const sent = entries.filter(
      (e) => e.kind === "chain" && (e.state === "confirmed" || e.state === "failed"),
    );
    const nonce = await publicClient.getTransactionCount({ address: market.deployer.account.address });
    expect(nonce - baselineNonce).toBe(sent.length); // 0 duplicate transactions
    const ledger = deriveLedger(entries, {
      [deployment.tokens.USDC.address.toLowerCase()]: 10_000n * 10n ** 6n,
    });
    const perp = createCcxtPerpClient({
      exchange: "binanceusdm",
      baseUrl: paperUrl,
      credentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
    });
    expect((await perp.fetchPosition(SYMBOL)).quantity).toBeCloseTo(ledger.perp.get(SYMBOL) ?? 0, 9);
    await perp.close();
    const onChain = await market.deployer.positionsOf(market.deployer.account.address);
    expect(onChain.map(String).sort()).toEqual([...ledger.positions.keys()].sort());
    recovery.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        kills,
        cycles: cycle,
        phaseKills: Object.fromEntries(phaseKills),
        entries: entries.length,
        orders: orders.length,
        transactions: sent.length,
        elapsedMs: Math.round(elapsed),
        recoveryMsP50: Math.round(recovery[Math.floor(recovery.length / 2)]),
        recoveryMsMax: Math.round(recovery[recovery.length - 1]),
      }),
    );
  }, 1_200_000);
});
