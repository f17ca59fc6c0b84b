import { describe, expect, test } from "vitest";
import { ConfigError } from "../errors/config.js";
import { parseBacktestConfig } from "./config.js";

const good = {
  data: { pool: "data/pool", from: "2022-07-19", to: "2022-08-22" },
  position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } },
  strategy: { kind: "passive" },
};

function errorOf(raw: unknown): ConfigError {
  try {
    parseBacktestConfig(raw, "cfg.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("parseBacktestConfig", () => {
  test("default", () => {
    const c = parseBacktestConfig(good);
    expect(c.costs).toEqual({ gasQuote: 0, swapGasQuote: 0, priceImpact: true });
    expect(c.latencyMinutes).toBe(0);
    // The default fee mode is the one closest to the real contract (test/evm/replay.test.ts, exact fees).
    expect(c.inRangeMode).toBe("prorate");
  });

  test("behavior: a wrong type names the dotted path and the value", () => {
    const e = errorOf({ ...good, position: { deposit: 10000, range: { lower: "abc", upper: 2000 } } });
    expect(e.path).toBe("position.range.lower");
    expect(e.shortMessage).toBe('cfg.yaml: position.range.lower: expected a number, got "abc".');
  });

  test("behavior: EWMA decays are half-lives in time; the old per-bar `lambda` is refused with both ways to say it", () => {
    const proactive = (forecast: object) => ({ ...good, hedge: { kind: "proactive", forecast } });
    const c = parseBacktestConfig(proactive({ model: "ewma", halfLife: "11.2h" }));
    expect(c.hedge?.kind === "proactive" && c.hedge.forecast.halfLife).toBe("11.2h");
    const e = errorOf(proactive({ model: "ewma", lambda: 0.94 }));
    expect(e.path).toBe("hedge.forecast.lambda");
    expect(e.shortMessage).toMatch(
      /is a decay per bar: give the half-life in time \(halfLife: "11h"\) or .*lambdaPerBar/,
    );
    expect(errorOf(proactive({ halfLife: "3 days" })).path).toBe("hedge.forecast.halfLife");
    expect(errorOf(proactive({ halfLife: "3d", lambdaPerBar: 0.9 })).path).toBe(
      "hedge.forecast.lambdaPerBar",
    );
    const delta = (volatility: object) => ({
      ...good,
      hedge: { kind: "delta", trigger: { kind: "volatility", k: 2, horizonMinutes: 60 }, volatility },
    });
    expect(parseBacktestConfig(delta({ halfLife: "3d" })).hedge).toMatchObject({
      volatility: { halfLife: "3d" },
    });
    expect(errorOf(delta({ halfLife: "3d", halfLifeMinutes: 60 })).path).toBe(
      "hedge.volatility.halfLifeMinutes",
    );
    expect(errorOf(delta({ halfLife: 5 })).shortMessage).toMatch(
      /hedge\.volatility\.halfLife: expected a duration/,
    );
  });

  test("behavior: unknown strategy kind names strategy.kind", () => {
    const e = errorOf({ ...good, strategy: { kind: "yolo" } });
    expect(e.path).toBe("strategy.kind");
    expect(e.shortMessage).toMatch(/"yolo"/);
  });

  test("behavior: missing and out-of-range fields", () => {
    expect(errorOf({ ...good, position: { range: good.position.range } }).shortMessage).toMatch(
      /position\.deposit: is required/,
    );
    expect(errorOf({ ...good, position: { ...good.position, deposit: -5 } }).path).toBe("position.deposit");
    expect(errorOf({ ...good, latencyMinutes: 1.5 }).path).toBe("latencyMinutes");
    expect(errorOf({ ...good, data: { ...good.data, from: "19/07/2022" } }).path).toBe("data.from");
    expect(errorOf({ ...good, strategy: { kind: "recenter", params: { widthPct: "x" } } }).path).toBe(
      "strategy.params.widthPct",
    );
    expect(
      errorOf({ ...good, strategy: { kind: "recenter", params: { widthPct: 2, bandPct: 3 } } }).path,
    ).toBe("strategy.params.bandPct");
  });

  test("behavior: range needs one complete form and passive needs a range", () => {
    expect(errorOf({ ...good, position: { deposit: 1, range: { lower: 1 } } }).path).toBe(
      "position.range.upper",
    );
    expect(errorOf({ ...good, position: { deposit: 1, range: { lower: 2, upper: 1 } } }).path).toBe(
      "position.range.upper",
    );
    expect(errorOf({ ...good, position: { deposit: 1 } }).path).toBe("position.range");
  });

  test("behavior: unknown keys are named", () => {
    const e = errorOf({ ...good, costs: { gas: 1 } });
    expect(e.path).toBe("costs");
    expect(e.shortMessage).toMatch(/unknown key "gas"/);
  });
});
