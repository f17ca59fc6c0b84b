import { SqrtPriceMath, TickMath } from "@uniswap/v3-sdk";
import { describe, expect, test } from "vitest";
import { B, J } from "../../../test/helpers/jsbi.js";
import { positionArgs as pos, runPosition as run } from "../../../test/helpers/positionCli.js";
import { tickToPrice } from "../../math/units.js";

// Polygon WETH/USDC: token0 USDC (6 decimals), token1 WETH (18), base WETH.
const POOL = ["--decimals0", "6", "--decimals1", "18", "--base", "token1"];
const TICK = 201_500;
const price = tickToPrice({ tick: TICK, decimals0: 6, decimals1: 18, baseToken: 1 });

describe("position --tick-lower/--tick-upper/--raw-liquidity", () => {
  test("amounts agree with the exact amounts of the raw position (@uniswap/v3-sdk SqrtPriceMath)", async () => {
    const [tl, tu, rawL] = [200_000, 203_000, 123_456_789_012_345n];
    const r = await run([
      ...pos("v3", String(price), String(price)),
      "--tick-lower",
      String(tl),
      "--tick-upper",
      String(tu),
      "--raw-liquidity",
      rawL.toString(),
      ...POOL,
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, number>;
    const sp = TickMath.getSqrtRatioAtTick(TICK);
    const raw0 = B(SqrtPriceMath.getAmount0Delta(sp, TickMath.getSqrtRatioAtTick(tu), J(rawL), false));
    const raw1 = B(SqrtPriceMath.getAmount1Delta(TickMath.getSqrtRatioAtTick(tl), sp, J(rawL), false));
    expect(Math.abs(o.amountQuote / (Number(raw0) / 1e6) - 1)).toBeLessThan(1e-9);
    expect(Math.abs(o.amountBase / (Number(raw1) / 1e18) - 1)).toBeLessThan(1e-9);
    // The range in human prices: base token1 swaps the ends (the upper tick is the lower price).
    expect(o.lower).toBe(tickToPrice({ tick: tu, decimals0: 6, decimals1: 18, baseToken: 1 }));
    expect(o.upper).toBe(tickToPrice({ tick: tl, decimals0: 6, decimals1: 18, baseToken: 1 }));
    expect(o.liquidity).toBe(Number(rawL) / 1e12);
  });

  test("base token0 keeps the ends in order and the same human liquidity scale", async () => {
    const r = await run([
      ...pos("v3", "1", "1"),
      "--tick-lower",
      "-600",
      "--tick-upper",
      "600",
      "--raw-liquidity",
      "1000000000000",
      "--decimals0",
      "6",
      "--decimals1",
      "6",
      "--base",
      "token0",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, number>;
    expect(o.lower).toBeCloseTo(1.0001 ** -600, 12);
    expect(o.upper).toBeCloseTo(1.0001 ** 600, 12);
    expect(o.liquidity).toBe(1e6);
  });

  test.each([
    [["--tick-lower", "200000", "--tick-upper", "203000"], "--decimals0", /required/],
    [
      ["--tick-lower", "200000", "--tick-upper", "203000", "--decimals0", "6", "--decimals1", "18"],
      "--base",
      /required/,
    ],
    [
      ["--tick-lower", "200000", "--tick-upper", "203000", ...POOL.slice(0, 4), "--base", "WETH"],
      "--base",
      /token0 or token1/,
    ],
    [["--tick-lower", "203000", "--tick-upper", "200000", ...POOL], "--tick-lower", /must be < --tick-upper/],
    [["--tick-lower", "1.5", "--tick-upper", "200000", ...POOL], "--tick-lower", /integer/],
    [["--tick-lower", "200000", ...POOL], "--tick-upper", /required/],
    [
      ["--tick-lower", "200000", "--tick-upper", "203000", "--lower", "1000", ...POOL],
      "--lower",
      /cannot be combined/,
    ],
    [["--raw-liquidity", "1e18", ...POOL], "--raw-liquidity", /decimal integer/],
    [["--raw-liquidity", "9".repeat(400), ...POOL], "--raw-liquidity", /2\^128/],
    [["--raw-liquidity", "1000", "--liquidity", "5", ...POOL], "--liquidity", /cannot be combined/],
  ])("bad flags %j name %s in one line, exit 2", async (args, flag, msg) => {
    const r = await run([...pos("v3", "2000", "2000"), ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(flag);
    expect(lines[0]).toMatch(msg);
  });
});
