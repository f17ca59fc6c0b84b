import { describe, expect, test } from "vitest";
import { ConfigError } from "../errors/config.js";
import { parseCompareConfig } from "./compare.js";
import { parseBacktestConfig } from "./config.js";

const good = {
  data: { pool: "data/pool", from: "2022-07-19", to: "2022-08-22" },
  position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } },
  strategy: { kind: "passive" },
};

function errorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("parseBacktestConfig (proactive hedge)", () => {
  test("default: fills the forecast and mapping defaults", () => {
    const c = parseBacktestConfig({ ...good, hedge: { kind: "proactive" } });
    const h = c.hedge;
    if (h?.kind !== "proactive") throw new Error("expected a proactive hedge");
    expect(h.venue).toBe("perp");
    expect(h.reserveFraction).toBe(0.25);
    expect(h.forecast).toEqual({
      model: "garch",
      barMinutes: 60,
      warmupBars: 72,
      horizonBars: 1,
      hmm: { enabled: true },
    });
    expect(h.mapping).toEqual({
      baseBand: 0.1,
      referenceVol: 0.8,
      turbulenceTightening: 0.5,
      minBand: 0.01,
      maxBand: 1,
      calmRatio: 0.7,
      turbulentRatio: 1,
    });
  });

  test("behavior: errors name the path in the file and the value", () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: "proactive", forecast: { model: "arch" } }, /hedge\.forecast\.model.*"arch"/],
      [{ kind: "proactive", forecast: { warmupBars: 5 } }, /hedge\.forecast\.warmupBars.*5/],
      [{ kind: "proactive", forecast: { lambdaPerBar: 1.2 } }, /hedge\.forecast\.lambdaPerBar.*1\.2/],
      [
        { kind: "proactive", forecast: { garch: { omega: 1e-6, alpha: 0.2, beta: 0.9 } } },
        /hedge\.forecast\.garch\.beta/,
      ],
      [{ kind: "proactive", forecast: { hmm: { enabled: "yes" } } }, /hedge\.forecast\.hmm\.enabled/],
      [
        { kind: "proactive", mapping: { turbulenceTightening: 2 } },
        /hedge\.mapping\.turbulenceTightening.*2/,
      ],
      [{ kind: "proactive", mapping: { minBand: 0.5, maxBand: 0.1 } }, /hedge\.mapping\.maxBand/],
      [{ kind: "proactive", mapping: { band: 0.1 } }, /hedge\.mapping.*"band"/],
      [{ kind: "proactiv" }, /hedge\.kind.*"proactive"/],
    ];
    for (const [hedge, re] of cases)
      expect(errorOf(() => parseBacktestConfig({ ...good, hedge })).message).toMatch(re);
  });

  test("behavior: a compare run's proactive hedge error names runs.<i>.hedge", () => {
    const e = errorOf(() =>
      parseCompareConfig({
        data: good.data,
        position: good.position,
        runs: [{ name: "u" }, { name: "p", hedge: { kind: "proactive", forecast: { barMinutes: 0 } } }],
      }),
    );
    expect(e.message).toMatch(/runs\.1\.hedge\.forecast\.barMinutes/);
  });
});
