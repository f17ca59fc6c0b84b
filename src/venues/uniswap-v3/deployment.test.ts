import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadDeployment, parseDeployment, writeDeployment } from "./deployment.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-deployment-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = {
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
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
      name: "polygon-weth-usdc-005",
      address: "0x9d1dda79cf6b10ca05dd12f83ebaed6121eaaeb5",
      token0: "USDC",
      token1: "WETH",
      fee: 500,
      tickSpacing: 10,
      base: "WETH",
      quote: "USDC",
    },
  ],
};

describe("DeploymentSchema", () => {
  test("default: parses, checksums addresses, round-trips through an atomic write", () => {
    const d = parseDeployment(valid);
    expect(d.contracts.factory).toBe("0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9");
    const file = join(dir, "d.json");
    writeDeployment(file, d);
    expect(loadDeployment(file)).toEqual(d);
    expect(JSON.parse(readFileSync(file, "utf8")).pools[0].token0).toBe("USDC");
  });

  test("behavior: errors name the path and the value", () => {
    const swapped = structuredClone(valid);
    swapped.pools[0].token0 = "WETH";
    swapped.pools[0].token1 = "USDC";
    expect(() => parseDeployment(swapped, "d.json")).toThrow(
      /d\.json: pools\.0\.token0 "WETH": token0's address must sort below/,
    );
    const missing = structuredClone(valid);
    missing.pools[0].base = "ETH";
    expect(() => parseDeployment(missing)).toThrow(/pools\.0\.base "ETH": token "ETH" is not in tokens/);
    const badAddr = structuredClone(valid);
    badAddr.contracts.factory = "0x123";
    expect(() => parseDeployment(badAddr)).toThrow(/contracts\.factory "0x123": not a 20-byte hex address/);
    const file = join(dir, "bad.json");
    writeFileSync(file, "{ not json");
    expect(() => loadDeployment(file)).toThrow(/bad\.json: \(root\): not valid JSON/);
  });
});
