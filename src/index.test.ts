import { describe, expect, test } from "vitest";
import * as lpguard from "./index.js";

describe("library surface", () => {
  test("default: the exports of `lpguard` are the ones recorded (adding or removing one shows in review)", () => {
    expect(Object.keys(lpguard).sort()).toMatchSnapshot();
  });

  test("behavior: the functions the CLI is built on are exported", () => {
    for (const name of [
      "analyzePosition",
      "loadPoolSeries",
      "runEngine",
      "black76",
      "impliedVol",
      "replicateLpPayoff",
      "fitGarch11",
      "rangeExitProbability",
      "createRng",
      "runPaths",
      "BaseError",
    ])
      expect(typeof (lpguard as Record<string, unknown>)[name], name).toBe("function");
    // Solidity-library ports are namespace objects, as in the contracts.
    expect(typeof lpguard.TickMath.getSqrtRatioAtTick).toBe("function");
    expect(typeof lpguard.LiquidityAmounts.getAmountsForLiquidity).toBe("function");
  });
});
