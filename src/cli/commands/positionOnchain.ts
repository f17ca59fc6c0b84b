/**
 * `lpguard position --rpc URL --token-id N` / `--owner ADDR`: a Uniswap v3 position (or every position of a
 * wallet) read from the chain by its NonfungiblePositionManager token id, valued with `analyzeOnchainPosition`.
 * The options are added to the `position` command by `addOnchainPositionOptions`; the action runs when `--rpc`,
 * `--deployment`, `--token-id` or `--owner` is given. The RPC client can be injected (tests, in-process chains).
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { type Address, createPublicClient, getAddress, http, isAddress, type PublicClient } from "viem";
import { BaseError, formatValue } from "../../errors/base.js";
import { ConfigError } from "../../errors/config.js";
import { InvalidInputError } from "../../errors/math.js";
import { loadDeployment } from "../../venues/uniswap-v3/deployment.js";
import { rpcRead } from "../../venues/uniswap-v3/poolInfo.js";
import {
  analyzeOnchainPosition,
  CANONICAL_POSITION_MANAGER,
  type OnchainAnalysis,
  type OnchainPosition,
  onchainPositionToJson,
  positionsOfOwner,
  readOnchainPosition,
} from "../../venues/uniswap-v3/readPosition.js";
import { parseNumberFlag, parseOptionalNumberFlag } from "../flags.js";
import type { CliIO } from "../io.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";

export type OnchainPositionOptions = {
  rpc?: string;
  deployment?: string;
  tokenId?: string;
  owner?: string;
  positionManager?: string;
  base?: string;
  vol?: string;
  horizonDays?: string;
  block?: string;
  fromBlock?: string;
  logChunk?: string;
  json?: boolean;
  kind?: string;
};

/** Adds the on-chain flags to the `position` command. */
export function addOnchainPositionOptions(cmd: Command): Command {
  return cmd
    .option("--rpc <url>", "on-chain: JSON-RPC URL (http or https) to read a Uniswap v3 position from")
    .option(
      "--deployment <file>",
      "on-chain: deployment file of a local chain (its rpcUrl and positionManager)",
    )
    .option("--token-id <n>", "on-chain: NonfungiblePositionManager token id")
    .option("--owner <address>", "on-chain: every position held by this wallet")
    .option(
      "--position-manager <address>",
      `on-chain: position manager (default ${CANONICAL_POSITION_MANAGER})`,
    )
    .option("--base <token>", "on-chain: base token: token0 | token1 | SYMBOL (default token1)")
    .option("--horizon-days <d>", "on-chain: horizon of the range-exit probability (with --vol; default 7)")
    .option("--block <n>", "on-chain: block to read at (default latest)")
    .option("--from-block <n>", "on-chain: first block searched for the mint logs (default 0)")
    .option(
      "--log-chunk <n>",
      "on-chain: largest block range per eth_getLogs request (default: one request)",
    );
}

/** True when the on-chain form of `position` was asked for. */
export function isOnchainPosition(opts: OnchainPositionOptions): boolean {
  return (
    opts.rpc !== undefined ||
    opts.deployment !== undefined ||
    opts.tokenId !== undefined ||
    opts.owner !== undefined
  );
}

function bigintFlag(flag: string, raw: string | undefined): bigint | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError({ path: flag, value: raw, reason: "must be a non-negative integer" });
  return BigInt(raw.trim());
}

function addressFlag(flag: string, raw: string): Address {
  if (!isAddress(raw, { strict: false }))
    throw new ConfigError({ path: flag, value: raw, reason: "is not a 20-byte hex address" });
  return getAddress(raw);
}

const FIELD_FLAGS: Record<string, string> = {
  tokenId: "--token-id",
  positionManager: "--position-manager",
  base: "--base",
  fromBlock: "--from-block",
  pool: "--token-id",
};

/** Maps an InvalidInputError of the reader to a ConfigError naming the flag. */
function toFlagError(err: unknown, opts: OnchainPositionOptions): unknown {
  if (!(err instanceof InvalidInputError) || !(err.field in FIELD_FLAGS)) return err;
  const flag = FIELD_FLAGS[err.field];
  const raw = {
    "--token-id": opts.tokenId,
    "--position-manager": opts.positionManager,
    "--base": opts.base,
    "--from-block": opts.fromBlock,
  }[flag];
  const reason = err.shortMessage.replace(/^.*? is invalid: /, "").replace(/\.$/, "");
  return new ConfigError({ path: flag, value: raw ?? formatValue(err.value).replace(/^"|"$/g, ""), reason });
}

export type OnchainPositionDeps = { publicClient?: PublicClient };

type Report = { position: OnchainPosition; analysis: OnchainAnalysis | null };

function toJson({ position, analysis }: Report) {
  const p = position;
  const human = (x: bigint, d: number) => formatNumber(Number(x) / 10 ** d, 12);
  return {
    ...onchainPositionToJson(p),
    uncollectedHuman: {
      [p.pool.token0.symbol]: human(p.uncollected.amount0, p.pool.token0.decimals),
      [p.pool.token1.symbol]: human(p.uncollected.amount1, p.pool.token1.decimals),
    },
    analysis,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(4)} %`;

function humanRows({ position: p, analysis: a }: Report): [string, string | number][] {
  const t0 = p.pool.token0;
  const t1 = p.pool.token1;
  const raw = (x: bigint, t: { decimals: number; symbol: string }) =>
    `${formatNumber(Number(x) / 10 ** t.decimals, 10)} ${t.symbol} (${x})`;
  const rows: [string, string | number][] = [
    ["token id", p.tokenId.toString()],
    ["owner", p.owner],
    ["chain / block", `${p.chainId} / ${p.blockNumber}`],
    ["pool", `${p.pool.address} ${t0.symbol}/${t1.symbol} fee ${p.pool.fee} spacing ${p.pool.tickSpacing}`],
    ["ticks", `${p.tickLower} .. ${p.tickUpper} (current ${p.tick})`],
    ["liquidity", p.liquidity.toString()],
    ["amount0 now", raw(p.amounts.amount0, t0)],
    ["amount1 now", raw(p.amounts.amount1, t1)],
    ["entry amount0 (added)", raw(p.added.amount0, t0)],
    ["entry amount1 (added)", raw(p.added.amount1, t1)],
    ["uncollected0 (collect pays)", raw(p.uncollected.amount0, t0)],
    ["uncollected1 (collect pays)", raw(p.uncollected.amount1, t1)],
  ];
  if (!a) {
    rows.push(["analytics", "none: the position has no liquidity left"]);
    return rows;
  }
  const q = a.quoteSymbol;
  rows.push(
    ["price", `${formatNumber(a.price)} ${q}/${a.baseSymbol}`],
    ["range", `${formatNumber(a.lower)} .. ${formatNumber(a.upper)}`],
    ["in range", a.inRange ? "yes" : "no"],
    ["entry price (mint)", formatNumber(a.entryPrice)],
    [`value (${q})`, formatNumber(a.value)],
    [`hodl value (${q})`, formatNumber(a.hodlValue)],
    ["impermanent loss", pct(a.impermanentLoss)],
    [`fees value (${q})`, formatNumber(a.feesValue)],
    [`delta (${a.baseSymbol})`, formatNumber(a.delta)],
    ["gamma", formatNumber(a.gamma)],
  );
  if (a.lvrPerYear !== undefined) rows.push([`LVR per year (${q})`, formatNumber(a.lvrPerYear)]);
  if (a.breakEvenFeeApr !== undefined) rows.push(["break-even fee APR", pct(a.breakEvenFeeApr)]);
  if (a.rangeExitProbability !== undefined)
    rows.push([`range-exit probability (${a.horizonDays} d)`, pct(a.rangeExitProbability)]);
  return rows;
}

/** Runs the on-chain `position` command; bad flags throw ConfigError naming the flag. */
export async function runPositionOnchain(
  opts: OnchainPositionOptions,
  io: CliIO,
  deps: OnchainPositionDeps = {},
): Promise<void> {
  if (opts.kind !== undefined)
    throw new ConfigError({
      path: "--kind",
      value: opts.kind,
      reason: "cannot be combined with --rpc / --token-id / --owner",
    });
  if ((opts.tokenId === undefined) === (opts.owner === undefined))
    throw new ConfigError({
      path: "--token-id",
      value: opts.tokenId,
      reason: "give exactly one of --token-id or --owner",
    });
  let rpcUrl = opts.rpc;
  let positionManager: Address | undefined =
    opts.positionManager !== undefined ? addressFlag("--position-manager", opts.positionManager) : undefined;
  if (opts.deployment !== undefined) {
    const d = loadDeployment(resolve(opts.deployment));
    rpcUrl ??= d.rpcUrl;
    positionManager ??= d.contracts.positionManager;
  }
  positionManager ??= CANONICAL_POSITION_MANAGER;
  if (!deps.publicClient) {
    if (rpcUrl === undefined)
      throw new ConfigError({ path: "--rpc", reason: "is required (or --deployment)" });
    if (!/^https?:\/\/[^\s]+$/i.test(rpcUrl))
      throw new ConfigError({ path: "--rpc", value: rpcUrl, reason: "must be an http:// or https:// URL" });
  }
  const tokenId = bigintFlag("--token-id", opts.tokenId);
  const owner = opts.owner !== undefined ? addressFlag("--owner", opts.owner) : undefined;
  const blockNumber = bigintFlag("--block", opts.block);
  const fromBlock = bigintFlag("--from-block", opts.fromBlock);
  const logChunkBlocks = bigintFlag("--log-chunk", opts.logChunk);
  if (logChunkBlocks === 0n)
    throw new ConfigError({ path: "--log-chunk", value: opts.logChunk, reason: "must be >= 1" });
  const vol = parseOptionalNumberFlag("--vol", opts.vol, { min: 0 });
  const horizonDays =
    opts.horizonDays === undefined
      ? undefined
      : parseNumberFlag("--horizon-days", opts.horizonDays, { positive: true });
  if (opts.base !== undefined && opts.base.trim() === "")
    throw new ConfigError({
      path: "--base",
      value: opts.base,
      reason: "must be token0, token1 or a token symbol",
    });

  const publicClient =
    deps.publicClient ??
    (createPublicClient({ transport: http(rpcUrl, { retryCount: 2, timeout: 30_000 }) }) as PublicClient);
  try {
    let latest: bigint;
    try {
      latest = await rpcRead("eth_blockNumber", () => publicClient.getBlockNumber());
    } catch (err) {
      throw new ConfigError({
        path: deps.publicClient ? "(rpc)" : "--rpc",
        value: rpcUrl,
        reason: `the node does not answer (${err instanceof BaseError ? err.shortMessage.replace(/\.$/, "") : String(err)})`,
      });
    }
    if (blockNumber !== undefined && blockNumber > latest)
      throw new ConfigError({
        path: "--block",
        value: opts.block,
        reason: `is after the latest block ${latest}`,
      });
    const at = blockNumber ?? latest;
    const ids =
      tokenId !== undefined
        ? [tokenId]
        : await positionsOfOwner({ publicClient, positionManager, owner: owner as Address, blockNumber: at });
    const reports: Report[] = [];
    for (const id of ids) {
      const position = await readOnchainPosition({
        publicClient,
        positionManager,
        tokenId: id,
        blockNumber: at,
        fromBlock,
        logChunkBlocks,
      });
      reports.push({
        position,
        analysis: analyzeOnchainPosition(position, { base: opts.base, vol, horizonDays }),
      });
    }
    if (owner !== undefined) {
      if (opts.json)
        io.out(`${JSON.stringify({ owner, blockNumber: at.toString(), positions: reports.map(toJson) })}\n`);
      else
        io.out(
          renderTable(
            ["token id", "pool", "ticks", "in range", "value", "IL", "fees value", "delta"],
            reports.map(({ position: p, analysis: a }) => [
              p.tokenId.toString(),
              `${p.pool.token0.symbol}/${p.pool.token1.symbol} ${p.pool.fee}`,
              `${p.tickLower}..${p.tickUpper}`,
              a ? (a.inRange ? "yes" : "no") : "-",
              a ? formatNumber(a.value) : "0",
              a ? pct(a.impermanentLoss) : "-",
              a ? formatNumber(a.feesValue) : "-",
              a ? formatNumber(a.delta) : "0",
            ]),
          ),
        );
      return;
    }
    if (opts.json) io.out(`${JSON.stringify(toJson(reports[0]))}\n`);
    else io.out(renderKeyValue(humanRows(reports[0])));
  } catch (err) {
    const mapped = toFlagError(err, opts);
    if (mapped instanceof BaseError) throw mapped;
    throw err;
  }
}
