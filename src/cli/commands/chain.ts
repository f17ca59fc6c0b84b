/**
 * `lpguard chain up` (anvil + real Uniswap v3 bytecode + pools, a deployment file) and `lpguard chain replay`
 * (recorded minutes of a shared pool folder onto a deployed pool). Thin: flags → library → output.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { createPublicClient, type Hex, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEV_PRIVATE_KEYS } from "../../chain/devAccounts.js";
import { loadPoolSeries } from "../../data/poolSeries.js";
import { parseDateMs } from "../../data/timestamp.js";
import { ConfigError } from "../../errors/config.js";
import { createUniswapV3Client } from "../../venues/uniswap-v3/client.js";
import { findPool, loadDeployment } from "../../venues/uniswap-v3/deployment.js";
import { startLocalUniswapV3 } from "../../venues/uniswap-v3/localChain.js";
import { memoryNonceStore } from "../../venues/uniswap-v3/nonceManager.js";
import { replayMinutes } from "../../venues/uniswap-v3/replay.js";
import { parseIntFlag } from "../flags.js";
import type { CliIO } from "../io.js";
import { createProgress } from "../progress.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

const DEFAULT_POOL = "../shared/data/uniswap-v3/polygon-weth-usdc-005";
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function folderFlag(flag: string, path: string): string {
  const p = resolve(path);
  if (!existsSync(p)) throw new ConfigError({ path: flag, value: path, reason: "folder not found" });
  return p;
}

function dayFlag(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!DAY_RE.test(raw) || Number.isNaN(parseDateMs(raw)))
    throw new ConfigError({ path: flag, value: raw, reason: "must be a date YYYY-MM-DD" });
  return raw;
}

/** A day `YYYY-MM-DD` or a UTC minute `YYYY-MM-DDTHH:MM`: the day (for loading) and the time in ms. */
function timeFlag(flag: string, raw: string | undefined): { day: string; ms: number } | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(raw);
  const ms = m ? Date.parse(`${m[1]}T${m[2] ?? "00"}:${m[3] ?? "00"}:00Z`) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== m[1])
    throw new ConfigError({
      path: flag,
      value: raw,
      reason: "must be a date YYYY-MM-DD or a UTC minute YYYY-MM-DDTHH:MM",
    });
  return { day: m[1], ms };
}

/** The replaying account's key: --key-file, --key-env, or local dev key #1. Never printed. */
function readKey(opts: { keyFile?: string; keyEnv?: string }): Hex {
  let key: string | undefined;
  if (opts.keyFile) {
    try {
      key = readFileSync(resolve(opts.keyFile), "utf8").trim();
    } catch {
      throw new ConfigError({ path: "--key-file", value: opts.keyFile, reason: "cannot read the file" });
    }
  } else if (opts.keyEnv) {
    key = process.env[opts.keyEnv];
    if (!key)
      throw new ConfigError({
        path: "--key-env",
        value: opts.keyEnv,
        reason: "environment variable is not set",
      });
  } else return DEV_PRIVATE_KEYS[1]; // local dev key
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new ConfigError({
      path: opts.keyFile ? "--key-file" : "--key-env",
      reason: "is not a 32-byte hex private key",
    });
  return key as Hex;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((res) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      res(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

function registerUp(chain: Command, io: CliIO): void {
  chain
    .command("up")
    .description(
      "Start anvil on 127.0.0.1 with Uniswap v3 (real npm bytecode) and the pools; stay up until Ctrl-C.",
    )
    .option("--port <port>", "TCP port (0 = a free one)", "8545")
    .option("--out <file>", "deployment file to write", ".lpguard/deployment.json")
    .option("--pool <folder...>", "shared pool folder(s) to create pools for", [DEFAULT_POOL])
    .option("--from <date>", "initialise each pool at its first recorded price on this day (YYYY-MM-DD)")
    .option("--json", "print JSON")
    .action(async (opts: { port: string; out: string; pool: string[]; from?: string; json?: boolean }) => {
      const port = parseIntFlag("--port", opts.port, { min: 0, max: 65_535 });
      const folders = opts.pool.map((p) => folderFlag("--pool", p));
      const from = dayFlag("--from", opts.from);
      const local = await startLocalUniswapV3({ port, poolFolders: folders, from, out: opts.out });
      const { deployment, anvil } = local;
      if (opts.json) io.out(`${JSON.stringify({ ...deployment, file: local.out, anvilPid: anvil.pid })}\n`);
      else {
        io.out(
          renderKeyValue([
            ["rpcUrl", deployment.rpcUrl],
            ["chainId", String(deployment.chainId)],
            ["anvil pid", String(anvil.pid)],
            ["deployment file", local.out ?? "-"],
            ...Object.entries(deployment.contracts).map(([k, v]) => [k, v] as [string, string]),
          ]),
        );
        io.out(
          renderTable(
            ["token", "address", "decimals"],
            Object.entries(deployment.tokens).map(([k, t]) => [k, t.address, t.decimals]),
          ),
        );
        io.out(
          renderTable(
            ["pool", "address", "token0", "token1", "fee", "tick spacing"],
            deployment.pools.map((p) => [p.name, p.address, p.token0, p.token1, p.fee, p.tickSpacing]),
          ),
        );
        io.out("up; Ctrl-C (SIGINT) or SIGTERM stops anvil.\n");
      }
      await waitForSignal();
      await local.stop();
      if (!opts.json) io.out("stopped.\n");
    });
}

function registerReplay(chain: Command, io: CliIO): void {
  chain
    .command("replay")
    .description(
      "Replay recorded minutes of a shared pool folder onto the deployed pool (prices, L, volume).",
    )
    .option("--deployment <file>", "deployment file written by chain up", ".lpguard/deployment.json")
    .option(
      "--pool <folder>",
      "shared pool folder (its name is the pool's name in the deployment)",
      DEFAULT_POOL,
    )
    .option("--from <time>", "first day YYYY-MM-DD or UTC minute YYYY-MM-DDTHH:MM")
    .option("--to <time>", "last day (inclusive) or UTC minute (inclusive)")
    .option("--rpc <url>", "RPC URL (default: the deployment's rpcUrl)")
    .option("--key-file <file>", "private key of the replaying account (default: local dev key #1)")
    .option("--key-env <name>", "environment variable holding that private key")
    .option("--json", "print JSON")
    .action(
      async (opts: {
        deployment: string;
        pool: string;
        from?: string;
        to?: string;
        rpc?: string;
        keyFile?: string;
        keyEnv?: string;
        json?: boolean;
      }) => {
        const deployment = loadDeployment(resolve(opts.deployment));
        const folder = folderFlag("--pool", opts.pool);
        const name = basename(folder);
        findPool(deployment, name);
        const from = timeFlag("--from", opts.from);
        const to = timeFlag("--to", opts.to);
        if (from && to && from.ms > to.ms)
          throw new ConfigError({ path: "--to", value: opts.to, reason: `is before --from ${opts.from}` });
        const series = loadPoolSeries({ path: folder, from: from?.day, to: to?.day });
        // a bare day as --to means the whole day
        const toMs = to ? (opts.to?.includes("T") ? to.ms : to.ms + 86_400_000 - 1) : undefined;
        const rpcUrl = opts.rpc ?? deployment.rpcUrl;
        const publicClient = createPublicClient({
          transport: http(rpcUrl),
          pollingInterval: 50,
        }) as PublicClient;
        const client = createUniswapV3Client({
          publicClient,
          account: privateKeyToAccount(readKey(opts)),
          deployment: { ...deployment, rpcUrl },
          nonceStore: memoryNonceStore(),
        });
        await client.checkDeployment();
        const progress = createProgress(io, "replay", series.length);
        let done = 0;
        const summary = await replayMinutes({
          client,
          publicClient,
          pool: name,
          series,
          from: from?.ms,
          to: toMs,
          onMinute: () => {
            progress.update(++done);
          },
        });
        progress.done();
        if (opts.json) {
          io.out(`${JSON.stringify(summary)}\n`);
          return;
        }
        io.out(
          renderKeyValue([
            ["pool", summary.pool],
            ["minutes", `${summary.minutes} (${summary.activeMinutes} with transactions)`],
            ["from", new Date(summary.firstTime).toISOString()],
            ["to", new Date(summary.lastTime).toISOString()],
            ["swaps", summary.swaps],
            ["transactions", summary.transactions],
            [
              "close tick exact",
              `${summary.exactCloseTicks} / ${summary.minutes} (max |error| ${summary.maxAbsTickError})`,
            ],
            ["correcting swaps", summary.corrections],
            [
              "volume error per minute (value)",
              `median ${formatNumber(summary.valueError.median, 3)}, p95 ${formatNumber(summary.valueError.p95, 3)}`,
            ],
            ["total volume error token0", formatNumber(summary.totalVolumeError0, 4)],
            ["total volume error token1", formatNumber(summary.totalVolumeError1, 4)],
            ["max liquidity error", formatNumber(summary.maxLiquidityError, 3)],
            ["elapsed", `${(summary.elapsedMs / 1000).toFixed(1)} s`],
          ]),
        );
      },
    );
}

export const registerChain: RegisterCommand = (program, io) => {
  const chain = program
    .command("chain")
    .description("Local EVM with the real Uniswap v3 contracts, and history replay.");
  registerUp(chain, io);
  registerReplay(chain, io);
};
