/**
 * A position read from the chain by token id (`readOnchainPosition`) on the in-process EDR chain with the real
 * Uniswap v3 bytecode: positions minted through the venue adapter, swapped through (SwapRouter) across a range
 * boundary, then the read's uncollected fees equal what `collect` pays, to the wei in both tokens; the entry
 * amounts equal the mint receipt's; the amounts now equal what `decreaseLiquidity` credits and @uniswap/v3-sdk's
 * Position; the analytics agree with `analyzePosition`. Then `lpguard position --rpc` through `main()` against
 * anvil over HTTP.
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Token } from "@uniswap/sdk-core";
import { Pool, Position } from "@uniswap/v3-sdk";
import fc from "fast-check";
import { type Address, createPublicClient, encodeFunctionData, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AnvilProcess } from "../../src/chain/anvil.js";
import { DEV_PRIVATE_KEYS, startAnvil } from "../../src/chain/index.js";
import { analyzePosition } from "../../src/math/position/analyzePosition.js";
import { rangeExitProbability } from "../../src/math/stats/rangeExitProbability.js";
import { getPositionAmounts } from "../../src/math/v3/getPositionAmounts.js";
import { SqrtPriceMath } from "../../src/math/v3/sqrtPriceMath.js";
import { TickMath } from "../../src/math/v3/tickMath.js";
import { erc20Abi } from "../../src/venues/uniswap-v3/abis.js";
import type { UniswapV3Client } from "../../src/venues/uniswap-v3/client.js";
import { deployUniswapV3, poolSpecFromSharedFolder } from "../../src/venues/uniswap-v3/deploy.js";
import { readPoolInfo } from "../../src/venues/uniswap-v3/poolInfo.js";
import {
  analyzeOnchainPosition,
  type OnchainPosition,
  positionsOfOwner,
  readOnchainPosition,
} from "../../src/venues/uniswap-v3/readPosition.js";
import { expectLabels, runPosition } from "../helpers/positionCli.js";
import { edrDeployment, POLYGON_FOLDER, STANDARD_TOKENS, venueClient } from "./chain.js";

const POOL = "polygon-weth-usdc-005";

async function fund(c: UniswapV3Client, usdc: bigint, weth: bigint) {
  for (const [sym, amt] of [
    ["USDC", usdc],
    ["WETH", weth],
  ] as const) {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: "mint", args: [c.account.address, amt] });
    await c.send({ to: c.deployment.tokens[sym].address, data, value: 0n });
    await c.send(c.buildApprove({ token: sym, spender: "positionManager" }));
    await c.send(c.buildApprove({ token: sym, spender: "swapRouter" }));
  }
}

async function mint(c: UniswapV3Client, tickLower: number, tickUpper: number, usdc: bigint, weth: bigint) {
  const r = await c.send(
    c.buildMint({ pool: POOL, tickLower, tickUpper, amount0Desired: usdc, amount1Desired: weth }),
  );
  return { ...c.parseMintReceipt(r), blockNumber: r.blockNumber };
}

const USDC = (x: number) => BigInt(Math.round(x * 1e6));
const WETH = (x: number) => BigInt(Math.round(x * 1e6)) * 10n ** 12n;

describe("readOnchainPosition on the EDR chain", () => {
  type Env = Awaited<ReturnType<typeof edrDeployment>>;
  let env: Env;
  let c0: UniswapV3Client;
  let c1: UniswapV3Client;
  let npm: Address;
  let wide: Awaited<ReturnType<typeof mint>>;
  let wideInc: ReturnType<UniswapV3Client["parseIncreaseLiquidityReceipt"]>;
  let narrow: Awaited<ReturnType<typeof mint>>;
  let above: Awaited<ReturnType<typeof mint>>;
  let other: Awaited<ReturnType<typeof mint>>;
  let t0: number;

  beforeAll(async () => {
    env = await edrDeployment({ from: "2023-08-14" });
    c0 = venueClient(env);
    c1 = venueClient(env, DEV_PRIVATE_KEYS[1]);
    npm = env.deployment.contracts.positionManager;
    await fund(c0, 10n ** 15n, 10n ** 24n);
    await fund(c1, 10n ** 15n, 10n ** 24n);
    const { tick } = await c0.slot0(POOL);
    t0 = Math.floor(tick / 10) * 10;
    wide = await mint(c0, t0 - 2000, t0 + 2000, USDC(20_000), WETH(10));
    wideInc = c0.parseIncreaseLiquidityReceipt(
      await c0.send(
        c0.buildIncreaseLiquidity({
          tokenId: wide.tokenId,
          amount0Desired: USDC(2_000),
          amount1Desired: WETH(1),
        }),
      ),
    );
    narrow = await mint(c0, t0 - 30, t0 + 40, USDC(3_000), WETH(2));
    above = await mint(c0, t0 + 3000, t0 + 3500, USDC(2_000), 0n); // ticks above: all token0
    other = await mint(c1, t0 - 500, t0 + 500, USDC(5_000), WETH(3));
    // swaps both ways, each pushing the price out of the narrow range and back (its ticks' outside growth moves)
    for (let i = 0; i < 3; i++) {
      await c1.send(c1.buildSwap({ pool: POOL, tokenIn: "USDC", amountIn: USDC(25_000) }));
      await c1.send(c1.buildSwap({ pool: POOL, tokenIn: "WETH", amountIn: WETH(16) }));
    }
    await c1.send(c1.buildSwap({ pool: POOL, tokenIn: "USDC", amountIn: USDC(4_000) }));
  }, 180_000);

  test("default: uncollected fees equal what collect pays, to the wei, in both tokens", async () => {
    // the swaps crossed the narrow range's ticks: their outside growth is set (the getFeeGrowthInside branches run)
    const lo = await c0.tick(POOL, t0 - 30);
    const hi = await c0.tick(POOL, t0 + 40);
    expect(lo.feeGrowthOutside0X128 + hi.feeGrowthOutside0X128).toBeGreaterThan(0n);
    expect(lo.feeGrowthOutside1X128 + hi.feeGrowthOutside1X128).toBeGreaterThan(0n);
    for (const m of [wide, narrow]) {
      const pos = await readOnchainPosition({
        publicClient: env.publicClient,
        positionManager: npm,
        tokenId: m.tokenId,
      });
      expect(pos.uncollected.amount0).toBeGreaterThan(0n);
      expect(pos.uncollected.amount1).toBeGreaterThan(0n);
      // the chain helper's adapter computes the same from its own reads
      const viaClient = await c0.uncollectedFees(m.tokenId);
      expect(viaClient.amount0).toBe(pos.uncollected.amount0);
      const col = c0.parseCollectReceipt(await c0.send(c0.buildCollect({ tokenId: m.tokenId })));
      console.log(
        `token ${m.tokenId}: read uncollected ${pos.uncollected.amount0} USDC-wei / ${pos.uncollected.amount1} WETH-wei;` +
          ` collect paid ${col.amount0} / ${col.amount1}`,
      );
      expect(col.amount0).toBe(pos.uncollected.amount0);
      expect(col.amount1).toBe(pos.uncollected.amount1);
      const after = await readOnchainPosition({
        publicClient: env.publicClient,
        positionManager: npm,
        tokenId: m.tokenId,
      });
      expect(after.uncollected).toEqual({ amount0: 0n, amount1: 0n });
    }
  });

  test("behavior: entry amounts are the mint receipt's; later increases add; pool metadata read from the chain", async () => {
    const pos = await readOnchainPosition({
      publicClient: env.publicClient,
      positionManager: npm,
      tokenId: wide.tokenId,
    });
    expect(pos.mint).toMatchObject({
      liquidity: wide.liquidity,
      amount0: wide.amount0,
      amount1: wide.amount1,
    });
    expect(pos.added).toEqual({
      liquidity: wide.liquidity + wideInc.liquidity,
      amount0: wide.amount0 + wideInc.amount0,
      amount1: wide.amount1 + wideInc.amount1,
      count: 2,
    });
    expect(pos.liquidity).toBe(wide.liquidity + wideInc.liquidity);
    expect(pos.owner).toBe(c0.account.address);
    const entry = env.deployment.pools[0];
    expect(pos.pool).toMatchObject({
      chainId: 31337,
      address: entry.address,
      factory: env.deployment.contracts.factory,
      fee: 500,
      tickSpacing: 10,
      token0: { symbol: "USDC", decimals: 6, address: env.deployment.tokens.USDC.address },
      token1: { symbol: "WETH", decimals: 18, address: env.deployment.tokens.WETH.address },
    });
    expect(await readPoolInfo({ publicClient: env.publicClient, pool: entry.address })).toEqual(pos.pool);
    const err = await readOnchainPosition({
      publicClient: env.publicClient,
      positionManager: npm,
      tokenId: 999n,
    }).catch((e) => e);
    expect(err.name).toBe("InvalidInputError");
    expect(err.shortMessage).toContain("tokenId 999n");
    expect(err.shortMessage).toContain("Invalid token ID");
  });

  test("behavior: amounts now equal decreaseLiquidity's credit and the v3-sdk Position; value and IL agree with analyzePosition", async () => {
    const pos = await readOnchainPosition({
      publicClient: env.publicClient,
      positionManager: npm,
      tokenId: wide.tokenId,
    });
    // independent: @uniswap/v3-sdk's Position on the same state
    const usdc = new Token(31337, pos.pool.token0.address, 6, "USDC");
    const weth = new Token(31337, pos.pool.token1.address, 18, "WETH");
    const sdkPool = new Pool(usdc, weth, 500, pos.sqrtPriceX96.toString(), "1", pos.tick);
    const sdkPos = new Position({
      pool: sdkPool,
      liquidity: pos.liquidity.toString(),
      tickLower: pos.tickLower,
      tickUpper: pos.tickUpper,
    });
    expect(pos.amounts.amount0.toString()).toBe(sdkPos.amount0.quotient.toString());
    expect(pos.amounts.amount1.toString()).toBe(sdkPos.amount1.quotient.toString());
    expect(pos.amounts).toEqual(
      getPositionAmounts({
        sqrtPriceX96: pos.sqrtPriceX96,
        tickLower: pos.tickLower,
        tickUpper: pos.tickUpper,
        liquidity: pos.liquidity,
      }),
    );

    const a = analyzeOnchainPosition(pos, { vol: 0.6, horizonDays: 7 });
    if (!a) throw new Error("no analysis");
    expect(a.inRange).toBe(true);
    expect(a.base).toBe("token1");
    expect(a.baseSymbol).toBe("WETH");
    expect(a.price).toBeGreaterThan(500);
    expect(a.price).toBeLessThan(5000);
    const h = analyzePosition({
      kind: "v3",
      price: a.price,
      entryPrice: a.entryPrice,
      liquidity: Number(pos.liquidity) / 1e12,
      lower: a.lower,
      upper: a.upper,
      vol: 0.6,
    });
    // exact amounts (wei) vs the float closed form on the same state
    expect(Math.abs(a.value / h.value - 1)).toBeLessThan(1e-9);
    expect(Math.abs(a.hodlValue / h.hodlValue - 1)).toBeLessThan(1e-6);
    expect(Math.abs(a.impermanentLoss - a.impermanentLossClosedForm)).toBeLessThan(1e-6);
    expect(a.impermanentLoss).toBeLessThanOrEqual(0);
    expect(a.delta).toBeCloseTo(a.amountBase, 9);
    expect(a.lvrPerYear).toBeGreaterThan(0);
    expect(a.rangeExitProbability).toBeGreaterThan(0);
    expect(a.rangeExitProbability).toBeLessThanOrEqual(1);
    expect(a.rangeExitProbability).toBeCloseTo(
      rangeExitProbability({
        price: a.price,
        lower: a.lower,
        upper: a.upper,
        volatility: 0.6,
        horizonYears: 7 / 365,
      }),
      12,
    );
    // base token0: the same value in the other unit
    const b = analyzeOnchainPosition(pos, { base: "USDC" });
    if (!b) throw new Error("no analysis");
    expect(b.base).toBe("token0");
    expect(Math.abs(b.value * a.price - a.value) / a.value).toBeLessThan(1e-9);
    expect(() => analyzeOnchainPosition(pos, { base: "DAI" })).toThrow(/base "DAI"/);

    // ticks above the current one: all token0 (USDC), i.e. the WETH price is below the range
    const up = await readOnchainPosition({
      publicClient: env.publicClient,
      positionManager: npm,
      tokenId: above.tokenId,
    });
    const ua = analyzeOnchainPosition(up, { vol: 0.6 });
    expect(ua?.inRange).toBe(false);
    expect(ua?.rangeExitProbability).toBe(1);
    expect(up.mint.amount1).toBe(0n);
    expect(ua?.amountBase).toBe(0); // all USDC (quote): WETH above its range's top

    // the contract's own number for the amounts: decreaseLiquidity of everything credits exactly pos.amounts
    const dec = c0.parseDecreaseLiquidityReceipt(
      await c0.send(c0.buildDecreaseLiquidity({ tokenId: wide.tokenId, liquidity: pos.liquidity })),
    );
    expect({ amount0: dec.amount0, amount1: dec.amount1 }).toEqual(pos.amounts);
    const emptied = await readOnchainPosition({
      publicClient: env.publicClient,
      positionManager: npm,
      tokenId: wide.tokenId,
    });
    expect(emptied.liquidity).toBe(0n);
    expect(emptied.removed).toMatchObject({
      liquidity: pos.liquidity,
      amount0: dec.amount0,
      amount1: dec.amount1,
      count: 1,
    });
    expect(analyzeOnchainPosition(emptied)).toBeNull();
    const col = c0.parseCollectReceipt(await c0.send(c0.buildCollect({ tokenId: wide.tokenId })));
    expect(col.amount0).toBe(emptied.uncollected.amount0);
    expect(col.amount1).toBe(emptied.uncollected.amount1);
  });

  test("behavior: --block reads the past state; chunked log scans find the same events", async () => {
    const npmArgs = { publicClient: env.publicClient, positionManager: npm, tokenId: other.tokenId };
    const now = await readOnchainPosition(npmArgs);
    const chunked = await readOnchainPosition({
      ...npmArgs,
      blockNumber: now.blockNumber,
      logChunkBlocks: 3n,
    });
    expect(chunked).toEqual(now);
    // at the mint's block: the minted liquidity, nothing owed yet, the pool's price then
    const atMint = await readOnchainPosition({ ...npmArgs, blockNumber: other.blockNumber });
    expect(atMint.liquidity).toBe(other.liquidity);
    expect(atMint.uncollected).toEqual({ amount0: 0n, amount1: 0n });
    expect(atMint.blockNumber).toBe(other.blockNumber);
    expect(atMint.sqrtPriceX96).not.toBe(now.sqrtPriceX96);
    // the price implied by the mint's amounts is the pool's price at that block (float64)
    const a = analyzeOnchainPosition(atMint);
    if (!a) throw new Error("no analysis");
    expect(Math.abs(a.entryPrice / a.price - 1)).toBeLessThan(1e-9);
    expect(Math.abs(a.impermanentLoss)).toBeLessThan(1e-9);
    const late = await readOnchainPosition({ ...npmArgs, fromBlock: now.blockNumber }).catch((e) => e);
    expect(late.shortMessage).toContain("fromBlock");

    // a partial withdrawal: the held entry amounts shrink with the liquidity left, so IL is unchanged
    const before = analyzeOnchainPosition(now);
    await c1.send(c1.buildDecreaseLiquidity({ tokenId: other.tokenId, liquidity: now.liquidity / 3n }));
    const after = await readOnchainPosition(npmArgs);
    const afterA = analyzeOnchainPosition(after);
    if (!before || !afterA) throw new Error("no analysis");
    expect(after.removed).toMatchObject({ liquidity: now.liquidity / 3n, count: 1 });
    expect(Math.abs(afterA.impermanentLoss - before.impermanentLoss)).toBeLessThan(1e-9);
    expect(afterA.hodlValue / before.hodlValue).toBeCloseTo(
      Number(after.liquidity) / Number(now.liquidity),
      9,
    );
  });

  test("behavior: positionsOfOwner lists every position of a wallet, and only its own", async () => {
    const mine = await positionsOfOwner({
      publicClient: env.publicClient,
      positionManager: npm,
      owner: c0.account.address,
    });
    expect([...mine].sort()).toEqual([wide.tokenId, narrow.tokenId, above.tokenId].sort());
    const theirs = await positionsOfOwner({
      publicClient: env.publicClient,
      positionManager: npm,
      owner: c1.account.address,
    });
    expect(theirs).toEqual([other.tokenId]);
    const none = await positionsOfOwner({
      publicClient: env.publicClient,
      positionManager: npm,
      owner: privateKeyToAccount(DEV_PRIVATE_KEYS[3]).address,
    });
    expect(none).toEqual([]);
  });
});

describe("lpguard position --rpc on anvil", () => {
  let anvil: AnvilProcess | undefined;
  let rpcUrl: string;
  let client: UniswapV3Client;
  let npm: Address;
  let ids: bigint[] = [];
  let deployment: Awaited<ReturnType<typeof deployUniswapV3>>;

  beforeAll(async () => {
    anvil = await startAnvil({ port: 0, timestamp: Math.floor(Date.parse("2023-08-13T00:00:00Z") / 1000) });
    rpcUrl = anvil.rpcUrl;
    const publicClient = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 }) as PublicClient;
    const account = privateKeyToAccount(DEV_PRIVATE_KEYS[0]); // local dev key
    deployment = await deployUniswapV3({
      publicClient,
      account,
      rpcUrl,
      pools: [poolSpecFromSharedFolder(POLYGON_FOLDER(), "2023-08-14")],
      tokens: STANDARD_TOKENS,
    });
    npm = deployment.contracts.positionManager;
    client = venueClient({ publicClient, deployment });
    await fund(client, 10n ** 15n, 10n ** 24n);
    const { tick } = await client.slot0(POOL);
    const t = Math.floor(tick / 10) * 10;
    ids = [
      (await mint(client, t - 600, t + 600, USDC(10_000), WETH(5))).tokenId,
      (await mint(client, t - 100, t + 200, USDC(2_000), WETH(1))).tokenId,
    ];
    await client.send(client.buildSwap({ pool: POOL, tokenIn: "USDC", amountIn: USDC(3_000) }));
    await client.send(client.buildSwap({ pool: POOL, tokenIn: "WETH", amountIn: WETH(1) }));
  }, 180_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  const run = runPosition;

  test("default: --token-id --json prints the position; its fees are what collect then pays", async () => {
    const r = await run([
      "--rpc",
      rpcUrl,
      "--position-manager",
      npm,
      "--token-id",
      String(ids[0]),
      "--vol",
      "0.6",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tokenId).toBe(String(ids[0]));
    expect(typeof j.uncollected.amount0).toBe("string");
    expect(j.pool.token0.symbol).toBe("USDC");
    expect(j.analysis.baseSymbol).toBe("WETH");
    for (const k of [
      "value",
      "hodlValue",
      "impermanentLoss",
      "feesValue",
      "delta",
      "gamma",
      "lvrPerYear",
      "breakEvenFeeApr",
      "rangeExitProbability",
    ])
      expect(Number.isFinite(j.analysis[k])).toBe(true);
    const col = client.parseCollectReceipt(await client.send(client.buildCollect({ tokenId: ids[0] })));
    console.log(
      `CLI read token ${ids[0]}: uncollected ${JSON.stringify(j.uncollected)}; collect paid ${col.amount0} / ${col.amount1}`,
    );
    expect(j.uncollected).toEqual({ amount0: col.amount0.toString(), amount1: col.amount1.toString() });

    const human = await run([
      "--rpc",
      rpcUrl,
      "--position-manager",
      npm,
      "--token-id",
      String(ids[1]),
      "--vol",
      "0.6",
    ]);
    expect(human.code).toBe(0);
    expectLabels(human.stdout, [
      "uncollected0",
      "impermanent loss",
      "LVR per year",
      "break-even fee APR",
      "range-exit probability",
    ]);
  }, 60_000);

  test("behavior: --owner lists every position of the wallet", async () => {
    const r = await run([
      "--rpc",
      rpcUrl,
      "--position-manager",
      npm,
      "--owner",
      client.account.address,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.positions.map((p: { tokenId: string }) => p.tokenId)).toEqual(ids.map(String));
    const table = await run(["--rpc", rpcUrl, "--position-manager", npm, "--owner", client.account.address]);
    expect(table.code).toBe(0);
    expect(table.stdout.trim().split("\n").length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  test("behavior: --deployment FILE gives the RPC URL and the position manager", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lpguard-position-"));
    try {
      const file = join(dir, "deployment.json");
      writeFileSync(file, JSON.stringify(deployment));
      const r = await run(["--deployment", file, "--token-id", String(ids[1]), "--base", "USDC", "--json"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.positionManager).toBe(npm);
      expect(j.analysis.baseSymbol).toBe("USDC");
      expect(j.analysis.price).toBeLessThan(0.01); // WETH per USDC
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("behavior: bad flags exit 2 with one line naming the flag", async () => {
    const cases: [string[], string][] = [
      [["--rpc", rpcUrl, "--position-manager", npm, "--token-id", "abc"], "--token-id"],
      [["--rpc", rpcUrl, "--position-manager", npm, "--token-id", "987"], "--token-id"],
      [["--rpc", rpcUrl, "--position-manager", npm, "--owner", "0x1234"], "--owner"],
      [["--rpc", rpcUrl, "--position-manager", "0xnope", "--token-id", "1"], "--position-manager"],
      [["--rpc", rpcUrl, "--position-manager", npm, "--token-id", String(ids[0]), "--base", "DAI"], "--base"],
      [["--rpc", "ftp://x", "--token-id", "1"], "--rpc"],
      [["--rpc", "http://127.0.0.1:9", "--token-id", "1"], "--rpc"],
      [["--rpc", rpcUrl, "--position-manager", npm, "--token-id", "1", "--block", "99999999"], "--block"],
      [["--rpc", rpcUrl, "--position-manager", npm, "--token-id", "1", "--vol", "-1"], "--vol"],
      [
        ["--rpc", rpcUrl, "--position-manager", npm, "--token-id", "1", "--horizon-days", "0"],
        "--horizon-days",
      ],
      [["--rpc", rpcUrl, "--position-manager", npm], "--token-id"],
      [
        ["--rpc", rpcUrl, "--position-manager", client.account.address, "--token-id", "1"],
        "--position-manager",
      ],
    ];
    for (const [args, flag] of cases) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr, args.join(" ")).toContain(flag);
    }
  }, 60_000);
});

describe("analyzeOnchainPosition (fast-check, synthetic exact states)", () => {
  const pool = {
    chainId: 1,
    address: "0x0000000000000000000000000000000000000001" as Address,
    factory: "0x0000000000000000000000000000000000000002" as Address,
    token0: { address: "0x0000000000000000000000000000000000000003" as Address, symbol: "USDC", decimals: 6 },
    token1: {
      address: "0x0000000000000000000000000000000000000004" as Address,
      symbol: "WETH",
      decimals: 18,
    },
    fee: 500,
    tickSpacing: 10,
  };
  /** A position minted at `entryTick`, valued at `tick`: amounts exact as the contracts compute them. */
  function state(
    tickLower: number,
    width: number,
    entryOffset: number,
    moveTicks: number,
    L: bigint,
  ): OnchainPosition {
    const tickUpper = tickLower + width;
    const entryTick = tickLower + entryOffset;
    const tick = entryTick + moveTicks;
    const sa = TickMath.getSqrtRatioAtTick(tickLower);
    const sb = TickMath.getSqrtRatioAtTick(tickUpper);
    const se = TickMath.getSqrtRatioAtTick(entryTick);
    const paid = {
      amount0: SqrtPriceMath.getAmount0Delta(se, sb, L, true),
      amount1: SqrtPriceMath.getAmount1Delta(sa, se, L, true),
    };
    const sqrtPriceX96 = TickMath.getSqrtRatioAtTick(tick);
    const z = { amount0: 0n, amount1: 0n };
    return {
      chainId: 1,
      blockNumber: 1n,
      blockTime: 0,
      positionManager: pool.factory,
      tokenId: 1n,
      owner: pool.factory,
      pool,
      tickLower,
      tickUpper,
      liquidity: L,
      feeGrowthInside0LastX128: 0n,
      feeGrowthInside1LastX128: 0n,
      tokensOwed0: 0n,
      tokensOwed1: 0n,
      sqrtPriceX96,
      tick,
      feeGrowthInside0X128: 0n,
      feeGrowthInside1X128: 0n,
      uncollected: z,
      amounts: getPositionAmounts({ sqrtPriceX96, tickLower, tickUpper, liquidity: L }),
      mint: { ...paid, liquidity: L, blockNumber: 1n, transactionHash: "0x" },
      added: { ...paid, liquidity: L, count: 1 },
      removed: { ...z, liquidity: 0n, count: 0 },
    };
  }

  test("property: entry price recovered from the mint; IL ≤ 0 and equal to the closed form; same value in either base", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 180_000, max: 220_000 }),
        fc.integer({ min: 20, max: 8_000 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer({ min: -6_000, max: 6_000 }),
        fc.bigInt({ min: 10n ** 14n, max: 10n ** 22n }),
        (tickLower, width, f, move, L) => {
          const pos = state(tickLower, width, Math.max(1, Math.floor(width * f)), move, L);
          const a = analyzeOnchainPosition(pos, { vol: 0.7 });
          const b = analyzeOnchainPosition(pos, { base: "token0", vol: 0.7 });
          if (!a || !b) throw new Error("no analysis");
          const trueEntry = 1 / humanPriceOfTick(tickLower + Math.max(1, Math.floor(width * f)));
          expect(Math.abs(a.entryPrice / trueEntry - 1)).toBeLessThan(1e-6);
          expect(a.impermanentLoss).toBeLessThan(1e-9);
          expect(Math.abs(a.impermanentLoss - a.impermanentLossClosedForm)).toBeLessThan(1e-6);
          expect(Math.abs((b.value * a.price) / a.value - 1)).toBeLessThan(1e-9);
          expect(Math.abs(a.impermanentLoss - b.impermanentLoss)).toBeLessThan(1e-9);
          expect(a.inRange).toBe(b.inRange);
          expect(Number.isFinite(a.lvrPerYear)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** token1 per token0 (WETH per USDC) in human units at a tick: 1.0001^t × 10^(6 − 18). */
function humanPriceOfTick(t: number): number {
  return 1.0001 ** t * 1e-12;
}
