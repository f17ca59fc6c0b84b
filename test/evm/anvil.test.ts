/**
 * `lpguard chain up` as a child process (it spawns anvil, its own child), then `lpguard chain replay` in-process
 * against that anvil over HTTP, then SIGTERM to the CLI by its pid: the CLI kills anvil by anvil's pid and exits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, test } from "vitest";
import { DEV_PRIVATE_KEYS } from "../../src/chain/index.js";
import { runPositionOnchain } from "../../src/cli/commands/positionOnchain.js";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { loadPoolSeries } from "../../src/data/poolSeries.js";
import { loadDeployment } from "../../src/venues/uniswap-v3/deployment.js";
import { REPO_ROOT } from "../helpers/sharedData.js";
import { POLYGON_FOLDER } from "./chain.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-anvil-"));
let cli: ChildProcess | undefined;
let anvilPid: number | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function poll<T>(fn: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  if (cli?.pid && alive(cli.pid)) process.kill(cli.pid, "SIGKILL");
  if (anvilPid && alive(anvilPid)) process.kill(anvilPid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("lpguard chain up / replay on anvil", () => {
  test("default: deploy on anvil, replay two hours over HTTP, stop by pid", async () => {
    const out = join(dir, "deployment.json");
    let stdout = "";
    cli = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--eval",
        'const m = await import("./src/cli/main.ts"); process.exitCode = await m.main(process.argv.slice(1));',
        "chain",
        "up",
        "--port",
        "0",
        "--out",
        out,
        "--pool",
        POLYGON_FOLDER(),
        "--from",
        "2023-08-15",
        "--json",
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    cli.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    let stderr = "";
    cli.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const printed = await poll(
      () =>
        stdout.includes("\n")
          ? (JSON.parse(stdout.split("\n")[0]) as { anvilPid: number; rpcUrl: string })
          : undefined,
      90_000,
      `chain up output (stderr: ${stderr})`,
    );
    anvilPid = printed.anvilPid;
    expect(alive(anvilPid)).toBe(true);
    expect(existsSync(out)).toBe(true);
    const deployment = loadDeployment(out);
    expect(deployment.rpcUrl).toBe(printed.rpcUrl);
    expect(JSON.parse(readFileSync(out, "utf8")).pools[0].name).toBe("polygon-weth-usdc-005");
    const pc = createPublicClient({ transport: http(deployment.rpcUrl) });
    expect(await pc.getChainId()).toBe(31337);
    expect((await pc.getCode({ address: deployment.contracts.positionManager }))?.length).toBeGreaterThan(
      1000,
    );

    // replay the first two hours of 2023-08-15 (the chain's genesis is a day before)
    const io = memoryIO();
    const code = await main(
      [
        "chain",
        "replay",
        "--deployment",
        out,
        "--pool",
        POLYGON_FOLDER(),
        "--from",
        "2023-08-15",
        "--to",
        "2023-08-15T01:59",
        "--json",
      ],
      io,
    );
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const summary = JSON.parse(io.stdout());
    expect(summary.minutes).toBe(120);
    expect(summary.exactCloseTicks).toBe(summary.minutes);
    console.log("anvil replay:", JSON.stringify(summary));

    // the replayer's background position read from the chain over HTTP (issue 13: lpguard position --rpc --owner)
    const pio = memoryIO();
    await runPositionOnchain(
      {
        rpc: deployment.rpcUrl,
        owner: privateKeyToAccount(DEV_PRIVATE_KEYS[1]).address,
        deployment: out,
        json: true,
      },
      pio,
    );
    const positions = JSON.parse(pio.stdout()) as { liquidity: string; inRange: boolean; base: string }[];
    expect(positions.length).toBe(1);
    expect(positions[0]).toMatchObject({ inRange: true, base: "WETH" });
    const series = loadPoolSeries({ path: POLYGON_FOLDER(), from: "2023-08-15", to: "2023-08-15" });
    expect(positions[0].liquidity).toBe(BigInt(Math.round(series.liquidity[119])).toString());

    // stop: SIGTERM to the CLI by its pid; it kills anvil by anvil's pid and exits 0
    const exited = new Promise<number | null>((r) => cli?.once("exit", (c) => r(c)));
    process.kill(cli.pid as number, "SIGTERM");
    expect(await exited).toBe(0);
    await poll(() => (alive(anvilPid as number) ? undefined : true), 10_000, "anvil to exit");
  }, 240_000);

  test("behavior: bad flags exit 2 with one line naming the flag", async () => {
    const io = memoryIO();
    expect(await main(["chain", "replay", "--deployment", join(dir, "missing.json")], io)).toBe(2);
    expect(io.stderr()).toMatch(/^error: --deployment ".*missing.json": cannot read the file/);
    const io2 = memoryIO();
    expect(await main(["chain", "up", "--port", "70000"], io2)).toBe(2);
    expect(io2.stderr()).toContain("--port");
    const io3 = memoryIO();
    expect(await main(["chain", "up", "--from", "2023-13-01", "--pool", POLYGON_FOLDER()], io3)).toBe(2);
    expect(io3.stderr()).toContain("--from");
  });
});
