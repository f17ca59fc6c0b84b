import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { LOCAL_DEPLOYMENT } from "../../../test/helpers/deploymentFixture.js";
import { loadDeployment, parseDeployment, writeDeployment } from "./deployment.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-deployment-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = LOCAL_DEPLOYMENT;

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
