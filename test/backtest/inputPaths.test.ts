/**
 * Every file a config names is checked after the schema and before any work: a missing funding file is one line
 * naming its dotted config path, whether the command is backtest or compare, and nothing is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import YAML from "yaml";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

const tmp = mkdtempSync(join(tmpdir(), "lpguard-inputs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function hedgedConfig(funding: string) {
  const c = YAML.parse(readFileSync(join(REPO_ROOT, "examples/delta-hedged-polygon.yaml"), "utf8"));
  c.data.pool = sharedData("uniswap-v3/polygon-weth-usdc-005");
  c.venues.perp.funding = { file: funding };
  return c;
}

describe("config input paths", () => {
  test.each(["backtest", "compare"])(
    "behavior: %s names a missing funding file by its config path",
    async (cmd) => {
      const c = hedgedConfig(join(tmp, "no-such-funding.csv"));
      const { hedge, ...rest } = c;
      const cfg = cmd === "compare" ? { ...rest, runs: [{ name: "a", hedge }] } : c;
      const file = join(tmp, `${cmd}.yaml`);
      writeFileSync(file, YAML.stringify(cfg));
      const io = memoryIO();
      const out = join(tmp, `out-${cmd}`);
      const code = await main([cmd, "--config", file, "--out", out], io);
      expect(code).toBe(2);
      const lines = io.stderr().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/funding\.file/);
      expect(lines[0]).toContain("no-such-funding.csv");
      expect(existsSync(out)).toBe(false);
    },
  );
});
