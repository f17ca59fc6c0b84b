/**
 * Starts anvil (Foundry's local EVM node, from the npm package `@foundry-rs/anvil`) as a child process on
 * 127.0.0.1. The platform binary is spawned directly (not through the package's `bin.mjs` wrapper), so the pid we
 * hold is anvil's own and `stop()` kills exactly that process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { LocalChainError } from "./errors.js";

export type StartAnvilParameters = {
  /** TCP port; 0 or undefined picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  chainId?: number;
  /** EVM hardfork (default "cancun", as `createEdrChain`). */
  hardfork?: string;
  /** Ether per dev account (default 1,000,000). */
  balanceEther?: number;
  /** Genesis block time, Unix seconds (default: now). Replays of past days need a genesis before them. */
  timestamp?: number;
  /** How long to wait for the RPC to answer (default 30 s). */
  timeoutMs?: number;
};
export type AnvilProcess = {
  rpcUrl: string;
  port: number;
  pid: number;
  /** Sends SIGTERM to anvil (SIGKILL after 5 s) and resolves when it has exited. */
  stop: () => Promise<void>;
};
export type StartAnvilReturnType = AnvilProcess;
export type StartAnvilErrorType = LocalChainError;

/** Returns the path of the anvil binary of this platform's `@foundry-rs/anvil-<os>-<arch>` package. */
export function anvilBinaryPath(): string {
  const require = createRequire(import.meta.url);
  const os = process.platform === "win32" ? "win32" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = `@foundry-rs/anvil-${os}-${arch}`;
  let dir: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch (cause) {
    throw new LocalChainError({ reason: `the anvil binary package ${pkg} is not installed`, cause });
  }
  const bin = join(dir, "bin", os === "win32" ? "anvil.exe" : "anvil");
  if (!existsSync(bin)) throw new LocalChainError({ reason: `anvil binary missing at ${pkg}/bin` });
  return bin;
}

/** Returns a TCP port that was free on `host` a moment ago (bind to port 0, read it, close). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
  });
}

/**
 * Starts anvil and resolves once its RPC answers `eth_chainId`.
 *
 * @example
 * const anvil = await startAnvil({ port: 0 });
 * anvil.rpcUrl; // "http://127.0.0.1:41234"
 * await anvil.stop();
 */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<StartAnvilReturnType> {
  const host = parameters.host ?? "127.0.0.1";
  const port = parameters.port ? parameters.port : await freePort(host);
  const args = [
    "--host",
    host,
    "--port",
    String(port),
    "--chain-id",
    String(parameters.chainId ?? 31337),
    "--hardfork",
    parameters.hardfork ?? "cancun",
    "--balance",
    String(parameters.balanceEther ?? 1_000_000),
    "--silent",
  ];
  if (parameters.timestamp !== undefined) args.push("--timestamp", String(Math.floor(parameters.timestamp)));
  const child = spawn(anvilBinaryPath(), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const pid = child.pid;
  if (pid === undefined) throw new LocalChainError({ reason: "anvil did not start (no pid)" });
  const rpcUrl = `http://${host}:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = waitExit(child);
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (parameters.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new LocalChainError({ reason: `anvil exited with code ${child.exitCode}: ${stderr.trim()}` });
    if (await rpcAnswers(rpcUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new LocalChainError({ reason: `anvil did not answer on ${rpcUrl} within the timeout` });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { rpcUrl, port, pid, stop };
}
