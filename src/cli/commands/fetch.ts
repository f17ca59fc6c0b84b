import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { createPublicClient, http, isAddress } from "viem";
import { ConfigError } from "../../errors/config.js";
import { fetchPoolMinutes } from "../../fetch/fetchPoolMinutes.js";
import type { CliIO } from "../io.js";
import { renderKeyValue } from "../table.js";

type FetchOptions = {
  rpc?: string;
  pool?: string;
  fromBlock?: string;
  toBlock?: string;
  out?: string;
  chain?: string;
  chunk?: string;
  json?: boolean;
};

function blockFlag(flag: string, raw: string | undefined): bigint {
  if (raw === undefined || raw === "") throw new ConfigError({ path: flag, reason: "is required" });
  if (!/^\d{1,20}$/.test(raw.trim()))
    throw new ConfigError({
      path: flag,
      value: raw,
      reason: "must be a block number (a non-negative integer)",
    });
  return BigInt(raw.trim());
}

/** `lpguard fetch`: minute files in the shared data format from a pool's Swap events over an RPC. */
export function registerFetch(program: Command, io: CliIO): void {
  program
    .command("fetch")
    .description("build minute files (shared data format) from a Uniswap v3 pool's Swap events over an RPC")
    .option("--rpc <url>", "JSON-RPC endpoint (http or https)")
    .option("--pool <address>", "pool address")
    .option("--from-block <n>", "first block (inclusive)")
    .option("--to-block <n>", "last block (inclusive)")
    .option("--out <dir>", "output folder (resumes an interrupted fetch of the same range)")
    .option("--chain <name>", "chain label in the file names (default from the chain id)")
    .option("--chunk <blocks>", "blocks per eth_getLogs call (default 2000; halved when the node refuses)")
    .option("--json", "print the result as JSON")
    .action(async (o: FetchOptions) => {
      if (!o.rpc) throw new ConfigError({ path: "--rpc", reason: "is required" });
      if (!/^https?:\/\//.test(o.rpc))
        throw new ConfigError({ path: "--rpc", value: o.rpc, reason: "must be an http(s) URL" });
      if (!o.pool || !isAddress(o.pool, { strict: false }))
        throw new ConfigError({
          path: "--pool",
          value: o.pool ?? "",
          reason: "must be a 20-byte hex address",
        });
      const fromBlock = blockFlag("--from-block", o.fromBlock);
      const toBlock = blockFlag("--to-block", o.toBlock);
      if (toBlock < fromBlock)
        throw new ConfigError({
          path: "--to-block",
          value: o.toBlock,
          reason: `must be >= --from-block ${fromBlock}`,
        });
      if (!o.out || o.out.trim() === "") throw new ConfigError({ path: "--out", reason: "is required" });
      let chunkBlocks: number | undefined;
      if (o.chunk !== undefined) {
        chunkBlocks = Number(o.chunk);
        if (!Number.isInteger(chunkBlocks) || chunkBlocks < 1 || chunkBlocks > 1_000_000)
          throw new ConfigError({
            path: "--chunk",
            value: o.chunk,
            reason: "must be an integer in [1, 1000000]",
          });
      }
      const outDir = resolve(o.out);
      try {
        mkdirSync(outDir, { recursive: true });
      } catch (err) {
        throw new ConfigError({
          path: "--out",
          value: o.out,
          reason: `cannot be created (${(err as NodeJS.ErrnoException).code})`,
        });
      }
      const client = createPublicClient({ transport: http(o.rpc, { retryCount: 0, timeout: 30_000 }) });
      let lastLine = 0;
      const r = await fetchPoolMinutes({
        client,
        pool: o.pool as `0x${string}`,
        fromBlock,
        toBlock,
        outDir,
        ...(o.chain !== undefined ? { chain: o.chain } : {}),
        ...(chunkBlocks !== undefined ? { chunkBlocks } : {}),
        onProgress: ({ nextBlock, swaps }) => {
          const now = Date.now();
          if (o.json || now - lastLine < 2000) return;
          lastLine = now;
          const done = Number(nextBlock - fromBlock) / Number(toBlock - fromBlock + 1n);
          io.err(`fetch: ${(done * 100).toFixed(1)} % of blocks, ${swaps} swaps\n`);
        },
      });
      const result = {
        pool: o.pool.toLowerCase(),
        fromBlock: fromBlock.toString(),
        toBlock: toBlock.toString(),
        swaps: r.swaps,
        minutes: r.minutes,
        files: r.files,
        logRequests: r.logRequests,
        resumedFromBlock: r.resumedFromBlock?.toString() ?? null,
      };
      if (o.json) io.out(`${JSON.stringify(result)}\n`);
      else
        io.out(
          renderKeyValue([
            ["pool", result.pool],
            ["blocks", `${result.fromBlock} .. ${result.toBlock}`],
            ["swaps", String(result.swaps)],
            ["minutes", String(result.minutes)],
            ["files", String(result.files.length)],
            ["resumed from block", result.resumedFromBlock ?? "-"],
          ]),
        );
    });
}
