import { describe, expect, test } from "vitest";
import { expectLabels, positionArgs as pos, runPosition as run } from "../../../test/helpers/positionCli.js";

async function json(args: string[]) {
  const r = await run([...args, "--json"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  expect(r.stdout.trim().split("\n")).toHaveLength(1);
  return JSON.parse(r.stdout) as Record<string, number | string | boolean>;
}

/** v2, L = 100, at twice its entry price, σ = 80 %. */
const V2_AT_TWICE = pos("v2", 2, 1, "--liquidity", "100", "--vol", "0.8");
/** A v2 position of L = 1 at its entry price 1, then `rest`. */
const v2 = (...rest: string[]) => pos("v2", 1, 1, "--liquidity", "1", ...rest);

describe("position", () => {
  test("default", async () => {
    const r = await run(V2_AT_TWICE);
    expect(r.code).toBe(0);
    expectLabels(r.stdout, [
      "value (quote)",
      "impermanent loss",
      "delta (base)",
      "gamma",
      "LVR per year",
      "break-even",
    ]);
    expect(r.stdout).toContain("-5.7191 %"); // 2√2/3 − 1
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  test("behavior: --json v2 at twice the entry price has IL 2√2/3 − 1", async () => {
    const o = await json(V2_AT_TWICE);
    expect(Math.abs((o.impermanentLoss as number) - ((2 * Math.SQRT2) / 3 - 1))).toBeLessThan(1e-12);
    // By hand: value 2L√2, hodl = L·2 + L = 300, delta L/√2, gamma −L/(2·2^{3/2}), LVR σ²/8·value.
    expect(o.value).toBeCloseTo(200 * Math.SQRT2, 12);
    expect(o.hodlValue).toBeCloseTo(300, 12);
    expect(o.amountBase).toBeCloseTo(100 / Math.SQRT2, 12);
    expect(o.amountQuote).toBeCloseTo(100 * Math.SQRT2, 12);
    expect(o.liquidity).toBe(100);
    expect(o.delta).toBe(o.amountBase);
    expect(o.gamma).toBeCloseTo(-100 / (2 * 2 * Math.SQRT2), 12);
    expect(o.lvrPerYear).toBeCloseTo((0.64 / 8) * 200 * Math.SQRT2, 12);
    expect(o.breakEvenFeeApr).toBeCloseTo(0.08, 14);
  });

  test("behavior: --json v3 numbers match a hand computation", async () => {
    // L = 100 on [1, 16]: at P = 4 base = 100(1/2 − 1/4) = 25, quote = 100(2 − 1) = 100, value = 200;
    // entered at 1: base 75, quote 0, so hodl = 75·4 = 300 and IL = −1/3; LVR = σ²L√P/4 = 0.25·100·2/4.
    const o = await json(
      pos("v3", 4, 1, "--liquidity", "100", "--lower", "1", "--upper", "16", "--vol", "0.5"),
    );
    expect(o).toMatchObject({ value: 200, hodlValue: 300, amountBase: 25, amountQuote: 100, delta: 25 });
    expect(o.gamma).toBe(-6.25);
    expect(o.impermanentLoss).toBeCloseTo(-1 / 3, 15);
    expect(o.lvrPerYear).toBe(12.5);
    expect(o.breakEvenFeeApr).toBe(12.5 / 200);
    expect(o.inRange).toBe(true);
  });

  test("behavior: --deposit sizes the position; weighted 80/20 from a deposit", async () => {
    const o = await json(pos("weighted", 2, 1, "--deposit", "1000", "--weight", "0.8"));
    expect(o.value).toBeCloseTo(1000 * 2 ** 0.8, 9);
    expect(o.hodlValue).toBeCloseTo(1800, 9);
    expect(o.amountBase).toBeCloseTo((0.8 * 1000 * 2 ** 0.8) / 2, 9);
    expect(o).not.toHaveProperty("lvrPerYear");
  });

  test.each([
    [pos("v2", -5, 1, "--liquidity", "1"), "--price", "-5"],
    [pos("v2", 0, 1, "--liquidity", "1"), "--price", "0"],
    [pos("v2", "abc", 1, "--liquidity", "1"), "--price", "abc"],
    [pos("v2", 1, "nan", "--liquidity", "1"), "--entry-price", "nan"],
    [pos("v2", 1, 1, "--liquidity", "-2"), "--liquidity", "-2"],
    [v2("--deposit", "9"), "--deposit", "9"],
    [pos("v2", 1, 1, "--deposit", "0"), "--deposit", "0"],
    [pos("v5", 1, 1, "--liquidity", "1"), "--kind", "v5"],
    [pos("v3", 1, 1, "--liquidity", "1", "--lower", "3", "--upper", "2"), "--lower", "3"],
    [pos("v3", 1, 1, "--liquidity", "1", "--lower", "1", "--upper", "-2"), "--upper", "-2"],
    [v2("--lower", "0.5"), "--lower", "0.5"],
    [pos("weighted", 1, 1, "--liquidity", "1", "--weight", "1.5"), "--weight", "1.5"],
    [v2("--vol", "-0.3"), "--vol", "-0.3"],
  ])("behavior: rejects %j naming %s and its value", async (args, flag, value) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(value);
    expect(r.stdout).not.toContain("NaN");
  });

  test.each([
    [pos("v2", 1, 1), "--liquidity"],
    [pos("v3", 1, 1, "--liquidity", "1", "--upper", "2"), "--lower"],
    [pos("weighted", 1, 1, "--liquidity", "1"), "--weight"],
    [["--kind", "v2", "--entry-price", "1", "--liquidity", "1"], "--price"],
  ])("behavior: a missing flag %j is named (%s)", async (args, flag) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(flag);
    expect(r.stdout).toBe("");
  });
});
