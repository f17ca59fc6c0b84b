/**
 * The position-manager transaction builders: their calldata decodes (viem, against the periphery ABI) to exactly
 * the struct asked for, with the documented defaults (no slippage floor, no deadline, the sender as recipient).
 */
import { createPublicClient, decodeFunctionData, http, maxUint256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { LOCAL_DEPLOYMENT } from "../../../test/helpers/deploymentFixture.js";
import { positionManagerAbi } from "./abis.js";
import { createUniswapV3Client } from "./client.js";
import { parseDeployment } from "./deployment.js";
import { memoryNonceStore } from "./nonceManager.js";

// local dev key (anvil / hardhat account #0), never a real one
const account = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
// builders never touch the network: an rpc address nothing listens on
const deployment = parseDeployment({ ...LOCAL_DEPLOYMENT, rpcUrl: "http://127.0.0.1:1" });
// builders never touch the network: the client is given an address nothing listens on
const client = createUniswapV3Client({
  publicClient: createPublicClient({ transport: http("http://127.0.0.1:1") }),
  account,
  deployment,
  nonceStore: memoryNonceStore(),
});
const npm = deployment.contracts.positionManager;
const decode = (data: `0x${string}`) => decodeFunctionData({ abi: positionManagerAbi, data });

describe("position-manager builders", () => {
  test("behavior: mint, increase, decrease, collect and burn encode the struct asked for, with defaults", () => {
    const mint = client.buildMint({
      pool: "polygon-weth-usdc-005",
      tickLower: -100,
      tickUpper: 200,
      amount0Desired: 5n,
      amount1Desired: 7n,
      amount1Min: 3n,
    });
    expect(mint.to).toBe(npm);
    expect(mint.value).toBe(0n);
    expect(decode(mint.data)).toEqual({
      functionName: "mint",
      args: [
        {
          token0: deployment.tokens.USDC.address,
          token1: deployment.tokens.WETH.address,
          fee: 500,
          tickLower: -100,
          tickUpper: 200,
          amount0Desired: 5n,
          amount1Desired: 7n,
          amount0Min: 0n,
          amount1Min: 3n,
          recipient: account.address,
          deadline: maxUint256,
        },
      ],
    });
    const inc = client.buildIncreaseLiquidity({
      tokenId: 9n,
      amount0Desired: 1n,
      amount1Desired: 2n,
      deadline: 77n,
    });
    expect(decode(inc.data)).toEqual({
      functionName: "increaseLiquidity",
      args: [
        {
          tokenId: 9n,
          amount0Desired: 1n,
          amount1Desired: 2n,
          amount0Min: 0n,
          amount1Min: 0n,
          deadline: 77n,
        },
      ],
    });
    const dec = client.buildDecreaseLiquidity({ tokenId: 9n, liquidity: 123n, amount0Min: 4n });
    expect(dec.to).toBe(npm);
    expect(decode(dec.data)).toEqual({
      functionName: "decreaseLiquidity",
      args: [{ tokenId: 9n, liquidity: 123n, amount0Min: 4n, amount1Min: 0n, deadline: maxUint256 }],
    });
    const col = client.buildCollect({ tokenId: 9n });
    expect(decode(col.data)).toEqual({
      functionName: "collect",
      args: [
        { tokenId: 9n, recipient: account.address, amount0Max: 2n ** 128n - 1n, amount1Max: 2n ** 128n - 1n },
      ],
    });
    expect(decode(client.buildBurn({ tokenId: 9n }).data)).toEqual({ functionName: "burn", args: [9n] });
  });
});
