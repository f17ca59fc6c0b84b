/**
 * Margin guards on real parts: a perp account too small for the full hedge caps the hedge at the target margin ratio
 * (state degraded, alert), and a price move that eats the margin triggers the emergency deleverage (a reduce-only
 * order on the paper exchange, journalled like any other leg).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openJournal } from "../../src/keeper/journal.js";
import { createKeeperFromConfig } from "../../src/keeper/setup.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET } from "../../src/venues/paper-perp/server.js";
import { KEEPER_KEY, type KeeperEnv, keeperEnv } from "./env.js";

let E: KeeperEnv;
beforeAll(async () => {
  E = await keeperEnv({ perpBalance: 300 });
}, 120_000);
afterAll(async () => {
  await E?.paper.close();
});

describe("keeper margin guards", () => {
  test("default: the hedge is capped by the margin, then deleveraged when a move eats the margin", async () => {
    const lines: string[] = [];
    const k = createKeeperFromConfig({
      config: E.config,
      baseDir: E.dir,
      db: join(E.dir, "margin.db"),
      privateKey: KEEPER_KEY,
      publicClient: E.env.publicClient,
      deployment: E.env.deployment,
      perpCredentials: { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET },
      alertSink: (l) => lines.push(l),
    });
    expect(await k.keeper.init()).toBe("running");
    await k.keeper.step(); // mint, then the hedge (capped)
    const price = await E.priceOf();
    const cap = 300 / (0.15 * price);
    const s1 = k.keeper.status();
    expect(s1.hedges[0].quantity).toBeLessThan(0);
    expect(Math.abs(s1.hedges[0].quantity)).toBeLessThanOrEqual(cap + 0.001);
    expect(Math.abs(s1.hedges[0].quantity)).toBeGreaterThan(cap - 0.002);
    expect(k.keeper.state).toBe("degraded");
    expect(k.keeper.reason).toMatch(/capped at -\d/);
    // WETH +12 %: the short loses about 0.12 · |q| · P of the 300 margin, the margin ratio falls below 0.05.
    await E.moveTo(E.startTick - 1_130);
    await k.keeper.step();
    const j = openJournal(join(E.dir, "margin.db"));
    const del = j.entries("test-eth").filter((e) => e.action === "deleverage");
    j.close();
    expect(del).toHaveLength(1);
    expect(del[0]).toMatchObject({ state: "filled", detail: { side: "buy", reduceOnly: true } });
    expect(lines.some((l) => JSON.parse(l).kind === "deleverage")).toBe(true);
    const s2 = k.keeper.status();
    expect(Math.abs(s2.hedges[0].quantity)).toBeLessThan(Math.abs(s1.hedges[0].quantity));
    await k.keeper.stop("test");
    await k.close();
  }, 120_000);
});
