import { describe, expect, test } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

sharedData("uniswap-v3", "polygon-weth-usdc-005");
sharedData("funding", "binance-usdm", "binance-usdm-ETHUSDT-funding-2022-2025.csv");

describe("hedging examples on the real Polygon data", () => {
  for (const name of ["delta-hedged-polygon", "whalley-wilmott-polygon"]) {
    test(`behavior: ${name}.yaml backtests end to end with a hedge, funding and an exact attribution`, async () => {
      const io = memoryIO();
      const code = await main(["backtest", "--config", `${REPO_ROOT}/examples/${name}.yaml`, "--json"], io);
      expect(io.stderr()).toBe("");
      expect(code).toBe(0);
      const s = JSON.parse(io.stdout());
      expect(s.rows).toBe(35 * 1440);
      expect(s.hedgeTrades).toBeGreaterThan(10);
      expect(s.liquidations).toBe(0);
      expect(s.attribution.hedge).not.toBe(0);
      expect(s.attribution.funding).not.toBe(0);
      expect(s.attribution.costsHedge).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(s.attribution as Record<string, number>))
        expect(Number.isFinite(v), k).toBe(true);
      expect(Math.abs(s.attribution.total - (s.finalValue - s.initialValue))).toBeLessThan(
        1e-9 * s.initialValue,
      );
      // The margin is added on top of the 10,000 USDC deposit.
      expect(s.initialValue).toBeCloseTo(12_500, 9);
    });
  }
});

describe("compare-polygon-aave.yaml (real Aave v3 rates, 2023-08-14..17)", () => {
  test("behavior: the borrow hedge accrues the recorded rates and every column is finite", async () => {
    sharedData("aave", "polygon-v3");
    sharedData("volatility", "deribit-dvol-eth-daily.csv");
    const io = memoryIO();
    const code = await main(
      ["compare", "--config", `${REPO_ROOT}/examples/compare-polygon-aave.yaml`, "--json"],
      io,
    );
    expect(io.stderr()).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(io.stdout()) as Record<string, number | string>[];
    for (const r of rows)
      for (const [k, v] of Object.entries(r))
        if (typeof v !== "string" && !(k === "hedgeEffectiveness" && v === null))
          expect(Number.isFinite(v), `${r.name}.${k}`).toBe(true);
    const borrow = rows.find((r) => r.name === "Aave borrow hedge ±0.1 ETH") as Record<string, number>;
    // USDC supply ≈ 4–5 %/yr on the collateral beats the WETH borrow ≈ 2 %/yr on the debt: positive carry.
    expect(borrow.interest).toBeGreaterThan(0);
    // 4 daily observations: too few for a variance ratio, so effectiveness is null with the reason (issue #9).
    expect(borrow.hedgeEffectiveness).toBeNull();
    expect((borrow as Record<string, unknown>).hedgeEffectivenessNote).toBe("4 daily observations (< 20)");
    expect(borrow.funding).toBe(0);
  });
});
