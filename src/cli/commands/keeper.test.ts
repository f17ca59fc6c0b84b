import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadKeeperConfig } from "../../keeper/config.js";
import { openJournal } from "../../keeper/journal.js";
import { memoryIO } from "../io.js";
import { main } from "../main.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-keeper-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (args: string[]) => {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
};

describe("lpguard keeper", () => {
  test("default: status prints the journal's status (table and --json), stop and --kill set the control row", async () => {
    const db = join(dir, "k.db");
    const j = openJournal(db);
    const t = j.acquireLease("v1", "k", 60_000);
    j.writeStatus(t, "v1", {
      vault: "v1",
      state: "running",
      lastBlock: "42",
      updatedAt: Date.now(),
      positions: [{ tokenId: "3", pool: "p", tickLower: -10, tickUpper: 10, liquidity: "99", inRange: true }],
      hedges: [{ venue: "binanceusdm", symbol: "ETH/USDT:USDT", quantity: -1.25 }],
      netDelta: { WETH: 0.01 },
      attribution: {},
      value: 10_000,
      hodlValue: 10_100,
      journalCounts: {},
      dataFreshnessMs: 5,
    });
    const human = await cli(["keeper", "status", "--db", db]);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/state\s+running/);
    expect(human.out).toContain("ETH/USDT:USDT");
    const js = await cli(["keeper", "status", "--db", db, "--json"]);
    expect(JSON.parse(js.out)).toMatchObject({ vault: "v1", lastBlock: "42", positions: [{ tokenId: "3" }] });
    expect((await cli(["keeper", "stop", "--db", db])).out).toBe("stop requested\n");
    expect(j.control("v1")).toMatchObject({ stop: true, kill: false });
    expect(JSON.parse((await cli(["keeper", "stop", "--db", db, "--kill", "--json"])).out)).toEqual({
      stop: true,
      kill: true,
    });
    expect(j.control("v1").kill).toBe(true);
    j.close();
  });

  test("behavior: bad input exits 2 with one line naming the flag, the config path or the key source", async () => {
    expect(await cli(["keeper", "run", "--db", join(dir, "x.db")])).toMatchObject({
      code: 2,
      err: "error: --config: is required.\n",
    });
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "vault: v\ndeployment: d.json\npools: [p]\nposition: { deposit: -5 }\nstrategy: { kind: recenter, params: { widthPct: 5 } }\nlimits: { maxOrderNotional: 1, maxDailyNotional: 2 }\n",
    );
    const r = await cli(["keeper", "run", "--config", bad, "--db", join(dir, "x.db")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad.yaml: position.deposit/);
    const noKey = join(dir, "nokey.yaml");
    writeFileSync(
      noKey,
      "vault: v\ndeployment: d.json\npools: [p]\nkey: { env: LPGUARD_TEST_UNSET_KEY }\nposition: { deposit: 5 }\nstrategy: { kind: recenter, params: { widthPct: 5 } }\nlimits: { maxOrderNotional: 1, maxDailyNotional: 2 }\n",
    );
    const k = await cli(["keeper", "run", "--config", noKey, "--db", join(dir, "x.db")]);
    expect(k).toMatchObject({ code: 2 });
    expect(k.err).toMatch(/key.env "LPGUARD_TEST_UNSET_KEY": is not set/);
    const keyFile = join(dir, "key.txt");
    writeFileSync(keyFile, "0x1234not-a-key-but-secret-looking");
    const kf = await cli([
      "keeper",
      "run",
      "--config",
      noKey,
      "--db",
      join(dir, "x.db"),
      "--key-file",
      keyFile,
    ]);
    expect(kf.code).toBe(2);
    expect(kf.err).toMatch(/--key-file: is not a 32-byte hex private key \(value not shown\)/);
    expect(kf.err).not.toContain("secret-looking");
    const hedged = join(dir, "hedged.yaml");
    writeFileSync(
      hedged,
      "vault: v\ndeployment: d.json\npools: [p]\nposition: { deposit: 5 }\nstrategy: { kind: fullRange }\nhedge: { kind: delta, venue: lending, trigger: { kind: absolute, band: 1 } }\nlimits: { maxOrderNotional: 1, maxDailyNotional: 2 }\n",
    );
    const h = await cli(["keeper", "run", "--config", hedged, "--db", join(dir, "x.db")]);
    expect(h.code).toBe(2);
    expect(h.err).toMatch(/hedge.kind: the keeper hedges with kind delta on venue perp/);
    expect((await cli(["keeper", "status"])).err).toBe("error: --db: is required.\n");
  });

  test("default: examples/keeper-local.yaml is a valid keeper config", () => {
    const c = loadKeeperConfig(join(import.meta.dirname, "../../../examples/keeper-local.yaml"));
    expect(c).toMatchObject({
      vault: "local-eth",
      pools: ["polygon-weth-usdc-005"],
      strategy: { kind: "recenter" },
    });
    expect(c.limits.maxTwapDeviationTicks).toBe(50);
  });
});
