/**
 * `lpguard position --rpc URL --token-id N [--position-manager ADDR | --deployment FILE] [--owner ADDR]`: a
 * position read from the chain. Not a command of its own: `position.ts` calls `runPositionOnchain` when `--rpc`
 * is given (the position command's file is shared with another helper).
 */
import { resolve } from "node:path";
import { type Address, createPublicClient, getAddress, http, isAddress, type PublicClient } from "viem";
import { ConfigError } from "../../errors/config.js";
import { positionManagerAbi } from "../../venues/uniswap-v3/abis.js";
import { loadDeployment } from "../../venues/uniswap-v3/deployment.js";
import { analyzeOnchainPosition, readOnchainPosition } from "../../venues/uniswap-v3/readPosition.js";
import { parseIntFlag, parseNumberFlag } from "../flags.js";
import type { CliIO } from "../io.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";

/** Uniswap's NonfungiblePositionManager on Ethereum, Polygon, Arbitrum and Optimism (same address). */
export const CANONICAL_POSITION_MANAGER: Address = "0xC36442b4a4522E871399CD717aBDD847Ab11FE88";

export type PositionOnchainOptions = {
  rpc: string;
  tokenId?: string;
  owner?: string;
  positionManager?: string;
  deployment?: string;
  base?: string;
  vol?: string;
  horizon?: string;
  json?: boolean;
};

function addressFlag(flag: string, raw: string): Address {
  if (!isAddress(raw, { strict: false }))
    throw new ConfigError({ path: flag, value: raw, reason: "is not a 20-byte hex address" });
  return getAddress(raw);
}

/** Reads the position(s), prints them (table or `--json`: one object, or an array with `--owner`). */
export async function runPositionOnchain(opts: PositionOnchainOptions, io: CliIO): Promise<void> {
  if (!/^https?:\/\//.test(opts.rpc))
    throw new ConfigError({ path: "--rpc", value: opts.rpc, reason: "must be an http(s) URL" });
  const npm = opts.positionManager
    ? addressFlag("--position-manager", opts.positionManager)
    : opts.deployment
      ? loadDeployment(resolve(opts.deployment)).contracts.positionManager
      : CANONICAL_POSITION_MANAGER;
  if ((opts.tokenId === undefined) === (opts.owner === undefined))
    throw new ConfigError({ path: "--token-id", reason: "give exactly one of --token-id and --owner" });
  const baseToken = opts.base === undefined ? 1 : parseIntFlag("--base", opts.base, { min: 0, max: 1 });
  const vol = opts.vol === undefined ? undefined : parseNumberFlag("--vol", opts.vol, { min: 0 });
  const horizonDays =
    opts.horizon === undefined ? 30 : parseNumberFlag("--horizon", opts.horizon, { positive: true });
  const publicClient = createPublicClient({ transport: http(opts.rpc) }) as PublicClient;
  let ids: bigint[];
  if (opts.tokenId !== undefined) {
    if (!/^\d+$/.test(opts.tokenId))
      throw new ConfigError({
        path: "--token-id",
        value: opts.tokenId,
        reason: "must be a non-negative integer",
      });
    ids = [BigInt(opts.tokenId)];
  } else {
    const owner = addressFlag("--owner", opts.owner as string);
    const n = await publicClient.readContract({
      address: npm,
      abi: positionManagerAbi,
      functionName: "balanceOf",
      args: [owner],
    });
    ids = [];
    for (let i = 0n; i < n; i++)
      ids.push(
        await publicClient.readContract({
          address: npm,
          abi: positionManagerAbi,
          functionName: "tokenOfOwnerByIndex",
          args: [owner, i],
        }),
      );
  }
  const out = [];
  for (const tokenId of ids) {
    const p = await readOnchainPosition({ publicClient, positionManager: npm, tokenId });
    out.push(analyzeOnchainPosition(p, { baseToken: baseToken as 0 | 1, vol, horizonDays }));
  }
  if (opts.json) {
    io.out(`${JSON.stringify(opts.tokenId !== undefined ? out[0] : out)}\n`);
    return;
  }
  if (opts.tokenId !== undefined) {
    const a = out[0];
    const f = (x: number | null) => (x === null ? "-" : formatNumber(x));
    io.out(
      renderKeyValue([
        ["token id", a.tokenId],
        ["owner", a.owner],
        ["pool", a.pool],
        ["pair", `${a.base}/${a.quote}`],
        ["block", a.blockNumber],
        [
          "range (ticks)",
          `[${a.tickLower}, ${a.tickUpper}) tick ${a.tick}${a.inRange ? " in range" : " out of range"}`,
        ],
        ["price", f(a.price)],
        ["range (price)", `${f(a.lower)} .. ${f(a.upper)}`],
        ["liquidity", a.liquidity],
        ["amounts (raw)", `${a.amount0} / ${a.amount1}`],
        ["uncollected fees (raw)", `${a.fees0} / ${a.fees1}`],
        ["value", f(a.value)],
        ["hodl value (entry amounts)", f(a.hodlValue)],
        ["impermanent loss", f(a.impermanentLoss)],
        ["fees value", f(a.feesValue)],
        ["delta", f(a.delta)],
        ["gamma", f(a.gamma)],
        ["LVR per year", f(a.lvrPerYear)],
        ["break-even fee APR", f(a.breakEvenFeeApr)],
        ["range-exit probability", f(a.rangeExitProbability)],
      ]),
    );
    return;
  }
  io.out(
    renderTable(
      ["token id", "range", "in range", "value", "IL", "fees value", "delta"],
      out.map((a) => [
        a.tokenId,
        `[${a.tickLower}, ${a.tickUpper})`,
        a.inRange ? "yes" : "no",
        a.value,
        a.impermanentLoss ?? "-",
        a.feesValue,
        a.delta,
      ]),
    ),
  );
}
