/**
 * A position read from the chain by token id (issue 13, item 1), on the in-process EDR chain: minted and swapped
 * through by the test; the uncollected fees read equal what `collect` then pays, to the wei; the entry amounts are
 * the mint's; value and IL agree with the closed forms.
 */
import { encodeFunctionData } from "viem";
import { describe, expect, test } from "vitest";
import { analyzePosition } from "../../src/math/position/analyzePosition.js";
import { erc20Abi } from "../../src/venues/uniswap-v3/abis.js";
import { analyzeOnchainPosition, readOnchainPosition } from "../../src/venues/uniswap-v3/readPosition.js";
import { edrDeployment, venueClient } from "./chain.js";

const POOL = "polygon-weth-usdc-005";

describe("readOnchainPosition", () => {
  test("default: fees equal collect to the wei; entry amounts from the mint; IL from the closed form", async () => {
    const env = await edrDeployment();
    const c = venueClient(env);
    for (const sym of ["USDC", "WETH"] as const) {
      const data = encodeFunctionData({
        abi: erc20Abi,
        functionName: "mint",
        args: [c.account.address, 10n ** 30n],
      });
      await c.send({ to: env.deployment.tokens[sym].address, data, value: 0n });
      await c.send(c.buildApprove({ token: sym, spender: "positionManager" }));
      await c.send(c.buildApprove({ token: sym, spender: "swapRouter" }));
    }
    const { tick } = await c.slot0(POOL);
    const tickLower = Math.floor(tick / 10) * 10 - 500;
    const tickUpper = Math.floor(tick / 10) * 10 + 500;
    const minted = c.parseMintReceipt(
      await c.send(
        c.buildMint({
          pool: POOL,
          tickLower,
          tickUpper,
          amount0Desired: 20_000n * 10n ** 6n,
          amount1Desired: 10n ** 19n,
        }),
      ),
    );
    await c.send(c.buildSwap({ pool: POOL, tokenIn: "USDC", amountIn: 3_000n * 10n ** 6n }));
    await c.send(c.buildSwap({ pool: POOL, tokenIn: "WETH", amountIn: 5n * 10n ** 17n }));
    await c.send(c.buildSwap({ pool: POOL, tokenIn: "USDC", amountIn: 1_500n * 10n ** 6n }));

    const p = await readOnchainPosition({
      publicClient: env.publicClient,
      positionManager: env.deployment.contracts.positionManager,
      tokenId: minted.tokenId,
    });
    expect(p.entry).toMatchObject({
      amount0: minted.amount0,
      amount1: minted.amount1,
      liquidity: minted.liquidity,
    });
    expect(p.fees0).toBeGreaterThan(0n);
    expect(p.fees1).toBeGreaterThan(0n);
    const a = analyzeOnchainPosition(p, { vol: 0.6, horizonDays: 7 });
    expect(a.base).toBe("WETH");
    expect(a.inRange).toBe(true);
    // value from the exact amounts vs the closed form at the same price (float path, 1e-9)
    const closed = analyzePosition({
      kind: "v3",
      price: a.price,
      entryPrice: a.entryPrice as number,
      liquidity: Number(p.liquidity) / 1e12,
      lower: a.lower,
      upper: a.upper,
      vol: 0.6,
    });
    expect(Math.abs(a.value / closed.value - 1)).toBeLessThan(1e-9);
    expect(Math.abs((a.impermanentLoss as number) - closed.impermanentLoss)).toBeLessThan(1e-9);
    expect(a.impermanentLoss as number).toBeLessThan(0);
    expect(a.rangeExitProbability).toBeGreaterThan(0);
    expect(a.rangeExitProbability).toBeLessThan(1);
    // what collect pays is what was read, to the wei
    const col = c.parseCollectReceipt(await c.send(c.buildCollect({ tokenId: minted.tokenId })));
    expect(col.amount0).toBe(p.fees0);
    expect(col.amount1).toBe(p.fees1);
    console.log(
      "on-chain position:",
      JSON.stringify(a),
      "collect:",
      col.amount0.toString(),
      col.amount1.toString(),
    );
  });
});
