/**
 * The position-manager transaction builders: their calldata decodes (viem, against the periphery ABI) to exactly
 * the struct asked for, with the documented defaults (no slippage floor, no deadline, the sender as recipient).
 */
import { createPublicClient, decodeFunctionData, http, maxUint256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { positionManagerAbi } from "./abis.js";
import { createUniswapV3Client } from "./client.js";
import { parseDeployment } from "./deployment.js";
import { memoryNonceStore } from "./nonceManager.js";

// local dev key (anvil / hardhat account #0), never a real one
const account = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const deployment = parseDeployment({
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:1",
  contracts: {
    factory: "0xdc64a140aa3e981100a9beca4e685f962f0cf6c9",
    positionManager: "0x5fc8d32690cc91d4c39d9d3abcbd16989f875707",
    swapRouter: "0x0165878a594ca255338adfa4d48449f69242eb8f",
    weth9: "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9",
  },
  tokens: {
    USDC: { address: "0x5fbdb2315678afecb367f032d93f642f64180aa3", decimals: 6 },
    WETH: { address: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0", decimals: 18 },
  },
  pools: [
    {
      name: "p",
      address: "0x9d1dda79cf6b10ca05dd12f83ebaed6121eaaeb5",
      token0: "USDC",
      token1: "WETH",
      fee: 500,
      tickSpacing: 10,
      base: "WETH",
      quote: "USDC",
    },
  ],
});
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
      pool: "p",
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
