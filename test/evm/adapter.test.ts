/**
 * The Uniswap v3 venue adapter on the in-process EDR chain with the real v3 bytecode: deployment checks, then
 * mint / increase / decrease / collect / burn through build → sign → broadcast → receipt, every amount checked
 * to the wei against lpguard's exact port (`src/math/v3`), and the uncollected fees against what `collect` pays.
 */
import { type Address, encodeAbiParameters, getCreate2Address, keccak256, maxUint256 } from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { getPositionAmounts } from "../../src/math/v3/getPositionAmounts.js";
import { LiquidityAmounts } from "../../src/math/v3/liquidityAmounts.js";
import { SqrtPriceMath } from "../../src/math/v3/sqrtPriceMath.js";
import { TickMath } from "../../src/math/v3/tickMath.js";
import { artifacts, erc20Abi, factoryAbi, POOL_INIT_CODE_HASH } from "../../src/venues/uniswap-v3/abis.js";
import type { UniswapV3Client } from "../../src/venues/uniswap-v3/client.js";
import { parseDeployment } from "../../src/venues/uniswap-v3/deployment.js";
import { edrDeployment, venueClient } from "./chain.js";

type Env = Awaited<ReturnType<typeof edrDeployment>>;
let env: Env;
let client: UniswapV3Client;
const POOL = "polygon-weth-usdc-005";

async function fund(c: UniswapV3Client, to: Address, usdc: bigint, weth: bigint) {
  for (const [sym, amt] of [
    ["USDC", usdc],
    ["WETH", weth],
  ] as const) {
    const data = (await import("viem")).encodeFunctionData({
      abi: erc20Abi,
      functionName: "mint",
      args: [to, amt],
    });
    await c.send({ to: c.deployment.tokens[sym].address, data, value: 0n });
    await c.send(c.buildApprove({ token: sym, spender: "positionManager" }));
    await c.send(c.buildApprove({ token: sym, spender: "swapRouter" }));
  }
}

beforeAll(async () => {
  env = await edrDeployment({ from: "2023-08-14" });
  client = venueClient(env);
  await fund(client, client.account.address, 10n ** 15n, 10n ** 24n);
});

describe("deployUniswapV3", () => {
  test("default: pool init code hash, CREATE2 pool address, token order, deployment schema", async () => {
    const a = artifacts();
    expect(keccak256(a.pool.bytecode)).toBe(POOL_INIT_CODE_HASH);
    const { deployment, publicClient } = env;
    const usdc = deployment.tokens.USDC.address;
    const weth = deployment.tokens.WETH.address;
    const osqth = deployment.tokens.OSQTH.address;
    expect(BigInt(usdc) < BigInt(weth)).toBe(true);
    expect(BigInt(weth) < BigInt(osqth)).toBe(true);
    const onChain = await publicClient.readContract({
      address: deployment.contracts.factory,
      abi: factoryAbi,
      functionName: "getPool",
      args: [weth, usdc, 500],
    });
    const computed = getCreate2Address({
      from: deployment.contracts.factory,
      salt: keccak256(
        encodeAbiParameters(
          [{ type: "address" }, { type: "address" }, { type: "uint24" }],
          [usdc, weth, 500],
        ),
      ),
      bytecodeHash: POOL_INIT_CODE_HASH,
    });
    expect(onChain).toBe(computed);
    expect(deployment.pools[0].address).toBe(computed);
    expect(parseDeployment(JSON.parse(JSON.stringify(deployment)))).toEqual(deployment);
    const decimals = await publicClient.readContract({
      address: usdc,
      abi: erc20Abi,
      functionName: "decimals",
    });
    expect(decimals).toBe(6);
    await expect(client.checkDeployment()).resolves.toBeUndefined();
  });
});

describe("createUniswapV3Client", () => {
  test("default: slot0 is the first recorded open tick of 2023-08-14", async () => {
    const s = await client.slot0(POOL);
    expect(s.tick).toBe(TickMath.getTickAtSqrtRatio(s.sqrtPriceX96));
    // polygon-0x45dd…-2023-08-14.minute.csv, first row (00:01) openTick
    expect(s.tick).toBeGreaterThan(190_000);
    expect(s.tick).toBeLessThan(215_000);
    expect(s.blockNumber).toBeGreaterThan(0n);
  });

  test("behavior: mint, increase, swap, decrease, collect, burn agree with src/math/v3 to the wei", async () => {
    const { tick, sqrtPriceX96 } = await client.slot0(POOL);
    const tickLower = Math.floor(tick / 10) * 10 - 600;
    const tickUpper = Math.floor(tick / 10) * 10 + 600;
    const sa = TickMath.getSqrtRatioAtTick(tickLower);
    const sb = TickMath.getSqrtRatioAtTick(tickUpper);
    const amount0Desired = 5_000n * 10n ** 6n; // 5,000 USDC
    const amount1Desired = 3n * 10n ** 18n; // 3 WETH
    const expectedL = LiquidityAmounts.getLiquidityForAmounts(
      sqrtPriceX96,
      sa,
      sb,
      amount0Desired,
      amount1Desired,
    );

    const signed = await client.signTx(
      client.buildMint({ pool: POOL, tickLower, tickUpper, amount0Desired, amount1Desired }),
    );
    expect(await client.getReceipt(signed.hash)).toBeNull();
    expect(await client.broadcast(signed.serialized)).toBe(signed.hash);
    expect(await client.broadcast(signed.serialized)).toBe(signed.hash); // idempotent
    const minted = client.parseMintReceipt(await client.waitReceipt(signed.hash, { timeoutMs: 30_000 }));
    expect(minted.liquidity).toBe(expectedL);
    expect(minted.amount0).toBe(SqrtPriceMath.getAmount0Delta(sqrtPriceX96, sb, expectedL, true));
    expect(minted.amount1).toBe(SqrtPriceMath.getAmount1Delta(sa, sqrtPriceX96, expectedL, true));
    expect(await client.positionsOf(client.account.address)).toContain(minted.tokenId);
    const pos = await client.getPosition(minted.tokenId);
    expect(pos).toMatchObject({
      owner: client.account.address,
      tickLower,
      tickUpper,
      liquidity: expectedL,
      fee: 500,
    });

    // increase
    const inc = client.parseIncreaseLiquidityReceipt(
      await client.send(
        client.buildIncreaseLiquidity({
          tokenId: minted.tokenId,
          amount0Desired: 1000n * 10n ** 6n,
          amount1Desired: 10n ** 18n,
        }),
      ),
    );
    const incL = LiquidityAmounts.getLiquidityForAmounts(sqrtPriceX96, sa, sb, 1000n * 10n ** 6n, 10n ** 18n);
    expect(inc.liquidity).toBe(incL);
    expect(inc.amount0).toBe(SqrtPriceMath.getAmount0Delta(sqrtPriceX96, sb, incL, true));
    expect(inc.amount1).toBe(SqrtPriceMath.getAmount1Delta(sa, sqrtPriceX96, incL, true));
    const totalL = expectedL + incL;

    // swaps both ways so the position earns fees in both tokens
    const usdcIn = 1_000n * 10n ** 6n;
    const r1 = client.parseSwapReceipt(
      await client.send(client.buildSwap({ pool: POOL, tokenIn: "USDC", amountIn: usdcIn })),
      POOL,
    );
    expect(r1.amount0).toBe(usdcIn);
    const r2 = client.parseSwapReceipt(
      await client.send(client.buildSwap({ pool: POOL, tokenIn: "WETH", amountIn: 3n * 10n ** 17n })),
      POOL,
    );
    expect(r2.amount1).toBe(3n * 10n ** 17n);
    // the position is the only liquidity: fee growth is fee × input / L, and the owed fee comes back out of it
    const fees = await client.uncollectedFees(minted.tokenId);
    expect(fees.amount0).toBeGreaterThan(0n);
    expect(fees.amount1).toBeGreaterThan(0n);
    // fee on the gross input: ⌈in × 500 / 1e6⌉ (SwapMath, exact input never reaching the target), less rounding
    expect(fees.amount0).toBeLessThanOrEqual((usdcIn * 500n + 999_999n) / 1_000_000n);
    expect(fees.amount0).toBeGreaterThanOrEqual((usdcIn * 500n) / 1_000_000n - 1n);

    // decrease half
    const after = await client.slot0(POOL);
    const half = totalL / 2n;
    const dec = client.parseDecreaseLiquidityReceipt(
      await client.send(client.buildDecreaseLiquidity({ tokenId: minted.tokenId, liquidity: half })),
    );
    const want = getPositionAmounts({
      sqrtPriceX96: after.sqrtPriceX96,
      tickLower,
      tickUpper,
      liquidity: half,
    });
    expect(dec.amount0).toBe(want.amount0);
    expect(dec.amount1).toBe(want.amount1);

    // uncollected = tokensOwed (principal of the decrease + fees) equals what collect pays, to the wei
    const owed = await client.uncollectedFees(minted.tokenId);
    expect(owed.amount0).toBe(fees.amount0 + dec.amount0);
    expect(owed.amount1).toBe(fees.amount1 + dec.amount1);
    const before0 = await client.balanceOf("USDC", client.account.address);
    const col = client.parseCollectReceipt(
      await client.send(client.buildCollect({ tokenId: minted.tokenId })),
    );
    expect(col.amount0).toBe(owed.amount0);
    expect(col.amount1).toBe(owed.amount1);
    expect((await client.balanceOf("USDC", client.account.address)) - before0).toBe(col.amount0);

    // the rest out, then burn the NFT
    const rest = totalL - half;
    const dec2 = client.parseDecreaseLiquidityReceipt(
      await client.send(client.buildDecreaseLiquidity({ tokenId: minted.tokenId, liquidity: rest })),
    );
    const want2 = getPositionAmounts({
      sqrtPriceX96: after.sqrtPriceX96,
      tickLower,
      tickUpper,
      liquidity: rest,
    });
    expect(dec2.amount0).toBe(want2.amount0);
    expect(dec2.amount1).toBe(want2.amount1);
    await client.send(client.buildCollect({ tokenId: minted.tokenId }));
    const burnt = client.parseBurnReceipt(await client.send(client.buildBurn({ tokenId: minted.tokenId })));
    expect(burnt.tokenId).toBe(minted.tokenId);
    expect(await client.positionsOf(client.account.address)).not.toContain(minted.tokenId);
  });

  test("behavior: a reverting request fails at signing with the revert reason, non-retryable, no nonce used", async () => {
    const next = await client.nonces.peek(client.account.address);
    const err = await client
      .signTx(
        client.buildMint({ pool: POOL, tickLower: 5, tickUpper: 15, amount0Desired: 1n, amount1Desired: 1n }),
      )
      .catch((e) => e);
    expect(err.name).toBe("TransactionRevertedError");
    expect(err.errorClass).toBe("nonRetryable");
    expect(await client.nonces.peek(client.account.address)).toBe(next);
  });

  test("behavior: twapTick over the last minute equals the tick held during it", async () => {
    const { tick } = await client.slot0(POOL);
    const { setNextBlockTimestamp, mineBlock } = await import("../../src/chain/index.js");
    const block = await env.publicClient.getBlock({ blockTag: "latest" });
    await setNextBlockTimestamp(env.publicClient, Number(block.timestamp) + 120);
    await mineBlock(env.publicClient);
    expect(await client.twapTick(POOL, 60)).toBe(tick);
    expect(maxUint256).toBeGreaterThan(0n);
  });
});
