/**
 * `lpguard fetch`: builds minute files in the shared data format from a Uniswap v3 pool's `Swap` events read over an
 * RPC (`eth_getLogs` in chunks), with retries and back-off, resumable after a crash, block timestamps cached.
 *
 * Resumption: the swaps of every finished chunk are appended to `DIR/.fetch/swaps.ndjson` (one JSON line per swap,
 * then fsync) and the next block to read to `DIR/.fetch/state.json` (written atomically). A restarted fetch with the
 * same pool and block range continues after the last finished chunk; a partial last line is dropped. The day files
 * are written (each atomically) only when the whole range is read, then the state folder is removed.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { type Address, getAddress, type PublicClient, parseAbiItem } from "viem";
import { RpcFetchError } from "../errors/fetch.js";
import { aggregateSwapMinutes, formatMinuteCsv, type SwapRecord } from "./aggregateSwapMinutes.js";

const SWAP_EVENT = parseAbiItem(
  "event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)",
);

export type FetchPoolMinutesParameters = {
  client: PublicClient;
  pool: Address;
  fromBlock: bigint;
  toBlock: bigint;
  /** Output folder; day files are named `<chain>-<pool>-YYYY-MM-DD.minute.csv` as in ../shared/data. */
  outDir: string;
  /** Chain label in the file names (letters only; default from the chain id: ethereum, polygon, local for 31337, else evm). */
  chain?: string;
  /** Blocks per `eth_getLogs` call (default 2,000); halved when the node refuses a range as too large. */
  chunkBlocks?: number;
  /** Attempts per request for retryable failures (default 5), with exponential back-off from `backoffMs`. */
  maxAttempts?: number;
  backoffMs?: number;
  /** Called after each finished chunk. */
  onProgress?: (p: { nextBlock: bigint; toBlock: bigint; swaps: number }) => void;
  /** Test seam: called before each chunk with its first block (a test may throw here to simulate a crash). */
  beforeChunk?: (fromBlock: bigint) => void;
};

export type FetchPoolMinutesReturnType = {
  files: string[];
  swaps: number;
  minutes: number;
  /** `eth_getLogs` calls made by this invocation (resumed chunks are not read again). */
  logRequests: number;
  /** Blocks whose timestamps were fetched by this invocation. */
  blockRequests: number;
  resumedFromBlock: bigint | null;
};

type State = {
  pool: string;
  fromBlock: string;
  toBlock: string;
  nextBlock: string;
  times: Record<string, number>;
};

const CHAIN_NAMES: Record<number, string> = {
  1: "ethereum",
  137: "polygon",
  42161: "arbitrum",
  10: "optimism",
};

function isRangeTooLarge(err: unknown): boolean {
  const msg = String((err as { details?: string })?.details ?? (err as Error)?.message ?? err).toLowerCase();
  return /too many|limit exceeded|range too (large|wide)|query returned more than|block range/.test(msg);
}

function isRetryable(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? "";
  if (/Timeout|HttpRequestError|RpcRequestError|LimitExceeded|InternalRpc|ResourceUnavailable/.test(name))
    return true;
  const msg = String((err as Error)?.message ?? err).toLowerCase();
  return /timeout|timed out|econnreset|econnrefused|socket hang up|rate limit|429|503|502/.test(msg);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withRetry<T>(
  what: string,
  attempts: number,
  backoffMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (isRangeTooLarge(err)) throw err;
      if (!isRetryable(err) || i >= attempts)
        throw new RpcFetchError({
          what,
          reason: `${isRetryable(err) ? `failed after ${i} attempts` : "failed"}: ${String((err as { shortMessage?: string })?.shortMessage ?? (err as Error)?.message ?? err).split("\n")[0]}`,
          retryable: isRetryable(err),
          cause: err,
        });
      await sleep(backoffMs * 2 ** (i - 1));
    }
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  const fd = openSync(tmp, "r");
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, file);
}

function readSwaps(file: string): SwapRecord[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  const out: SwapRecord[] = [];
  // The last element is "" after a complete line, or a partial line written when a crash cut the append: drop it.
  for (let i = 0; i < lines.length - 1; i++) {
    const o = JSON.parse(lines[i]!) as Record<string, string | number>;
    out.push({
      blockNumber: BigInt(o.b!),
      logIndex: Number(o.i),
      blockTime: Number(o.t),
      amount0: BigInt(o.a0!),
      amount1: BigInt(o.a1!),
      sqrtPriceX96: BigInt(o.p!),
      liquidity: BigInt(o.l!),
      tick: Number(o.k),
    });
  }
  return out;
}

function getSwapLogs(client: PublicClient, address: Address, fromBlock: bigint, toBlock: bigint) {
  return client.getLogs({ address, event: SWAP_EVENT, fromBlock, toBlock, strict: true });
}

/** Reads the pool's swaps in `[fromBlock, toBlock]` and writes one minute file per UTC day into `outDir`. */
export async function fetchPoolMinutes(p: FetchPoolMinutesParameters): Promise<FetchPoolMinutesReturnType> {
  const pool = getAddress(p.pool);
  if (p.toBlock < p.fromBlock)
    throw new RpcFetchError({
      what: "--to-block",
      value: p.toBlock.toString(),
      reason: `must be >= --from-block ${p.fromBlock}`,
      retryable: false,
    });
  const attempts = p.maxAttempts ?? 5;
  const backoff = p.backoffMs ?? 250;
  const head = await withRetry("eth_blockNumber", attempts, backoff, () => p.client.getBlockNumber());
  if (p.toBlock > head)
    throw new RpcFetchError({
      what: "--to-block",
      value: p.toBlock.toString(),
      reason: `is past the chain head ${head}`,
      retryable: false,
    });
  const code = await withRetry("eth_getCode", attempts, backoff, () => p.client.getCode({ address: pool }));
  if (code === undefined || code === "0x")
    throw new RpcFetchError({
      what: "--pool",
      value: pool,
      reason: "has no contract code on this chain",
      retryable: false,
    });
  const chainId = await withRetry("eth_chainId", attempts, backoff, () => p.client.getChainId());
  const chain = p.chain ?? CHAIN_NAMES[chainId] ?? "evm";
  if (!/^[A-Za-z]+$/.test(chain))
    throw new RpcFetchError({
      what: "--chain",
      value: chain,
      reason: "must be letters only (it starts each file name)",
      retryable: false,
    });

  const stateDir = join(p.outDir, ".fetch");
  mkdirSync(stateDir, { recursive: true });
  const stateFile = join(stateDir, "state.json");
  const swapsFile = join(stateDir, "swaps.ndjson");
  let state: State = {
    pool,
    fromBlock: p.fromBlock.toString(),
    toBlock: p.toBlock.toString(),
    nextBlock: p.fromBlock.toString(),
    times: {},
  };
  let resumedFromBlock: bigint | null = null;
  if (existsSync(stateFile)) {
    const prev = JSON.parse(readFileSync(stateFile, "utf8")) as State;
    if (prev.pool === pool && prev.fromBlock === state.fromBlock && prev.toBlock === state.toBlock) {
      state = prev;
      resumedFromBlock = BigInt(prev.nextBlock);
    } else rmSync(swapsFile, { force: true });
  } else rmSync(swapsFile, { force: true });
  // Rewrite the swaps file without a partial last line before appending to it.
  const kept = readSwaps(swapsFile);
  writeAtomic(
    swapsFile,
    kept
      .map(
        (s) =>
          `${JSON.stringify({ b: s.blockNumber.toString(), i: s.logIndex, t: s.blockTime, a0: s.amount0.toString(), a1: s.amount1.toString(), p: s.sqrtPriceX96.toString(), l: s.liquidity.toString(), k: s.tick })}\n`,
      )
      .join(""),
  );

  let chunk = BigInt(p.chunkBlocks ?? 2000);
  let logRequests = 0;
  let blockRequests = 0;
  let swapCount = kept.length;
  let from = BigInt(state.nextBlock);
  while (from <= p.toBlock) {
    p.beforeChunk?.(from);
    const to = from + chunk - 1n > p.toBlock ? p.toBlock : from + chunk - 1n;
    const range = { from, to };
    let logs: Awaited<ReturnType<typeof getSwapLogs>>;
    try {
      logRequests++;
      logs = await withRetry(`eth_getLogs ${from}..${to}`, attempts, backoff, () =>
        getSwapLogs(p.client, pool, range.from, range.to),
      );
    } catch (err) {
      if (isRangeTooLarge(err) && chunk > 1n) {
        chunk = chunk / 2n;
        continue;
      }
      throw err;
    }
    const lines: string[] = [];
    for (const log of logs) {
      const key = log.blockNumber.toString();
      let t = state.times[key];
      if (t === undefined) {
        blockRequests++;
        const block = await withRetry(`eth_getBlockByNumber ${key}`, attempts, backoff, () =>
          p.client.getBlock({ blockNumber: log.blockNumber }),
        );
        t = Number(block.timestamp);
        state.times[key] = t;
      }
      const a = log.args;
      lines.push(
        `${JSON.stringify({ b: key, i: log.logIndex, t, a0: a.amount0.toString(), a1: a.amount1.toString(), p: a.sqrtPriceX96.toString(), l: a.liquidity.toString(), k: a.tick })}\n`,
      );
    }
    if (lines.length > 0) {
      const fd = openSync(swapsFile, "a");
      writeSync(fd, lines.join(""));
      fsyncSync(fd);
      closeSync(fd);
    }
    swapCount += lines.length;
    state.nextBlock = (to + 1n).toString();
    writeAtomic(stateFile, JSON.stringify(state));
    p.onProgress?.({ nextBlock: to + 1n, toBlock: p.toBlock, swaps: swapCount });
    from = to + 1n;
  }

  const days = aggregateSwapMinutes(readSwaps(swapsFile));
  const files: string[] = [];
  let minutes = 0;
  for (const [day, rows] of [...days].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = join(p.outDir, `${chain}-${pool.toLowerCase()}-${day}.minute.csv`);
    writeAtomic(file, formatMinuteCsv(rows));
    files.push(file);
    minutes += rows.length;
  }
  rmSync(stateDir, { recursive: true, force: true });
  return { files, swaps: swapCount, minutes, logRequests, blockRequests, resumedFromBlock };
}
