/**
 * A keeper test environment on real parts: the in-process EDR chain with the real Uniswap v3 bytecode (the
 * Polygon USDC/WETH 0.05 % pool initialised at a recorded tick), a background LP and a trader (dev account 1), the
 * paper exchange (a real HTTP server on 127.0.0.1, its price read from the pool's slot0) and the keeper's config.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Address, encodeFunctionData, type PublicClient } from "viem";
import { DEV_PRIVATE_KEYS, mineBlock, setNextBlockTimestamp } from "../../src/chain/index.js";
import { parseKeeperConfig } from "../../src/keeper/config.js";
import { TickMath } from "../../src/math/v3/tickMath.js";
import { startPaperPerp } from "../../src/venues/paper-perp/server.js";
import { erc20Abi } from "../../src/venues/uniswap-v3/abis.js";
import type { UniswapV3Client } from "../../src/venues/uniswap-v3/client.js";
import type { Deployment } from "../../src/venues/uniswap-v3/deployment.js";
import { edrDeployment, venueClient } from "../evm/chain.js";

export const POOL = "polygon-weth-usdc-005";
export const KEEPER_KEY = DEV_PRIVATE_KEYS[0]; // local dev key
export const SYMBOL = "ETH/USDT:USDT";

async function fund(by: UniswapV3Client, to: Address, usdc: bigint, weth: bigint): Promise<void> {
  for (const [sym, amt] of [
    ["USDC", usdc],
    ["WETH", weth],
  ] as const) {
    if (amt === 0n) continue;
    const data = encodeFunctionData({ abi: erc20Abi, functionName: "mint", args: [to, amt] });
    await by.send({ to: by.deployment.tokens[sym].address, data, value: 0n });
  }
}

/** Funds the keeper (10,000 USDC) and a trader, adds deep background liquidity, ages the oracle. */
export async function setupMarket(env: { publicClient: PublicClient; deployment: Deployment }) {
  const deployer = venueClient(env); // account 0 = the keeper's wallet
  const trader = venueClient(env, DEV_PRIVATE_KEYS[1]); // local dev key
  await fund(deployer, deployer.account.address, 10_000n * 10n ** 6n, 0n);
  await fund(deployer, trader.account.address, 10n ** 14n, 10n ** 26n);
  for (const sym of ["USDC", "WETH"]) {
    await trader.send(trader.buildApprove({ token: sym, spender: "positionManager" }));
    await trader.send(trader.buildApprove({ token: sym, spender: "swapRouter" }));
  }
  // Background liquidity: ±30 % around the price, deep enough that the keeper's own swaps barely move it.
  const s0 = await trader.slot0(POOL);
  const spacing = 10;
  const lo = Math.floor((s0.tick - 3_000) / spacing) * spacing;
  const hi = Math.ceil((s0.tick + 3_000) / spacing) * spacing;
  await trader.send(
    trader.buildMint({
      pool: POOL,
      tickLower: lo,
      tickUpper: hi,
      amount0Desired: 5n * 10n ** 12n,
      amount1Desired: 3_000n * 10n ** 18n,
    }),
  );
  // Age the pool's oracle so a 60 s TWAP exists.
  const block = await env.publicClient.getBlock();
  await setNextBlockTimestamp(env.publicClient, Number(block.timestamp) + 120);
  await mineBlock(env.publicClient);
  /** Swaps (as the trader) until the pool tick reaches `target` (router stops at the price limit). */
  const moveTo = async (target: number): Promise<void> => {
    const { tick } = await trader.slot0(POOL);
    if (target === tick) return;
    const up = target > tick; // tick up = WETH cheaper: sell WETH (token1 in, oneForZero)
    await trader.send(
      trader.buildSwap({
        pool: POOL,
        tokenIn: up ? "WETH" : "USDC",
        amountIn: up ? 10n ** 24n : 10n ** 13n,
        sqrtPriceLimitX96: TickMath.getSqrtRatioAtTick(target),
      }),
    );
    // Twelve more seconds of chain time per move, so TWAPs and block times advance like a live chain.
    const b = await env.publicClient.getBlock();
    await setNextBlockTimestamp(env.publicClient, Number(b.timestamp) + 12);
    await mineBlock(env.publicClient);
  };
  return { deployer, trader, moveTo, startTick: s0.tick };
}

/** The keeper config of the tests (recenter ±5 %, band 3 %, absolute delta band 0.05 WETH). */
export function testKeeperConfig(o: {
  paperUrl: string;
  deployment?: string;
  band?: number;
  maxTwapDeviationTicks?: number;
}) {
  return {
    vault: "test-eth",
    deployment: o.deployment ?? "unused.json",
    pools: [POOL],
    key: { env: "LPGUARD_KEEPER_KEY" },
    position: { deposit: 10_000 },
    strategy: { kind: "recenter", params: { widthPct: 5, bandPct: 3 } },
    hedge: { kind: "delta", venue: "perp", trigger: { kind: "absolute", band: o.band ?? 0.05 } },
    perp: { exchange: "binanceusdm", baseUrl: o.paperUrl, symbol: SYMBOL, amountStep: 0.001 },
    limits: {
      maxOrderNotional: 50_000,
      maxDailyNotional: 10_000_000,
      maxTwapDeviationTicks: o.maxTwapDeviationTicks ?? 100_000,
    },
    loop: { intervalMs: 10, leaseTtlMs: 60_000, waitTimeoutMs: 20_000 },
  };
}

export async function keeperEnv(
  opts: { band?: number; maxTwapDeviationTicks?: number; perpBalance?: number } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-keeper-"));
  const env = await edrDeployment({ from: "2023-08-14" });
  const { deployer, trader, moveTo, startTick } = await setupMarket(env);
  const priceOf = async (): Promise<number> => {
    const s = await trader.slot0(POOL);
    return 10 ** 12 / 1.0001 ** s.tick;
  };
  const paper = await startPaperPerp({
    port: 0,
    dbFile: join(dir, "paper.db"),
    priceSource: priceOf,
    takerFee: 0.0005,
    spreadBps: 1,
    initialBalance: opts.perpBalance,
  });

  const config = parseKeeperConfig(
    testKeeperConfig({
      paperUrl: paper.url,
      band: opts.band,
      maxTwapDeviationTicks: opts.maxTwapDeviationTicks,
    }),
  );
  return { dir, env, deployer, trader, paper, config, moveTo, priceOf, startTick };
}
export type KeeperEnv = Awaited<ReturnType<typeof keeperEnv>>;
